// The ASCII measurement list: the test list (tests/data/ima, written by generate.py) parses into
// its ima-ng, ima-sig and ima entries; every malformed field fails naming the line and field;
// a list cut anywhere fails or parses to whole lines only.

#include "veil/evidence/ima/ascii_list.h"

#include <gtest/gtest.h>

#include <string>

#include "veil/base/hex.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::ima {
namespace {

std::string TestList() {
  const Bytes bytes = testing::ReadTestData("ima/list.ascii");
  return {bytes.begin(), bytes.end()};
}

std::string ErrorOf(std::string_view text) {
  auto parsed = ParseAsciiList(text);
  EXPECT_FALSE(parsed.has_value()) << text;
  return parsed ? "" : parsed.error().message;
}

constexpr std::string_view kNgLine =
    "10 b1337e6d0eaf67ee322cca0c01ad12037353e0b8 ima-ng "
    "sha256:1a1a48b024b1680c4b921db476af1c509b7d7deb65248a6132ad8a30c2d82b12 /usr/bin/veil-agent\n";

std::string ErrorOf2(std::string_view text, std::size_t max_entries) {
  auto parsed = ParseAsciiList(text, max_entries);
  return parsed ? "" : parsed.error().message;
}

TEST(AsciiList, ParsesTheTestList) {
  auto entries = ParseAsciiList(TestList());
  ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 12u);
  const Entry& boot = (*entries)[0];
  EXPECT_TRUE(boot.IsBootAggregate());
  EXPECT_EQ(boot.line, 1u);
  EXPECT_EQ(boot.pcr, 10u);
  EXPECT_EQ(boot.template_kind, Template::kImaNg);
  EXPECT_EQ(boot.digest_algorithm, "sha256");
  EXPECT_EQ(HexEncode(boot.template_hash), "314a2aa3dc30d451757b518461a2aba443214974");

  const Entry& signed_entry = (*entries)[4];
  EXPECT_EQ(signed_entry.template_kind, Template::kImaSig);
  EXPECT_EQ(signed_entry.path, "/usr/bin/kmod");
  EXPECT_EQ(HexEncode(signed_entry.signature), "030204a1b2c3d400085a5a5a5a5a5a5a5a");
  EXPECT_TRUE((*entries)[5].signature.empty());  // "ima-sig ... /usr/bin/ls " with no signature

  const Entry& old = (*entries)[6];
  EXPECT_EQ(old.template_kind, Template::kIma);
  EXPECT_EQ(old.digest_algorithm, "sha1");
  EXPECT_EQ(HexEncode(old.file_digest), "1e2de66213a33b91b171a8114aeddaf324951012");
  EXPECT_EQ(old.path, "/sbin/init");

  const Entry& violation = (*entries)[8];
  EXPECT_TRUE(violation.IsViolation());
  EXPECT_EQ(violation.file_digest, Bytes(20, 0));  // 20 zero bytes even for sha256
  EXPECT_FALSE((*entries)[1].IsViolation());
  EXPECT_EQ((*entries)[11].line, 12u);
}

TEST(AsciiList, TemplateDataIsTheKernelSerialization) {
  auto entries = ParseAsciiList(kNgLine);
  ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
  const Bytes data = TemplateData((*entries)[0]);
  // u32 40, "sha256:\0" + 32 bytes; u32 20, "/usr/bin/veil-agent\0".
  ASSERT_EQ(data.size(), 4u + 8 + 32 + 4 + 20);
  EXPECT_EQ(HexEncode(ByteSpan(data).first(12)),
            "28000000736861323536"
            "3a00");
  EXPECT_EQ(HexEncode(ByteSpan(data).subspan(44, 4)), "14000000");
  EXPECT_EQ(data.back(), 0);

  auto old = ParseAsciiList(
      "10 989979b2627d17dde87c13c19d4ec1abd5e7a68f ima "
      "1e2de66213a33b91b171a8114aeddaf324951012 /sbin/init\n");
  ASSERT_TRUE(old.has_value()) << old.error().ToString();
  const Bytes old_data = TemplateData((*old)[0]);
  ASSERT_EQ(old_data.size(), 20u + 256);
  EXPECT_EQ(std::string(old_data.begin() + 20, old_data.begin() + 30), "/sbin/init");
  EXPECT_EQ(old_data[30], 0);
}

TEST(AsciiList, SingleDigitPcrIsPadded) {
  std::string line(kNgLine);
  line.replace(0, 2, " 9");
  auto entries = ParseAsciiList(line);
  ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
  EXPECT_EQ((*entries)[0].pcr, 9u);
  line.erase(0, 1);  // "9 ..." without the padding is not what the kernel prints
  EXPECT_EQ(ErrorOf(line),
            "line 1, field pcr: expected a PCR index printed as \"%2d\", found \"9\"");
}

TEST(AsciiList, EachMalformedFieldIsNamed) {
  const std::string good(kNgLine);
  const auto with = [&](std::string_view from, std::string_view to) {
    std::string text = std::string(kNgLine) + good;  // the broken line is line 2
    const std::size_t at = text.find(from, good.size());
    text.replace(at, from.size(), to);
    return text;
  };
  EXPECT_EQ(ErrorOf(with("10 ", "24 ")), "line 2, field pcr: PCR 24 is not 0-23");
  EXPECT_EQ(ErrorOf(with("b1337e", "B1337e")).rfind("line 2, field template-hash: expected", 0),
            0u);
  EXPECT_EQ(ErrorOf(with("b1337e", "b133")),
            "line 2, field template-hash: 19 bytes, expected 20 (the SHA-1 template hash)");
  auto unsupported = ParseAsciiList(with("ima-ng", "ima-buf"));
  ASSERT_FALSE(unsupported.has_value());
  EXPECT_EQ(unsupported.error().code, ErrorCode::kUnsupported);
  EXPECT_EQ(unsupported.error().message,
            "line 2, field template: template \"ima-buf\" is not supported (ima-ng, ima-sig, ima)");
  EXPECT_EQ(ErrorOf(with("sha256:", "sha257:")),
            "line 2, field digest: unknown digest algorithm \"sha257\"");
  EXPECT_EQ(ErrorOf(with("sha256:", "sha384:")),
            "line 2, field digest: sha384 digest of 32 bytes, expected 48");
  EXPECT_EQ(ErrorOf(with("sha256:", "")).rfind("line 2, field digest: expected \"<algorithm>", 0),
            0u);
  EXPECT_EQ(ErrorOf(with(" /usr/bin/veil-agent", " /usr/bin/veil agent")),
            "line 2: 6 fields, the ima-ng template has 5");
  EXPECT_EQ(ErrorOf(with(" /usr/bin/veil-agent", " ")), "line 2, field path: empty");
  EXPECT_EQ(ErrorOf("10 b1337e6d0eaf67ee322cca0c01ad12037353e0b8\n"),
            "line 1: 2 fields, expected PCR, template hash, template name and its fields");
  EXPECT_EQ(ErrorOf(with("ima-ng", "ima-sig") + "").rfind("line 2: 5 fields, the ima-sig", 0), 0u);
  std::string bad_sig = with("ima-ng", "ima-sig");
  bad_sig.insert(bad_sig.size() - 1, " 0g");
  EXPECT_EQ(ErrorOf(bad_sig).rfind("line 2, field signature: expected lower-case hex", 0), 0u);
}

TEST(AsciiList, ImaTemplatePathIsBounded) {
  const std::string prefix =
      "10 989979b2627d17dde87c13c19d4ec1abd5e7a68f ima 1e2de66213a33b91b171a8114aeddaf324951012 /";
  EXPECT_TRUE(ParseAsciiList(prefix + std::string(254, 'a') + "\n").has_value());
  EXPECT_EQ(ErrorOf(prefix + std::string(255, 'a') + "\n"),
            "line 1, field path: 256 bytes, but the ima template keeps at most 255");
}

TEST(AsciiList, LinesAndEntriesAreBounded) {
  const std::string line = "10 " + std::string(40, '0') + " ima-ng sha256:" + std::string(40, '0') +
                           " /" + std::string(kMaxLineLength, 'a') + "\n";
  EXPECT_EQ(ErrorOf(line), "line 1: longer than 8192 bytes");
  const std::string list = TestList();
  EXPECT_TRUE(ParseAsciiList(list, 12).has_value());
  EXPECT_EQ(ErrorOf2(list, 11), "line 12: more than 11 entries");
}

TEST(AsciiList, EveryCutIsRefusedOrWholeLines) {
  const std::string list = TestList();
  std::size_t whole_lines = 0;
  for (std::size_t cut = 0; cut < list.size(); ++cut) {
    auto parsed = ParseAsciiList(std::string_view(list).substr(0, cut));
    if (cut == 0 || list[cut - 1] == '\n') {
      ASSERT_TRUE(parsed.has_value()) << cut << ": " << parsed.error().ToString();
      EXPECT_EQ(parsed->size(), whole_lines);
      ++whole_lines;
    } else {
      ASSERT_FALSE(parsed.has_value()) << cut;
      EXPECT_NE(parsed.error().message.find("line " + std::to_string(whole_lines) + ":"),
                std::string::npos)
          << cut << ": " << parsed.error().message;
    }
  }
  EXPECT_EQ(whole_lines, 12u);
}

TEST(AsciiList, EmptyIncrementHasNoEntries) {
  auto entries = ParseAsciiList("");
  ASSERT_TRUE(entries.has_value());
  EXPECT_TRUE(entries->empty());
}

}  // namespace
}  // namespace veil::evidence::ima
