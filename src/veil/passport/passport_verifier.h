#pragma once
// Accepting an attestation token that another attestation service signed. The verifying key is
// chosen by what the owner configured, never by what the token claims alone:
//   1. the header's `kid` names a key of a trusted JWKS;
//   2. else the header's `x5c` (or its `jwk`'s `x5c`) is a certificate chain that leads, at the
//      time of use, to one of the trusted certificates (and a header `jwk` is that leaf's key);
//   3. else the header's `jwk` is, key for key, one of the trusted JWKS keys (CoCo's attestation
//      service names its key this way and publishes the same key as its JWKS).
// Then the signature must verify (ES256/ES384/ES512 in either S form, EdDSA; RSA is not taken),
// `exp` must be present and not passed, `nbf`/`iat` not in the future (30 s leeway for clock
// skew). A token whose `kid` no key has makes the URL sources load again, at most once per
// refresh interval, so a rotated key is picked up without a restart.

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/passport/jwks_source.h"

namespace veil::passport {

struct PassportOptions {
  std::vector<std::string> jwks{};                    // paths or URLs (jwks_source.h)
  std::vector<std::filesystem::path> certificates{};  // PEM files of trust anchors
  std::chrono::milliseconds fetch_timeout{10'000};    // per JWKS URL load
  std::chrono::seconds refresh_interval{60};          // unknown kid: reload URLs at most this often
};

struct PassportToken {
  nlohmann::json claims;
  // Which configured source vouched for the signing key: the JWKS location or the certificate
  // file, exactly as configured. Resource policies read it as `attestation_service`.
  std::string trusted_by;
};

class PassportVerifier {
 public:
  // Loads every JWKS and certificate file now. kInvalidArgument when nothing is configured or a
  // location is refused; kUnavailable/kMalformed naming the source that cannot be loaded.
  static Result<std::unique_ptr<PassportVerifier>> Create(PassportOptions options, TimePoint now);

  // The token's claims and who vouched for it; kVerificationFailed (context "passport") naming
  // what failed: no trusted key, chain, signature, or time.
  Result<PassportToken> Verify(std::string_view token, TimePoint now) const;

 private:
  struct TrustAnchors {
    std::string name;  // the file as configured
    std::vector<crypto::Certificate> certificates;
  };

  PassportVerifier(PassportOptions options, std::vector<TrustAnchors> anchors)
      : options_(std::move(options)), anchors_(std::move(anchors)) {}
  Status LoadAllJwks(TimePoint now) const;
  // Reloads the URL sources when none has been loaded for refresh_interval; a failed reload
  // keeps the keys already loaded (and is logged).
  void RefreshIfDue(TimePoint now) const;
  // The keys loaded last: a snapshot that a concurrent reload does not change.
  std::shared_ptr<const std::vector<TrustedKey>> Keys() const;
  Result<PassportToken> VerifyWithKey(std::string_view token, const crypto::PublicKey& key,
                                      std::string trusted_by, TimePoint now) const;
  Result<PassportToken> VerifyChained(std::string_view token, const nlohmann::json& x5c,
                                      const nlohmann::json* header_jwk, TimePoint now) const;

  PassportOptions options_;
  std::vector<TrustAnchors> anchors_;
  mutable std::mutex mutex_;  // guards keys_ and loaded_at_
  mutable std::shared_ptr<const std::vector<TrustedKey>> keys_;
  mutable TimePoint loaded_at_{};
};

}  // namespace veil::passport
