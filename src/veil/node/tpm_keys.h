#pragma once
// The EK and AK of a node as they reach the trustee, and the digest that names them everywhere
// else (store/node.h, the TPM quote's `ak` claim, `tpm.ak` reference values): the hex SHA-256 of
// the key's DER SubjectPublicKeyInfo, so an EK certificate's key and the TPM's public area of
// the same key have one digest.

#include <optional>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/public_key.h"
#include "veil/evidence/tpm/public_area.h"

namespace veil::node {

// Hex SHA-256 (lower case) of `key`'s DER SubjectPublicKeyInfo.
std::string KeyDigest(const crypto::PublicKey& key);

struct TpmKey {
  crypto::PublicKey key;
  std::optional<evidence::tpm::PublicArea> area;  // present when the bytes were a public area
  std::string digest;                             // KeyDigest(key)
};

// A TPM public area (TPM2B_PUBLIC or TPMT_PUBLIC: what MakeCredential needs), errors named as
// `what` ("EK public", "AK public"): the public area parser's, kUnsupported for a key OpenSSL
// cannot import.
Result<TpmKey> LoadTpmPublicArea(std::string_view what, ByteSpan bytes);
// PEM or DER SubjectPublicKeyInfo (starts with "-----" or 0x30), else a TPM public area.
Result<TpmKey> LoadTpmPublicKey(std::string_view what, ByteSpan bytes);

// An AK the trustee will bind to a node: a restricted signing key (it signs only digests the TPM
// computed itself, so a quote cannot be forged with it), fixedTPM and fixedParent (it cannot
// leave the TPM). kInvalidArgument naming the first missing attribute, with the attributes found.
Status CheckAttestationKeyAttributes(const evidence::tpm::PublicArea& ak);

}  // namespace veil::node
