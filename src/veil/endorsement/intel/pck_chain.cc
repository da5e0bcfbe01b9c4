#include "veil/endorsement/intel/pck_chain.h"

#include <string>

#include "veil/crypto/chain.h"
#include "veil/endorsement/intel/revocation.h"
#include "veil/endorsement/intel/root.h"

namespace veil::endorsement::intel {
namespace {

Status CheckChainShape(std::span<const crypto::Certificate> chain) {
  if (chain.size() != 2 && chain.size() != 3) {
    return Fail(
        Malformed("PCK chain: expected the PCK leaf, its CA and optionally the root, found " +
                  std::to_string(chain.size()) + " certificates"));
  }
  if (chain.size() == 3 && !IsBundledRoot(chain[2])) {
    return Fail(VerificationFailed("PCK chain: root " + chain[2].Subject() +
                                   " is not the bundled Intel SGX Root CA"));
  }
  return {};
}

}  // namespace

std::string_view PckCaName(PckCa ca) { return ca == PckCa::kPlatform ? "platform" : "processor"; }

Result<PckCa> PckCaOf(const crypto::Certificate& ca) {
  const std::string name = ca.CommonName();
  if (name == "Intel SGX PCK Platform CA") return PckCa::kPlatform;
  if (name == "Intel SGX PCK Processor CA") return PckCa::kProcessor;
  return Fail(VerificationFailed("PCK chain: issuer " + ca.Subject() +
                                 " is neither the Intel SGX PCK Platform CA nor the Processor CA"));
}

Result<VerifiedPck> VerifyPckChain(const PckChainInput& input) {
  VEIL_TRY(CheckChainShape(input.chain));
  const crypto::Certificate& leaf = input.chain[0];
  const crypto::Certificate& ca = input.chain[1];
  VEIL_ASSIGN_OR_RETURN(const PckCa ca_kind, PckCaOf(ca));
  const crypto::Certificate& root = BundledRoot();
  if (auto chained = crypto::VerifyChain({leaf, input.chain.subspan(1, 1), {&root, 1}, input.at});
      !chained) {
    return Fail(VerificationFailed("PCK chain: " + chained.error().message));
  }
  VEIL_TRY(CheckNotRevoked(input.root_ca_crl, "root CA CRL", root, ca, input.at));
  VEIL_TRY(CheckNotRevoked(input.pck_crl, "PCK " + std::string(PckCaName(ca_kind)) + " CA CRL", ca,
                           leaf, input.at));
  VEIL_ASSIGN_OR_RETURN(SgxExtensions extensions, SgxExtensionsOf(leaf));
  return VerifiedPck{leaf, ca_kind, extensions};
}

}  // namespace veil::endorsement::intel
