#include "veil/passport/jwks_source.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cctype>
#include <nlohmann/json.hpp>

#include "veil/base/file.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/http/client/client.h"
#include "veil/json/parse.h"

namespace veil::passport {
namespace {

constexpr std::string_view kHttp = "http://";
constexpr std::string_view kHttps = "https://";
constexpr std::size_t kMaxJwksBytes = 1u << 20;

// The host of "scheme://[userinfo@]host[:port][/...]", without brackets around an IPv6 literal.
std::string HostOf(std::string_view url) {
  std::string_view rest = url.substr(url.find("://") + 3);
  rest = rest.substr(0, std::min(rest.find_first_of("/?#"), rest.size()));
  if (const std::size_t at = rest.rfind('@'); at != std::string_view::npos)
    rest = rest.substr(at + 1);
  if (rest.starts_with('[')) {
    const std::size_t close = rest.find(']');
    return std::string(rest.substr(1, close == std::string_view::npos ? 0 : close - 1));
  }
  return std::string(rest.substr(0, std::min(rest.find(':'), rest.size())));
}

bool IsLoopbackHost(std::string host) {
  std::transform(host.begin(), host.end(), host.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (host == "localhost") return true;
  in_addr v4{};
  if (inet_pton(AF_INET, host.c_str(), &v4) == 1) return (ntohl(v4.s_addr) >> 24) == 127;
  in6_addr v6{};
  return inet_pton(AF_INET6, host.c_str(), &v6) == 1 && IN6_IS_ADDR_LOOPBACK(&v6);
}

Result<std::string> Fetch(std::string_view url, std::chrono::milliseconds timeout) {
  auto response = http::Send({.url = std::string(url),
                              .headers = {{"Accept", "application/json"}},
                              .timeout = timeout,
                              .max_response_bytes = kMaxJwksBytes});
  if (!response) {
    return Fail(Unavailable("cannot fetch the JWKS at " + std::string(url) + ": " +
                            response.error().message));
  }
  if (response->status != 200) {
    return Fail(Unavailable("the JWKS at " + std::string(url) + " answered HTTP " +
                            std::to_string(response->status)));
  }
  return std::move(response->body);
}

Result<std::string> ReadLocal(std::string_view path) {
  auto text = ReadFileText(std::string(path), kMaxJwksBytes);
  if (!text) {
    return Fail(Unavailable("cannot read the JWKS file " + std::string(path) + ": " +
                            text.error().message));
  }
  return std::move(*text);
}

// The key of one JWK of a set, or why it cannot verify token signatures.
Result<TrustedKey> ImportKey(const nlohmann::json& jwk, std::string_view source) {
  if (!jwk.is_object()) return Fail(Malformed("is not a JSON object"));
  std::string kid;
  if (const auto member = jwk.find("kid"); member != jwk.end()) {
    if (!member->is_string()) return Fail(Malformed("\"kid\" is not a string"));
    kid = member->get<std::string>();
  }
  if (const auto use = jwk.find("use"); use != jwk.end() && *use != "sig")
    return Fail(Unsupported("use " + use->dump() + " is not for signatures"));
  VEIL_ASSIGN_OR_RETURN(crypto::PublicKey key, crypto::jose::PublicKeyFromJwk(jwk));
  return TrustedKey{std::move(kid), std::move(key), std::string(source)};
}

}  // namespace

bool IsUrl(std::string_view location) {
  return location.starts_with(kHttp) || location.starts_with(kHttps);
}

Status ValidateJwksLocation(std::string_view location) {
  if (location.starts_with(kHttps)) return {};
  if (location.starts_with(kHttp)) {
    if (IsLoopbackHost(HostOf(location))) return {};
    return Fail(InvalidArgument("the JWKS URL " + std::string(location) +
                                " is plain http on a host that is not loopback; anyone on the "
                                "path could replace the keys: use https://"));
  }
  if (location.find("://") != std::string_view::npos) {
    return Fail(InvalidArgument("the JWKS location " + std::string(location) +
                                " has a scheme other than https:// or http:// (a file is "
                                "named by its path)"));
  }
  return {};
}

Result<LoadedJwks> ParseJwks(std::string_view text, std::string_view source) {
  auto document = json::ParseJsonObject(text, "JWKS");
  if (!document) return Fail(std::move(document).error().WithContext(std::string(source)));
  const auto keys = document->find("keys");
  if (keys == document->end() || !keys->is_array())
    return Fail(Malformed(std::string(source) + ": a JWKS needs a \"keys\" array"));
  LoadedJwks loaded;
  for (std::size_t index = 0; index < keys->size(); ++index) {
    auto key = ImportKey((*keys)[index], source);
    if (key) {
      loaded.keys.push_back(std::move(*key));
    } else {
      loaded.skipped.push_back("key " + std::to_string(index) + ": " + key.error().message);
    }
  }
  if (loaded.keys.empty()) {
    std::string reasons;
    for (const std::string& reason : loaded.skipped) reasons += "; " + reason;
    return Fail(
        Malformed(std::string(source) + ": no key in the JWKS can verify signatures" + reasons));
  }
  return loaded;
}

Result<LoadedJwks> LoadJwks(std::string_view location, std::chrono::milliseconds timeout) {
  VEIL_TRY(ValidateJwksLocation(location));
  VEIL_ASSIGN_OR_RETURN(const std::string text,
                        IsUrl(location) ? Fetch(location, timeout) : ReadLocal(location));
  return ParseJwks(text, location);
}

}  // namespace veil::passport
