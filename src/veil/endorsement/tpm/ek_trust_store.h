#pragma once
// The TPM manufacturer CAs an owner trusts for endorsement key certificates: a configurable set
// of CA certificates (Infineon, STMicro, Nuvoton, Intel PTT, AMD fTPM, Google's vTPM CA, ...),
// e.g. a directory of the roots and intermediates the vendors publish. Self-issued certificates
// become trust anchors; the others are intermediates that may complete a chain but anchor
// nothing.

#include <filesystem>
#include <span>
#include <vector>

#include "veil/base/result.h"
#include "veil/crypto/certificate.h"

namespace veil::endorsement::tpm {

class EkTrustStore {
 public:
  // kInvalidArgument when none of `certificates` is self-issued (nothing to anchor a chain).
  static Result<EkTrustStore> FromCertificates(std::vector<crypto::Certificate> certificates);
  // Every regular file of `dir` ending in .pem, .crt, .cer or .der (not recursive, in name order),
  // each a PEM bundle or one DER certificate. kNotFound for a missing directory; kMalformed naming
  // the file that does not parse; then as FromCertificates.
  static Result<EkTrustStore> FromDirectory(const std::filesystem::path& dir);

  std::span<const crypto::Certificate> roots() const { return roots_; }
  std::span<const crypto::Certificate> intermediates() const { return intermediates_; }

 private:
  EkTrustStore(std::vector<crypto::Certificate> roots,
               std::vector<crypto::Certificate> intermediates)
      : roots_(std::move(roots)), intermediates_(std::move(intermediates)) {}

  std::vector<crypto::Certificate> roots_;
  std::vector<crypto::Certificate> intermediates_;
};

}  // namespace veil::endorsement::tpm
