#include "veil/protocol/binding_hash.h"

#include <gtest/gtest.h>

#include "veil/protocol/report_data_binding.h"

namespace veil::protocol {
namespace {

using nlohmann::json;

json Supported(std::initializer_list<const char*> names) {
  json list = json::array();
  for (const char* name : names) list.push_back(name);
  return {{"supported-hash-algorithms", list}};
}

TEST(BindingHash, Sha384WheneverTheGuestListsItOrListsNothing) {
  EXPECT_EQ(NegotiateBindingHash("").value(), BindingHash::kSha384);
  EXPECT_EQ(NegotiateBindingHash(nullptr).value(), BindingHash::kSha384);
  EXPECT_EQ(NegotiateBindingHash(json::object()).value(), BindingHash::kSha384);
  EXPECT_EQ(NegotiateBindingHash(Supported({"sha256", "sha384", "sha512"})).value(),
            BindingHash::kSha384);
  EXPECT_EQ(ChallengeExtraParams(BindingHash::kSha384), "");
}

TEST(BindingHash, AnotherOnlyForAGuestWithoutSha384) {
  EXPECT_EQ(NegotiateBindingHash(Supported({"Sha256", "SHA512"})).value(), BindingHash::kSha512);
  EXPECT_EQ(NegotiateBindingHash(Supported({"sha256"})).value(), BindingHash::kSha256);
  EXPECT_EQ(ChallengeExtraParams(BindingHash::kSha256),
            (json{{"selected-hash-algorithm", "sha256"}}));
}

TEST(BindingHash, RefusesListsItCannotHonour) {
  EXPECT_FALSE(NegotiateBindingHash(Supported({"sm3", "md5"})));
  EXPECT_FALSE(NegotiateBindingHash(Supported({})));
  EXPECT_FALSE(NegotiateBindingHash({{"supported-hash-algorithms", "sha384"}}));
  EXPECT_FALSE(NegotiateBindingHash({{"supported-hash-algorithms", {384}}}));
}

TEST(BindingHash, TheGuestReadsTheSelection) {
  EXPECT_EQ(SelectedBindingHash("").value(), BindingHash::kSha384);
  EXPECT_EQ(SelectedBindingHash({{"selected-hash-algorithm", "sha512"}}).value(),
            BindingHash::kSha512);
  EXPECT_FALSE(SelectedBindingHash({{"selected-hash-algorithm", "sm3"}}));
  EXPECT_FALSE(SelectedBindingHash({{"selected-hash-algorithm", 1}}));
}

TEST(BindingHash, TheBindingUsesTheNegotiatedHash) {
  const json jwk = {{"kty", "EC"}, {"crv", "P-256"}, {"x", "AA"}, {"y", "AA"}};
  const Bytes sha384 = ReportDataBinding("nonce", jwk, "").value();
  const Bytes sha512 = ReportDataBinding("nonce", jwk, "", BindingHash::kSha512).value();
  const Bytes sha256 = ReportDataBinding("nonce", jwk, "", BindingHash::kSha256).value();
  ASSERT_EQ(sha384.size(), kReportDataSize);
  ASSERT_EQ(sha512.size(), kReportDataSize);
  ASSERT_EQ(sha256.size(), kReportDataSize);
  EXPECT_NE(sha384, sha512);
  EXPECT_EQ(Bytes(sha384.begin() + 48, sha384.end()), Bytes(16, 0));
  EXPECT_EQ(Bytes(sha256.begin() + 32, sha256.end()), Bytes(32, 0));
  EXPECT_NE(sha512[63], 0);  // this input's SHA-512 does not end in zero (fills all 64 bytes)
}

}  // namespace
}  // namespace veil::protocol
