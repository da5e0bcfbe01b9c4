#pragma once
// An Intel TDX DCAP quote, version 4 or 5 (Intel TDX DCAP Quoting Library API, appendix "Quote
// Format"), little-endian:
//   v4: header (48) ‖ TD 1.0 report body (584)                       ‖ signature data size ‖ data
//   v5: header (48) ‖ body type (u16) ‖ body size (u32) ‖ body (584/648) ‖ signature data size ‖
//   data
// The quote signature covers every byte before the signature data size (`SignedPart`).
//
// Bytes after the signature data are accepted and counted, not rejected: real quote producers
// hand out fixed-size buffers (the quote generation service pads to 5006 bytes, Google Cloud to
// 8000) and the quote's own signature-data size, not the buffer size, says where it ends.

#include <cstdint>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/dcap/ecdsa_signature_data.h"
#include "veil/evidence/dcap/quote_header.h"
#include "veil/evidence/tdx/td_report_body.h"

namespace veil::evidence::tdx {

inline constexpr std::uint16_t kQuoteVersion4 = 4;
inline constexpr std::uint16_t kQuoteVersion5 = 5;
// Quote v5 body types (TD Quote Body Descriptor); 1 would be an SGX enclave body.
inline constexpr std::uint16_t kBodyTypeTd10 = 2;
inline constexpr std::uint16_t kBodyTypeTd15 = 3;

struct Quote {
  dcap::QuoteHeader header;
  std::uint16_t body_type = kBodyTypeTd10;  // read at 0x30 in v5; v4 bodies are TD 1.0
  TdReportBody body;
  dcap::EcdsaSignatureData signature_data;
  std::size_t signed_size = 0;     // the quote signature covers bytes [0, signed_size)
  std::size_t trailing_bytes = 0;  // after the signature data; not covered by anything
};

// Parses a TDX quote. Errors, each naming the field and what was expected and found:
// kUnsupported for a version other than 4 or 5, an attestation key type other than 2, a v5 body
// type other than 2 or 3, certification data of a type other than 6 (outer) or 5 (nested);
// kMalformed for a TEE type other than 0x81, a v5 body size not matching its type, sizes past
// their container or not accounting for their contents, a non-zero reserved QE report byte, and
// truncation.
Result<Quote> ParseQuote(ByteSpan bytes);

// The bytes the quote signature covers: the first `quote.signed_size` bytes of the buffer
// `quote` was parsed from.
ByteSpan SignedPart(ByteSpan quote_bytes, const Quote& quote);

}  // namespace veil::evidence::tdx
