#include "veil/endorsement/intel/signed_json.h"

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/chain.h"
#include "veil/crypto/signature.h"
#include "veil/endorsement/intel/revocation.h"
#include "veil/endorsement/intel/root.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"
#include "veil/json/raw_member.h"

namespace veil::endorsement::intel {
namespace {

constexpr std::size_t kSignatureSize = 64;  // ECDSA P-256 r||s
constexpr std::string_view kTcbSigningName = "Intel SGX TCB Signing";

}  // namespace

Result<SignedJson> SplitSignedJson(std::string_view text, std::string_view member) {
  VEIL_ASSIGN_OR_RETURN(const nlohmann::json document,
                        json::ParseJsonObject(text, "signed " + std::string(member)));
  VEIL_ASSIGN_OR_RETURN(const nlohmann::json* inner, json::RequireObject(document, member));
  (void)inner;  // only its presence and type matter here; the raw text is what is signed
  VEIL_ASSIGN_OR_RETURN(const std::string signature_hex,
                        json::RequireString(document, "signature"));
  auto signature = HexDecode(signature_hex);
  if (!signature || signature->size() != kSignatureSize) {
    return Fail(Malformed(std::string(member) + " signature must be 64 bytes of hex (r||s)"));
  }
  VEIL_ASSIGN_OR_RETURN(const std::string_view body, json::RawMemberText(text, member));
  return SignedJson{std::string(body), *std::move(signature)};
}

Result<crypto::Certificate> VerifyTcbSigningChain(std::span<const crypto::Certificate> chain,
                                                  const crypto::Crl* root_ca_crl, TimePoint at,
                                                  const crypto::Certificate& root) {
  if (chain.empty() || chain.size() > 2) {
    return Fail(
        Malformed("TCB signing chain: expected the signing certificate and optionally "
                  "the root, found " +
                  std::to_string(chain.size()) + " certificates"));
  }
  const crypto::Certificate& signer = chain[0];
  if (signer.CommonName() != kTcbSigningName) {
    return Fail(VerificationFailed("TCB signing chain: " + signer.Subject() + " is not the " +
                                   std::string(kTcbSigningName) + " certificate"));
  }
  if (chain.size() == 2 && !IsTrustedRoot(chain[1], root)) {
    return Fail(VerificationFailed("TCB signing chain: root " + chain[1].Subject() +
                                   " is not the trusted Intel SGX Root CA"));
  }
  if (auto chained = crypto::VerifyChain({signer, {}, {&root, 1}, at}); !chained) {
    return Fail(VerificationFailed("TCB signing chain: " + chained.error().message));
  }
  if (root_ca_crl != nullptr)
    VEIL_TRY(CheckNotRevoked(*root_ca_crl, "root CA CRL", root, signer, at));
  return signer;
}

Status VerifySignedBody(std::string_view body, ByteSpan signature,
                        const crypto::Certificate& signer, std::string_view item) {
  if (signature.size() != kSignatureSize) {
    return Fail(Malformed(std::string(item) + " signature must be 64 bytes (r||s)"));
  }
  VEIL_ASSIGN_OR_RETURN(const crypto::PublicKey key, signer.GetPublicKey());
  if (!key.IsEc(crypto::EcCurve::kP256)) {
    return Fail(VerificationFailed(std::string(item) + ": signer key is " + key.Describe() +
                                   ", not EC P-256"));
  }
  const ByteSpan message(reinterpret_cast<const std::uint8_t*>(body.data()), body.size());
  if (auto verified = crypto::VerifyEcdsaRaw(key, crypto::DigestAlgorithm::kSha256, message,
                                             signature.first(32), signature.subspan(32));
      !verified) {
    return Fail(VerificationFailed(std::string(item) + " signature does not verify with " +
                                   signer.Subject() + ": " + verified.error().message));
  }
  return {};
}

Status CheckIssueWindow(TimePoint issue_date, TimePoint next_update, std::string_view item,
                        TimePoint at) {
  if (at < issue_date || at >= next_update) {
    return Fail(VerificationFailed(std::string(item) + " is not current at " + FormatRfc3339(at) +
                                   ": issued " + FormatRfc3339(issue_date) + ", next update " +
                                   FormatRfc3339(next_update)));
  }
  return {};
}

}  // namespace veil::endorsement::intel
