#pragma once
// An Intel SGX DCAP quote, version 3 (Intel SGX ECDSA Quote Library API, "Quote Format"),
// little-endian: header (48) ‖ enclave report body (384) ‖ signature data size (u32) ‖ signature
// data, whose certification data must be type 5 (the PEM PCK chain) — the types that carry an
// encrypted PPID instead (1 to 4) need Intel's PCS to resolve and are not accepted. The quote
// signature covers header ‖ body (`SignedPart`).
//
// Bytes after the signature data are accepted and counted, not rejected: quote producers hand out
// fixed-size buffers, and the quote's own signature-data size, not the buffer, says where it ends.

#include <cstdint>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/dcap/ecdsa_signature_data.h"
#include "veil/evidence/dcap/quote_header.h"
#include "veil/evidence/dcap/sgx_report_body.h"

namespace veil::evidence::sgx {

inline constexpr std::uint16_t kQuoteVersion3 = 3;

struct Quote {
  dcap::QuoteHeader header;
  dcap::SgxReportBody body;  // the enclave's report: ATTRIBUTES byte 0 bit 1 = DEBUG
  dcap::EcdsaSignatureData signature_data;
  std::size_t signed_size = 0;     // the quote signature covers bytes [0, signed_size)
  std::size_t trailing_bytes = 0;  // after the signature data; not covered by anything
};

// Parses an SGX quote v3. Errors, each naming the field and what was expected and found:
// kUnsupported for a version other than 3, an attestation key type other than 2, certification
// data of a type other than 5; kMalformed for a TEE type other than 0x00, sizes past their
// container or not accounting for their contents, non-zero reserved report bytes, truncation.
Result<Quote> ParseQuote(ByteSpan bytes);

// The bytes the quote signature covers: the first `quote.signed_size` bytes of the buffer
// `quote` was parsed from.
ByteSpan SignedPart(ByteSpan quote_bytes, const Quote& quote);

}  // namespace veil::evidence::sgx
