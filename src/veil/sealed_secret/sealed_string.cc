#include "veil/sealed_secret/sealed_string.h"

#include <array>
#include <utility>

#include "veil/crypto/jose/base64url.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::sealed_secret {
namespace {

struct Parts {
  std::string_view header, payload, signature;
};

// "<header>.<payload>.<signature>" after the prefix; the cut never reads past `body`.
Result<Parts> Split(std::string_view body) {
  std::array<std::string_view, 3> parts;
  std::size_t count = 0;
  for (std::size_t start = 0;;) {
    const std::size_t dot = body.find('.', start);
    if (count == parts.size()) {
      return Fail(
          Malformed("more than four '.'-separated parts (expected "
                    "sealed.<header>.<payload>.<signature>)"));
    }
    parts[count++] = body.substr(start, dot == std::string_view::npos ? dot : dot - start);
    if (dot == std::string_view::npos) break;
    start = dot + 1;
  }
  if (count != parts.size()) {
    return Fail(Malformed(std::to_string(count + 1) + " '.'-separated parts, expected four "
                                                      "(sealed.<header>.<payload>.<signature>)"));
  }
  return Parts{parts[0], parts[1], parts[2]};
}

// The error of one part, named: "header: invalid JSON: ...".
template <class T>
Result<T> InPart(std::string_view part, Result<T> result) {
  return std::move(result).map_error([part](Error error) {
    error.message = std::string(part) + ": " + error.message;
    return error;
  });
}

std::string_view AsText(const Bytes& bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Result<SealedSignature> ParseSignature(std::string_view body, const Parts& parts) {
  SealedSignature signed_part;
  VEIL_ASSIGN_OR_RETURN(const Bytes header,
                        crypto::jose::DecodeBase64UrlField(parts.header, "header"));
  VEIL_ASSIGN_OR_RETURN(signed_part.header, InPart("header", json::ParseJson(AsText(header))));
  if (!signed_part.header.is_object()) {
    return Fail(
        Malformed(std::string("header: not a JSON object but ") + signed_part.header.type_name()));
  }
  VEIL_ASSIGN_OR_RETURN(signed_part.alg,
                        InPart("header", json::RequireString(signed_part.header, "alg")));
  VEIL_ASSIGN_OR_RETURN(signed_part.kid,
                        InPart("header", json::RequireString(signed_part.header, "kid")));
  VEIL_ASSIGN_OR_RETURN(signed_part.signature,
                        crypto::jose::DecodeBase64UrlField(parts.signature, "signature"));
  if (signed_part.signature.empty()) return Fail(Malformed("signature: empty"));
  signed_part.jws = std::string(body);
  return signed_part;
}

Result<SealedSecret> Parse(std::string_view text) {
  if (text.size() > kMaxSealedSecretSize) {
    return Fail(Malformed(std::to_string(text.size()) + " bytes, more than the " +
                          std::to_string(kMaxSealedSecretSize) + " accepted"));
  }
  if (!text.starts_with(kSealedPrefix)) {
    return Fail(
        Malformed("does not start with \"sealed.\" (a CoCo sealed secret is "
                  "sealed.<header>.<payload>.<signature>)"));
  }
  const std::string_view body = text.substr(kSealedPrefix.size());
  VEIL_ASSIGN_OR_RETURN(const Parts parts, Split(body));
  const bool fake_header = parts.header == kUnsignedHeader;
  const bool fake_signature = parts.signature == kUnsignedSignature;
  if (fake_header != fake_signature) {
    return Fail(Malformed(std::string("the unsigned placeholder ") +
                          (fake_header ? "header \"fakejwsheader\" with a signature"
                                       : "signature \"fakesignature\" with a header") +
                          ": an unsigned sealed secret has both, a signed one neither"));
  }
  SealedSecret sealed;
  if (!fake_header) {
    VEIL_ASSIGN_OR_RETURN(sealed.signature, ParseSignature(body, parts));
  }
  VEIL_ASSIGN_OR_RETURN(const Bytes payload,
                        crypto::jose::DecodeBase64UrlField(parts.payload, "payload"));
  VEIL_ASSIGN_OR_RETURN(sealed.secret, InPart("payload", ParseSecret(AsText(payload))));
  return sealed;
}

}  // namespace

Result<SealedSecret> ParseSealedSecret(std::string_view text) {
  return Parse(text).map_error(
      [](Error error) { return std::move(error).WithContext("sealed secret"); });
}

}  // namespace veil::sealed_secret
