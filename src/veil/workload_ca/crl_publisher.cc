#include "veil/workload_ca/crl_publisher.h"

#include "veil/crypto/certificate_issuer.h"
#include "veil/store/unix_time.h"
#include "veil/workload_ca/pem.h"
#include "veil/workload_ca/serial.h"

namespace veil::workload_ca {

Result<crypto::Crl> IssueWorkloadCrl(
    const CaHandle& ca, const std::vector<store::WorkloadCertificateRecord>& certificates,
    TimePoint now) {
  const TimePoint this_update = std::chrono::floor<std::chrono::seconds>(now);
  crypto::CrlTemplate list{.this_update = this_update,
                           .next_update = this_update + kCrlValidity,
                           .revoked_serials = {},
                           .entries = {},
                           .number = static_cast<std::uint64_t>(store::ToUnixSeconds(this_update))};
  for (const store::WorkloadCertificateRecord& certificate : certificates) {
    if (certificate.ca_id != ca.record.id || !certificate.revoked_at) continue;
    // RFC 5280 §3.3: an expired certificate need not stay listed; its expiry already refuses it.
    if (certificate.not_after <= now) continue;
    VEIL_ASSIGN_OR_RETURN(const std::uint64_t serial, ParseSerialHex(certificate.serial));
    list.entries.push_back(
        {serial, *certificate.revoked_at,
         certificate.revocation_reason.value_or(crypto::RevocationReason::kUnspecified)});
  }
  return crypto::IssueCrl(
      list,
      {.key = *ca.key, .issuer = &ca.certificate, .digest = crypto::DigestAlgorithm::kSha384});
}

Result<std::string> PublishedCrlsPem(CaKeyring& keyring, store::Store& store, TimePoint now) {
  VEIL_ASSIGN_OR_RETURN(const std::vector<CaHandle> published, keyring.Published());
  VEIL_ASSIGN_OR_RETURN(const std::vector<store::WorkloadCertificateRecord> certificates,
                        store.ListWorkloadCertificates());
  std::string pem;
  for (const CaHandle& ca : published) {
    VEIL_ASSIGN_OR_RETURN(const crypto::Crl crl, IssueWorkloadCrl(ca, certificates, now));
    pem += PemBlock("X509 CRL", crl.Der());
  }
  return pem;
}

}  // namespace veil::workload_ca
