#include "veil/node/enrolment_service.h"

#include <spdlog/spdlog.h>

#include "veil/appraisal/tpm/credential/make_credential.h"
#include "veil/appraisal/tpm/credential/object_name.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/base/log_safe.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/random.h"
#include "veil/endorsement/tpm/ek_certificate.h"
#include "veil/kbs/http_mapping.h"
#include "veil/node/tpm_keys.h"

namespace veil::node {
namespace {

using nlohmann::json;

constexpr std::size_t kSecretSize = 32;  // a SHA-256 TPM2B_DIGEST's maximum
constexpr std::string_view kByCertificate = "ek-certificate";
constexpr std::string_view kByRegistration = "registration";

http::Response Failure(const Error& error) {
  kbs::KbsErrorKind kind = kbs::KbsErrorKind::kInternal;
  switch (error.code) {
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kMalformed:
    case ErrorCode::kUnsupported:
      kind = kbs::KbsErrorKind::kBadRequest;
      break;
    case ErrorCode::kVerificationFailed:
    case ErrorCode::kPolicyDenied:
    case ErrorCode::kNotFound:
      kind = kbs::KbsErrorKind::kRcarAttestFailed;
      break;
    case ErrorCode::kUnavailable:
      kind = kbs::KbsErrorKind::kSessionsFull;
      break;
    case ErrorCode::kInternal:
      break;
  }
  return kbs::ErrorResponse(kbs::FromError(kind, error));
}

std::string DescribeCertificate(const crypto::Certificate& certificate) {
  return "EK certificate (issuer \"" + certificate.Issuer() + "\", SHA-256 " +
         HexEncode(certificate.Sha256Fingerprint()) + ")";
}

// The certificate's DER when it certifies `ek` under the trust store; why not otherwise.
Result<Bytes> VerifiedCertificate(ByteSpan bytes, const TpmKey& ek,
                                  const endorsement::tpm::EkTrustStore* trust_store,
                                  TimePoint now) {
  if (bytes.empty()) {
    return Fail(VerificationFailed("EK " + ek.digest +
                                   " is not registered (veil node add) and no EK certificate "
                                   "was sent"));
  }
  auto certificate = crypto::Certificate::FromDerOrPem(bytes);
  if (!certificate) return Fail(std::move(certificate).error().WithContext("EK certificate"));
  if (trust_store == nullptr) {
    return Fail(VerificationFailed(
        "EK " + ek.digest + " is not registered (veil node add), and no EK trust store is " +
        "configured ([tpm] ek_trust_store) to check its " + DescribeCertificate(*certificate)));
  }
  auto verified = endorsement::tpm::VerifyEkCertificate(
      {*certificate, ek.key, *trust_store, std::span<const crypto::Certificate>(), now});
  if (!verified) {
    return Fail(VerificationFailed(DescribeCertificate(*certificate) +
                                   " is refused: " + verified.error().ToString()));
  }
  return certificate->Der();
}

// The name the node enrols as: the registered one, else the one sent, else "ek-" and the first
// 16 digits of the EK digest.
Result<std::string> NodeName(const EnrolRequest& request, const TpmKey& ek,
                             const std::optional<store::NodeRecord>& registered) {
  if (registered) {
    const std::string& name = registered->identity.name;
    if (request.name && *request.name != name) {
      return Fail(InvalidArgument("EK " + ek.digest + " is registered as node " + name + ", not " +
                                  request.name->substr(0, store::kMaxNodeNameSize)));
    }
    return name;
  }
  std::string name = request.name.value_or("ek-" + ek.digest.substr(0, 16));
  VEIL_TRY(store::ValidateNodeName(name));
  return name;
}

}  // namespace

Result<json> EnrolmentService::Challenge(const EnrolRequest& request) {
  VEIL_ASSIGN_OR_RETURN(TpmKey ek, LoadTpmPublicArea("EK public", request.ek_public));
  VEIL_ASSIGN_OR_RETURN(TpmKey ak, LoadTpmPublicArea("AK public", request.ak_public));
  VEIL_TRY(CheckAttestationKeyAttributes(*ak.area));
  VEIL_ASSIGN_OR_RETURN(std::optional<store::NodeRecord> registered,
                        store_.FindNodeByEk(ek.digest));
  VEIL_ASSIGN_OR_RETURN(std::string name, NodeName(request, ek, registered));
  store::NodeIdentity identity{name, ek.digest, {}};
  std::string_view vouched_by = kByRegistration;
  if (!registered) {
    VEIL_ASSIGN_OR_RETURN(identity.ek_certificate, VerifiedCertificate(request.ek_certificate, ek,
                                                                       trust_store_, clock_.Now()));
    vouched_by = kByCertificate;
  }
  VEIL_ASSIGN_OR_RETURN(Bytes ak_name, appraisal::tpm::credential::ObjectName(request.ak_public));
  crypto::SecretBytes secret(crypto::RandomBytes(kSecretSize));
  VEIL_ASSIGN_OR_RETURN(
      auto challenge, appraisal::tpm::credential::MakeCredential(*ek.area, ak_name, secret.span()));
  VEIL_ASSIGN_OR_RETURN(
      EnrolmentTable::Issued issued,
      table_.Add({identity, ak.digest, std::string(vouched_by), std::move(secret), {}}));
  return json{{"enrolment_id", issued.id},
              {"credential_blob", Base64Encode(challenge.credential_blob)},
              {"encrypted_secret", Base64Encode(challenge.encrypted_secret)},
              {"expires", FormatRfc3339(issued.expires)},
              {"node", name}};
}

Result<json> EnrolmentService::Answer(const ActivateRequest& request) {
  VEIL_ASSIGN_OR_RETURN(PendingEnrolment pending,
                        table_.Redeem(request.enrolment_id, request.secret.span()));
  const std::string& name = pending.identity.name;
  if (pending.vouched_by == kByRegistration) {
    VEIL_ASSIGN_OR_RETURN(auto registered, store_.FindNodeByEk(pending.identity.ek_digest));
    if (!registered || registered->identity.name != name) {
      return Fail(VerificationFailed("node " + name +
                                     " was removed while its enrolment was pending; nothing was "
                                     "bound"));
    }
  }
  VEIL_TRY(store_.EnrolNode(pending.identity, pending.ak_digest,
                            {"node:" + name,
                             "node.enrol",
                             name,
                             {{"ek", pending.identity.ek_digest},
                              {"ak", pending.ak_digest},
                              {"vouched_by", pending.vouched_by}}}));
  spdlog::info("node {} enrolled: AK {} bound to EK {} (vouched for by {})", name,
               pending.ak_digest, pending.identity.ek_digest, pending.vouched_by);
  return json{{"node", name}, {"ak", pending.ak_digest}, {"state", "enrolled"}};
}

http::Response EnrolmentService::Enrol(const http::Request& request) {
  auto answer = [&]() -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(EnrolRequest parsed, ParseEnrolRequest(request.body));
    return Challenge(parsed);
  }();
  if (!answer) {
    spdlog::warn("node enrolment from {} refused: {}", LogSafe(request.peer),
                 LogSafe(answer.error().ToString(), 2048));
    return Failure(answer.error());
  }
  return http::Response::Json(200, *answer);
}

http::Response EnrolmentService::Activate(const http::Request& request) {
  auto answer = [&]() -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(ActivateRequest parsed, ParseActivateRequest(request.body));
    return Answer(parsed);
  }();
  if (!answer) {
    spdlog::warn("node activation from {} refused: {}", LogSafe(request.peer),
                 LogSafe(answer.error().ToString(), 2048));
    return Failure(answer.error());
  }
  return http::Response::Json(200, *answer);
}

}  // namespace veil::node
