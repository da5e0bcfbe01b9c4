// `veil evidence ima show|appraise` and `veil allowlist build` as a user runs them: the test list
// (tests/data/ima) shows and appraises against its allowlist and quote; an allowlist built from
// a reference directory accepts a measurement list of the same files and names the one file that
// changed; malformed input exits 2 naming the line.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "veil/appraisal/ima/appraise.h"
#include "veil/appraisal/ima/template_hash.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/testing/command.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"

namespace veil {
namespace {

using nlohmann::json;
using testing::CommandResult;

CommandResult Veil(std::vector<std::string> args) {
  args.insert(args.begin(), testing::BuiltBinary("veil"));
  return testing::RunCommand(args);
}

std::string Data(const char* relative) { return testing::TestData(relative).string(); }

void Write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

TEST(VeilIma, ShowPrintsEntriesAndPcr10) {
  const CommandResult result = Veil({"evidence", "ima", "show", Data("ima/list.ascii"), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["form"], "ascii");
  ASSERT_EQ(out["entries"].size(), 12u);
  EXPECT_EQ(out["entries"][6]["template"], "ima");
  EXPECT_EQ(out["entries"][8]["violation"], true);
  const json pcrs = json::parse(testing::ReadTestData("ima/pcrs.json"));
  EXPECT_EQ(out["pcr10"]["sha1"], pcrs["sha1"]["10"]);
  EXPECT_EQ(out["pcr10"]["sha256"], pcrs["sha256"]["10"]);

  const CommandResult binary = Veil({"evidence", "ima", "show", Data("ima/list.bin")});
  ASSERT_EQ(binary.exit_code, 0) << binary.err;
  EXPECT_NE(binary.out.find("binary list, 12 entries"), std::string::npos) << binary.out;
}

TEST(VeilIma, AppraisePassesTheTestList) {
  const CommandResult result =
      Veil({"evidence", "ima", "appraise", Data("ima/list.ascii"), "--allowlist",
            Data("ima/allowlist.json"), "--pcrs", Data("ima/pcrs.json"), "--json"});
  ASSERT_EQ(result.exit_code, 0) << result.out << result.err;
  const json out = json::parse(result.out);
  EXPECT_EQ(out["result"], "pass");
  EXPECT_EQ(out["entries_appraised"], 12);
  EXPECT_EQ(out["entries"][7]["verdict"], "excluded");
}

TEST(VeilIma, MalformedListExits2NamingTheLine) {
  testing::ScratchDir dir("ima-cli");
  Write(dir / "list", "10 0123 ima-ng sha256:00 /x\n");
  const CommandResult result = Veil({"evidence", "ima", "show", (dir / "list").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("line 1, field template-hash: 2 bytes, expected 20"), std::string::npos)
      << result.err;
}

// An ima-ng list of `files` (path as measured -> content), its template hashes computed the
// kernel's way, and the quote PCR 10 would hold after it.
struct BuiltList {
  std::string text;
  json pcrs;
};

BuiltList MeasurementList(const std::vector<std::pair<std::string, std::string>>& files) {
  std::vector<evidence::ima::Entry> entries;
  BuiltList out;
  for (const auto& [path, content] : files) {
    evidence::ima::Entry entry;
    entry.pcr = 10;
    entry.template_kind = evidence::ima::Template::kImaNg;
    entry.digest_algorithm = "sha256";
    entry.file_digest = crypto::Sha256(Bytes(content.begin(), content.end()));
    entry.path = path;
    entry.template_hash = appraisal::ima::TemplateHash(entry, crypto::DigestAlgorithm::kSha1);
    out.text += "10 " + HexEncode(entry.template_hash) +
                " ima-ng sha256:" + HexEncode(entry.file_digest) + " " + path + "\n";
    entries.push_back(entry);
  }
  const auto state = appraisal::ima::Replay(appraisal::ima::ImaState::Initial(), entries);
  out.pcrs = {{"sha256", {{"10", HexEncode(state.pcr10_sha256)}}}};
  return out;
}

TEST(VeilAllowlist, BuiltAllowlistAcceptsTheSameFilesAndNamesAChangedOne) {
  testing::ScratchDir dir("ima-allowlist");
  const std::filesystem::path root = dir / "root";
  Write(root / "usr/bin/tool", "#!/bin/sh\necho tool\n");
  Write(root / "usr/lib/libx.so.1", std::string(5000, 'x'));
  Write(root / "etc/config", "key = value\n");
  Write(root / "tmp/scratch", "temporary\n");
  Write(dir / "outside/secret", "not part of the image\n");
  std::filesystem::create_symlink(dir / "outside", root / "usr/escape");
  std::filesystem::create_symlink("tool", root / "usr/bin/alias");

  const CommandResult built = Veil({"allowlist", "build", root.string(), "--exclude", "/tmp/*",
                                    "--output", (dir / "allowlist.json").string()});
  ASSERT_EQ(built.exit_code, 0) << built.err;
  const json allowlist = json::parse(ReadFileBytes(dir / "allowlist.json").value());
  EXPECT_EQ(allowlist["excludes"], json({"/tmp/*"}));
  EXPECT_EQ(allowlist["digests"].size(), 3u);  // no link, nothing beyond it, nothing in /tmp
  EXPECT_FALSE(allowlist["digests"].contains("/usr/escape/secret"));
  EXPECT_EQ(allowlist["digests"]["/etc/config"][0],
            "sha256:" + HexEncode(crypto::Sha256(
                            Bytes{'k', 'e', 'y', ' ', '=', ' ', 'v', 'a', 'l', 'u', 'e', '\n'})));

  const auto appraise = [&](const BuiltList& list) {
    Write(dir / "list", list.text);
    Write(dir / "pcrs.json", list.pcrs.dump());
    return Veil({"evidence", "ima", "appraise", (dir / "list").string(), "--allowlist",
                 (dir / "allowlist.json").string(), "--pcrs", (dir / "pcrs.json").string()});
  };
  const CommandResult same = appraise(MeasurementList({{"/usr/bin/tool", "#!/bin/sh\necho tool\n"},
                                                       {"/etc/config", "key = value\n"},
                                                       {"/tmp/scratch", "anything\n"}}));
  EXPECT_EQ(same.exit_code, 0) << same.out << same.err;
  EXPECT_NE(same.out.find("pass: 3 entries"), std::string::npos) << same.out;

  const CommandResult changed =
      appraise(MeasurementList({{"/usr/bin/tool", "#!/bin/sh\necho tool\n"},
                                {"/usr/lib/libx.so.1", std::string(5000, 'y')}}));
  EXPECT_EQ(changed.exit_code, 1) << changed.out << changed.err;
  EXPECT_NE(changed.out.find("fail: entry 1 (line 2, /usr/lib/libx.so.1): digest-mismatch"),
            std::string::npos)
      << changed.out;
}

}  // namespace
}  // namespace veil
