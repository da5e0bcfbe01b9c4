#include "veil/crypto/secret_bytes.h"

#include <gtest/gtest.h>
#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string>

#include "veil/crypto/random.h"

namespace veil::crypto {
namespace {

// The VmFlags of the /proc/self/smaps mapping that holds `address` ("" when none does).
std::string VmFlagsOf(const void* address) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream smaps("/proc/self/smaps");
  bool inside = false;
  for (std::string line; std::getline(smaps, line);) {
    std::uintptr_t start = 0;
    std::uintptr_t end = 0;
    char dash = 0;
    std::istringstream header(line);
    // A mapping's first line is "start-end perms ..."; its attribute lines start with a name.
    if (header >> std::hex >> start >> dash >> end && dash == '-') {
      inside = start <= at && at < end;
    } else if (inside && line.rfind("VmFlags:", 0) == 0) {
      return line;
    }
  }
  return "";
}

bool HasFlag(const std::string& flags, const std::string& flag) {
  return (flags + " ").find(" " + flag + " ") != std::string::npos;
}

// What the release hook saw last (the hook is a plain function pointer).
struct Released {
  const std::uint8_t* data = nullptr;
  std::size_t size = 0;
  bool all_zero = false;
};
Released last_released;

void RecordRelease(ByteSpan pages) {
  last_released = {pages.data(), pages.size(),
                   std::all_of(pages.begin(), pages.end(), [](std::uint8_t b) { return b == 0; })};
}

TEST(SecretBytes, LivesInPagesLeftOutOfCoreDumps) {
  for (std::size_t size : {std::size_t{1}, std::size_t{32}, std::size_t{5000}}) {
    const SecretBytes secret = RandomSecretBytes(size);
    const std::string flags = VmFlagsOf(secret.span().data());
    ASSERT_FALSE(flags.empty()) << "no mapping holds the secret of " << size << " bytes";
    EXPECT_TRUE(HasFlag(flags, "dd")) << size << " bytes: " << flags;
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(secret.span().data()) % 4096, 0u);
  }
  // An ordinary mapping is dumped: the check above can tell the difference. (Not heap memory:
  // a sanitizer's allocator may map its own pages differently.)
  void* plain = mmap(nullptr, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  ASSERT_NE(plain, MAP_FAILED);
  EXPECT_FALSE(HasFlag(VmFlagsOf(plain), "dd")) << VmFlagsOf(plain);
  munmap(plain, 4096);
}

TEST(SecretBytes, ZeroesItsPagesBeforeReleasingThem) {
  SetSecretReleaseHookForTesting(&RecordRelease);
  const std::uint8_t* data = nullptr;
  {
    const SecretBytes secret(ByteSpan(Bytes(100, 0xA5)));
    data = secret.span().data();
  }
  SetSecretReleaseHookForTesting(nullptr);
  EXPECT_EQ(last_released.data, data);
  EXPECT_GE(last_released.size, 100u);
  EXPECT_TRUE(last_released.all_zero);
}

TEST(SecretBytes, HoldsACopyAndClonesExplicitly) {
  Bytes source = {1, 2, 3, 4};
  const SecretBytes secret(source);
  source[0] = 9;  // the secret owns its own buffer
  EXPECT_EQ(ToBytes(secret.span()), (Bytes{1, 2, 3, 4}));
  const SecretBytes copy = secret.Clone();
  EXPECT_EQ(ToBytes(copy.span()), ToBytes(secret.span()));
  EXPECT_NE(copy.span().data(), secret.span().data());
}

TEST(SecretBytes, MoveLeavesTheSourceEmpty) {
  SecretBytes first(ByteSpan(Bytes{5, 6, 7}));
  SecretBytes second(std::move(first));
  EXPECT_TRUE(first.empty());  // NOLINT(bugprone-use-after-move): the contract under test
  EXPECT_EQ(second.size(), 3u);
  SecretBytes third(std::size_t{2});
  third = std::move(second);
  EXPECT_TRUE(second.empty());  // NOLINT(bugprone-use-after-move)
  EXPECT_EQ(ToBytes(third.span()), (Bytes{5, 6, 7}));
}

TEST(SecretBytes, TruncateKeepsThePrefix) {
  SecretBytes secret(ByteSpan(Bytes{1, 2, 3, 4, 5}));
  secret.Truncate(2);
  EXPECT_EQ(ToBytes(secret.span()), (Bytes{1, 2}));
  secret.Truncate(10);  // never grows
  EXPECT_EQ(secret.size(), 2u);
  EXPECT_TRUE(SecretBytes(std::size_t{0}).empty());
}

TEST(ConstantTimeEquals, ComparesContentAndSize) {
  EXPECT_TRUE(ConstantTimeEquals(Bytes{1, 2, 3}, Bytes{1, 2, 3}));
  EXPECT_FALSE(ConstantTimeEquals(Bytes{1, 2, 3}, Bytes{1, 2, 4}));
  EXPECT_FALSE(ConstantTimeEquals(Bytes{1, 2, 3}, Bytes{1, 2}));
  EXPECT_TRUE(ConstantTimeEquals(Bytes{}, Bytes{}));
}

TEST(Random, ProducesRequestedSizesAndDistinctValues) {
  EXPECT_TRUE(RandomBytes(0).empty());
  const Bytes a = RandomBytes(32);
  const Bytes b = RandomBytes(32);
  ASSERT_EQ(a.size(), 32u);
  EXPECT_NE(a, b);  // 2^-256 chance of a false failure
  const SecretBytes key = RandomSecretBytes(32);
  EXPECT_EQ(key.size(), 32u);
  EXPECT_FALSE(ConstantTimeEquals(key.span(), RandomSecretBytes(32).span()));
}

}  // namespace
}  // namespace veil::crypto
