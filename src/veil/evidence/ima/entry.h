#pragma once
// The Linux IMA runtime measurement list (security/integrity/ima/), in the two forms securityfs
// shows it (layouts in docs/formats/ima-measurement-list.md):
//  * ASCII, /sys/kernel/security/ima/ascii_runtime_measurements: one line per entry,
//    "PCR TEMPLATE-HASH TEMPLATE FIELDS...\n", the PCR printed "%2d", the template hash the SHA-1
//    template hash in hex, then the template's fields separated by single spaces;
//  * binary, binary_runtime_measurements: per entry u32 PCR, 20-byte SHA-1 template hash,
//    u32 name length, name, then (all templates but `ima`) u32 template data length and the
//    template data, each field u32 length-prefixed; `ima` shows its digest bare and its name
//    length-prefixed without the NUL. Integers little-endian (x86 and ima_canonical_fmt).
// Templates: `ima-ng` (d-ng|n-ng), `ima-sig` (d-ng|n-ng|sig) and `ima` (d|n). Others (ima-buf,
// ima-modsig, evm-sig, custom formats) are kUnsupported.
// This header: one entry, whichever form it came from (ascii_list.h, binary_list.h), and its
// template data as the kernel serializes it for hashing. No hashing here: recomputing template
// hashes and replaying PCR 10 is appraisal/ima's job.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::ima {

enum class Template { kIma, kImaNg, kImaSig };
std::string_view TemplateName(Template t);  // "ima", "ima-ng", "ima-sig"

// The digest size of a file-digest algorithm as the kernel names it (hash_algo_name[]), or 0
// for a name Veil does not know.
std::size_t FileDigestSize(std::string_view algorithm);

inline constexpr std::size_t kTemplateHashSize = 20;  // SHA-1, as both forms show it
// The `ima` template's name field is hashed padded to IMA_EVENT_NAME_LEN_MAX + 1 bytes.
inline constexpr std::size_t kImaNameFieldSize = 256;
// Bounds: a line (PATH_MAX 4096, digests, an RSA-4096 signature in hex fit with room to spare)
// and the entries of one list or increment (a busy host's list holds tens of thousands).
inline constexpr std::size_t kMaxLineLength = 8192;
inline constexpr std::size_t kMaxEntries = std::size_t{1} << 20;
inline constexpr std::uint32_t kMaxPcr = 23;

struct Entry {
  std::size_t line = 0;  // 1-based line of the ASCII list; 1-based record of the binary list
  std::uint32_t pcr = 0;
  Bytes template_hash;  // kTemplateHashSize bytes; all zero for a violation
  Template template_kind = Template::kImaNg;
  std::string digest_algorithm;  // as the kernel names it ("sha256"); "sha1" for `ima`
  Bytes file_digest;
  std::string path;  // the kernel has replaced spaces with '_'
  Bytes signature;   // ima-sig only, possibly empty

  // The kernel records a violation (a file measured while open for writing, or open for reading
  // while being written) with an all-zero template hash and extends all-0xFF instead.
  bool IsViolation() const;
  // The first entry the kernel records, the digest of PCRs 0-7 (SHA-1) or 0-9 (other banks).
  bool IsBootAggregate() const { return path == "boot_aggregate"; }
};

// The template data exactly as the kernel hashes it (ima_calc_field_array_hash_tfm): ima-ng and
// ima-sig, each field as u32 length (little-endian) then data — d-ng is "<alg>:\0" + digest, n-ng
// the path and its NUL, sig the signature bytes; `ima`, the 20-byte digest and then the path
// zero-padded to kImaNameFieldSize bytes, no lengths.
Bytes TemplateData(const Entry& entry);

}  // namespace veil::evidence::ima
