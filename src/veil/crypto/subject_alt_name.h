#pragma once
// The names a workload certificate binds (RFC 5280 section 4.2.1.6): DNS names and URIs only
// (SPIFFE IDs are URIs). No OpenSSL here, so that policy/ can name them.

#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::crypto {

struct SubjectAltName {
  enum class Kind { kDns, kUri };
  Kind kind;
  std::string value;

  friend bool operator==(const SubjectAltName&, const SubjectAltName&) = default;
};

inline constexpr std::size_t kMaxDnsNameSize = 253;  // RFC 1035 section 2.3.4
inline constexpr std::size_t kMaxUriSize = 2048;     // SPIFFE IDs are at most 2048 bytes

// "dns:web.local" / "uri:spiffe://td/x": the typed text identity policies match.
std::string SubjectAltNameText(const SubjectAltName& name);

// kInvalidArgument naming the name and what is wrong with it. A DNS name is a lower-case
// RFC 1123 host name (labels of [a-z0-9-], 1..63 characters, no leading or trailing '-', at
// most 253 characters): no wildcard, no upper case (policies compare text exactly), no trailing
// dot. A URI is "<scheme>:<rest>" of printable ASCII without spaces, at most 2048 characters,
// the scheme [a-z][a-z0-9+.-]*.
Status ValidateSubjectAltName(const SubjectAltName& name);

}  // namespace veil::crypto
