#pragma once
// Where a trusted attestation service publishes its token keys: a JWKS document (RFC 7517
// section 5) in a local file or at an URL. https:// is verified against the system's CAs;
// http:// is accepted only on a loopback host (localhost, 127.0.0.0/8, [::1]), where no one on the
// network can replace the keys in transit. Every load reads the whole document again, so a
// rotated key is seen at the next load.

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/crypto/public_key.h"

namespace veil::passport {

// One key a JWKS vouches for.
struct TrustedKey {
  std::string kid;  // empty when the JWK has none
  crypto::PublicKey key;
  std::string source;  // the JWKS location, as configured
};

struct LoadedJwks {
  std::vector<TrustedKey> keys;
  // Keys left out, each with the reason ("key 2 (kid \"enc\"): use \"enc\" is not for
  // signatures"): a set that also holds encryption or unsupported keys still works.
  std::vector<std::string> skipped;
};

// True for "http://..." or "https://...": a location that is fetched, not read from disk.
bool IsUrl(std::string_view location);

// kInvalidArgument for a scheme other than https:// and http://, and for http:// on a host that
// is not loopback.
Status ValidateJwksLocation(std::string_view location);

// The keys of a JWKS document read from `location` (a path or an URL). kUnavailable naming the
// location when it cannot be read or fetched (or answers other than 200); ParseJwks's errors.
Result<LoadedJwks> LoadJwks(std::string_view location, std::chrono::milliseconds timeout);

// kMalformed unless `text` is a JSON object with a "keys" array; kMalformed when no key in it is
// usable for verifying signatures (the reasons listed).
Result<LoadedJwks> ParseJwks(std::string_view text, std::string_view source);

}  // namespace veil::passport
