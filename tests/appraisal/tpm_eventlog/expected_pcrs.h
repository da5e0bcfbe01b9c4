#pragma once
// The PCR values the fixture event logs must replay to, from sources independent of Veil:
// shared/fixtures/tpm/README.md (and gce-cos85-pcrs.json, the quoted PCRs of the GCE attestation),
// and google/go-tpm-tools server/eventlog_test.go (ArchLinuxWorkstation, Debian10GCE) for the
// PCRs the README does not spell out.

#include <string>

#include "veil/base/hex.h"
#include "veil/evidence/tpm/pcr_selection.h"
#include "veil/evidence/tpm/pcr_values.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::tpm_eventlog::test {

using evidence::tpm::HashAlg;
using evidence::tpm::PcrValues;

inline Bytes Hex(const std::string& text) { return HexDecode(text).value(); }

inline PcrValues GceQuotedPcrs() {
  evidence::tpm::PcrSelection all;
  for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256, HashAlg::kSha384}) {
    evidence::tpm::PcrBank bank{hash, {}};
    for (std::uint32_t i = 0; i < 24; ++i) bank.indexes.push_back(i);
    all.banks.push_back(bank);
  }
  return evidence::tpm::ParsePcrFile(testing::ReadFixture("tpm/gce-cos85-pcrs.json"), all)
      .value()
      .values;
}

inline PcrValues ArchPcrs() {
  PcrValues v;
  const char* sha1[] = {
      "a0487b0d95387d4a30560edf5f041307bf4a1dcc", "56b71c334a5b67d3b7b3343e3241dff5a1ad87bf",
      "01098a68e44e4fbd0af3b9a836b1b79e78c4f6f5", "b2a83b0ebf2f8374299a5b2bdfc31ea955ad7236",
      "4c8b6f359b5e5cb9d09e825009a98e1281165b01", "0dfa5ca60508ac5214515b20ed3e66289514fcb6",
      "b2a83b0ebf2f8374299a5b2bdfc31ea955ad7236", "029c700c2fa2bc83cbf3ce4ee501ad4d984ec5ae",
      "aa99fc93faa0777f42da6e1ae77a0653b5005619"};
  const char* sha256[] = {"758b773d94feabf52ef5a4c00a7ad2c80d8d6e6d9d58756150be9bc973da9087",
                          "bfda688a5d320123fddb3fc70b746bc17647e2e7f2f96e130d429542bf4622d5",
                          "65dee4a48cde677aa89fa83c5c35e883fda658f743853e3ebad504ca6702f7c5",
                          "3d458cfe55cc03ea1f443f1562beec8df51c75e14a9fcf9a7234a13f198e7969",
                          "925d453d3dfef4ac0c72c957402163d45fa95d05e6d53f047263a3a60b598325",
                          "202522f005ef625588bb7c9e21335ba96a63c5086306138885b3bb2c381730ca",
                          "3d458cfe55cc03ea1f443f1562beec8df51c75e14a9fcf9a7234a13f198e7969",
                          "3b4a4db44b7a872524055364e62e897ae678e0d47ab0809f65c3a4ed77f66ab9",
                          "47591b43af431963eaeb5238a5c42eda1eb0014c27f7de7ae483066a2d2a2e61"};
  for (std::uint32_t i = 0; i < 9; ++i) {
    v[HashAlg::kSha1][i] = Hex(sha1[i]);
    v[HashAlg::kSha256][i] = Hex(sha256[i]);
  }
  return v;
}

inline PcrValues DebianPcrs() {
  const char* sha1[] = {
      "0f2d3a2a1adaa479aeeca8f5df76aadc41b862ea", "b1676439cac1531683990fefe2218a43239d6fe8",
      "b2a83b0ebf2f8374299a5b2bdfc31ea955ad7236", "b2a83b0ebf2f8374299a5b2bdfc31ea955ad7236",
      "1eb30816474a3f144e99b24e4ad480b2e51fd9e1", "019079179dbc0eb5992c500dcf8a095910ac590d",
      "b2a83b0ebf2f8374299a5b2bdfc31ea955ad7236", "9e6c57e850f371c2a7fe02bca552149363952318"};
  PcrValues v;
  for (std::uint32_t i = 0; i < 8; ++i) v[HashAlg::kSha1][i] = Hex(sha1[i]);
  return v;
}

}  // namespace veil::appraisal::tpm_eventlog::test
