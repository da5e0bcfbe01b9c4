#pragma once
// VerifiedClaims: the normalized claim set of evidence whose authenticity has been checked.
// The claims are JSON (the same object `veil evidence verify --json` prints under "claims");
// reference values name them as "<tee>.<path>" (e.g. "snp.measurement", "tpm.pcrs.sha256.23").

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

namespace veil::appraisal {

class ClaimsIssuer;

class VerifiedClaims {
 public:
  std::string_view tee() const { return tee_; }
  const nlohmann::json& claims() const { return claims_; }

 private:
  friend class ClaimsIssuer;
  VerifiedClaims(std::string tee, nlohmann::json claims)
      : tee_(std::move(tee)), claims_(std::move(claims)) {}

  std::string tee_;
  nlohmann::json claims_;
};

// The one way to make VerifiedClaims. By convention only appraisal/<tee>/ verifiers call it,
// and only after every check of that TEE's evidence has passed.
class ClaimsIssuer {
 public:
  static VerifiedClaims Issue(std::string tee, nlohmann::json claims) {
    return VerifiedClaims(std::move(tee), std::move(claims));
  }
};

}  // namespace veil::appraisal
