#pragma once
// The JSON bodies of node enrolment (docs/kbs-protocol.md, "Node enrolment"), parsed whole before
// anything else happens. Binary members are base64 (standard alphabet, padded).
//
//   POST /veil/v0/nodes/enrol     {"name"?: node name, "ek_public": TPM2B_PUBLIC of the EK,
//                                  "ek_certificate"?: DER (or PEM) EK certificate,
//                                  "ak_public": TPM2B_PUBLIC of the AK}
//   answer                        {"enrolment_id", "credential_blob", "encrypted_secret",
//                                  "expires": RFC 3339, "node": the name it will enrol as}
//   POST /veil/v0/nodes/activate  {"enrolment_id", "secret": what ActivateCredential returned}
//   answer                        {"node", "ak": hex digest, "state": "enrolled"}

#include <optional>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::node {

struct EnrolRequest {
  std::optional<std::string> name;
  Bytes ek_public;
  Bytes ek_certificate;  // empty when not sent
  Bytes ak_public;
};

struct ActivateRequest {
  std::string enrolment_id;
  crypto::SecretBytes secret;
};

// kMalformed for a body that is not a JSON object, a missing or mistyped member, bad base64 or
// an unknown member (named).
Result<EnrolRequest> ParseEnrolRequest(std::string_view body);
Result<ActivateRequest> ParseActivateRequest(std::string_view body);

}  // namespace veil::node
