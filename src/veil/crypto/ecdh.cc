#include "veil/crypto/ecdh.h"

#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

Status RequireSameCurve(const PrivateKey& own, const PublicKey& peer) {
  if (own.type() != KeyType::kEc || peer.type() != KeyType::kEc) {
    return Fail(InvalidArgument("ECDH needs two EC keys, got " + own.Describe() + " and " +
                                peer.Describe()));
  }
  VEIL_ASSIGN_OR_RETURN(const EcCurve own_curve, own.GetPublicKey().curve());
  VEIL_ASSIGN_OR_RETURN(const EcCurve peer_curve, peer.curve());
  if (own_curve != peer_curve) {
    return Fail(InvalidArgument("ECDH curves differ: own key is " +
                                std::string(EcCurveName(own_curve)) + ", peer key is " +
                                std::string(EcCurveName(peer_curve))));
  }
  return {};
}

}  // namespace

Result<SecretBytes> EcdhSharedSecret(const PrivateKey& own, const PublicKey& peer) {
  VEIL_TRY(RequireSameCurve(own, peer));
  EvpPkeyCtxPtr context(EVP_PKEY_CTX_new_from_pkey(nullptr, own.get(), nullptr));
  if (!context || EVP_PKEY_derive_init(context.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot initialise ECDH"));
  }
  // validate_peer = 1: OpenSSL checks the peer point before multiplying.
  if (EVP_PKEY_derive_set_peer_ex(context.get(), peer.get(), 1) != 1) {
    return Fail(OpensslError(ErrorCode::kVerificationFailed, "ECDH peer key is not a valid point"));
  }
  std::size_t length = 0;
  if (EVP_PKEY_derive(context.get(), nullptr, &length) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "cannot size the ECDH secret"));
  }
  SecretBytes secret(length);
  if (EVP_PKEY_derive(context.get(), secret.mutable_span().data(), &length) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "ECDH derivation failed"));
  }
  secret.Truncate(length);
  return secret;
}

}  // namespace veil::crypto
