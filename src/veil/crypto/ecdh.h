#pragma once
// Elliptic-curve Diffie-Hellman (SP 800-56A, cofactor 1): the shared secret Z, i.e. the
// x-coordinate of d*Q, as many bytes as the curve's coordinate size.

#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/public_key.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::crypto {

// Both keys must be EC keys on the same curve (kInvalidArgument otherwise); the peer key is
// validated (on the curve, not the point at infinity) before use (kVerificationFailed).
Result<SecretBytes> EcdhSharedSecret(const PrivateKey& own, const PublicKey& peer);

}  // namespace veil::crypto
