#include "veil/admin/workload_ca_admin.h"

#include "veil/admin/authenticated_request.h"
#include "veil/base/duration.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate.h"
#include "veil/workload_ca/pem.h"
#include "veil/workload_ca/serial.h"
#include "veil/workload_ca/workload_ca_service.h"

namespace veil::admin {
namespace {

using nlohmann::json;

constexpr std::string_view kCasPath = "/veil/v0/workload/cas";
constexpr std::string_view kRotatePath = "/veil/v0/workload/ca/rotate";
constexpr std::string_view kRevocationsPath = "/veil/v0/workload/revocations";

json OptionalTime(const std::optional<TimePoint>& time) {
  return time ? json(FormatRfc3339(*time)) : json(nullptr);
}

Result<json> CaJson(const store::WorkloadCaRecord& ca, TimePoint now) {
  VEIL_ASSIGN_OR_RETURN(const crypto::Certificate certificate,
                        crypto::Certificate::FromDer(ca.certificate));
  return json{{"id", ca.id},
              {"subject", certificate.Subject()},
              {"not_before", FormatRfc3339(certificate.NotBefore())},
              {"not_after", FormatRfc3339(certificate.NotAfter())},
              {"created_at", FormatRfc3339(ca.created_at)},
              {"retired_at", OptionalTime(ca.retired_at)},
              {"published_until", OptionalTime(ca.published_until)},
              {"current", !ca.retired_at.has_value()},
              {"published", !ca.published_until || *ca.published_until > now},
              {"pem", workload_ca::PemBlock("CERTIFICATE", ca.certificate)}};
}

json CertificateJson(const store::WorkloadCertificateRecord& record, TimePoint now) {
  return {{"serial", record.serial},
          {"names", record.names},
          {"tee_identity", record.tee_identity},
          {"ca", record.ca_id},
          {"not_before", FormatRfc3339(record.not_before)},
          {"not_after", FormatRfc3339(record.not_after)},
          {"issued_at", FormatRfc3339(record.issued_at)},
          {"status", workload_ca::CertificateStatusName(record, now)},
          {"revoked_at", OptionalTime(record.revoked_at)},
          {"reason", record.revocation_reason
                         ? json(crypto::RevocationReasonName(*record.revocation_reason))
                         : json(nullptr)},
          {"attestation_digest", record.attestation_digest}};
}

Result<json> JsonBody(const http::Request& request) {
  if (request.body.empty()) return json::object();
  json body = json::parse(request.body, nullptr, false);
  if (!body.is_object()) return Fail(InvalidArgument("expected a JSON object body"));
  return body;
}

Result<std::optional<std::string>> OptionalString(const json& body, std::string_view key) {
  if (!body.contains(key)) return std::optional<std::string>();
  if (!body[key].is_string())
    return Fail(InvalidArgument("\"" + std::string(key) + "\": expected a string"));
  return std::optional<std::string>(body[key].get<std::string>());
}

Result<store::WorkloadRevocation> RevocationOf(const json& body) {
  store::WorkloadRevocation revocation;
  VEIL_ASSIGN_OR_RETURN(auto serial, OptionalString(body, "serial"));
  if (serial) {
    VEIL_ASSIGN_OR_RETURN(const std::uint64_t value, workload_ca::ParseSerialHex(*serial));
    revocation.serial = workload_ca::SerialHex(value);
  }
  VEIL_ASSIGN_OR_RETURN(revocation.tee_identity, OptionalString(body, "tee_identity"));
  VEIL_ASSIGN_OR_RETURN(auto reason, OptionalString(body, "reason"));
  if (reason) {
    VEIL_ASSIGN_OR_RETURN(revocation.reason, store::ParseRevocationReason(*reason));
  }
  VEIL_TRY(store::ValidateWorkloadRevocation(revocation));
  return revocation;
}

}  // namespace

void WorkloadCaAdmin::Register(http::Router& router, const Guard& guard) {
  auto guarded = [&guard](http::Handler handler) {
    return guard ? guard(std::move(handler)) : handler;
  };
  router.Add("GET", std::string(kCasPath),
             guarded([this](const http::Request& r) { return ListCas(r); }));
  router.Add("POST", std::string(kRotatePath),
             guarded([this](const http::Request& r) { return Rotate(r); }));
  router.Add("GET", std::string(workload_ca::kCertificatesPath),
             guarded([this](const http::Request& r) { return ListCertificates(r); }));
  router.Add("POST", std::string(kRevocationsPath),
             guarded([this](const http::Request& r) { return Revoke(r); }));
}

http::Response WorkloadCaAdmin::ListCas(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string&) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(const auto cas, store_.ListWorkloadCas());
    json listed = json::array();
    for (const store::WorkloadCaRecord& ca : cas) {
      VEIL_ASSIGN_OR_RETURN(json entry, CaJson(ca, clock_.Now()));
      listed.push_back(std::move(entry));
    }
    return json{{"cas", std::move(listed)}};
  });
}

http::Response WorkloadCaAdmin::Rotate(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(const json body, JsonBody(request));
    VEIL_ASSIGN_OR_RETURN(auto overlap_text, OptionalString(body, "overlap"));
    std::optional<std::chrono::seconds> overlap;
    if (overlap_text) {
      VEIL_ASSIGN_OR_RETURN(overlap, ParseDuration(*overlap_text));
    }
    VEIL_ASSIGN_OR_RETURN(const workload_ca::CaHandle previous, keyring_.Current());
    VEIL_ASSIGN_OR_RETURN(const workload_ca::CaHandle next, keyring_.Rotate(overlap, actor));
    VEIL_ASSIGN_OR_RETURN(const auto cas, store_.ListWorkloadCas());
    json previous_until = nullptr;
    for (const auto& ca : cas)
      if (ca.id == previous.record.id) previous_until = OptionalTime(ca.published_until);
    VEIL_ASSIGN_OR_RETURN(json current, CaJson(next.record, clock_.Now()));
    return json{{"ca", std::move(current)},
                {"previous", previous.record.id},
                {"previous_published_until", previous_until}};
  });
}

http::Response WorkloadCaAdmin::ListCertificates(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string&) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(const auto certificates, store_.ListWorkloadCertificates());
    json listed = json::array();
    const TimePoint now = clock_.Now();
    for (const auto& record : certificates) listed.push_back(CertificateJson(record, now));
    return json{{"certificates", std::move(listed)}};
  });
}

http::Response WorkloadCaAdmin::Revoke(const http::Request& request) {
  return Authenticated(authenticator_, request, [&](const std::string& actor) -> Result<json> {
    VEIL_ASSIGN_OR_RETURN(const json body, JsonBody(request));
    VEIL_ASSIGN_OR_RETURN(const store::WorkloadRevocation revocation, RevocationOf(body));
    const std::string subject =
        revocation.serial ? *revocation.serial : "tee:" + *revocation.tee_identity;
    VEIL_ASSIGN_OR_RETURN(
        const std::vector<std::string> revoked,
        store_.RevokeWorkloadCertificates(
            revocation, {actor,
                         std::string(kRevokeAction),
                         subject,
                         {{"reason", crypto::RevocationReasonName(revocation.reason)}}}));
    return json{{"revoked", revoked}};
  });
}

}  // namespace veil::admin
