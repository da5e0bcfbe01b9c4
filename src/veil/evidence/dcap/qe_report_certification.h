#pragma once
// What proves an attestation key came from a genuine Quoting Enclave (Intel TDX DCAP Quoting
// Library API, "QE Report Certification Data"; in quote v3 the same fields sit directly in the
// signature data): the QE report (384-byte SGX report body), its ECDSA-P256 signature by the PCK
// key, the QE authentication data (u16 LE size, then bytes) and certification data type 5, the PEM
// PCK certificate chain. The verifier checks QE REPORTDATA = SHA-256(attestation key ‖ QE auth
// data) ‖ 32 zero bytes, and the signature over `qe_report_bytes`; nothing is checked here.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "veil/base/byte_reader.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/dcap/sgx_report_body.h"

namespace veil::evidence::dcap {

struct QeReportCertification {
  std::array<std::uint8_t, kSgxReportBodySize> qe_report_bytes{};  // what the signature covers
  SgxReportBody qe_report;
  std::array<std::uint8_t, 64> qe_report_signature{};  // r ‖ s, big-endian
  Bytes qe_auth_data;
  // Certification data type 5 exactly as carried: PEM text of the PCK leaf, the PCK Platform or
  // Processor CA and the Intel SGX Root CA; Intel's QE often ends it with a NUL byte. Unsplit and
  // unparsed (endorsement/ does that).
  std::string pck_chain_pem;
};

// Reads the fields above from `reader`, stopping after the PCK chain (the caller decides whether
// bytes may follow); `chain_name` names the PCK chain's certification data in messages.
// kMalformed for truncation, a non-zero reserved byte in the QE report, or a size past what
// remains; kUnsupported for certification data of a type other than 5.
Result<QeReportCertification> ReadQeReportCertification(ByteReader& reader,
                                                        std::string_view chain_name);

}  // namespace veil::evidence::dcap
