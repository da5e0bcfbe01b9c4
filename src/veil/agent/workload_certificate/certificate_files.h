#pragma once
// The workload certificate's three files in the secrets tmpfs ([workload.certificate]): the key,
// written once before the workload starts (mode 0400, owned by the workload user, wiped when the
// volume goes), and the certificate and CA bundle, replaced atomically at every renewal.

#include <filesystem>

#include "veil/agent/config/certificate_config.h"
#include "veil/agent/data_hub/secret_volume.h"
#include "veil/agent/workload_certificate/workload_certificate.h"
#include "veil/base/result.h"

namespace veil::agent {

class CertificateFiles {
 public:
  // `volume` and `config` must outlive this.
  CertificateFiles(SecretVolume& volume, const WorkloadCertificateConfig& config)
      : volume_(&volume), config_(&config) {}

  // The key (PKCS#8 PEM), the CA bundle and the certificate, in that order.
  Status WriteAll(const WorkloadCertificate& certificate);
  // The CA bundle, then the certificate (so a new CA is in place before anything it signed).
  Status WriteCertificates(const WorkloadCertificate& certificate);

  std::filesystem::path key_path() const { return volume_->dir() / config_->key_file; }
  std::filesystem::path cert_path() const { return volume_->dir() / config_->cert_file; }
  std::filesystem::path ca_path() const { return volume_->dir() / config_->ca_file; }

 private:
  SecretVolume* volume_;
  const WorkloadCertificateConfig* config_;
};

}  // namespace veil::agent
