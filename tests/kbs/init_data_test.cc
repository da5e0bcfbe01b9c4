#include "veil/kbs/init_data.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/testing/fixtures.h"

namespace veil::kbs {
namespace {

TEST(InitData, ParsesCocoInitDataAndDigestsItsExactBytes) {
  const Bytes text = testing::ReadFixture("coco/init-data-with-policy.toml");
  const std::string_view toml(reinterpret_cast<const char*>(text.data()), text.size());
  const InitData init_data = ParseInitData(toml).value();
  EXPECT_EQ(init_data.version, "0.1.0");
  EXPECT_EQ(init_data.algorithm, "sha256");
  EXPECT_TRUE(init_data.data.contains("policy.rego"));
  EXPECT_EQ(init_data.digest, crypto::Sha256(text));
  EXPECT_EQ(InitDataFieldValue(init_data, 32), init_data.digest);
  const Bytes mrconfigid = InitDataFieldValue(init_data, 48);
  EXPECT_EQ(HexEncode(ByteSpan(mrconfigid).subspan(32)), std::string(32, '0'));
  Bytes extend(32, 0);
  extend.insert(extend.end(), init_data.digest.begin(), init_data.digest.end());
  EXPECT_EQ(InitDataTpmPcr8(init_data), crypto::Sha256(extend));
}

TEST(InitData, RejectsBadDocuments) {
  for (const char* text :
       {"version = '0.1.0'", "algorithm = 'sha256'", "version = '0.1.0'\nalgorithm = 'md5'",
        "version = '0.1.0'\nalgorithm = 'sha1'", "[broken",
        "version = '0.1.0'\nalgorithm = 'sha256'\n[data]\nx = 5"}) {
    EXPECT_FALSE(ParseInitData(text)) << text;
  }
}

}  // namespace
}  // namespace veil::kbs
