#include "veil/crypto/der.h"

#include <openssl/asn1.h>

#include "veil/crypto/openssl_error.h"
#include "veil/crypto/ossl_ptr.h"

namespace veil::crypto {
namespace {

using Asn1TypePtr = std::unique_ptr<ASN1_TYPE, OsslDeleter<&ASN1_TYPE_free>>;

Status ExpectConsumed(const unsigned char* cursor, ByteSpan der, std::string_view what) {
  if (cursor != der.data() + der.size())
    return Fail(Malformed("trailing bytes after DER " + std::string(what)));
  return {};
}

}  // namespace

Result<std::uint64_t> DecodeDerUnsigned(ByteSpan der) {
  const unsigned char* cursor = der.data();
  Asn1IntegerPtr integer(d2i_ASN1_INTEGER(nullptr, &cursor, static_cast<long>(der.size())));
  if (!integer) return Fail(OpensslError(ErrorCode::kMalformed, "not a DER INTEGER"));
  VEIL_TRY(ExpectConsumed(cursor, der, "INTEGER"));
  std::uint64_t value = 0;
  if (ASN1_INTEGER_get_uint64(&value, integer.get()) != 1) {
    return Fail(
        OpensslError(ErrorCode::kMalformed, "DER INTEGER is negative or wider than 64 bits"));
  }
  return value;
}

Result<Bytes> DecodeDerOctetString(ByteSpan der) {
  const unsigned char* cursor = der.data();
  Asn1OctetStringPtr octets(d2i_ASN1_OCTET_STRING(nullptr, &cursor, static_cast<long>(der.size())));
  if (!octets) return Fail(OpensslError(ErrorCode::kMalformed, "not a DER OCTET STRING"));
  VEIL_TRY(ExpectConsumed(cursor, der, "OCTET STRING"));
  const unsigned char* data = ASN1_STRING_get0_data(octets.get());
  return Bytes(data, data + ASN1_STRING_length(octets.get()));
}

Result<std::string> DecodeDerText(ByteSpan der) {
  const unsigned char* cursor = der.data();
  Asn1TypePtr value(d2i_ASN1_TYPE(nullptr, &cursor, static_cast<long>(der.size())));
  if (!value) return Fail(OpensslError(ErrorCode::kMalformed, "not a DER value"));
  VEIL_TRY(ExpectConsumed(cursor, der, "string"));
  const int type = ASN1_TYPE_get(value.get());
  if (type != V_ASN1_IA5STRING && type != V_ASN1_UTF8STRING && type != V_ASN1_PRINTABLESTRING) {
    return Fail(Malformed("DER value of type " + std::to_string(type) + " is not a text string"));
  }
  const ASN1_STRING* text = value->value.asn1_string;
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                     static_cast<std::size_t>(ASN1_STRING_length(text)));
}

}  // namespace veil::crypto
