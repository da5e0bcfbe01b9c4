#include "veil/initdata/init_data.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/testing/fixtures.h"

namespace veil::initdata {
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

// CoCo's computation, done independently of Veil on the fixture's bytes:
//   openssl dgst -sha256 init-data-with-policy.toml  -> 0deccded…25ac (the digest; SNP HOST_DATA)
//   python3: (digest + bytes(16)).hex()               -> TDX MRCONFIGID (48 bytes, zero-padded)
//   python3: sha256(bytes(32) + digest).hexdigest()   -> PCR 8 after CoCo's one extend from zero
TEST(InitData, FixtureDigestMatchesCocoComputation) {
  const Bytes text = testing::ReadFixture("coco/init-data-with-policy.toml");
  const InitData init_data =
      ParseInitData(std::string_view(reinterpret_cast<const char*>(text.data()), text.size()))
          .value();
  const std::string digest = "0deccded0d87ec44702c7330fac3eb936b68dcca5c9f6b5df1fb3480c0b525ac";
  EXPECT_EQ(HexEncode(init_data.digest), digest);
  EXPECT_EQ(HexEncode(InitDataFieldValue(init_data, 32)), digest);
  EXPECT_EQ(HexEncode(InitDataFieldValue(init_data, 48)), digest + std::string(32, '0'));
  EXPECT_EQ(HexEncode(InitDataTpmPcr8(init_data)),
            "1c625622a76bb04c5989f8b8c3e8ff0412e580004c93ef42961486d49a7b4fcb");
}

TEST(InitData, LongerDigestsAreCutToTheField) {
  const std::string toml = "version = \"0.1.0\"\nalgorithm = \"sha512\"\n";
  const InitData init_data = ParseInitData(toml).value();
  ASSERT_EQ(init_data.digest.size(), 64u);
  EXPECT_EQ(InitDataFieldValue(init_data, 48),
            Bytes(init_data.digest.begin(), init_data.digest.begin() + 48));
  EXPECT_EQ(init_data.digest, crypto::Digest(crypto::DigestAlgorithm::kSha512, AsBytes(toml)));
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
}  // namespace veil::initdata
