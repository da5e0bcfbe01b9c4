#include "veil/agent/measurement/workload_measurement.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

#include "veil/agent/measurement/event_log.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"

namespace veil::agent {
namespace {

TEST(WorkloadMeasurement, DigestsPayloadCommandAndConfigInOrder) {
  const Bytes payload = {1, 2, 3};
  auto events = MeasureWorkload({payload, {"./run.sh", "a b"}, {{"user", "nobody"}, {"b", 1}}});
  ASSERT_TRUE(events) << events.error().ToString();
  ASSERT_EQ(events->size(), 3u);
  EXPECT_EQ((*events)[0].type, "payload");
  EXPECT_EQ((*events)[0].digest, crypto::Sha256(payload));
  EXPECT_EQ((*events)[1].type, "command");
  const std::string command_bytes("./run.sh\0a b\0", 13);
  EXPECT_EQ((*events)[1].digest, crypto::Sha256(AsBytes(command_bytes)));
  EXPECT_EQ((*events)[2].type, "config");
  EXPECT_EQ((*events)[2].digest,
            crypto::Sha256(AsBytes(R"({"b":1,"user":"nobody"})")));  // JCS: sorted keys
}

TEST(WorkloadMeasurement, ArgumentBoundariesMatter) {
  auto joined = MeasureWorkload({std::nullopt, {"ab"}, nlohmann::json::object()});
  auto split = MeasureWorkload({std::nullopt, {"a", "b"}, nlohmann::json::object()});
  ASSERT_TRUE(joined && split);
  ASSERT_EQ(joined->size(), 2u);  // no payload event
  EXPECT_NE((*joined)[0].digest, (*split)[0].digest);
  EXPECT_EQ(MeasureWorkload({std::nullopt, {}, nlohmann::json::object()}).error().code,
            ErrorCode::kInvalidArgument);
}

TEST(WorkloadMeasurement, ReplayExtendsLikeATpm) {
  const std::vector<MeasurementEvent> events = {{"a", Bytes(32, 0x11), ""},
                                                {"b", Bytes(32, 0x22), ""}};
  const Bytes zero(32, 0);
  Bytes first = zero;
  first.insert(first.end(), 32, 0x11);
  Bytes second = crypto::Sha256(first);
  second.insert(second.end(), 32, 0x22);
  EXPECT_EQ(ReplayEvents(zero, events), crypto::Sha256(second));
  EXPECT_EQ(ReplayEvents(zero, {}), zero);
}

TEST(EventLog, AppendsOneJsonLinePerEvent) {
  const auto log = std::filesystem::path(::testing::TempDir()) /
                   ("events-" + std::to_string(getpid())) / "log.jsonl";
  std::filesystem::remove_all(log.parent_path());
  ASSERT_TRUE(AppendEvent(log, "pcrs.sha256.23", {"command", Bytes(32, 0xab), "\"./run.sh\""}));
  ASSERT_TRUE(AppendEvent(log, "pcrs.sha256.23", {"config", Bytes(32, 0xcd), "{}"}));
  const std::string text = ReadFileText(log).value();
  EXPECT_EQ(text, R"({"description":"\"./run.sh\"","digest":")" + HexEncode(Bytes(32, 0xab)) +
                      R"(","register":"pcrs.sha256.23","type":"command"})" + "\n" +
                      R"({"description":"{}","digest":")" + HexEncode(Bytes(32, 0xcd)) +
                      R"(","register":"pcrs.sha256.23","type":"config"})" + "\n");
  std::filesystem::remove_all(log.parent_path());
}

// Issue 19 finding 7: a symlink at the log's path is refused and its target left as it was.
TEST(EventLog, RefusesToAppendThroughASymlinkOrToWhatIsNotAFile) {
  const auto dir =
      std::filesystem::path(::testing::TempDir()) / ("events-link-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "target") << "untouched\n";
  std::filesystem::create_symlink(dir / "target", dir / "log.jsonl");
  const MeasurementEvent event{"command", Bytes(32, 0xab), "x"};
  const Status appended = AppendEvent(dir / "log.jsonl", "pcrs.sha256.23", event);
  ASSERT_FALSE(appended);
  EXPECT_EQ(appended.error().message, "the event log " + (dir / "log.jsonl").string() +
                                          " is a symbolic link; refusing to append through it");
  EXPECT_EQ(ReadFileText(dir / "target").value(), "untouched\n");

  const Status directory = AppendEvent(dir, "pcrs.sha256.23", event);
  ASSERT_FALSE(directory);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace veil::agent
