#pragma once
// How an admin key is named in the audit log: "admin:" and the first 16 characters of its
// RFC 7638 JWK thumbprint (SHA-256, base64url). Shared by the trustee and the CLI.

#include <string>

#include "veil/base/result.h"
#include "veil/crypto/public_key.h"

namespace veil::protocol {

Result<std::string> AdminActor(const crypto::PublicKey& key);

}  // namespace veil::protocol
