// libFuzzer target: the AK public-area parsers (TPMT_PUBLIC, TPM2B_PUBLIC), the PCR value files and
// the --pcr-list parser must never crash. The PCR file is parsed against a selection read from
// the start of the input (TPML_PCR_SELECTION), or a fixed one when that does not parse, so that the
// fuzzer explores selections and files together.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/base/byte_reader.h"
#include "veil/evidence/tpm/pcr_selection.h"
#include "veil/evidence/tpm/pcr_values.h"
#include "veil/evidence/tpm/public_area.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tpm = veil::evidence::tpm;
  const veil::ByteSpan bytes(data, size);
  (void)tpm::ParsePublicArea(bytes);
  (void)tpm::ParseTpmtPublic(bytes);
  (void)tpm::ParseTpm2bPublic(bytes);
  (void)tpm::ParsePcrList(std::string_view(reinterpret_cast<const char*>(data), size));

  veil::ByteReader reader(bytes);
  auto selection = tpm::ReadPcrSelection(reader, "fuzz");
  if (selection) {
    (void)tpm::ParsePcrFile(bytes.subspan(reader.position()), *selection);
  }
  static const tpm::PcrSelection kMixedBanks = *tpm::ParsePcrList("sha1:0,1+sha256:0,1,23");
  (void)tpm::ParsePcrFile(bytes, kMixedBanks);
  return 0;
}
