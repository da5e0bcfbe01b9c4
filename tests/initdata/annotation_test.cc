#include "veil/initdata/annotation.h"

#include <gtest/gtest.h>

#include "veil/base/base64.h"
#include "veil/testing/fixtures.h"

namespace veil::initdata {
namespace {

std::string FixtureToml() {
  const Bytes text = testing::ReadFixture("coco/init-data-with-policy.toml");
  return std::string(text.begin(), text.end());
}

TEST(InitDataAnnotation, DecodesBackToTheExactToml) {
  const std::string toml = FixtureToml();
  const std::string annotation = EncodeAnnotation(toml);
  EXPECT_LT(annotation.size(), toml.size());  // the policy compresses well
  EXPECT_EQ(DecodeAnnotation(annotation).value(), toml);
  EXPECT_EQ(DecodeAnnotation(EncodeAnnotation("")).value(), "");
}

TEST(InitDataAnnotation, IsDeterministicGzip) {
  const std::string toml = FixtureToml();
  const std::string annotation = EncodeAnnotation(toml);
  EXPECT_EQ(EncodeAnnotation(toml), annotation);
  const Bytes gzip = Base64Decode(annotation).value();
  ASSERT_GT(gzip.size(), 10u);
  // RFC 1952 §2.3: ID1 ID2 CM=8 FLG=0 (no name, comment, extra), MTIME=0, XFL=2 (level 9), OS=3.
  EXPECT_EQ(Bytes(gzip.begin(), gzip.begin() + 10), (Bytes{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3}));
}

TEST(InitDataAnnotation, DecodesGzipMadeElsewhere) {
  // python3: base64.b64encode(gzip.compress(toml, mtime=0)), toml as below.
  const std::string annotation =
      "H4sIAAAAAAACAytLLSrOzM9TsFVQMtAz1DNQ4krMSc8vyizJyAWJFWckGpmaKXFxRackliTGcinl5ZekKoFkchNTUhWS"
      "KhUKKksygPrTqzILlLgAKw0XVU4AAAA=";
  EXPECT_EQ(DecodeAnnotation(annotation).value(),
            "version = \"0.1.0\"\nalgorithm = \"sha256\"\n\n[data]\n\"note\" = \"made by python "
            "gzip\"\n");
}

TEST(InitDataAnnotation, RejectsWhatIsNotOneGzipMember) {
  const std::string good = EncodeAnnotation("version = \"0.1.0\"\n");
  const Bytes gzip = Base64Decode(good).value();
  EXPECT_EQ(DecodeAnnotation("not base64!").error().code, ErrorCode::kMalformed);
  EXPECT_EQ(DecodeAnnotation(Base64Encode(AsBytes(std::string_view("plain text")))).error().code,
            ErrorCode::kMalformed);
  for (std::size_t cut = 0; cut < gzip.size(); ++cut) {
    EXPECT_FALSE(DecodeAnnotation(Base64Encode(ByteSpan(gzip).first(cut)))) << cut;
  }
  Bytes trailing = gzip;
  trailing.push_back(0);
  const auto decoded = DecodeAnnotation(Base64Encode(trailing));
  ASSERT_FALSE(decoded);
  EXPECT_NE(decoded.error().message.find("1 bytes after the gzip member"), std::string::npos);
}

TEST(InitDataAnnotation, RefusesToInflatePastOneMebibyte) {
  const std::string bomb = EncodeAnnotation(std::string((1u << 20) + 1, 'a'));
  EXPECT_LT(bomb.size(), 8192u);
  EXPECT_EQ(DecodeAnnotation(bomb).error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(DecodeAnnotation(EncodeAnnotation(std::string(1u << 20, 'a'))));
}

}  // namespace
}  // namespace veil::initdata
