#include "veil/evidence/tpm_eventlog/boot_claims.h"

#include <algorithm>

#include "veil/evidence/tpm_eventlog/efi_variable_data.h"
#include "veil/evidence/tpm_eventlog/event_type.h"
#include "veil/evidence/tpm_eventlog/image_load_event.h"

namespace veil::evidence::tpm_eventlog {
namespace {

constexpr std::string_view kGrubCommandLinePrefix = "kernel_cmdline: ";

// The register a PC Client PCR's measurements go to: the PCR itself, or in a CC event log the CC
// MR the UEFI 2.10 (38.4.1) mapping gives it: PCR 0 -> 0, 1 and 7 -> 1, 2..6 -> 2, 8..15 -> 3.
std::uint32_t Register(RegisterSpace space, std::uint32_t pcr) {
  if (space == RegisterSpace::kTpmPcr) return pcr;
  if (pcr == 0) return 0;
  if (pcr == 1 || pcr == 7) return 1;
  if (pcr <= 6) return 2;
  return 3;
}

Error AtEvent(const Event& event, Error error) {
  error.message = "event " + std::to_string(event.index) + " at offset " +
                  std::to_string(event.offset) + " (" + EventTypeName(event.type) +
                  "): " + error.message;
  return error;
}

// Text up to the first NUL (GRUB terminates its strings; some loaders do not).
std::string AsciiText(const Bytes& data) {
  const auto end = std::find(data.begin(), data.end(), std::uint8_t{0});
  return std::string(data.begin(), end);
}

// systemd-boot measures the command line as UTF-16LE; an ASCII line then has a zero every second
// byte. Anything else is not taken for one. Older systemd-boot measured one byte past the UTF-16
// terminator (arch-linux-workstation.bin: 364 + 1 bytes), so a lone trailing zero is allowed.
std::optional<std::string> Utf16AsciiText(const Bytes& data) {
  std::size_t size = data.size();
  if (size % 2 != 0 && data.back() == 0) --size;
  if (size < 2 || size % 2 != 0) return std::nullopt;
  std::string text;
  for (std::size_t i = 0; i < size; i += 2) {
    if (data[i + 1] != 0 || data[i] >= 0x80) return std::nullopt;
    if (data[i] == 0) break;
    text.push_back(static_cast<char>(data[i]));
  }
  return text;
}

Status NoteVariable(const Event& event, BootClaims& claims) {
  VEIL_ASSIGN_OR_RETURN(EfiVariableData variable, ParseEfiVariableData(event.data));
  const std::string guid = GuidToString(variable.guid);
  if (guid == kEfiGlobalVariableGuid && variable.name == "SecureBoot") {
    if (variable.data.size() > 1 || (variable.data.size() == 1 && variable.data[0] > 1)) {
      return Fail(Malformed("SecureBoot variable data is " + std::to_string(variable.data.size()) +
                            " bytes, expected none or one byte 0 or 1"));
    }
    claims.secure_boot = variable.data.size() == 1 && variable.data[0] == 1;
    return {};
  }
  const bool key_variable =
      guid == kEfiGlobalVariableGuid && (variable.name == "PK" || variable.name == "KEK");
  const bool database =
      guid == kImageSecurityDatabaseGuid && (variable.name == "db" || variable.name == "dbx");
  if (key_variable || database) {
    claims.secure_boot_variables.push_back(
        {event.index, variable.name, variable.data.size(), event.digests});
  }
  return {};
}

Status NoteApplication(const Event& event, BootClaims& claims) {
  VEIL_ASSIGN_OR_RETURN(ImageLoadEvent image, ParseImageLoadEvent(event.data));
  claims.boot_applications.push_back({event.index, image.file_path, event.digests});
  return {};
}

void NoteCommandLine(RegisterSpace space, const Event& event, BootClaims& claims) {
  if (claims.kernel_cmdline) return;
  const std::string ascii = AsciiText(event.data);
  if (event.pcr == Register(space, 8) && ascii.starts_with(kGrubCommandLinePrefix)) {
    claims.kernel_cmdline = KernelCommandLine{event.index, event.pcr, CommandLineSource::kGrub,
                                              ascii.substr(kGrubCommandLinePrefix.size())};
    return;
  }
  if (auto text = Utf16AsciiText(event.data); text && !text->empty()) {
    claims.kernel_cmdline =
        KernelCommandLine{event.index, event.pcr, CommandLineSource::kSystemdBoot, *text};
  }
}

// GRUB measures each file it reads into PCR 9 with the path as text ("(hd0,gpt16)/vmlinuz" or
// "/vmlinuz"); the kernel is the file the command line's first word names.
void FindKernelImage(const EventLog& log, BootClaims& claims) {
  if (!claims.kernel_cmdline || claims.kernel_cmdline->source != CommandLineSource::kGrub) return;
  const std::string& line = claims.kernel_cmdline->text;
  const std::string kernel = line.substr(0, line.find(' '));
  if (kernel.empty()) return;
  for (const Event& event : log.events) {
    if (event.pcr != Register(log.registers, 9) || event.type != kEvIpl) continue;
    const std::string path = AsciiText(event.data);
    if (path == kernel || path.ends_with(")" + kernel)) {
      claims.kernel_image = KernelImage{event.index, path, event.digests};
      return;
    }
  }
}

Status NoteEvent(RegisterSpace space, const Event& event, BootClaims& claims) {
  if (event.type == kEvNoAction) return {};
  claims.sequence[event.pcr].push_back({event.index, event.type});
  if (event.pcr == Register(space, 7) && event.type == kEvEfiVariableDriverConfig) {
    return NoteVariable(event, claims);
  }
  if (event.pcr == Register(space, 4) && event.type == kEvEfiBootServicesApplication) {
    return NoteApplication(event, claims);
  }
  if (event.type == kEvIpl &&
      (event.pcr == Register(space, 8) || event.pcr == Register(space, 12))) {
    NoteCommandLine(space, event, claims);
  }
  return {};
}

}  // namespace

std::string_view CommandLineSourceName(CommandLineSource source) {
  return source == CommandLineSource::kGrub ? "grub" : "systemd-boot";
}

Result<BootClaims> ExtractBootClaims(const EventLog& log) {
  BootClaims claims;
  for (const Event& event : log.events) {
    if (auto noted = NoteEvent(log.registers, event, claims); !noted) {
      return Fail(AtEvent(event, std::move(noted).error()));
    }
  }
  FindKernelImage(log, claims);
  return claims;
}

}  // namespace veil::evidence::tpm_eventlog
