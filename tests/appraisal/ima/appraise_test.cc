// IMA appraisal against the test list (tests/data/ima, generate.py): the whole list replays to
// the independently computed PCR 10 in both banks and passes its allowlist; appraising it in two
// halves gives the same state and verdicts; a list that runs past the quote leaves the rest
// pending; each kind of failure (altered entry, digest not allowed, unknown path, violation,
// boot_aggregate, PCR 10) is named precisely.

#include "veil/appraisal/ima/appraise.h"

#include <gtest/gtest.h>

#include "ima_test_data.h"
#include "veil/evidence/ima/binary_list.h"

namespace veil::appraisal::ima {
namespace {

namespace tpm = evidence::tpm;
using evidence::ima::Entry;
using test::TestAllowlist;
using test::TestEntries;
using test::TestPcrs;

std::vector<std::string> Verdicts(const Appraisal& appraisal) {
  std::vector<std::string> out;
  for (const EntryResult& r : appraisal.results) out.emplace_back(VerdictName(r.verdict));
  return out;
}

TEST(ImaAppraise, WholeListReplaysToTheQuoteAndPasses) {
  const tpm::PcrValues quoted = TestPcrs("ima/pcrs.json");
  auto appraisal = AppraiseIncrement(ImaState::Initial(), TestEntries(), TestAllowlist(), quoted);
  ASSERT_TRUE(appraisal.has_value()) << appraisal.error().ToString();
  EXPECT_TRUE(appraisal->passed()) << *appraisal->first_failure;
  EXPECT_EQ(appraisal->state.entries, 12u);
  EXPECT_EQ(appraisal->state.pcr10_sha1, quoted.at(tpm::HashAlg::kSha1).at(10));
  EXPECT_EQ(appraisal->state.pcr10_sha256, quoted.at(tpm::HashAlg::kSha256).at(10));
  EXPECT_EQ(appraisal->pending, 0u);
  EXPECT_EQ(Verdicts(*appraisal),
            (std::vector<std::string>{"boot-aggregate", "accepted", "accepted", "accepted",
                                      "accepted", "accepted", "accepted", "excluded", "excluded",
                                      "accepted", "accepted", "accepted"}));
  EXPECT_EQ(appraisal->results[0].detail, "matches the quoted PCRs");
  EXPECT_EQ(appraisal->results[7].detail, "matches \"/tmp/*\"");
  EXPECT_EQ(appraisal->results[8].path, "/var/log/journal/system.journal");  // the violation
  EXPECT_EQ(appraisal->results[6].detail, "sha1:1e2de66213a33b91b171a8114aeddaf324951012");
}

TEST(ImaAppraise, BinaryFormGivesTheSameState) {
  auto entries = evidence::ima::ParseBinaryList(testing::ReadTestData("ima/list.bin"));
  ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
  auto appraisal =
      AppraiseIncrement(ImaState::Initial(), *entries, TestAllowlist(), TestPcrs("ima/pcrs.json"));
  ASSERT_TRUE(appraisal.has_value()) << appraisal.error().ToString();
  EXPECT_TRUE(appraisal->passed());
  EXPECT_EQ(appraisal->state, Replay(ImaState::Initial(), TestEntries()));
}

TEST(ImaAppraise, TwoHalvesGiveTheSameStateAndVerdictsAsTheWhole) {
  const std::vector<Entry> entries = TestEntries();
  const Allowlist allowlist = TestAllowlist();
  auto whole =
      AppraiseIncrement(ImaState::Initial(), entries, allowlist, TestPcrs("ima/pcrs.json"));
  ASSERT_TRUE(whole.has_value()) << whole.error().ToString();

  // The node first sends entries 0-5 with a quote taken then, later only entries 6-11.
  const std::span<const Entry> all(entries);
  auto first = AppraiseIncrement(ImaState::Initial(), all.first(6), allowlist,
                                 TestPcrs("ima/pcrs-half.json"));
  ASSERT_TRUE(first.has_value()) << first.error().ToString();
  EXPECT_TRUE(first->passed());
  EXPECT_EQ(first->state.entries, 6u);
  auto second =
      AppraiseIncrement(first->state, all.subspan(6), allowlist, TestPcrs("ima/pcrs.json"));
  ASSERT_TRUE(second.has_value()) << second.error().ToString();
  EXPECT_TRUE(second->passed());
  EXPECT_EQ(second->state, whole->state);
  std::vector<std::string> halves = Verdicts(*first);
  const std::vector<std::string> rest = Verdicts(*second);
  halves.insert(halves.end(), rest.begin(), rest.end());
  EXPECT_EQ(halves, Verdicts(*whole));
  EXPECT_EQ(second->results.front().index, 6u);
}

TEST(ImaAppraise, EntriesAfterTheQuoteStayPending) {
  auto appraisal = AppraiseIncrement(ImaState::Initial(), TestEntries(), TestAllowlist(),
                                     TestPcrs("ima/pcrs-half.json"));
  ASSERT_TRUE(appraisal.has_value()) << appraisal.error().ToString();
  EXPECT_EQ(appraisal->state.entries, 6u);
  EXPECT_EQ(appraisal->results.size(), 6u);
  EXPECT_EQ(appraisal->pending, 6u);
}

TEST(ImaAppraise, AlteredFileDigestIsTheFirstEntryThatCannotMatch) {
  std::vector<Entry> entries = TestEntries();
  entries[3].file_digest[0] ^= 1;  // /usr/lib/systemd/systemd, line 4
  auto appraisal =
      AppraiseIncrement(ImaState::Initial(), entries, TestAllowlist(), TestPcrs("ima/pcrs.json"));
  ASSERT_FALSE(appraisal.has_value());
  EXPECT_EQ(appraisal.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(appraisal.error().message.rfind(
                "entry 3 (line 4, /usr/lib/systemd/systemd): the listed template hash "
                "b257aaaa9809655dede7571c5771c4524bfd31f7 is not the SHA-1 of its ima-ng template "
                "data ",
                0),
            0u)
      << appraisal.error().message;
}

TEST(ImaAppraise, DigestNotInTheAllowlistIsNamed) {
  Allowlist allowlist = TestAllowlist();
  allowlist.digests.at("/usr/bin/bash")[0].digest[31] ^= 1;
  auto appraisal =
      AppraiseIncrement(ImaState::Initial(), TestEntries(), allowlist, TestPcrs("ima/pcrs.json"));
  ASSERT_TRUE(appraisal.has_value()) << appraisal.error().ToString();
  ASSERT_FALSE(appraisal->passed());
  EXPECT_EQ(*appraisal->first_failure,
            "entry 10 (line 11, /usr/bin/bash): digest-mismatch: "
            "sha256:eb623d34a720408bc3e2b08ddf65cc002e0986c720257a0937798a488ff29f48 is not "
            "among its 1 allowed sha256 digests");
  EXPECT_EQ(appraisal->results[10].verdict, Verdict::kDigestMismatch);
  EXPECT_EQ(appraisal->state.entries, 12u);  // the replay itself matched the quote
}

TEST(ImaAppraise, AllowlistWithoutTheAlgorithmIsADigestMismatch) {
  Allowlist allowlist = TestAllowlist();
  auto& init = allowlist.digests.at("/sbin/init");
  std::erase_if(init, [](const AllowedDigest& d) { return d.algorithm == "sha1"; });
  auto appraisal =
      AppraiseIncrement(ImaState::Initial(), TestEntries(), allowlist, TestPcrs("ima/pcrs.json"));
  ASSERT_TRUE(appraisal.has_value());
  EXPECT_EQ(*appraisal->first_failure,
            "entry 6 (line 7, /sbin/init): digest-mismatch: "
            "sha1:1e2de66213a33b91b171a8114aeddaf324951012 but the allowlist has no sha1 digest "
            "for it");
}

TEST(ImaAppraise, UnknownPathIsNamed) {
  Allowlist allowlist = TestAllowlist();
  allowlist.digests.erase("/usr/bin/kmod");
  auto appraisal =
      AppraiseIncrement(ImaState::Initial(), TestEntries(), allowlist, TestPcrs("ima/pcrs.json"));
  ASSERT_TRUE(appraisal.has_value());
  EXPECT_EQ(*appraisal->first_failure,
            "entry 4 (line 5, /usr/bin/kmod): unknown-path: not in the allowlist");
}

TEST(ImaAppraise, ViolationFailsUnlessExcluded) {
  auto allowlist = ParseAllowlist(R"({"version": 1, "digests": {"/x": ["sha1:)" +
                                  std::string(40, '0') + R"("]}, "excludes": ["/tmp/*"]})");
  ASSERT_TRUE(allowlist.has_value()) << allowlist.error().ToString();
  Allowlist full = TestAllowlist();
  full.excludes = allowlist->excludes;  // "/var/log/*" no longer excluded
  auto appraisal =
      AppraiseIncrement(ImaState::Initial(), TestEntries(), full, TestPcrs("ima/pcrs.json"));
  ASSERT_TRUE(appraisal.has_value());
  EXPECT_EQ(*appraisal->first_failure,
            "entry 8 (line 9, /var/log/journal/system.journal): violation: measured while open "
            "for writing; its content is unknown");
}

TEST(ImaAppraise, BootAggregateIsCheckedAgainstQuotedPcrs) {
  tpm::PcrValues quoted = TestPcrs("ima/pcrs.json");
  quoted[tpm::HashAlg::kSha256][9][0] ^= 1;  // a different kernel image in PCR 9
  auto appraisal = AppraiseIncrement(ImaState::Initial(), TestEntries(), TestAllowlist(), quoted);
  ASSERT_TRUE(appraisal.has_value());
  EXPECT_EQ(appraisal->results[0].verdict, Verdict::kBootAggregateMismatch);
  EXPECT_EQ(appraisal->first_failure->rfind(
                "entry 0 (line 1, boot_aggregate): boot-aggregate-mismatch: the entry has "
                "sha256:fa4d514f",
                0),
            0u)
      << *appraisal->first_failure;

  quoted[tpm::HashAlg::kSha256].erase(9);  // PCR 9 not quoted: accepted, said unchecked
  appraisal = AppraiseIncrement(ImaState::Initial(), TestEntries(), TestAllowlist(), quoted);
  ASSERT_TRUE(appraisal.has_value());
  EXPECT_TRUE(appraisal->passed());
  EXPECT_EQ(appraisal->results[0].detail, "not checked: the quote lacks the sha256 PCRs");
}

TEST(ImaAppraise, Pcr10MismatchNamesTheLastEntry) {
  tpm::PcrValues quoted = TestPcrs("ima/pcrs.json");
  quoted[tpm::HashAlg::kSha256][10][5] ^= 1;
  auto appraisal = AppraiseIncrement(ImaState::Initial(), TestEntries(), TestAllowlist(), quoted);
  ASSERT_FALSE(appraisal.has_value());
  EXPECT_EQ(appraisal.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(appraisal.error().message.find("PCR 10 (sha256): the list replays to "),
            std::string::npos);
  EXPECT_NE(appraisal.error().message.find("after its last entry, entry 11 (line 12, "
                                           "/usr/sbin/sshd), the quote has"),
            std::string::npos)
      << appraisal.error().message;

  // A SHA-1-only quote is enough, and is checked on its own.
  tpm::PcrValues sha1_only;
  sha1_only[tpm::HashAlg::kSha1][10] = TestPcrs("ima/pcrs.json")[tpm::HashAlg::kSha1][10];
  auto passed = AppraiseIncrement(ImaState::Initial(), TestEntries(), TestAllowlist(), sha1_only);
  ASSERT_TRUE(passed.has_value()) << passed.error().ToString();
  EXPECT_EQ(passed->state.entries, 12u);
  sha1_only[tpm::HashAlg::kSha1][10][0] ^= 1;
  EXPECT_FALSE(AppraiseIncrement(ImaState::Initial(), TestEntries(), TestAllowlist(), sha1_only));
}

TEST(ImaAppraise, RemovedEntryBreaksTheReplay) {
  std::vector<Entry> entries = TestEntries();
  entries.erase(entries.begin() + 5);  // a node hiding that /usr/bin/ls ran
  auto appraisal =
      AppraiseIncrement(ImaState::Initial(), entries, TestAllowlist(), TestPcrs("ima/pcrs.json"));
  ASSERT_FALSE(appraisal.has_value());
  EXPECT_NE(appraisal.error().message.find("PCR 10 (sha1)"), std::string::npos)
      << appraisal.error().message;
}

TEST(ImaAppraise, OtherPcrsAndMissingPcr10AreRefused) {
  std::vector<Entry> entries = TestEntries();
  entries[2].pcr = 11;
  auto appraisal =
      AppraiseIncrement(ImaState::Initial(), entries, TestAllowlist(), TestPcrs("ima/pcrs.json"));
  ASSERT_FALSE(appraisal.has_value());
  EXPECT_EQ(appraisal.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(appraisal.error().message,
            "entry 2 (line 3, /usr/lib/x86_64-linux-gnu/libveil_base.so): extends PCR 11; Veil "
            "replays PCR 10 only");

  tpm::PcrValues no_pcr10 = TestPcrs("ima/pcrs.json");
  no_pcr10[tpm::HashAlg::kSha1].erase(10);
  no_pcr10[tpm::HashAlg::kSha256].erase(10);
  appraisal = AppraiseIncrement(ImaState::Initial(), TestEntries(), TestAllowlist(), no_pcr10);
  ASSERT_FALSE(appraisal.has_value());
  EXPECT_EQ(appraisal.error().code, ErrorCode::kInvalidArgument);

  ImaState broken = ImaState::Initial();
  broken.pcr10_sha256.pop_back();
  EXPECT_FALSE(
      AppraiseIncrement(broken, TestEntries(), TestAllowlist(), TestPcrs("ima/pcrs.json")));
}

}  // namespace
}  // namespace veil::appraisal::ima
