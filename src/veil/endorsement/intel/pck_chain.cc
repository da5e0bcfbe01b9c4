#include "veil/endorsement/intel/pck_chain.h"

#include <string>

#include "veil/crypto/chain.h"
#include "veil/endorsement/intel/revocation.h"
#include "veil/endorsement/intel/root.h"

namespace veil::endorsement::intel {
namespace {

constexpr std::string_view kPemBegin = "-----BEGIN CERTIFICATE-----";
constexpr std::string_view kPemEnd = "-----END CERTIFICATE-----";

bool IsPemSpace(char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; }

// The text after the last PEM block must be whitespace, then only NUL padding.
Status CheckPemTail(std::string_view tail, std::size_t offset) {
  std::size_t i = 0;
  while (i < tail.size() && IsPemSpace(tail[i])) ++i;
  while (i < tail.size() && tail[i] == '\0') ++i;
  if (i != tail.size()) {
    return Fail(Malformed("PCK chain PEM: unexpected byte at offset " + std::to_string(offset + i) +
                          " after the certificates"));
  }
  return {};
}

Status CheckChainShape(std::span<const crypto::Certificate> chain,
                       const crypto::Certificate& root) {
  if (chain.size() != 2 && chain.size() != 3) {
    return Fail(
        Malformed("PCK chain: expected the PCK leaf, its CA and optionally the root, found " +
                  std::to_string(chain.size()) + " certificates"));
  }
  if (chain.size() == 3 && !IsTrustedRoot(chain[2], root)) {
    return Fail(VerificationFailed("PCK chain: root " + chain[2].Subject() +
                                   " is not the trusted Intel SGX Root CA"));
  }
  return {};
}

}  // namespace

Result<std::vector<crypto::Certificate>> ParsePckChainPem(ByteSpan certification_data) {
  const std::string_view text(reinterpret_cast<const char*>(certification_data.data()),
                              certification_data.size());
  std::vector<crypto::Certificate> chain;
  std::size_t at = 0;
  while (true) {
    std::size_t begin = at;
    while (begin < text.size() && IsPemSpace(text[begin])) ++begin;
    if (text.substr(begin, kPemBegin.size()) != kPemBegin) {
      VEIL_TRY(CheckPemTail(text.substr(at), at));
      break;
    }
    const std::size_t end = text.find(kPemEnd, begin);
    if (end == std::string_view::npos) {
      return Fail(Malformed("PCK chain PEM: certificate at offset " + std::to_string(begin) +
                            " has no END line"));
    }
    at = end + kPemEnd.size();
    auto block = crypto::Certificate::ChainFromPem(text.substr(begin, at - begin));
    if (!block || block->size() != 1) {
      return Fail(Malformed("PCK chain PEM: certificate at offset " + std::to_string(begin) +
                            " does not parse"));
    }
    chain.push_back(std::move(block->front()));
  }
  if (chain.size() != 2 && chain.size() != 3) {
    return Fail(Malformed("PCK chain PEM: expected 2 or 3 certificates, found " +
                          std::to_string(chain.size())));
  }
  return chain;
}

std::string_view PckCaName(PckCa ca) { return ca == PckCa::kPlatform ? "platform" : "processor"; }

Result<PckCa> PckCaOf(const crypto::Certificate& ca) {
  const std::string name = ca.CommonName();
  if (name == "Intel SGX PCK Platform CA") return PckCa::kPlatform;
  if (name == "Intel SGX PCK Processor CA") return PckCa::kProcessor;
  return Fail(VerificationFailed("PCK chain: issuer " + ca.Subject() +
                                 " is neither the Intel SGX PCK Platform CA nor the Processor CA"));
}

Result<VerifiedPck> VerifyPckChain(const PckChainInput& input) {
  VEIL_TRY(CheckChainShape(input.chain, input.root));
  const crypto::Certificate& leaf = input.chain[0];
  const crypto::Certificate& ca = input.chain[1];
  VEIL_ASSIGN_OR_RETURN(const PckCa ca_kind, PckCaOf(ca));
  const crypto::Certificate& root = input.root;
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
