#pragma once
// The quote signature data for attestation key type 2 (Intel SGX ECDSA Quote Library API,
// "ECDSA 256-bit Quote Signature Data Structure"; Intel TDX DCAP Quoting Library API, "Quote
// Signature Data"): after the quote body come its size (u32 LE), the ECDSA-P256 signature over
// header ‖ body (r ‖ s, 64 bytes), the attestation public key (x ‖ y, 64 bytes), then
//  * quote v3: the QE report certification fields directly, the PCK chain as certification
//    data type 5;
//  * quote v4/v5: certification data type 6 wrapping them, the PCK chain nested as type 5.
// Every size must account exactly for the bytes it covers.

#include <array>
#include <cstdint>

#include "veil/base/byte_reader.h"
#include "veil/base/result.h"
#include "veil/evidence/dcap/qe_report_certification.h"

namespace veil::evidence::dcap {

enum class CertificationLayout {
  kDirect,  // quote v3
  kNested,  // quote v4 and v5: inside certification data type 6
};

struct EcdsaSignatureData {
  std::array<std::uint8_t, 64> quote_signature{};  // r ‖ s, big-endian
  std::array<std::uint8_t, 64> attestation_key{};  // P-256 point x ‖ y, big-endian
  QeReportCertification qe_certification;
};

// Reads the u32 signature-data size at the reader's position, then exactly that many bytes as
// signature data in `layout`; bytes after it stay in the reader for the caller. kMalformed when
// the size runs past the end, a nested size disagrees with its container, or data is truncated;
// kUnsupported for certification data of another type.
Result<EcdsaSignatureData> ReadEcdsaSignatureData(ByteReader& reader, CertificationLayout layout);

}  // namespace veil::evidence::dcap
