#pragma once
// The SEV-SNP ATTESTATION_REPORT (SEV-SNP ABI rev 1.58, "ATTESTATION_REPORT Structure"):
// 1184 bytes, little-endian. The signature covers bytes 0x000..0x29F of the original buffer
// (`SignedPart`); it is carried here, not checked.

#include <array>
#include <cstdint>
#include <optional>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::snp {

inline constexpr std::size_t kReportSize = 0x4A0;
inline constexpr std::size_t kSignedSize = 0x2A0;
inline constexpr std::uint32_t kSignatureAlgoEcdsaP384Sha384 = 1;
// Report versions: 2 is the first; 3 added the CPUID fields; 4 keeps version 3's layout (virtee/sev
// reads both alike); 5 added the mitigation vectors.
inline constexpr std::uint32_t kOldestReportVersion = 2;
inline constexpr std::uint32_t kCpuidSinceVersion = 3;
inline constexpr std::uint32_t kMitigationVectorSinceVersion = 5;
inline constexpr std::uint32_t kNewestReportVersion = 5;

enum class SigningKey { kVcek = 0, kVlek = 1, kNone = 7 };

struct Cpuid {
  std::uint8_t family = 0;
  std::uint8_t model = 0;
  std::uint8_t stepping = 0;
};

struct FirmwareVersion {
  std::uint8_t major = 0;
  std::uint8_t minor = 0;
  std::uint8_t build = 0;
};

struct Report {
  std::uint32_t version = 0;                         // 0x000
  std::uint32_t guest_svn = 0;                       // 0x004
  std::uint64_t policy = 0;                          // 0x008
  std::array<std::uint8_t, 16> family_id{};          // 0x010
  std::array<std::uint8_t, 16> image_id{};           // 0x020
  std::uint32_t vmpl = 0;                            // 0x030
  std::uint32_t signature_algo = 0;                  // 0x034
  std::uint64_t current_tcb = 0;                     // 0x038
  std::uint64_t platform_info = 0;                   // 0x040
  bool author_key_en = false;                        // 0x048 bit 0
  bool mask_chip_key = false;                        // 0x048 bit 1
  SigningKey signing_key = SigningKey::kVcek;        // 0x048 bits 4:2
  std::array<std::uint8_t, 64> report_data{};        // 0x050
  std::array<std::uint8_t, 48> measurement{};        // 0x090
  std::array<std::uint8_t, 32> host_data{};          // 0x0C0
  std::array<std::uint8_t, 48> id_key_digest{};      // 0x0E0
  std::array<std::uint8_t, 48> author_key_digest{};  // 0x110
  std::array<std::uint8_t, 32> report_id{};          // 0x140
  std::array<std::uint8_t, 32> report_id_ma{};       // 0x160
  std::uint64_t reported_tcb = 0;                    // 0x180
  std::optional<Cpuid> cpuid;                        // 0x188..0x18A, version 3 and later
  std::array<std::uint8_t, 64> chip_id{};            // 0x1A0
  std::uint64_t committed_tcb = 0;                   // 0x1E0
  FirmwareVersion current_version;                   // 0x1E8 build, minor, major
  FirmwareVersion committed_version;                 // 0x1EC build, minor, major
  std::uint64_t launch_tcb = 0;                      // 0x1F0
  std::optional<std::uint64_t> launch_mit_vector;    // 0x1F8, version 5
  std::optional<std::uint64_t> current_mit_vector;   // 0x200, version 5
  std::array<std::uint8_t, 72> signature_r{};        // 0x2A0, little-endian, zero-padded
  std::array<std::uint8_t, 72> signature_s{};        // 0x2E8, little-endian, zero-padded
};

// Parses exactly kReportSize bytes. Rejects other sizes, versions outside 2..5,
// unknown SIGNING_KEY values, and any non-zero reserved byte (naming the field and offset).
Result<Report> ParseReport(ByteSpan bytes);

// The bytes the signature covers: the first kSignedSize bytes of a report buffer.
inline ByteSpan SignedPart(ByteSpan report_bytes) { return report_bytes.first(kSignedSize); }

}  // namespace veil::evidence::snp
