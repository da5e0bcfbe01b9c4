#include "veil/crypto/revocation_reason.h"

namespace veil::crypto {
namespace {

constexpr RevocationReason kReasons[] = {
    RevocationReason::kUnspecified,        RevocationReason::kKeyCompromise,
    RevocationReason::kCaCompromise,       RevocationReason::kAffiliationChanged,
    RevocationReason::kSuperseded,         RevocationReason::kCessationOfOperation,
    RevocationReason::kCertificateHold,    RevocationReason::kRemoveFromCrl,
    RevocationReason::kPrivilegeWithdrawn, RevocationReason::kAaCompromise,
};

}  // namespace

std::string_view RevocationReasonName(RevocationReason reason) {
  switch (reason) {
    case RevocationReason::kUnspecified:
      return "unspecified";
    case RevocationReason::kKeyCompromise:
      return "keyCompromise";
    case RevocationReason::kCaCompromise:
      return "cACompromise";
    case RevocationReason::kAffiliationChanged:
      return "affiliationChanged";
    case RevocationReason::kSuperseded:
      return "superseded";
    case RevocationReason::kCessationOfOperation:
      return "cessationOfOperation";
    case RevocationReason::kCertificateHold:
      return "certificateHold";
    case RevocationReason::kRemoveFromCrl:
      return "removeFromCRL";
    case RevocationReason::kPrivilegeWithdrawn:
      return "privilegeWithdrawn";
    case RevocationReason::kAaCompromise:
      return "aACompromise";
  }
  return "unknown";
}

std::optional<RevocationReason> RevocationReasonFromName(std::string_view name) {
  for (const RevocationReason reason : kReasons) {
    if (RevocationReasonName(reason) == name) return reason;
  }
  return std::nullopt;
}

std::optional<RevocationReason> RevocationReasonFromCode(long code) {
  for (const RevocationReason reason : kReasons) {
    if (static_cast<long>(reason) == code) return reason;
  }
  return std::nullopt;
}

}  // namespace veil::crypto
