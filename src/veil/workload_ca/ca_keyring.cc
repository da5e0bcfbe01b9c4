#include "veil/workload_ca/ca_keyring.h"

#include <chrono>

#include "veil/base/duration.h"
#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/certificate_extensions.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/random.h"
#include "veil/workload_ca/serial.h"

namespace veil::workload_ca {
namespace {

TimePoint WholeSeconds(TimePoint time) { return std::chrono::floor<std::chrono::seconds>(time); }

}  // namespace

Result<store::WorkloadCaRecord> CaKeyring::MakeCa(TimePoint now) const {
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey key,
                        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP384));
  const crypto::PublicKey public_key = key.GetPublicKey();
  // A name of its own per CA: while two CAs are published, verifiers pick each CRL by its
  // issuer's name.
  crypto::CertificateTemplate subject{
      .common_name = "Veil workload CA " + HexEncode(crypto::RandomBytes(4)),
      .organization = options_.organization,
      .subject_key = public_key,
      .serial = RandomSerial(),
      .not_before = WholeSeconds(now),
      .not_after = WholeSeconds(now) + options_.ca_ttl,
      .is_ca = true,
      .extensions = {crypto::SubjectKeyIdentifierExtension(public_key)}};
  VEIL_ASSIGN_OR_RETURN(
      crypto::Certificate certificate,
      crypto::IssueCertificate(subject, {.key = key, .digest = crypto::DigestAlgorithm::kSha384}));
  store::WorkloadCaRecord record;
  record.certificate = certificate.Der();
  record.id = HexEncode(certificate.Sha256Fingerprint());
  const crypto::SecretBytes pem = key.ToPem();
  VEIL_ASSIGN_OR_RETURN(record.sealed_key,
                        sealer_.Seal(pem.span(), store::WorkloadCaKeySealedFor(record.id)));
  return record;
}

Result<CaHandle> CaKeyring::Open(const store::WorkloadCaRecord& record) {
  VEIL_ASSIGN_OR_RETURN(crypto::Certificate certificate,
                        crypto::Certificate::FromDer(record.certificate));
  std::lock_guard lock(mutex_);
  auto cached = keys_.find(record.id);
  if (cached == keys_.end()) {
    auto pem = sealer_.Open(record.sealed_key, store::WorkloadCaKeySealedFor(record.id));
    if (!pem) {
      return Fail(std::move(pem).error().WithContext(
          "workload CA " + record.id + " key (sealed under another key-encryption key?)"));
    }
    VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey key,
                          crypto::PrivateKey::FromPem(std::string_view(
                              reinterpret_cast<const char*>(pem->span().data()), pem->size())));
    cached =
        keys_.emplace(record.id, std::make_shared<const crypto::PrivateKey>(std::move(key))).first;
  }
  return CaHandle{record, std::move(certificate), cached->second};
}

Result<CaHandle> CaKeyring::EnsureCurrent() {
  VEIL_ASSIGN_OR_RETURN(const std::vector<store::WorkloadCaRecord> cas, store_.ListWorkloadCas());
  if (!cas.empty() && !cas.front().retired_at) return Open(cas.front());
  const TimePoint now = clock_.Now();
  VEIL_ASSIGN_OR_RETURN(const store::WorkloadCaRecord made, MakeCa(now));
  const crypto::Certificate certificate = crypto::Certificate::FromDer(made.certificate).value();
  VEIL_ASSIGN_OR_RETURN(
      const store::WorkloadCaRecord current,
      store_.InitWorkloadCa(made, {"veil-trustee",
                                   std::string(kCaCreateAction),
                                   made.id,
                                   {{"subject", certificate.Subject()},
                                    {"not_after", FormatRfc3339(certificate.NotAfter())}}}));
  return Open(current);
}

Result<CaHandle> CaKeyring::Current() {
  VEIL_ASSIGN_OR_RETURN(const std::vector<store::WorkloadCaRecord> cas, store_.ListWorkloadCas());
  if (cas.empty() || cas.front().retired_at)
    return Fail(Unavailable("the workload CA has no current CA (is [workload_ca] enabled?)"));
  return Open(cas.front());
}

Result<CaHandle> CaKeyring::Find(std::string_view id) {
  VEIL_ASSIGN_OR_RETURN(const std::vector<store::WorkloadCaRecord> cas, store_.ListWorkloadCas());
  for (const store::WorkloadCaRecord& ca : cas)
    if (ca.id == id) return Open(ca);
  return Fail(NotFound("no workload CA " + std::string(id)));
}

Result<std::vector<CaHandle>> CaKeyring::Published() {
  const TimePoint now = clock_.Now();
  VEIL_ASSIGN_OR_RETURN(const std::vector<store::WorkloadCaRecord> cas, store_.ListWorkloadCas());
  std::vector<CaHandle> published;
  for (const store::WorkloadCaRecord& ca : cas) {
    if (ca.published_until && *ca.published_until <= now) continue;
    VEIL_ASSIGN_OR_RETURN(CaHandle handle, Open(ca));
    published.push_back(std::move(handle));
  }
  return published;
}

Result<CaHandle> CaKeyring::Rotate(std::optional<std::chrono::seconds> overlap, std::string actor) {
  const std::chrono::seconds kept = overlap.value_or(options_.rotation_overlap);
  if (kept < options_.certificate_ttl) {
    return Fail(InvalidArgument("rotation overlap " + FormatDuration(kept) +
                                " is shorter than the certificate lifetime " +
                                FormatDuration(options_.certificate_ttl) +
                                ": certificates of the old CA would stop verifying before they "
                                "expire"));
  }
  VEIL_ASSIGN_OR_RETURN(const CaHandle current, Current());
  const TimePoint now = clock_.Now();
  VEIL_ASSIGN_OR_RETURN(const store::WorkloadCaRecord next, MakeCa(now));
  const TimePoint until = WholeSeconds(now) + kept;
  VEIL_TRY(store_.RotateWorkloadCa(
      current.record.id, until, next,
      {std::move(actor),
       std::string(kCaRotateAction),
       next.id,
       {{"previous", current.record.id}, {"previous_published_until", FormatRfc3339(until)}}}));
  return Find(next.id);
}

}  // namespace veil::workload_ca
