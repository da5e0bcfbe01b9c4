#pragma once
// POST /veil/v0/nodes: an admin registers a node by its TPM's endorsement key (EK), so that the
// node can enrol its attestation key by credential activation (node/enrolment_service.h) without
// an EK certificate the trustee's EK trust store vouches for.
//
//   {"name": node name, "ek_certificate": base64 (DER or PEM EK certificate)}
//   {"name": node name, "ek_public": base64 (PEM or DER SubjectPublicKeyInfo, or the TPM's
//                                    TPM2B_PUBLIC / TPMT_PUBLIC of the EK)}
//
// Exactly one of the two. The certificate is not checked against the trust store: the admin
// vouches for it; its key names the EK. kInvalidArgument for a body that is not such an object,
// unknown members, and what store::ValidateNodeIdentity refuses; the key and certificate
// parsers' errors.

#include <string_view>

#include "veil/base/result.h"
#include "veil/store/node.h"

namespace veil::admin {

Result<store::NodeIdentity> ParseNodeRegistration(std::string_view body);

}  // namespace veil::admin
