#pragma once
// Test helpers: the real event logs of shared/fixtures/tpm, and a writer for small synthetic logs
// (little-endian, as the PC Client Firmware Profile lays them out).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/testing/fixtures.h"

namespace veil::evidence::tpm_eventlog::test {

inline Bytes FixtureLog(std::string_view name) {
  return testing::ReadFixture("tpm/" + std::string(name));
}

inline void Le16(Bytes& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
inline void Le32(Bytes& out, std::uint32_t v) {
  Le16(out, static_cast<std::uint16_t>(v));
  Le16(out, static_cast<std::uint16_t>(v >> 16));
}
inline void Le64(Bytes& out, std::uint64_t v) {
  Le32(out, static_cast<std::uint32_t>(v));
  Le32(out, static_cast<std::uint32_t>(v >> 32));
}
inline void PutLe32(Bytes& out, std::size_t at, std::uint32_t v) {
  for (std::size_t i = 0; i < 4; ++i) out[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
}
inline void Append(Bytes& out, std::string_view text) {
  out.insert(out.end(), text.begin(), text.end());
}

struct Alg {
  std::uint16_t id;
  std::uint16_t size;
};

// The Event data of a Spec ID event listing `algs`.
inline Bytes SpecIdData(const std::vector<Alg>& algs) {
  Bytes data;
  Append(data, std::string_view("Spec ID Event03\0", 16));
  Le32(data, 0);                          // platformClass: client
  data.insert(data.end(), {0, 2, 0, 2});  // minor 0, major 2, errata 0, uintnSize 2
  Le32(data, static_cast<std::uint32_t>(algs.size()));
  for (const Alg& a : algs) {
    Le16(data, a.id);
    Le16(data, a.size);
  }
  data.push_back(0);  // vendorInfoSize
  return data;
}

// A TCG_PCR_EVENT (SHA-1 format) record.
inline Bytes Sha1Record(std::uint32_t pcr, std::uint32_t type, std::uint8_t digest_byte,
                        const Bytes& data) {
  Bytes out;
  Le32(out, pcr);
  Le32(out, type);
  out.insert(out.end(), 20, digest_byte);
  Le32(out, static_cast<std::uint32_t>(data.size()));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

// A TCG_PCR_EVENT2 record with one digest (filled with `digest_byte`) per algorithm.
inline Bytes AgileRecord(std::uint32_t pcr, std::uint32_t type, const std::vector<Alg>& algs,
                         std::uint8_t digest_byte, const Bytes& data) {
  Bytes out;
  Le32(out, pcr);
  Le32(out, type);
  Le32(out, static_cast<std::uint32_t>(algs.size()));
  for (const Alg& a : algs) {
    Le16(out, a.id);
    out.insert(out.end(), a.size, digest_byte);
  }
  Le32(out, static_cast<std::uint32_t>(data.size()));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

inline const std::vector<Alg> kSha1Sha256 = {{0x0004, 20}, {0x000B, 32}};

// A crypto-agile log: the Spec ID header for `algs`, then `records`.
inline Bytes AgileLog(const std::vector<Alg>& algs, const std::vector<Bytes>& records) {
  Bytes log = Sha1Record(0, 3, 0, SpecIdData(algs));
  for (const Bytes& r : records) log.insert(log.end(), r.begin(), r.end());
  return log;
}

}  // namespace veil::evidence::tpm_eventlog::test
