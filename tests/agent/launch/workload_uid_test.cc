#include "veil/agent/launch/workload_uid.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>

namespace veil::agent {
namespace {

// A fake /proc: one directory per pid with the status file's Uid line.
class FakeProc : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::path(::testing::TempDir()) / ("fake-proc-" + std::to_string(getpid()));
    std::filesystem::remove_all(root_);
    std::filesystem::create_directories(root_ / "self");  // not a pid: ignored
  }
  void TearDown() override { std::filesystem::remove_all(root_); }

  void AddProcess(int pid, const std::string& uid_line) {
    std::filesystem::create_directories(root_ / std::to_string(pid));
    std::ofstream(root_ / std::to_string(pid) / "status")
        << "Name:\tdaemon\nUmask:\t0022\nState:\tS (sleeping)\n"
        << uid_line << "\nGid:\t0\t0\t0\t0\n";
  }

  std::filesystem::path root_;
};

TEST_F(FakeProc, EveryUidOfEveryProcessCounts) {
  AddProcess(1, "Uid:\t0\t0\t0\t0");
  AddProcess(200, "Uid:\t61000\t61001\t61002\t61003");  // real, effective, saved, filesystem
  AddProcess(300, "Uid:\t65534\t65534\t65534\t65534");
  std::filesystem::create_directories(root_ / "400");  // vanished: no status
  EXPECT_EQ(UidsInUse(root_), (std::set<uid_t>{0, 61000, 61001, 61002, 61003, 65534}));
}

TEST_F(FakeProc, PicksTheFirstUidNoProcessAndNoAccountHas) {
  AddProcess(200, "Uid:\t61000\t61000\t61000\t61000");
  AddProcess(201, "Uid:\t61001\t61001\t61001\t61001");
  const auto no_account = [](uid_t) { return false; };
  auto uid = PickFreeUid({61000, 61999}, UidsInUse(root_), no_account, 61000);
  ASSERT_TRUE(uid) << uid.error().ToString();
  EXPECT_EQ(*uid, 61002u);
  const auto account_at_61002 = [](uid_t id) { return id == 61002; };
  EXPECT_EQ(PickFreeUid({61000, 61999}, UidsInUse(root_), account_at_61002, 61000).value(), 61003u);
  // From a random start, wrapping around inside the range.
  EXPECT_EQ(PickFreeUid({61000, 61003}, UidsInUse(root_), no_account, 61003).value(), 61003u);
  EXPECT_EQ(PickFreeUid({61000, 61002}, {61002}, no_account, 61002).value(), 61000u);
}

TEST_F(FakeProc, AFullRangeIsRefused) {
  AddProcess(200, "Uid:\t61000\t61000\t61000\t61000");
  auto uid = PickFreeUid(
      {61000, 61001}, UidsInUse(root_), [](uid_t id) { return id == 61001; }, 61000);
  ASSERT_FALSE(uid);
  EXPECT_EQ(uid.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(uid.error().message.find("no free uid in 61000-61001"), std::string::npos);
}

TEST_F(FakeProc, AnExplicitUserMustHaveNoProcess) {
  AddProcess(300, "Uid:\t65534\t65534\t65534\t65534");
  const WorkloadUser nobody{"nobody", 65534, 65534, {65534}};
  auto refused = RequireUnusedUid(nobody, root_);
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kPolicyDenied);
  EXPECT_NE(refused.error().message.find("nobody (uid 65534) is already used"), std::string::npos);
  EXPECT_TRUE(RequireUnusedUid({"app", 61500, 61500, {}}, root_));
}

TEST_F(FakeProc, AllocatesAUidWithItsOwnGroupAndNoAccount) {
  AddProcess(1, "Uid:\t0\t0\t0\t0");
  auto user = AllocateWorkloadUser({61000, 61999}, root_);
  ASSERT_TRUE(user) << user.error().ToString();
  EXPECT_GE(user->uid, 61000u);
  EXPECT_LE(user->uid, 61999u);
  EXPECT_EQ(user->gid, user->uid);
  EXPECT_EQ(user->groups, std::vector<gid_t>{user->gid});
  EXPECT_FALSE(HasAccount(user->uid));
  EXPECT_TRUE(HasAccount(0)) << "root has an account";
}

TEST(UidRange, Parses) {
  EXPECT_EQ(ParseUidRange("61000-61999").value().first, 61000u);
  EXPECT_EQ(ParseUidRange("61000-61999").value().last, 61999u);
  for (const char* bad : {"", "-", "1-", "-2", "0-5", "5-4", "a-b", "1-4294967295", "1 - 2"})
    EXPECT_FALSE(ParseUidRange(bad)) << bad;
}

}  // namespace
}  // namespace veil::agent
