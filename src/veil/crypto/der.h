#pragma once
// Decoders for single DER primitives found inside certificate extensions (e.g. AMD's VCEK
// SPL extensions). Each input must be exactly one TLV of the stated type.

#include <cstdint>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::crypto {

// INTEGER that must be non-negative and fit in 64 bits.
Result<std::uint64_t> DecodeDerUnsigned(ByteSpan der);
// OCTET STRING contents.
Result<Bytes> DecodeDerOctetString(ByteSpan der);
// IA5String, UTF8String or PrintableString contents.
Result<std::string> DecodeDerText(ByteSpan der);

}  // namespace veil::crypto
