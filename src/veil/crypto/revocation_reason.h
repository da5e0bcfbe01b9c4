#pragma once
// CRL entry reason codes (RFC 5280 section 5.3.1), by the names RFC 5280 gives them.

#include <optional>
#include <string_view>

namespace veil::crypto {

// The values are the CRLReason ENUMERATED codes (7 is unused).
enum class RevocationReason {
  kUnspecified = 0,
  kKeyCompromise = 1,
  kCaCompromise = 2,
  kAffiliationChanged = 3,
  kSuperseded = 4,
  kCessationOfOperation = 5,
  kCertificateHold = 6,
  kRemoveFromCrl = 8,
  kPrivilegeWithdrawn = 9,
  kAaCompromise = 10,
};

// "unspecified", "keyCompromise", "cACompromise", "affiliationChanged", "superseded",
// "cessationOfOperation", "certificateHold", "removeFromCRL", "privilegeWithdrawn",
// "aACompromise".
std::string_view RevocationReasonName(RevocationReason reason);
// The reason of an RFC 5280 name (exact spelling), nullopt for anything else.
std::optional<RevocationReason> RevocationReasonFromName(std::string_view name);
// The reason of a CRLReason code, nullopt for 7 and codes above 10.
std::optional<RevocationReason> RevocationReasonFromCode(long code);

}  // namespace veil::crypto
