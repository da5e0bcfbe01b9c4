// The PCR 10 replay against a real TPM: the test list's entries are extended into a fresh
// swtpm's PCR 10 as the kernel extends them (each bank its own template hash, violations as
// all-0xFF), and the replayed state equals what tpm2_pcrread reads back, in both banks.

#include <gtest/gtest.h>

#include "ima_test_data.h"
#include "veil/appraisal/ima/appraise.h"
#include "veil/appraisal/ima/template_hash.h"
#include "veil/base/file.h"
#include "veil/testing/swtpm.h"

namespace veil::appraisal::ima {
namespace {

namespace tpm = evidence::tpm;

TEST(ImaSwtpm, ReplayEqualsTheTpmsPcr10) {
  auto started = testing::Swtpm::Start();
  ASSERT_TRUE(started.has_value()) << started.error().ToString();
  const testing::Swtpm& swtpm = **started;

  const std::vector<evidence::ima::Entry> entries = test::TestEntries();
  for (const evidence::ima::Entry& entry : entries) {
    const Status extended =
        swtpm.Tpm2({"tpm2_pcrextend",
                    "10:sha1=" + HexEncode(ExtendedDigest(entry, tpm::HashAlg::kSha1)) +
                        ",sha256=" + HexEncode(ExtendedDigest(entry, tpm::HashAlg::kSha256))});
    ASSERT_TRUE(extended.has_value()) << extended.error().ToString();
  }
  ASSERT_TRUE(swtpm.Tpm2({"tpm2_pcrread", "sha1:10", "-o", swtpm.Path("sha1.bin")}));
  ASSERT_TRUE(swtpm.Tpm2({"tpm2_pcrread", "sha256:10", "-o", swtpm.Path("sha256.bin")}));
  const ImaState replayed = Replay(ImaState::Initial(), entries);
  EXPECT_EQ(ReadFileBytes(swtpm.Path("sha1.bin")).value(), replayed.pcr10_sha1);
  EXPECT_EQ(ReadFileBytes(swtpm.Path("sha256.bin")).value(), replayed.pcr10_sha256);

  // And the values generate.py computed independently are the TPM's too.
  const tpm::PcrValues quoted = test::TestPcrs("ima/pcrs.json");
  EXPECT_EQ(replayed.pcr10_sha1, quoted.at(tpm::HashAlg::kSha1).at(10));
  EXPECT_EQ(replayed.pcr10_sha256, quoted.at(tpm::HashAlg::kSha256).at(10));
}

}  // namespace
}  // namespace veil::appraisal::ima
