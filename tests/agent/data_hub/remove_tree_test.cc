// RemoveTree: removal by descriptor that never follows a symlink and never fails silently.

#include "veil/agent/data_hub/remove_tree.h"

#include <fcntl.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "veil/base/unique_fd.h"
#include "veil/testing/scratch_dir.h"

namespace veil::agent {
namespace {

namespace fs = std::filesystem;

class RemoveTreeTest : public ::testing::Test {
 protected:
  RemoveTreeTest() {
    fs::create_directories(scratch_ / "dir");
    fs::create_directories(scratch_ / "victim");
    std::ofstream(scratch_ / "victim" / "keep") << "keep";
    dir_ = UniqueFd(::open((scratch_ / "dir").c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }

  testing::ScratchDir scratch_;
  UniqueFd dir_;
};

TEST_F(RemoveTreeTest, RemovesATreeAndSymlinksInItButNotTheirTargets) {
  fs::create_directories(scratch_ / "dir/tree/a/b");
  std::ofstream(scratch_ / "dir/tree/a/b/f") << "f";
  fs::create_directory_symlink(scratch_ / "victim", scratch_ / "dir/tree/a/link");
  fs::create_symlink(scratch_ / "victim/keep", scratch_ / "dir/tree/file-link");
  ASSERT_TRUE(RemoveTree(dir_.get(), "tree", "tree"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(scratch_ / "dir/tree")));
  EXPECT_TRUE(fs::exists(scratch_ / "victim/keep"));
}

TEST_F(RemoveTreeTest, ATopLevelSymlinkIsRemovedNotFollowed) {
  fs::create_directory_symlink(scratch_ / "victim", scratch_ / "dir/workload");
  ASSERT_TRUE(RemoveTree(dir_.get(), "workload", "workload"));
  EXPECT_FALSE(fs::exists(fs::symlink_status(scratch_ / "dir/workload")));
  EXPECT_TRUE(fs::exists(scratch_ / "victim/keep"));
}

TEST_F(RemoveTreeTest, NothingThereIsSuccess) {
  EXPECT_TRUE(RemoveTree(dir_.get(), "absent", "absent"));
}

TEST_F(RemoveTreeTest, ATreeTooDeepIsReportedNotSkippedSilently) {
  fs::path deep = scratch_ / "dir/deep";
  for (int i = 0; i <= kMaxRemoveDepth; ++i) deep /= "d";
  fs::create_directories(deep);
  const Status removed = RemoveTree(dir_.get(), "deep", "dir/deep");
  ASSERT_FALSE(removed);
  EXPECT_NE(removed.error().message.find("levels deep; remove it by hand"), std::string::npos)
      << removed.error().message;
  EXPECT_EQ(removed.error().message.find("cannot remove dir/deep/d/"), 0u)
      << removed.error().message;
}

}  // namespace
}  // namespace veil::agent
