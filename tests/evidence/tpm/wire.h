#pragma once
// Test helpers: big-endian and little-endian writers for building TPM structures byte by byte,
// and the fixtures shared by the evidence/tpm tests.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

#include "veil/base/base64.h"
#include "veil/base/bytes.h"
#include "veil/base/hex.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::tpm::test {

inline void Be16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v >> 8));
  out.push_back(static_cast<std::uint8_t>(v));
}
inline void Be32(Bytes& out, std::uint32_t v) {
  Be16(out, static_cast<std::uint16_t>(v >> 16));
  Be16(out, static_cast<std::uint16_t>(v));
}
inline void Le16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void Le32(Bytes& out, std::uint32_t v) {
  Le16(out, static_cast<std::uint16_t>(v));
  Le16(out, static_cast<std::uint16_t>(v >> 16));
}
inline void Append(Bytes& out, const Bytes& bytes) {
  out.insert(out.end(), bytes.begin(), bytes.end());
}
// A TPM2B: big-endian u16 size, then the bytes.
inline void Sized(Bytes& out, const Bytes& bytes) {
  Be16(out, static_cast<std::uint16_t>(bytes.size()));
  Append(out, bytes);
}
inline void PutBe16(Bytes& bytes, std::size_t offset, std::uint16_t v) {
  bytes[offset] = static_cast<std::uint8_t>(v >> 8);
  bytes[offset + 1] = static_cast<std::uint8_t>(v);
}

// A field of trustee-swtpm-evidence.json ("ak_public" or "tpm_quote.<name>").
inline nlohmann::json TrusteeEvidence() {
  const Bytes text = testing::ReadFixture("tpm/trustee-swtpm-evidence.json");
  return nlohmann::json::parse(text.begin(), text.end(), nullptr, false);
}
inline Bytes TrusteeQuoteField(const std::string& name) {
  const nlohmann::json evidence = TrusteeEvidence();
  return Base64Decode(evidence.at("tpm_quote").at(name).get<std::string>()).value();
}

}  // namespace veil::evidence::tpm::test
