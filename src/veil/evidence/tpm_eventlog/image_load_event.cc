#include "veil/evidence/tpm_eventlog/image_load_event.h"

#include "veil/base/byte_reader.h"

namespace veil::evidence::tpm_eventlog {
namespace {

constexpr std::uint8_t kMediaDevicePath = 0x04;
constexpr std::uint8_t kMediaFilePath = 0x04;
constexpr std::uint8_t kEndOfHardwareDevicePath = 0x7F;
constexpr std::size_t kNodeHeaderSize = 4;

// The text of a Media File Path node: NUL-terminated UTF-16LE, kept when it is plain ASCII
// (file names on an ESP are); other code units show as '?'.
std::string FilePathText(ByteSpan utf16) {
  std::string text;
  for (std::size_t i = 0; i + 1 < utf16.size(); i += 2) {
    const unsigned unit = utf16[i] | (static_cast<unsigned>(utf16[i + 1]) << 8);
    if (unit == 0) break;
    text.push_back(unit < 0x80 ? static_cast<char>(unit) : '?');
  }
  return text;
}

Result<std::string> ReadFilePath(ByteSpan device_path) {
  ByteReader reader(device_path);
  std::string path;
  while (reader.remaining() > 0) {
    VEIL_ASSIGN_OR_RETURN(std::uint8_t type, reader.U8("device path node Type"));
    VEIL_ASSIGN_OR_RETURN(std::uint8_t subtype, reader.U8("device path node SubType"));
    VEIL_ASSIGN_OR_RETURN(std::uint16_t length, reader.U16Le("device path node Length"));
    if (length < kNodeHeaderSize) {
      return Fail(Malformed("device path node Length " + std::to_string(length) +
                            " is below its 4-byte header"));
    }
    VEIL_ASSIGN_OR_RETURN(ByteSpan body,
                          reader.Bytes(length - kNodeHeaderSize, "device path node data"));
    if (type == kMediaDevicePath && subtype == kMediaFilePath) path += FilePathText(body);
    if (type == kEndOfHardwareDevicePath) break;
  }
  return path;
}

}  // namespace

Result<ImageLoadEvent> ParseImageLoadEvent(ByteSpan event_data) {
  ByteReader reader(event_data);
  ImageLoadEvent event;
  VEIL_ASSIGN_OR_RETURN(event.image_location, reader.U64Le("ImageLocationInMemory"));
  VEIL_ASSIGN_OR_RETURN(event.image_length, reader.U64Le("ImageLengthInMemory"));
  VEIL_ASSIGN_OR_RETURN(event.link_time_address, reader.U64Le("ImageLinkTimeAddress"));
  VEIL_ASSIGN_OR_RETURN(std::uint64_t path_length, reader.U64Le("LengthOfDevicePath"));
  if (path_length > reader.remaining()) {
    return Fail(Malformed("LengthOfDevicePath " + std::to_string(path_length) + " exceeds the " +
                          std::to_string(reader.remaining()) + " bytes that remain"));
  }
  VEIL_ASSIGN_OR_RETURN(ByteSpan path,
                        reader.Bytes(static_cast<std::size_t>(path_length), "DevicePath"));
  VEIL_ASSIGN_OR_RETURN(event.file_path, ReadFilePath(path));
  // Bytes after the device path are tolerated: shim's events for images it verifies carry an
  // empty device path followed by 9 further bytes (gce-cos85-eventlog.bin events 23 and 40).
  event.trailing_bytes = reader.remaining();
  return event;
}

}  // namespace veil::evidence::tpm_eventlog
