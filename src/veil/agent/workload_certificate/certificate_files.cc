#include "veil/agent/workload_certificate/certificate_files.h"

#include <string>

namespace veil::agent {
namespace {

ByteSpan AsBytes(const std::string& text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

}  // namespace

Status CertificateFiles::WriteAll(const WorkloadCertificate& certificate) {
  const crypto::SecretBytes key_pem = certificate.key().ToPem();
  VEIL_TRY(volume_->WriteSecretFile(config_->key_file, key_pem.span()));
  return WriteCertificates(certificate);
}

Status CertificateFiles::WriteCertificates(const WorkloadCertificate& certificate) {
  VEIL_TRY(volume_->ReplaceFile(config_->ca_file, AsBytes(certificate.CaBundlePem())));
  return volume_->ReplaceFile(config_->cert_file, AsBytes(certificate.issued().certificate));
}

}  // namespace veil::agent
