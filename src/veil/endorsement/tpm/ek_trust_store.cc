#include "veil/endorsement/tpm/ek_trust_store.h"

#include <algorithm>
#include <string>

#include "veil/base/file.h"

namespace veil::endorsement::tpm {
namespace {

bool IsCertificateFile(const std::filesystem::directory_entry& entry) {
  static constexpr std::string_view kExtensions[] = {".pem", ".crt", ".cer", ".der"};
  const std::string extension = entry.path().extension().string();
  return entry.is_regular_file() && std::find(std::begin(kExtensions), std::end(kExtensions),
                                              extension) != std::end(kExtensions);
}

// A PEM bundle (every certificate in it) or a single DER certificate.
Result<std::vector<crypto::Certificate>> LoadFile(const std::filesystem::path& path) {
  VEIL_ASSIGN_OR_RETURN(const Bytes bytes, ReadFileBytes(path, 1u << 20));
  const std::string_view text(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  auto loaded = text.find("-----BEGIN") != std::string_view::npos
                    ? crypto::Certificate::ChainFromPem(text)
                    : crypto::Certificate::FromDer(bytes).transform([](crypto::Certificate cert) {
                        std::vector<crypto::Certificate> one;
                        one.push_back(std::move(cert));
                        return one;
                      });
  if (!loaded) {
    return Fail(Malformed("EK trust store: " + path.string() + ": " + loaded.error().message));
  }
  return loaded;
}

}  // namespace

Result<EkTrustStore> EkTrustStore::FromCertificates(std::vector<crypto::Certificate> certificates) {
  std::vector<crypto::Certificate> roots;
  std::vector<crypto::Certificate> intermediates;
  for (crypto::Certificate& cert : certificates) {
    (cert.Subject() == cert.Issuer() ? roots : intermediates).push_back(std::move(cert));
  }
  if (roots.empty()) {
    return Fail(InvalidArgument("EK trust store: none of the " +
                                std::to_string(intermediates.size()) +
                                " certificates is a self-issued root"));
  }
  return EkTrustStore(std::move(roots), std::move(intermediates));
}

Result<EkTrustStore> EkTrustStore::FromDirectory(const std::filesystem::path& dir) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, error)) {
    if (IsCertificateFile(entry)) files.push_back(entry.path());
  }
  if (error) return Fail(NotFound("EK trust store: cannot list " + dir.string()));
  std::sort(files.begin(), files.end());
  std::vector<crypto::Certificate> certificates;
  for (const std::filesystem::path& file : files) {
    VEIL_ASSIGN_OR_RETURN(std::vector<crypto::Certificate> loaded, LoadFile(file));
    for (crypto::Certificate& cert : loaded) certificates.push_back(std::move(cert));
  }
  return FromCertificates(std::move(certificates));
}

}  // namespace veil::endorsement::tpm
