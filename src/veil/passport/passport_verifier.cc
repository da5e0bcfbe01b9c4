#include "veil/passport/passport_verifier.h"

#include <spdlog/spdlog.h>

#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/chain.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/jose/jwt_time.h"

namespace veil::passport {
namespace {

using nlohmann::json;

constexpr std::chrono::seconds kLeeway{30};
constexpr std::size_t kMaxChainLength = 8;

Error Refused(std::string message) {
  return Error{ErrorCode::kVerificationFailed, std::move(message), "passport"};
}

Result<std::vector<crypto::Certificate>> ReadAnchors(const std::filesystem::path& file) {
  auto pem = ReadFileText(file, 1u << 20);
  if (!pem) {
    return Fail(Unavailable("cannot read the trusted certificates " + file.string() + ": " +
                            pem.error().message));
  }
  auto certificates = crypto::Certificate::ChainFromPem(*pem);
  if (!certificates || certificates->empty()) {
    return Fail(Malformed(file.string() + " holds no PEM certificate" +
                          (certificates ? "" : ": " + certificates.error().message)));
  }
  return std::move(*certificates);
}

// The chain a token header carries: "x5c" in the header, else in its "jwk"; nullptr for none.
const json* HeaderChain(const json& header, const json* jwk) {
  if (const auto x5c = header.find("x5c"); x5c != header.end()) return &*x5c;
  if (jwk != nullptr) {
    if (const auto x5c = jwk->find("x5c"); x5c != jwk->end()) return &*x5c;
  }
  return nullptr;
}

// RFC 7515 section 4.1.6: standard base64 DER, leaf first.
Result<std::vector<crypto::Certificate>> DecodeChain(const json& x5c) {
  if (!x5c.is_array() || x5c.empty() || x5c.size() > kMaxChainLength) {
    return Fail(
        Refused("x5c must be an array of 1.." + std::to_string(kMaxChainLength) + " certificates"));
  }
  std::vector<crypto::Certificate> chain;
  for (const json& entry : x5c) {
    if (!entry.is_string()) return Fail(Refused("x5c holds a member that is not a string"));
    auto der = Base64Decode(entry.get<std::string>());
    if (!der) return Fail(Refused("x5c holds a member that is not base64"));
    auto certificate = crypto::Certificate::FromDer(*der);
    if (!certificate)
      return Fail(Refused("x5c holds no certificate: " + certificate.error().message));
    chain.push_back(std::move(*certificate));
  }
  return chain;
}

std::string Describe(const std::string& kid, const json* jwk) {
  std::string described = kid.empty() ? "no kid" : "kid \"" + kid + "\"";
  if (jwk != nullptr) {
    auto thumbprint = crypto::jose::JwkThumbprintSha256(*jwk);
    described += thumbprint ? ", jwk thumbprint " + *thumbprint : ", an unusable jwk";
  }
  return described;
}

}  // namespace

Result<std::unique_ptr<PassportVerifier>> PassportVerifier::Create(PassportOptions options,
                                                                   TimePoint now) {
  if (options.jwks.empty() && options.certificates.empty()) {
    return Fail(InvalidArgument("no trusted attestation service: name a JWKS or certificates"));
  }
  for (const std::string& location : options.jwks) VEIL_TRY(ValidateJwksLocation(location));
  std::vector<TrustAnchors> anchors;
  for (const auto& file : options.certificates) {
    VEIL_ASSIGN_OR_RETURN(auto certificates, ReadAnchors(file));
    anchors.push_back({file.string(), std::move(certificates)});
  }
  std::unique_ptr<PassportVerifier> verifier(
      new PassportVerifier(std::move(options), std::move(anchors)));
  VEIL_TRY(verifier->LoadAllJwks(now));
  return verifier;
}

Status PassportVerifier::LoadAllJwks(TimePoint now) const {
  std::vector<TrustedKey> keys;
  for (const std::string& location : options_.jwks) {
    VEIL_ASSIGN_OR_RETURN(LoadedJwks loaded, LoadJwks(location, options_.fetch_timeout));
    for (const std::string& skipped : loaded.skipped)
      spdlog::warn("trusted JWKS {}: {} (left out)", location, skipped);
    spdlog::info("trusted JWKS {}: {} key(s)", location, loaded.keys.size());
    for (auto& key : loaded.keys) keys.push_back(std::move(key));
  }
  auto snapshot = std::make_shared<const std::vector<TrustedKey>>(std::move(keys));
  const std::lock_guard lock(mutex_);
  keys_ = std::move(snapshot);
  loaded_at_ = now;
  return {};
}

void PassportVerifier::RefreshIfDue(TimePoint now) const {
  bool has_url = false;
  for (const std::string& location : options_.jwks) has_url = has_url || IsUrl(location);
  {
    const std::lock_guard lock(mutex_);
    if (!has_url || now - loaded_at_ < options_.refresh_interval) return;
    loaded_at_ = now;  // one reload per interval, however many requests ask
  }
  if (auto reloaded = LoadAllJwks(now); !reloaded) {
    spdlog::warn("reloading the trusted JWKS failed, keeping the keys loaded before: {}",
                 reloaded.error().ToString());
  }
}

std::shared_ptr<const std::vector<TrustedKey>> PassportVerifier::Keys() const {
  const std::lock_guard lock(mutex_);
  return keys_;
}

Result<PassportToken> PassportVerifier::VerifyWithKey(std::string_view token,
                                                      const crypto::PublicKey& key,
                                                      std::string trusted_by, TimePoint now) const {
  auto jwt = crypto::jose::VerifyJwt(token, key, crypto::jose::EcdsaSForm::kEither);
  if (!jwt) {
    return Fail(Refused("the token's signature does not verify with the key " + trusted_by +
                        " vouches for: " + jwt.error().message));
  }
  if (auto times = crypto::jose::CheckJwtTimes(jwt->claims, now, kLeeway); !times)
    return Fail(Refused("token from " + trusted_by + ": " + times.error().message));
  return PassportToken{std::move(jwt->claims), std::move(trusted_by)};
}

Result<PassportToken> PassportVerifier::VerifyChained(std::string_view token, const json& x5c,
                                                      const json* header_jwk, TimePoint now) const {
  VEIL_ASSIGN_OR_RETURN(const auto chain, DecodeChain(x5c));
  VEIL_ASSIGN_OR_RETURN(const crypto::PublicKey leaf_key, chain.front().GetPublicKey());
  if (header_jwk != nullptr) {
    auto jwk_key = crypto::jose::PublicKeyFromJwk(*header_jwk);
    if (!jwk_key || !jwk_key->Equals(leaf_key))
      return Fail(Refused("the header jwk is not the key of the x5c leaf certificate"));
  }
  const std::span<const crypto::Certificate> intermediates(chain.data() + 1, chain.size() - 1);
  std::string failures;
  for (const TrustAnchors& anchors : anchors_) {
    auto verified = crypto::VerifyChain({.leaf = chain.front(),
                                         .intermediates = intermediates,
                                         .roots = anchors.certificates,
                                         .at = now});
    if (verified) return VerifyWithKey(token, leaf_key, anchors.name, now);
    failures += "; " + anchors.name + ": " + verified.error().message;
  }
  return Fail(Refused("the token's x5c chain (leaf " + chain.front().Subject() +
                      ") leads to no trusted certificate" + failures));
}

Result<PassportToken> PassportVerifier::Verify(std::string_view token, TimePoint now) const {
  auto decoded = crypto::jose::DecodeJwtUnverified(token);
  if (!decoded) return Fail(Refused("not a JWT: " + decoded.error().message));
  const json& header = decoded->header;
  const std::string kid =
      header.value("kid", json()).is_string() ? header["kid"].get<std::string>() : std::string();
  const auto jwk_member = header.find("jwk");
  const json* jwk = jwk_member != header.end() && jwk_member->is_object() ? &*jwk_member : nullptr;

  // A kid no loaded key has may be a rotated key: the URL sources are asked again (rate-bounded).
  for (int attempt = 0; !kid.empty() && attempt < 2; ++attempt) {
    for (const TrustedKey& trusted : *Keys()) {
      if (trusted.kid == kid) return VerifyWithKey(token, trusted.key, trusted.source, now);
    }
    if (attempt == 0) RefreshIfDue(now);
  }
  if (const json* x5c = HeaderChain(header, jwk); x5c != nullptr && !anchors_.empty())
    return VerifyChained(token, *x5c, jwk, now);
  if (jwk != nullptr) {
    if (auto key = crypto::jose::PublicKeyFromJwk(*jwk)) {
      for (const TrustedKey& trusted : *Keys()) {
        if (trusted.key.Equals(*key)) return VerifyWithKey(token, trusted.key, trusted.source, now);
      }
    }
  }
  return Fail(
      Refused("no trusted attestation service vouches for the token's key (" + Describe(kid, jwk) +
              "): no trusted JWKS holds it" +
              (anchors_.empty() ? std::string()
                                : " and it carries no x5c chain to a trusted certificate")));
}

}  // namespace veil::passport
