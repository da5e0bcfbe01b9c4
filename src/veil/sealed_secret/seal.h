#pragma once
// Making the string confidential-data-hub unseals (sealed_string.h) from a secret (secret.h).
// Both forms are exactly what CDH's own `secret` tool writes: the payload is SerializeSecret's
// compact JSON; signed, the header is {"alg":"ES256","kid":<kid>} and the signature ES256
// (P-256, SHA-256, raw r||s) over "<header>.<payload>".

#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/crypto/private_key.h"
#include "veil/sealed_secret/secret.h"

namespace veil::sealed_secret {

// What a signed sealed secret's "kid" may be: a kbs:/// resource URI (CDH fetches the public
// JWK from the trustee, after attestation) or the name of a credential file CDH was given at
// /run/confidential-containers/cdh/sealed-secret/<name> ([A-Za-z0-9._-], not "." or "..").
// kInvalidArgument otherwise.
Status CheckKid(std::string_view kid);

// "sealed.fakejwsheader.<payload>.fakesignature": CDH unseals it only when configured with
// skip_sealed_secret_verification. SerializeSecret's errors.
Result<std::string> SealUnsigned(const Secret& secret);

// "sealed.<header>.<payload>.<signature>". kInvalidArgument for a key that is not EC P-256
// (CDH verifies ES256 only) and CheckKid's errors.
Result<std::string> SealSigned(const Secret& secret, const crypto::PrivateKey& key,
                               std::string_view kid);

}  // namespace veil::sealed_secret
