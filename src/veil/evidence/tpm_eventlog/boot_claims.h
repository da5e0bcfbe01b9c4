#pragma once
// What a parsed PC Client event log says about the boot, for policy: Secure Boot state, the
// Secure Boot key databases, the boot applications and kernel, the kernel command line and the
// measurement sequence of each PCR. Read from the events alone: nothing here is trustworthy until
// appraisal/tpm_eventlog has replayed the log against a verified quote.
//
// PCR numbers below are those of a TPM log. In a CC event log (EventLog::registers kCcMr) the
// same events are looked for in the CC measurement register UEFI 2.10 (38.4.1) maps the PCR to:
// PCR 7 -> MR 1 (RTMR0 on TDX), PCR 4 -> MR 2 (RTMR1), PCRs 8, 9 and 12 -> MR 3 (RTMR2); the
// `pcr` fields and `sequence` keys then hold MR indexes.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/result.h"
#include "veil/evidence/tpm_eventlog/event_log.h"

namespace veil::evidence::tpm_eventlog {

// An EV_EFI_VARIABLE_DRIVER_CONFIG event for PK, KEK (EFI global variable GUID), db or dbx (image
// security database GUID) in PCR 7. `digests` are the event's digests, i.e. the hashes of the
// whole UEFI_VARIABLE_DATA, which is what a reference value pins.
struct SecureBootVariable {
  std::size_t event_index = 0;
  std::string name;  // "PK", "KEK", "db", "dbx"
  std::size_t data_size = 0;
  std::vector<EventDigest> digests;
};

// An EV_EFI_BOOT_SERVICES_APPLICATION event in PCR 4: the digest is the image's Authenticode hash
// (PFP 1.06, PCR 4). With shim and GRUB the order is shim, GRUB, then the kernel when shim
// verifies it; with systemd-boot, systemd-boot then the kernel's EFI stub.
struct BootApplication {
  std::size_t event_index = 0;
  std::string file_path;  // from the device path; empty for images loaded from memory
  std::vector<EventDigest> digests;
};

// GRUB's measurement of the kernel file into PCR 9 (an EV_IPL whose text is the file path): the
// file named by the first word of the GRUB kernel command line.
struct KernelImage {
  std::size_t event_index = 0;
  std::string path;
  std::vector<EventDigest> digests;
};

enum class CommandLineSource {
  kGrub,         // EV_IPL in PCR 8, ASCII "kernel_cmdline: <line>\0"
  kSystemdBoot,  // EV_IPL in PCR 12 (PCR 8 before systemd 251), the line in UTF-16LE
};
std::string_view CommandLineSourceName(CommandLineSource source);  // "grub", "systemd-boot"

struct KernelCommandLine {
  std::size_t event_index = 0;
  std::uint32_t pcr = 0;
  CommandLineSource source = CommandLineSource::kGrub;
  std::string text;  // without GRUB's "kernel_cmdline: " prefix and without the terminator
};

struct MeasuredEvent {
  std::size_t event_index = 0;
  std::uint32_t type = 0;
};

struct BootClaims {
  // EV_EFI_VARIABLE_DRIVER_CONFIG SecureBoot (PCR 7): true when its data is the single byte 1,
  // false for 0 or for empty data (firmware measures an absent variable with no data); nullopt
  // when the log has no such event.
  std::optional<bool> secure_boot;
  std::vector<SecureBootVariable> secure_boot_variables;  // log order
  std::vector<BootApplication> boot_applications;         // log order
  std::optional<KernelImage> kernel_image;                // GRUB logs only
  std::optional<KernelCommandLine> kernel_cmdline;        // the first one the log has
  // PCR -> the events extended into it, in log order (EV_NO_ACTION events are not extended).
  std::map<std::uint32_t, std::vector<MeasuredEvent>> sequence;
};

// kMalformed, naming the event ("event N at offset O (EV_...): ..."), when an
// EV_EFI_VARIABLE_DRIVER_CONFIG event in PCR 7 is not a valid UEFI_VARIABLE_DATA, when the
// SecureBoot variable's data is neither empty nor one byte 0 or 1, or when a PCR 4
// EV_EFI_BOOT_SERVICES_APPLICATION event is not a valid UEFI_IMAGE_LOAD_EVENT.
Result<BootClaims> ExtractBootClaims(const EventLog& log);

}  // namespace veil::evidence::tpm_eventlog
