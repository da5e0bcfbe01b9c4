#include "veil/evidence/tdx/quote.h"

#include <string>

#include "veil/base/byte_reader.h"

namespace veil::evidence::tdx {
namespace {

// Quote v5: "TD Quote Body Descriptor" — body type (u16), body size (u32) — before the body.
Result<std::uint16_t> ReadBodyDescriptor(ByteReader& reader) {
  VEIL_ASSIGN_OR_RETURN(const std::uint16_t type, reader.U16Le("quote body type"));
  if (type != kBodyTypeTd10 && type != kBodyTypeTd15) {
    return Fail(Unsupported("quote v5 body type " + std::to_string(type) +
                            " is not supported (expected 2, TD 1.0, or 3, TD 1.5)"));
  }
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t size, reader.U32Le("quote body size"));
  const std::size_t expected = type == kBodyTypeTd15 ? kTd15BodySize : kTd10BodySize;
  if (size != expected) {
    return Fail(Malformed("quote v5 body size " + std::to_string(size) +
                          " does not match body type " + std::to_string(type) + " (expected " +
                          std::to_string(expected) + ")"));
  }
  return type;
}

Status ParseInto(ByteReader& reader, Quote& quote) {
  VEIL_ASSIGN_OR_RETURN(
      quote.header,
      dcap::ReadQuoteHeader(reader, {kQuoteVersion4, kQuoteVersion5}, dcap::kTeeTypeTdx));
  if (quote.header.version == kQuoteVersion5) {
    VEIL_ASSIGN_OR_RETURN(quote.body_type, ReadBodyDescriptor(reader));
  }
  VEIL_ASSIGN_OR_RETURN(quote.body, ReadTdReportBody(reader, quote.body_type == kBodyTypeTd15));
  quote.signed_size = reader.position();
  VEIL_ASSIGN_OR_RETURN(quote.signature_data,
                        dcap::ReadEcdsaSignatureData(reader, dcap::CertificationLayout::kNested));
  quote.trailing_bytes = reader.remaining();
  return {};
}

}  // namespace

Result<Quote> ParseQuote(ByteSpan bytes) {
  Quote quote;
  ByteReader reader(bytes);
  if (auto parsed = ParseInto(reader, quote); !parsed)
    return Fail(std::move(parsed).error().WithContext("tdx"));
  return quote;
}

ByteSpan SignedPart(ByteSpan quote_bytes, const Quote& quote) {
  VEIL_CHECK(quote.signed_size <= quote_bytes.size());
  return quote_bytes.first(quote.signed_size);
}

}  // namespace veil::evidence::tdx
