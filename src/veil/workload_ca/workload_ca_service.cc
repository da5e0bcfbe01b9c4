#include "veil/workload_ca/workload_ca_service.h"

#include <spdlog/spdlog.h>

#include "veil/base/log_safe.h"
#include "veil/base/rfc3339.h"
#include "veil/kbs/http_mapping.h"
#include "veil/kbs/presented_attestation.h"
#include "veil/policy/resource_policy.h"
#include "veil/workload_ca/crl_publisher.h"
#include "veil/workload_ca/pem.h"
#include "veil/workload_ca/serial.h"

namespace veil::workload_ca {
namespace {

using kbs::KbsErrorKind;
using nlohmann::json;

http::Response Pem(std::string body, std::string_view content_type) {
  http::Response response = http::Response::Text(200, std::move(body));
  response.headers.Set("Content-Type", std::string(content_type));
  return response;
}

KbsErrorKind RefusalKind(ErrorCode code) {
  switch (code) {
    case ErrorCode::kPolicyDenied:
      return KbsErrorKind::kIdentityDeny;
    case ErrorCode::kInvalidArgument:
    case ErrorCode::kMalformed:
    case ErrorCode::kUnsupported:
    case ErrorCode::kVerificationFailed:
      return KbsErrorKind::kBadRequest;
    default:
      return KbsErrorKind::kInternal;
  }
}

// The CSR PEM of a {"csr": "<PEM>"} body.
Result<std::string> CsrOf(const http::Request& request) {
  const json body = json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("csr") || !body["csr"].is_string())
    return Fail(InvalidArgument("expected a JSON body {\"csr\": \"<PEM>\"}"));
  return body["csr"].get<std::string>();
}

Result<Attestation> AttestationOf(kbs::PresentedToken presented) {
  VEIL_ASSIGN_OR_RETURN(const token::EarView view, token::ReadEarView(presented.claims));
  json input =
      policy::ResourcePolicyInputToJson({.resource = "",
                                         .status = view.status,
                                         .tee = view.tee,
                                         .trust_vector = view.trust_vector,
                                         .claims = view.tee_claims,
                                         .policy_id = view.policy_id,
                                         .attestation_service = presented.attestation_service,
                                         .unverified = view.unverified,
                                         .init_data = view.init_data});
  input.erase("resource");
  std::optional<TimePoint> expires_at;
  if (presented.claims.contains("exp") && presented.claims["exp"].is_number_integer()) {
    expires_at = TimePoint(std::chrono::seconds(presented.claims["exp"].get<std::int64_t>()));
  }
  return Attestation{.claims = std::move(presented.claims),
                     .token_digest = std::move(presented.digest),
                     .tee_identity = kbs::TeeIdentity(view),
                     .policy_input = std::move(input),
                     .expires_at = expires_at};
}

json OptionalTime(const std::optional<TimePoint>& time) {
  return time ? json(FormatRfc3339(*time)) : json(nullptr);
}

}  // namespace

std::string_view CertificateStatusName(const store::WorkloadCertificateRecord& record,
                                       TimePoint now) {
  if (record.revoked_at) return "revoked";
  if (record.not_after <= now) return "expired";
  return "good";
}

void WorkloadCaService::Register(http::Router& router, const Guard& guard) {
  auto guarded = [&guard](http::Handler handler) {
    return guard ? guard(std::move(handler)) : handler;
  };
  router.Add("POST", std::string(kCertificatePath),
             guarded([this](const http::Request& r) { return Issue(r); }));
  router.Add("GET", std::string(kCaPath),
             guarded([this](const http::Request& r) { return CaBundle(r); }));
  router.Add("GET", std::string(kCrlPath),
             guarded([this](const http::Request& r) { return Crls(r); }));
  router.AddPrefix("GET", std::string(kCertificateStatusPrefix),
                   guarded([this](const http::Request& r) { return CertificateStatus(r); }));
  router.AddPrefix("GET", std::string(kAttestationPrefix),
                   guarded([this](const http::Request& r) { return AttestationResult(r); }));
}

http::Response WorkloadCaService::Issue(const http::Request& request) {
  const TimePoint now = context_.clock.Now();
  auto presented = kbs::PresentedAttestation(context_, request, now);
  if (!presented)
    return kbs::ErrorResponse(kbs::FromError(KbsErrorKind::kTokenNotFound, presented.error()));
  auto attestation = AttestationOf(std::move(*presented));
  if (!attestation)
    return kbs::ErrorResponse(kbs::FromError(KbsErrorKind::kTokenNotFound, attestation.error()));
  auto csr = CsrOf(request);
  if (!csr) {
    const Error refusal = issuer_.Deny(*attestation, {}, std::move(csr).error());
    return kbs::ErrorResponse(kbs::FromError(KbsErrorKind::kBadRequest, refusal));
  }

  auto issued = issuer_.Issue(*csr, *attestation);
  if (!issued) {
    spdlog::warn("workload certificate for {} refused: {}", attestation->tee_identity,
                 LogSafe(issued.error().ToString(), 2048));
    return kbs::ErrorResponse(kbs::FromError(RefusalKind(issued.error().code), issued.error()));
  }
  auto published = keyring_.Published();
  if (!published)
    return kbs::ErrorResponse(kbs::FromError(KbsErrorKind::kInternal, published.error()));
  json ca_certificates = json::array();
  for (const CaHandle& ca : *published)
    ca_certificates.push_back(PemBlock("CERTIFICATE", ca.record.certificate));
  spdlog::info("issued workload certificate {} for {} to {}", issued->record.serial,
               json(issued->record.names).dump(), attestation->tee_identity);
  context_.metrics.Increment("veil_workload_certificates_total", "Workload certificates issued",
                             {});
  return http::Response::Json(200,
                              {{"certificate", PemBlock("CERTIFICATE", issued->certificate.Der())},
                               {"ca_certificates", std::move(ca_certificates)},
                               {"serial", issued->record.serial},
                               {"not_after", FormatRfc3339(issued->record.not_after)},
                               {"attestation_digest", issued->record.attestation_digest}});
}

http::Response WorkloadCaService::CaBundle(const http::Request&) {
  auto published = keyring_.Published();
  if (!published)
    return kbs::ErrorResponse(kbs::FromError(KbsErrorKind::kInternal, published.error()));
  std::string bundle;
  for (const CaHandle& ca : *published) bundle += PemBlock("CERTIFICATE", ca.record.certificate);
  return Pem(std::move(bundle), "application/pem-certificate-chain");
}

http::Response WorkloadCaService::Crls(const http::Request&) {
  auto crls = PublishedCrlsPem(keyring_, context_.store, context_.clock.Now());
  if (!crls) return kbs::ErrorResponse(kbs::FromError(KbsErrorKind::kInternal, crls.error()));
  return Pem(std::move(*crls), "application/x-pem-file");
}

http::Response WorkloadCaService::CertificateStatus(const http::Request& request) {
  const std::string_view text =
      std::string_view(request.path).substr(kCertificateStatusPrefix.size());
  auto serial = ParseSerialHex(text);
  if (!serial) return kbs::ErrorResponse(kbs::FromError(KbsErrorKind::kBadRequest, serial.error()));
  auto record = context_.store.GetWorkloadCertificate(SerialHex(*serial));
  if (!record) return kbs::ErrorResponse(kbs::FromError(KbsErrorKind::kInternal, record.error()));
  if (!*record) {
    return kbs::ErrorResponse(
        {KbsErrorKind::kInvalidRequestPath, "no certificate has serial " + SerialHex(*serial)});
  }
  const store::WorkloadCertificateRecord& found = **record;
  return http::Response::Json(
      200, {{"serial", found.serial},
            {"status", CertificateStatusName(found, context_.clock.Now())},
            {"names", found.names},
            {"not_before", FormatRfc3339(found.not_before)},
            {"not_after", FormatRfc3339(found.not_after)},
            {"revoked_at", OptionalTime(found.revoked_at)},
            {"reason", found.revocation_reason
                           ? json(crypto::RevocationReasonName(*found.revocation_reason))
                           : json(nullptr)},
            {"attestation_digest", found.attestation_digest}});
}

http::Response WorkloadCaService::AttestationResult(const http::Request& request) {
  const std::string digest(std::string_view(request.path).substr(kAttestationPrefix.size()));
  auto record = context_.store.FindWorkloadCertificateByAttestation(digest);
  if (!record) return kbs::ErrorResponse(kbs::FromError(KbsErrorKind::kInternal, record.error()));
  if (!*record) {
    return kbs::ErrorResponse({KbsErrorKind::kInvalidRequestPath,
                               "no certificate was issued for the attestation " + LogSafe(digest)});
  }
  const json claims = json::parse((*record)->attestation_result, nullptr, false);
  return http::Response::Json(
      200, {{"attestation_digest", digest}, {"claims", claims}, {"serial", (*record)->serial}});
}

}  // namespace veil::workload_ca
