#pragma once
// Checking a signed sealed secret as confidential-data-hub does before it unseals one
// (guest-components confidential-data-hub/hub/src/secret/mod.rs): the header's "alg" must be
// ES256, the verification key an EC P-256 public key, the signature a raw 64-byte r||s that
// verifies over the ASCII of "<header>.<payload>". Either ECDSA S form verifies, as in CDH
// (its signer does not normalize S). Which key: CDH reads the header's "kid" — a kbs:///
// resource URI it fetches from the trustee, or a credential file name — and expects a public
// JWK there; the caller does that lookup and passes the key.

#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/crypto/public_key.h"
#include "veil/sealed_secret/sealed_string.h"

namespace veil::sealed_secret {

// kVerificationFailed for an unsigned sealed secret or a signature that does not verify under
// `key`; kUnsupported for an "alg" other than ES256; kInvalidArgument for a key that is not
// EC P-256.
Status VerifySealedSecret(const SealedSecret& sealed, const crypto::PublicKey& key);

// The verification key from a file an owner has: a public JWK (what CDH reads; EC P-256,
// private members refused) or a PEM "PUBLIC KEY". kMalformed, or kInvalidArgument for a key
// that is not EC P-256.
Result<crypto::PublicKey> ParseVerificationKey(std::string_view text);

// The public JWK CDH reads at `kid` (store it there: a trustee resource or a credential file):
// {"alg":"ES256","crv":"P-256","kid":...,"kty":"EC","use":"sig","x":...,"y":...}, one line of
// JCS and a newline. kInvalidArgument for a key that is not EC P-256 and CheckKid's errors.
Result<std::string> VerificationJwk(const crypto::PublicKey& key, std::string_view kid);

}  // namespace veil::sealed_secret
