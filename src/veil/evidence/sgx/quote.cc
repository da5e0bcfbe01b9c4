#include "veil/evidence/sgx/quote.h"

#include "veil/base/byte_reader.h"

namespace veil::evidence::sgx {
namespace {

Status ParseInto(ByteReader& reader, Quote& quote) {
  VEIL_ASSIGN_OR_RETURN(quote.header,
                        dcap::ReadQuoteHeader(reader, {kQuoteVersion3}, dcap::kTeeTypeSgx));
  VEIL_ASSIGN_OR_RETURN(quote.body, dcap::ReadSgxReportBody(reader, "enclave report body"));
  quote.signed_size = reader.position();
  VEIL_ASSIGN_OR_RETURN(quote.signature_data,
                        dcap::ReadEcdsaSignatureData(reader, dcap::CertificationLayout::kDirect));
  quote.trailing_bytes = reader.remaining();
  return {};
}

}  // namespace

Result<Quote> ParseQuote(ByteSpan bytes) {
  Quote quote;
  ByteReader reader(bytes);
  if (auto parsed = ParseInto(reader, quote); !parsed)
    return Fail(std::move(parsed).error().WithContext("sgx"));
  return quote;
}

ByteSpan SignedPart(ByteSpan quote_bytes, const Quote& quote) {
  VEIL_CHECK(quote.signed_size <= quote_bytes.size());
  return quote_bytes.first(quote.signed_size);
}

}  // namespace veil::evidence::sgx
