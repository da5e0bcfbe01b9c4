#pragma once
// The one error type of Veil. A message says what was expected and what was found; `context`
// names the layer that failed (e.g. "snp", "x509", "tpm") so callers can prefix it once.

#include <string>
#include <string_view>

namespace veil {

enum class ErrorCode {
  kInvalidArgument,     // the caller passed something unusable (bad flag, bad hex)
  kMalformed,           // untrusted bytes do not follow their format
  kUnsupported,         // well-formed but a version/algorithm we do not accept
  kVerificationFailed,  // a signature, chain, binding or comparison did not hold
  kPolicyDenied,        // genuine, but a policy refused it
  kNotFound,            // a named thing does not exist
  kUnavailable,         // a dependency (file, device, service) could not be reached
  kInternal,            // a bug or an unexpected library failure
};

std::string_view ErrorCodeName(ErrorCode code);

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::string context;

  // "context: message" (or just the message when there is no context).
  std::string ToString() const;
  // The same error with `outer` prepended to its context ("snp" + "x509" -> "snp: x509").
  Error WithContext(std::string_view outer) &&;
};

Error InvalidArgument(std::string message);
Error Malformed(std::string message);
Error Unsupported(std::string message);
Error VerificationFailed(std::string message);
Error PolicyDenied(std::string message);
Error NotFound(std::string message);
Error Unavailable(std::string message);
Error Internal(std::string message);

}  // namespace veil
