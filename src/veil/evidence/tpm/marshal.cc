#include "veil/evidence/tpm/marshal.h"

#include <cstdio>

namespace veil::evidence::tpm {

Result<HashAlg> HashAlgFromId(std::uint16_t alg_id, std::string_view field) {
  switch (alg_id) {
    case kAlgSha1:
      return HashAlg::kSha1;
    case kAlgSha256:
      return HashAlg::kSha256;
    case kAlgSha384:
      return HashAlg::kSha384;
    case kAlgSha512:
      return HashAlg::kSha512;
    default:
      break;
  }
  return Fail(Unsupported(std::string(field) + ": hash algorithm " + Hex16(alg_id) +
                          " is not supported (expected sha1, sha256, sha384 or sha512)"));
}

std::uint16_t HashAlgId(HashAlg hash) {
  switch (hash) {
    case HashAlg::kSha1:
      return kAlgSha1;
    case HashAlg::kSha256:
      return kAlgSha256;
    case HashAlg::kSha384:
      return kAlgSha384;
    case HashAlg::kSha512:
      return kAlgSha512;
  }
  return kAlgNull;
}

std::string_view HashAlgName(HashAlg hash) {
  switch (hash) {
    case HashAlg::kSha1:
      return "sha1";
    case HashAlg::kSha256:
      return "sha256";
    case HashAlg::kSha384:
      return "sha384";
    case HashAlg::kSha512:
      return "sha512";
  }
  return "unknown";
}

std::size_t HashAlgDigestSize(HashAlg hash) {
  switch (hash) {
    case HashAlg::kSha1:
      return 20;
    case HashAlg::kSha256:
      return 32;
    case HashAlg::kSha384:
      return 48;
    case HashAlg::kSha512:
      return 64;
  }
  return 0;
}

std::string Hex16(std::uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%04x", static_cast<unsigned>(value));
  return text;
}

std::string Hex32(std::uint32_t value) {
  char text[12];
  std::snprintf(text, sizeof text, "0x%08x", static_cast<unsigned>(value));
  return text;
}

Result<ByteSpan> ReadSized(ByteReader& reader, std::size_t max_size, std::string_view field) {
  VEIL_ASSIGN_OR_RETURN(const std::uint16_t size, reader.U16Be(std::string(field) + ".size"));
  if (size > max_size) {
    return Fail(Malformed(std::string(field) + " size " + std::to_string(size) +
                          " exceeds the maximum " + std::to_string(max_size)));
  }
  return reader.Bytes(size, field);
}

}  // namespace veil::evidence::tpm
