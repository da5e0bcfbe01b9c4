#pragma once
// A minimal bounded DER reader for the SGX extension of PCK certificates (internal).
//
// Why not OpenSSL's ASN.1: crypto/ is the only folder that includes <openssl/*>, and the SGX
// extension is Intel's own SEQUENCE of (OID, value) pairs that OpenSSL has no template for;
// walking it with d2i_ASN1_SEQUENCE_ANY would hand back generic ASN1_TYPE stacks to unpack by
// hand anyway. This reader sits on ByteReader, so every length is checked against what remains
// (`n > remaining()`), and it accepts only definite lengths of at most four bytes.

#include <cstdint>
#include <string_view>

#include "veil/base/byte_reader.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::endorsement::intel {

inline constexpr std::uint8_t kDerInteger = 0x02;
inline constexpr std::uint8_t kDerOctetString = 0x04;
inline constexpr std::uint8_t kDerObjectIdentifier = 0x06;
inline constexpr std::uint8_t kDerEnumerated = 0x0a;
inline constexpr std::uint8_t kDerBoolean = 0x01;
inline constexpr std::uint8_t kDerSequence = 0x30;

struct DerElement {
  std::uint8_t tag = 0;
  ByteSpan contents;
};

class DerReader {
 public:
  explicit DerReader(ByteSpan bytes) : reader_(bytes) {}

  bool AtEnd() const { return reader_.remaining() == 0; }
  // The next element, whatever its tag.
  Result<DerElement> Next(std::string_view field);
  // The contents of the next element, which must have `tag`.
  Result<ByteSpan> Expect(std::uint8_t tag, std::string_view field);

 private:
  Result<std::size_t> Length(std::string_view field);
  ByteReader reader_;
};

// The value of INTEGER or ENUMERATED contents: non-negative and at most `max`.
Result<std::uint64_t> DerUnsigned(ByteSpan contents, std::uint64_t max, std::string_view field);

}  // namespace veil::endorsement::intel
