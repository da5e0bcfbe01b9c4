#include "veil/evidence/tpm_eventlog/image_load_event.h"

#include <gtest/gtest.h>

#include "log_builder.h"

namespace veil::evidence::tpm_eventlog {
namespace {

constexpr std::size_t kPathLengthAt = 24;

// A device path: one Media File Path node for `path`, then End of Hardware Device Path.
Bytes ImageLoad(std::u16string_view path) {
  Bytes node = {0x04, 0x04};
  test::Le16(node, static_cast<std::uint16_t>(4 + 2 * (path.size() + 1)));
  for (char16_t c : path) test::Le16(node, static_cast<std::uint16_t>(c));
  test::Le16(node, 0);
  node.insert(node.end(), {0x7F, 0xFF, 0x04, 0x00});
  Bytes out;
  test::Le64(out, 0x1000);
  test::Le64(out, 0x2000);
  test::Le64(out, 0);
  test::Le64(out, node.size());
  out.insert(out.end(), node.begin(), node.end());
  return out;
}

std::string ParseError(const Bytes& bytes) {
  auto event = ParseImageLoadEvent(bytes);
  EXPECT_FALSE(event) << "parsed unexpectedly";
  return event ? "" : event.error().message;
}

TEST(ImageLoadEvent, ReadsTheFilePath) {
  const ImageLoadEvent event = ParseImageLoadEvent(ImageLoad(u"\\EFI\\BOOT\\BOOTX64.EFI")).value();
  EXPECT_EQ(event.image_location, 0x1000u);
  EXPECT_EQ(event.image_length, 0x2000u);
  EXPECT_EQ(event.file_path, "\\EFI\\BOOT\\BOOTX64.EFI");
  EXPECT_EQ(event.trailing_bytes, 0u);
}

TEST(ImageLoadEvent, EveryTruncationFails) {
  const Bytes full = ImageLoad(u"\\a.efi");
  for (std::size_t size = 0; size < full.size(); ++size) {
    const std::string message =
        ParseError(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
    EXPECT_FALSE(message.empty()) << size;
  }
}

TEST(ImageLoadEvent, LengthsBeyondTheEndOrBelowANodeHeaderFail) {
  Bytes huge = ImageLoad(u"\\a.efi");
  for (std::size_t i = 0; i < 8; ++i) huge[kPathLengthAt + i] = 0xFF;
  EXPECT_EQ(ParseError(huge),
            "LengthOfDevicePath 18446744073709551615 exceeds the 22 bytes that remain");
  Bytes short_node = ImageLoad(u"\\a.efi");
  short_node[32 + 2] = 3;  // the first node's Length below its 4-byte header
  EXPECT_EQ(ParseError(short_node), "device path node Length 3 is below its 4-byte header");
  Bytes long_node = ImageLoad(u"\\a.efi");
  long_node[32 + 2] = 0xFF;  // beyond the device path
  EXPECT_EQ(ParseError(long_node).rfind("truncated device path node data: need 251 bytes", 0), 0u);
}

}  // namespace
}  // namespace veil::evidence::tpm_eventlog
