#include "veil/endorsement/amd/roots.h"

#include <algorithm>
#include <string>

#include "veil/endorsement/amd/amd_root_data.h"

namespace veil::endorsement::amd {
namespace {

std::string ChainName(evidence::snp::Product product, KeyKind kind) {
  std::string name = "ask_ark_" + std::string(evidence::snp::ProductName(product));
  std::transform(name.begin(), name.end(), name.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  if (kind == KeyKind::kVlek) name += "_vlek";
  return name;
}

}  // namespace

Result<std::vector<crypto::Certificate>> BundledCaChain(evidence::snp::Product product,
                                                        KeyKind kind) {
  const std::string wanted = ChainName(product, kind);
  for (const EmbeddedChain& chain : EmbeddedChains()) {
    if (chain.name != wanted) continue;
    VEIL_ASSIGN_OR_RETURN(auto certificates, crypto::Certificate::ChainFromPem(chain.pem));
    VEIL_CHECK(certificates.size() == 2);  // embedded data is ours: ASK/ASVK then ARK
    return certificates;
  }
  return Fail(NotFound("no bundled AMD chain " + wanted));
}

bool IsBundledArk(const crypto::Certificate& ark) {
  // The embedded chains never change: fingerprint their ARKs once.
  static const std::vector<Bytes> kArkFingerprints = [] {
    std::vector<Bytes> fingerprints;
    for (const EmbeddedChain& chain : EmbeddedChains()) {
      auto certificates = crypto::Certificate::ChainFromPem(chain.pem);
      VEIL_CHECK(certificates && certificates->size() == 2);
      fingerprints.push_back(certificates->back().Sha256Fingerprint());
    }
    return fingerprints;
  }();
  const Bytes fingerprint = ark.Sha256Fingerprint();
  return std::find(kArkFingerprints.begin(), kArkFingerprints.end(), fingerprint) !=
         kArkFingerprints.end();
}

}  // namespace veil::endorsement::amd
