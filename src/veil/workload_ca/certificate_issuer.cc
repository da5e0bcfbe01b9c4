#include "veil/workload_ca/certificate_issuer.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate_extensions.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/kbs/policy_inputs.h"
#include "veil/policy/identity_policy.h"
#include "veil/workload_ca/serial.h"

namespace veil::workload_ca {
namespace {

TimePoint WholeSeconds(TimePoint time) { return std::chrono::floor<std::chrono::seconds>(time); }

std::vector<std::string> NameTexts(const std::vector<crypto::SubjectAltName>& names) {
  std::vector<std::string> texts;
  texts.reserve(names.size());
  for (const auto& name : names) texts.push_back(crypto::SubjectAltNameText(name));
  return texts;
}

static_assert(store::kMaxWorkloadNameSize >= std::string_view("uri:").size() + crypto::kMaxUriSize,
              "the store must hold every name a certificate request may carry");

// Before the policy, so that whatever the policy allows can also be signed and recorded.
Status CheckNames(const std::vector<crypto::SubjectAltName>& names) {
  if (names.empty()) {
    return Fail(InvalidArgument(
        "certificate request: expected at least one DNS or URI subjectAltName, got none"));
  }
  if (names.size() > kMaxRequestedNames) {
    return Fail(InvalidArgument("certificate request: expected at most " +
                                std::to_string(kMaxRequestedNames) + " names, got " +
                                std::to_string(names.size())));
  }
  for (std::size_t i = 0; i < names.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (names[j].kind == names[i].kind && names[j].value == names[i].value) {
        return Fail(InvalidArgument("certificate request: " + crypto::SubjectAltNameText(names[i]) +
                                    " is named twice"));
      }
    }
  }
  return {};
}

// The identity policy's decision; with no policy stored, every name is refused.
Result<policy::IdentityDecision> DecideNames(store::Store& store,
                                             const std::vector<crypto::SubjectAltName>& names,
                                             const nlohmann::json& input, TimePoint now) {
  VEIL_ASSIGN_OR_RETURN(auto record, store.GetPolicy(store::PolicyKind::kIdentity));
  if (!record) {
    return policy::IdentityDecision{
        .allowed = false,
        .rule = "",
        .name = crypto::SubjectAltNameText(names.front()),
        .reason =
            "no identity policy is set: the trustee issues no certificate until its owner "
            "sets one (veil policy set identity FILE)",
        .trace = {}};
  }
  VEIL_ASSIGN_OR_RETURN(const policy::IdentityPolicy identity,
                        policy::ParseIdentityPolicy(record->policy.text));
  VEIL_ASSIGN_OR_RETURN(const policy::ReferenceValueSet references,
                        kbs::CurrentReferenceValues(store));
  return policy::DecideIdentity(identity, names, input, references, now);
}

// notAfter: now + ttl, but never past the token's exp + ttl nor the CA's own notAfter.
TimePoint NotAfter(TimePoint now, const Attestation& attestation, const CaHandle& ca,
                   std::chrono::seconds ttl) {
  TimePoint not_after = now + ttl;
  if (attestation.expires_at)
    not_after = std::min(not_after, WholeSeconds(*attestation.expires_at) + ttl);
  return std::min(not_after, ca.certificate.NotAfter());
}

Result<std::vector<crypto::CertificateExtension>> Extensions(
    const crypto::PublicKey& key, const std::vector<crypto::SubjectAltName>& names,
    const CaHandle& ca, const WorkloadCaOptions& options, std::string_view token_digest) {
  // The subject is empty: the names are the identity, so subjectAltName is critical (RFC 5280
  // §4.2.1.6).
  VEIL_ASSIGN_OR_RETURN(crypto::CertificateExtension san,
                        crypto::SubjectAltNameExtension(names, /*critical=*/true));
  VEIL_ASSIGN_OR_RETURN(crypto::CertificateExtension authority,
                        crypto::AuthorityKeyIdentifierExtension(ca.certificate));
  std::vector<crypto::CertificateExtension> extensions{
      std::move(san),
      crypto::EndEntityKeyUsageExtension(key.type()),
      crypto::ServerAndClientAuthExtension(),
      crypto::EndEntityBasicConstraintsExtension(),
      crypto::SubjectKeyIdentifierExtension(key),
      std::move(authority)};
  if (!options.public_url.empty()) {
    std::string base = options.public_url;
    while (!base.empty() && base.back() == '/') base.pop_back();
    VEIL_ASSIGN_OR_RETURN(crypto::CertificateExtension distribution,
                          crypto::CrlDistributionPointExtension(base + "/veil/v0/workload/crl"));
    extensions.push_back(std::move(distribution));
  }
  constexpr std::string_view kSha256Prefix = "sha256:";
  VEIL_ASSIGN_OR_RETURN(const Bytes digest, HexDecode(token_digest.substr(kSha256Prefix.size())));
  extensions.push_back(
      {std::string(kAttestationResultExtensionOid), crypto::EncodeDerOctetString(digest), false});
  return extensions;
}

}  // namespace

Status CheckWorkloadKey(const crypto::PublicKey& key) {
  if (key.IsEc(crypto::EcCurve::kP256)) return {};
  if (key.type() == crypto::KeyType::kRsa && key.bits() >= 2048) return {};
  return Fail(
      Unsupported("certificate request: expected an EC P-256 or RSA (2048 bits or more) "
                  "key, got " +
                  key.Describe()));
}

Error CertificateIssuer::Deny(const Attestation& attestation, const std::vector<std::string>& names,
                              Error refusal, const std::string& rule) {
  nlohmann::json details{{"names", names},
                         {"attestation_digest", attestation.token_digest},
                         {"reason", refusal.ToString()}};
  if (!rule.empty()) details["rule"] = rule;
  const std::string subject = names.empty() ? std::string("(no name)") : names.front();
  if (auto audited = store_.AppendAudit(
          {"tee:" + attestation.tee_identity, std::string(kDenyAction), subject, details});
      !audited) {
    spdlog::warn("the refusal of a certificate for {} could not be audited: {}", subject,
                 audited.error().ToString());
  }
  return refusal;
}

Result<IssuedCertificate> CertificateIssuer::Issue(std::string_view csr_pem,
                                                   const Attestation& attestation) {
  auto parsed = crypto::CertificateRequest::ParsePem(csr_pem);
  if (!parsed) return Fail(Deny(attestation, {}, std::move(parsed).error()));
  const crypto::CertificateRequest& request = *parsed;
  if (auto proof = request.VerifySelfSignature(); !proof)
    return Fail(Deny(attestation, {}, std::move(proof).error()));
  auto key = request.public_key();
  if (!key) return Fail(Deny(attestation, {}, std::move(key).error()));
  if (auto accepted = CheckWorkloadKey(*key); !accepted)
    return Fail(Deny(attestation, {}, std::move(accepted).error()));
  auto names = request.subject_alt_names();
  if (!names) return Fail(Deny(attestation, {}, std::move(names).error()));
  const std::vector<std::string> texts = NameTexts(*names);
  if (auto counted = CheckNames(*names); !counted)
    return Fail(Deny(attestation, texts, std::move(counted).error()));

  VEIL_ASSIGN_OR_RETURN(const policy::IdentityDecision decision,
                        DecideNames(store_, *names, attestation.policy_input, clock_.Now()));
  if (!decision.allowed) {
    return Fail(Deny(attestation, texts, PolicyDenied(decision.reason), decision.rule));
  }
  return Sign(request, attestation, *names, {decision.rule});
}

Result<IssuedCertificate> CertificateIssuer::Sign(const crypto::CertificateRequest& request,
                                                  const Attestation& attestation,
                                                  const std::vector<crypto::SubjectAltName>& names,
                                                  std::vector<std::string> rules) {
  const WorkloadCaOptions& options = keyring_.options();
  VEIL_ASSIGN_OR_RETURN(const CaHandle ca, keyring_.Current());
  VEIL_ASSIGN_OR_RETURN(const crypto::PublicKey key, request.public_key());
  const TimePoint now = WholeSeconds(clock_.Now());
  const TimePoint not_after = NotAfter(now, attestation, ca, options.certificate_ttl);
  if (not_after <= now) {
    return Fail(Unavailable("the current workload CA expires at " +
                            FormatRfc3339(ca.certificate.NotAfter()) +
                            ": rotate it (veil ca rotate)"));
  }
  VEIL_ASSIGN_OR_RETURN(std::vector<crypto::CertificateExtension> extensions,
                        Extensions(key, names, ca, options, attestation.token_digest));
  std::uint64_t serial = RandomSerial();
  for (int attempt = 0; attempt < 3; ++attempt) {  // 63 random bits: a collision is a curiosity
    VEIL_ASSIGN_OR_RETURN(auto taken, store_.GetWorkloadCertificate(SerialHex(serial)));
    if (!taken) break;
    serial = RandomSerial();
  }
  VEIL_ASSIGN_OR_RETURN(
      crypto::Certificate certificate,
      crypto::IssueCertificate(
          {.common_name = "",
           .organization = "",
           .subject_key = key,
           .serial = serial,
           .not_before = now,
           .not_after = not_after,
           .is_ca = false,
           .extensions = std::move(extensions)},
          {.key = *ca.key, .issuer = &ca.certificate, .digest = crypto::DigestAlgorithm::kSha384}));
  store::WorkloadCertificateRecord record{.serial = SerialHex(serial),
                                          .ca_id = ca.record.id,
                                          .tee_identity = attestation.tee_identity,
                                          .names = NameTexts(names),
                                          .not_before = now,
                                          .not_after = not_after,
                                          .attestation_digest = attestation.token_digest,
                                          .attestation_result = attestation.claims.dump(),
                                          .issued_at = now,
                                          .revoked_at = {},
                                          .revocation_reason = {}};
  // Recorded and audited before it leaves: no entry, no certificate.
  VEIL_TRY(
      store_.AddWorkloadCertificate(record, {"tee:" + attestation.tee_identity,
                                             std::string(kIssueAction),
                                             record.serial,
                                             {{"names", record.names},
                                              {"not_after", FormatRfc3339(not_after)},
                                              {"attestation_digest", record.attestation_digest},
                                              {"ca", ca.record.id},
                                              {"rules", rules}}}));
  return IssuedCertificate{std::move(certificate), std::move(record), std::move(rules)};
}

}  // namespace veil::workload_ca
