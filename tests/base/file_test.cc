// ReadFileBytes / ReadFileText: one descriptor, a regular file, never more than the limit read
// (issue 19 finding 4: a size check by path followed by a read to EOF by path).

#include "veil/base/file.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <fstream>
#include <string>
#include <thread>

#include "veil/testing/scratch_dir.h"

namespace veil {
namespace {

using veil::testing::ScratchDir;

bool Contains(const Error& error, std::string_view text) {
  return error.message.find(text) != std::string::npos;
}

TEST(ReadFile, ReadsAFileOfExactlyTheLimit) {
  ScratchDir dir;
  std::ofstream(dir / "ten") << "0123456789";
  EXPECT_EQ(ReadFileText(dir / "ten", 10).value(), "0123456789");
  EXPECT_EQ(ReadFileBytes(dir / "ten", 10).value().size(), 10u);
  std::ofstream(dir / "empty") << "";
  EXPECT_EQ(ReadFileText(dir / "empty", 0).value(), "");
}

TEST(ReadFile, RefusesAFileAboveTheLimitBeforeReading) {
  ScratchDir dir;
  std::ofstream(dir / "eleven") << "0123456789a";
  const auto read = ReadFileBytes(dir / "eleven", 10);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(read.error(), "11 bytes, more than the 10-byte limit"))
      << read.error().message;
}

// A /proc file says it holds 0 bytes, like a file that grows after the size check: the read
// itself stops one byte past the limit.
TEST(ReadFile, StopsAFileThatHoldsMoreThanItsSizeSaid) {
  const auto read = ReadFileText("/proc/self/status", 16);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(Contains(read.error(), "growing, more than the 16-byte limit"))
      << read.error().message;
}

// A file another thread keeps appending to: whatever the timing, never more than the limit is
// returned, and a file that outgrows it while read is an error, not a larger buffer.
TEST(ReadFile, AFileGrowingWhileReadNeverYieldsMoreThanTheLimit) {
  ScratchDir dir;
  const std::filesystem::path path = dir / "growing";
  std::ofstream(path) << std::string(1000, 'x');
  constexpr std::size_t kLimit = 256 * 1024;
  std::atomic<bool> done = false;
  std::thread writer([&] {
    std::ofstream out(path, std::ios::app);
    const std::string chunk(4096, 'y');
    for (std::size_t written = 0; !done && written < 64 * kLimit; written += chunk.size())
      out << chunk << std::flush;
  });
  for (int i = 0; i < 50; ++i) {
    const auto read = ReadFileBytes(path, kLimit);
    if (read) {
      EXPECT_LE(read->size(), kLimit);
    } else {
      EXPECT_EQ(read.error().code, ErrorCode::kInvalidArgument) << read.error().message;
      EXPECT_TRUE(Contains(read.error(), "more than the 262144-byte limit"))
          << read.error().message;
    }
  }
  done = true;
  writer.join();
}

// /proc/self/mem reads fail at offset 0: an error, not an exception or an abort.
TEST(ReadFile, AFileThatCannotBeReadIsAnError) {
  const auto read = ReadFileBytes("/proc/self/mem", 1u << 20);
  ASSERT_FALSE(read);
  EXPECT_EQ(read.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(Contains(read.error(), "error while reading /proc/self/mem")) << read.error().message;
}

TEST(ReadFile, RefusesWhatIsNotARegularFile) {
  ScratchDir dir;
  ASSERT_EQ(::mkfifo((dir / "fifo").c_str(), 0600), 0);
  for (const std::filesystem::path& path : {dir.path(), dir / "fifo"}) {
    const auto read = ReadFileBytes(path, 100);
    ASSERT_FALSE(read) << path;
    EXPECT_TRUE(Contains(read.error(), "not a regular file")) << read.error().message;
  }
  const auto missing = ReadFileBytes(dir / "missing", 100);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace veil
