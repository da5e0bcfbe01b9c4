#pragma once
// The certification-data envelope of DCAP quotes (Intel SGX ECDSA Quote Library API,
// "Certification Data"): type (u16 LE), size (u32 LE), then `size` bytes. Quote v3 carries type 5
// directly; quote v4/v5 carry type 6, whose data holds the QE report and a nested type 5.

#include <cstdint>
#include <string_view>

#include "veil/base/byte_reader.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::dcap {

inline constexpr std::uint16_t kCertificationPckChain = 5;  // PEM PCK leaf, CA, root
inline constexpr std::uint16_t kCertificationQeReport = 6;  // QE report certification data

struct CertificationData {
  std::uint16_t type = 0;
  ByteSpan data;  // a view into the reader's buffer
};

// Reads one envelope named `what` (e.g. "nested certification data") and requires its type to be
// `expected_type`: kUnsupported for another type, kMalformed for a size past what remains.
Result<CertificationData> ReadCertificationData(ByteReader& reader, std::uint16_t expected_type,
                                                std::string_view what);

}  // namespace veil::evidence::dcap
