#include "veil/payload/payload_header.h"

#include <algorithm>
#include <array>
#include <nlohmann/json.hpp>

#include "veil/base/base64.h"
#include "veil/crypto/aes_gcm.h"
#include "veil/json/jcs.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::payload {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 5> kMembers = {"alg", "key_resource", "nonce",
                                                      "plaintext_size", "version"};
constexpr std::uint64_t kMaxJsonInteger = (std::uint64_t{1} << 53) - 1;  // RFC 7493 section 2.2

// A found value for an error message, cut short so that a hostile header cannot flood a log.
std::string Found(const Json& value) {
  std::string text = value.dump(-1, ' ', false, Json::error_handler_t::replace);
  return text.size() <= 64 ? text : text.substr(0, 64) + "...";
}

Status CheckMemberNames(const Json& object) {
  for (const auto& [name, value] : object.items()) {
    if (std::find(kMembers.begin(), kMembers.end(), name) == kMembers.end()) {
      return Fail(Malformed("unexpected member " + Found(name) +
                            " (expected only alg, key_resource, nonce, plaintext_size, version)"));
    }
  }
  for (std::string_view name : kMembers) {
    if (!json::HasMember(object, name))
      return Fail(Malformed("missing member \"" + std::string(name) + "\""));
  }
  return {};
}

Result<std::uint32_t> ParseVersion(const Json& object) {
  const Json& version = object.at("version");
  if (!version.is_number_unsigned() || version.get<std::uint64_t>() != kPayloadVersion) {
    return Fail(Unsupported("version: expected 1, found " + Found(version)));
  }
  return kPayloadVersion;
}

Result<std::string> ParseAlgorithm(const Json& object) {
  VEIL_ASSIGN_OR_RETURN(std::string algorithm, json::RequireString(object, "alg"));
  if (algorithm != kPayloadAlgorithm) {
    return Fail(Unsupported("alg: expected \"" + std::string(kPayloadAlgorithm) + "\", found " +
                            Found(algorithm)));
  }
  return algorithm;
}

Result<protocol::ResourcePath> ParseKeyResource(const Json& object) {
  VEIL_ASSIGN_OR_RETURN(std::string text, json::RequireString(object, "key_resource"));
  auto path = protocol::ResourcePath::Parse(text);
  if (!path) return Fail(Malformed("key_resource: " + path.error().message));
  return std::move(*path);
}

Result<Bytes> ParseNonce(const Json& object) {
  VEIL_ASSIGN_OR_RETURN(std::string text, json::RequireString(object, "nonce"));
  auto nonce = Base64UrlDecode(text);
  // Re-encoding refuses padding and any second spelling of the same bytes.
  if (!nonce || Base64UrlEncode(*nonce) != text) {
    return Fail(Malformed("nonce: expected unpadded base64url, found " + Found(text)));
  }
  if (nonce->size() != crypto::kAesGcmIvSize) {
    return Fail(Malformed("nonce: expected " + std::to_string(crypto::kAesGcmIvSize) +
                          " bytes, found " + std::to_string(nonce->size())));
  }
  return std::move(*nonce);
}

Result<std::uint64_t> ParsePlaintextSize(const Json& object) {
  const Json& size = object.at("plaintext_size");
  if (!size.is_number_unsigned() || size.get<std::uint64_t>() > kMaxJsonInteger) {
    return Fail(
        Malformed("plaintext_size: expected an integer in 0..2^53-1, found " + Found(size)));
  }
  return size.get<std::uint64_t>();
}

Json ToJson(const PayloadHeader& header) {
  return Json{{"version", header.version},
              {"alg", header.algorithm},
              {"key_resource", header.key_resource.str()},
              {"nonce", Base64UrlEncode(header.nonce)},
              {"plaintext_size", header.plaintext_size}};
}

Result<PayloadHeader> ParseFields(const Json& object) {
  if (!object.is_object())
    return Fail(Malformed(std::string("expected a JSON object, found ") + object.type_name()));
  VEIL_TRY(CheckMemberNames(object));
  VEIL_ASSIGN_OR_RETURN(std::uint32_t version, ParseVersion(object));
  VEIL_ASSIGN_OR_RETURN(std::string algorithm, ParseAlgorithm(object));
  VEIL_ASSIGN_OR_RETURN(protocol::ResourcePath key_resource, ParseKeyResource(object));
  VEIL_ASSIGN_OR_RETURN(Bytes nonce, ParseNonce(object));
  VEIL_ASSIGN_OR_RETURN(std::uint64_t plaintext_size, ParsePlaintextSize(object));
  return PayloadHeader{version, std::move(algorithm), std::move(key_resource), std::move(nonce),
                       plaintext_size};
}

}  // namespace

Result<std::string> SerializePayloadHeader(const PayloadHeader& header) {
  if (header.nonce.size() != crypto::kAesGcmIvSize) {
    return Fail(InvalidArgument("payload header: nonce of " + std::to_string(header.nonce.size()) +
                                " bytes, expected " + std::to_string(crypto::kAesGcmIvSize)));
  }
  if (header.plaintext_size > kMaxJsonInteger) {
    return Fail(InvalidArgument("payload header: plaintext_size " +
                                std::to_string(header.plaintext_size) + " exceeds 2^53-1"));
  }
  return json::CanonicalizeJcs(ToJson(header));
}

Result<PayloadHeader> ParsePayloadHeader(ByteSpan bytes) {
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  auto parsed = json::ParseJson(text).and_then(ParseFields);
  if (!parsed) return Fail(std::move(parsed).error().WithContext("header"));
  // Only one spelling of a header is accepted, so that its bytes (the AAD) follow from its meaning.
  VEIL_ASSIGN_OR_RETURN(std::string canonical, SerializePayloadHeader(*parsed));
  if (canonical != text) {
    const auto difference =
        std::mismatch(canonical.begin(), canonical.end(), text.begin(), text.end()).first;
    return Fail(
        Malformed(
            "not in canonical JSON form (RFC 8785: no whitespace, members sorted by name); first "
            "difference at byte " +
            std::to_string(difference - canonical.begin()))
            .WithContext("header"));
  }
  return parsed;
}

}  // namespace veil::payload
