// Strict TOML reading shared by veil-trustee and veil-agent: syntax errors name their line, unknown
// keys and wrong types are errors naming "section.key", absent keys leave defaults alone.

#include "veil/config/toml_table.h"

#include <gtest/gtest.h>

#include <fstream>

#include "veil/testing/scratch_dir.h"

namespace veil::config {
namespace {

toml::table Parse(std::string_view text) { return ParseToml(text).value(); }

TEST(ParseToml, ASyntaxErrorNamesItsLine) {
  auto parsed = ParseToml("a = 1\nb = = 2\n");
  ASSERT_FALSE(parsed);
  EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(parsed.error().context, "config");
  EXPECT_EQ(parsed.error().message.rfind("TOML syntax error at line 2", 0), 0u)
      << parsed.error().message;
}

TEST(RejectUnknownKeys, NamesTheKeyAndTheSection) {
  const toml::table table = Parse("port = 1\nprot = 2\n");
  EXPECT_TRUE(RejectUnknownKeys(table, "[http]", {"port", "prot"}));
  EXPECT_EQ(RejectUnknownKeys(table, "[http]", {"port"}).error().ToString(),
            "config: unknown key \"prot\" in [http]");
}

TEST(OptionalTable, IsNullWhenAbsentAndAnErrorWhenNotATable) {
  const toml::table root = Parse("log = 3\n[http]\nport = 1\n");
  EXPECT_EQ(OptionalTable(root, "tls").value(), nullptr);
  EXPECT_NE(OptionalTable(root, "http").value(), nullptr);
  EXPECT_EQ(OptionalTable(root, "log").error().message, "[log] must be a table");
}

TEST(ReadValues, CheckTypesAndRanges) {
  const toml::table table = Parse("name = \"x\"\nflag = true\nport = 70000\nnum = \"8\"\n");
  EXPECT_EQ(ReadString(table, "http", "name").value(), "x");
  EXPECT_EQ(ReadString(table, "http", "absent").value(), std::nullopt);
  EXPECT_EQ(ReadString(table, "http", "flag").error().message, "http.flag must be a string");
  EXPECT_EQ(ReadBool(table, "http", "flag").value(), true);
  EXPECT_EQ(ReadBool(table, "http", "name").error().message, "http.name must be true or false");

  std::uint16_t port = 8080;
  EXPECT_EQ(ReadInteger<std::uint16_t>(table, "http", "port", 1, 65535, port).error().message,
            "http.port must be an integer in [1, 65535]");
  EXPECT_EQ(port, 8080);  // unchanged on error
  EXPECT_FALSE(ReadInteger<std::uint16_t>(table, "http", "num", 1, 65535, port));  // a string
  EXPECT_TRUE(ReadInteger<std::uint16_t>(table, "http", "absent", 1, 65535, port));
  EXPECT_EQ(port, 8080);  // unchanged when absent
  std::int64_t wide = 0;
  EXPECT_TRUE(ReadIntegerInRange(table, "http", "port", 1, 100000, wide));
  EXPECT_EQ(wide, 70000);
}

TEST(ReadLogSection, AcceptsTheFiveLevelsOnly) {
  std::string level = "info";
  EXPECT_TRUE(ReadLogSection(Parse("[other]\n"), level));
  EXPECT_EQ(level, "info");
  EXPECT_TRUE(ReadLogSection(Parse("[log]\nlevel = \"debug\"\n"), level));
  EXPECT_EQ(level, "debug");
  EXPECT_EQ(ReadLogSection(Parse("[log]\nlevel = \"verbose\"\n"), level).error().message,
            "log.level \"verbose\" is not trace|debug|info|warn|error");
  EXPECT_EQ(ReadLogSection(Parse("[log]\nfile = \"x\"\n"), level).error().message,
            "unknown key \"file\" in [log]");
  EXPECT_EQ(level, "debug");
}

TEST(Resolve, KeepsAbsolutePathsAndAnchorsRelativeOnes) {
  EXPECT_EQ(Resolve("/etc/veil", "/var/lib/key.pem"), std::filesystem::path("/var/lib/key.pem"));
  EXPECT_EQ(Resolve("/etc/veil", "keys/key.pem"), std::filesystem::path("/etc/veil/keys/key.pem"));
}

TEST(TomlToJson, MapsTablesArraysAndScalars) {
  const toml::table table =
      Parse("s = \"x\"\ni = 7\nf = 1.5\nb = false\na = [1, \"two\"]\n[t]\nk = \"v\"\n");
  EXPECT_EQ(
      TomlToJson(table),
      (nlohmann::json{
          {"s", "x"}, {"i", 7}, {"f", 1.5}, {"b", false}, {"a", {1, "two"}}, {"t", {{"k", "v"}}}}));
}

struct Tiny {
  std::string level;
};

Result<Tiny> ParseTiny(std::string_view text, const std::filesystem::path&) {
  VEIL_ASSIGN_OR_RETURN(toml::table root, ParseToml(text));
  Tiny tiny{"info"};
  VEIL_TRY(ReadLogSection(root, tiny.level));
  return tiny;
}

TEST(LoadConfigFile, PrefixesErrorsWithThePath) {
  const testing::ScratchDir dir("config");
  const auto good = dir / "good.toml";
  std::ofstream(good) << "[log]\nlevel = \"warn\"\n";
  EXPECT_EQ(LoadConfigFile<Tiny>(good, &ParseTiny).value().level, "warn");
  const auto bad = dir / "bad.toml";
  std::ofstream(bad) << "[log]\nlevel = \"loud\"\n";
  auto refused = LoadConfigFile<Tiny>(bad, &ParseTiny);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().ToString().find(bad.string()), std::string::npos)
      << refused.error().ToString();
  EXPECT_FALSE(LoadConfigFile<Tiny>(dir / "absent.toml", &ParseTiny));
}

// `veil-agent run --config agent.toml`: paths in it resolve to absolute ones, so the workload
// (started in its payload directory) finds $VEIL_SECRETS_DIR.
TEST(LoadConfigFile, ResolvesAgainstAnAbsoluteDirectoryWhenTheFileIsRelative) {
  const std::filesystem::path relative = "load_config_file_relative_test.toml";
  std::ofstream(relative) << "[log]\nlevel = \"warn\"\n";
  auto loaded = LoadConfigFile<std::filesystem::path>(
      relative,
      +[](std::string_view, const std::filesystem::path& base_dir)
          -> Result<std::filesystem::path> { return base_dir; });
  std::filesystem::remove(relative);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_EQ(*loaded, std::filesystem::current_path());
  EXPECT_EQ(Resolve(*loaded, "secrets"), std::filesystem::current_path() / "secrets");
}

}  // namespace
}  // namespace veil::config
