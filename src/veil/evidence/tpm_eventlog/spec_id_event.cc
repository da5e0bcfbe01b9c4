#include "veil/evidence/tpm_eventlog/spec_id_event.h"

#include <algorithm>
#include <optional>

#include "veil/base/byte_reader.h"
#include "veil/evidence/tpm/marshal.h"

namespace veil::evidence::tpm_eventlog {
namespace {

constexpr std::uint16_t kAlgSm3_256 = 0x0012;

// The size the TPM 2.0 Library (Part 2, 6.3) fixes for the hashes we can name.
std::optional<std::uint16_t> KnownDigestSize(std::uint16_t alg_id) {
  switch (alg_id) {
    case tpm::kAlgSha1:
      return 20;
    case tpm::kAlgSha256:
    case kAlgSm3_256:
      return 32;
    case tpm::kAlgSha384:
      return 48;
    case tpm::kAlgSha512:
      return 64;
    default:
      return std::nullopt;
  }
}

Result<AlgorithmSize> ReadAlgorithmSize(ByteReader& reader, const SpecIdEvent& event) {
  AlgorithmSize entry;
  VEIL_ASSIGN_OR_RETURN(entry.alg_id, reader.U16Le("Spec ID event digestSizes.algorithmId"));
  VEIL_ASSIGN_OR_RETURN(entry.digest_size, reader.U16Le("Spec ID event digestSizes.digestSize"));
  const std::string name = AlgorithmName(entry.alg_id);
  if (event.Find(entry.alg_id) != nullptr) {
    return Fail(Malformed("Spec ID event lists " + name + " twice"));
  }
  if (entry.digest_size == 0 || entry.digest_size > kMaxEventDigestSize) {
    return Fail(Malformed("Spec ID event: " + name + " digest size " +
                          std::to_string(entry.digest_size) + " is outside 1.." +
                          std::to_string(kMaxEventDigestSize)));
  }
  if (auto known = KnownDigestSize(entry.alg_id); known && *known != entry.digest_size) {
    return Fail(Malformed("Spec ID event: " + name + " digest size is " +
                          std::to_string(entry.digest_size) + ", expected " +
                          std::to_string(*known)));
  }
  return entry;
}

}  // namespace

const AlgorithmSize* SpecIdEvent::Find(std::uint16_t alg_id) const {
  auto it = std::find_if(algorithms.begin(), algorithms.end(),
                         [alg_id](const AlgorithmSize& a) { return a.alg_id == alg_id; });
  return it == algorithms.end() ? nullptr : &*it;
}

bool IsSpecIdEvent(ByteSpan event_data) {
  return event_data.size() >= kSpecIdSignature.size() &&
         std::equal(kSpecIdSignature.begin(), kSpecIdSignature.end(), event_data.begin());
}

Result<SpecIdEvent> ParseSpecIdEvent(ByteSpan event_data) {
  if (!IsSpecIdEvent(event_data)) {
    return Fail(Malformed("Spec ID event: signature is not \"Spec ID Event03\\0\""));
  }
  ByteReader reader(event_data);
  VEIL_TRY(reader.Skip(kSpecIdSignature.size(), "Spec ID event signature"));
  SpecIdEvent event;
  VEIL_ASSIGN_OR_RETURN(event.platform_class, reader.U32Le("Spec ID event platformClass"));
  VEIL_ASSIGN_OR_RETURN(event.spec_version_minor, reader.U8("Spec ID event specVersionMinor"));
  VEIL_ASSIGN_OR_RETURN(event.spec_version_major, reader.U8("Spec ID event specVersionMajor"));
  VEIL_ASSIGN_OR_RETURN(event.spec_errata, reader.U8("Spec ID event specErrata"));
  VEIL_ASSIGN_OR_RETURN(event.uintn_size, reader.U8("Spec ID event uintnSize"));
  if (event.spec_version_major != 2 || event.spec_version_minor != 0) {
    return Fail(Malformed(
        "Spec ID event: specVersion is " + std::to_string(event.spec_version_major) + "." +
        std::to_string(event.spec_version_minor) + ", expected 2.0 for \"Spec ID Event03\""));
  }
  if (event.uintn_size != 1 && event.uintn_size != 2) {
    return Fail(Malformed("Spec ID event: uintnSize is " + std::to_string(event.uintn_size) +
                          ", expected 1 (UINT32) or 2 (UINT64)"));
  }
  VEIL_ASSIGN_OR_RETURN(std::uint32_t count, reader.U32Le("Spec ID event numberOfAlgorithms"));
  if (count == 0 || count > kMaxSpecIdAlgorithms) {
    return Fail(Malformed("Spec ID event: numberOfAlgorithms is " + std::to_string(count) +
                          ", expected 1.." + std::to_string(kMaxSpecIdAlgorithms)));
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    VEIL_ASSIGN_OR_RETURN(AlgorithmSize entry, ReadAlgorithmSize(reader, event));
    event.algorithms.push_back(entry);
  }
  VEIL_ASSIGN_OR_RETURN(std::uint8_t vendor_size, reader.U8("Spec ID event vendorInfoSize"));
  VEIL_ASSIGN_OR_RETURN(ByteSpan vendor, reader.Bytes(vendor_size, "Spec ID event vendorInfo"));
  event.vendor_info = ToBytes(vendor);
  VEIL_TRY(reader.ExpectEnd("the Spec ID event"));
  return event;
}

std::string AlgorithmName(std::uint16_t alg_id) {
  switch (alg_id) {
    case tpm::kAlgSha1:
      return "sha1";
    case tpm::kAlgSha256:
      return "sha256";
    case tpm::kAlgSha384:
      return "sha384";
    case tpm::kAlgSha512:
      return "sha512";
    case kAlgSm3_256:
      return "sm3_256";
    default:
      return "alg " + tpm::Hex16(alg_id);
  }
}

}  // namespace veil::evidence::tpm_eventlog
