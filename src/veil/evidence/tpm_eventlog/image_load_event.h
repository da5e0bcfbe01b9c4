#pragma once
// UEFI_IMAGE_LOAD_EVENT, the Event data of EV_EFI_BOOT_SERVICES_APPLICATION / _DRIVER and
// EV_EFI_RUNTIME_SERVICES_DRIVER events (TCG PC Client Platform Firmware Profile 1.06 rev 52,
// UEFI_IMAGE_LOAD_EVENT structure): ImageLocationInMemory u64, ImageLengthInMemory u64,
// ImageLinkTimeAddress u64, LengthOfDevicePath u64, DevicePath[LengthOfDevicePath] (an
// EFI_DEVICE_PATH_PROTOCOL node list, UEFI 2.10, 10.3). Little-endian.

#include <cstdint>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::tpm_eventlog {

struct ImageLoadEvent {
  std::uint64_t image_location = 0;
  std::uint64_t image_length = 0;
  std::uint64_t link_time_address = 0;
  // The Media File Path nodes (type 4, subtype 4) of the device path, joined:
  // "\EFI\BOOT\BOOTX64.EFI". Empty when the path has none (images loaded from memory, as shim's
  // verify protocol reports).
  std::string file_path;
  std::size_t trailing_bytes = 0;  // after DevicePath (see ParseImageLoadEvent)
};

// kMalformed when LengthOfDevicePath exceeds what remains, a node's length is below its 4-byte
// header or beyond the path. Node types other than Media File Path
// are walked over, not interpreted. Bytes after DevicePath are counted, not refused: real shim
// events have them.
Result<ImageLoadEvent> ParseImageLoadEvent(ByteSpan event_data);

}  // namespace veil::evidence::tpm_eventlog
