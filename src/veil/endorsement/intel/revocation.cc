#include "veil/endorsement/intel/revocation.h"

#include <string>

#include "veil/base/rfc3339.h"

namespace veil::endorsement::intel {

Status CheckCrlCurrent(const crypto::Crl& crl, std::string_view item, TimePoint at) {
  const std::optional<TimePoint> next = crl.NextUpdate();
  if (!next) return Fail(VerificationFailed(std::string(item) + " has no nextUpdate"));
  if (at < crl.ThisUpdate() || at >= *next) {
    return Fail(VerificationFailed(std::string(item) + " is not current at " + FormatRfc3339(at) +
                                   ": valid " + FormatRfc3339(crl.ThisUpdate()) + " to " +
                                   FormatRfc3339(*next)));
  }
  return {};
}

Status CheckNotRevoked(const crypto::Crl& crl, std::string_view item,
                       const crypto::Certificate& issuer, const crypto::Certificate& subject,
                       TimePoint at) {
  if (auto signed_by = crl.VerifyIssuedBy(issuer); !signed_by) {
    return Fail(VerificationFailed(std::string(item) + ": " + signed_by.error().message));
  }
  VEIL_TRY(CheckCrlCurrent(crl, item, at));
  if (crl.Lists(subject)) {
    return Fail(VerificationFailed(subject.Subject() + " is revoked by the " + std::string(item)));
  }
  return {};
}

}  // namespace veil::endorsement::intel
