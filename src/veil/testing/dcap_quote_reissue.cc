#include "veil/testing/dcap_quote_reissue.h"

#include <algorithm>

#include "veil/crypto/ecdsa_signature.h"
#include "veil/crypto/signer.h"
#include "veil/evidence/dcap/certification_data.h"

namespace veil::testing {
namespace {

constexpr std::size_t kSizeField = 4;
constexpr std::size_t kTypeField = 2;
constexpr std::size_t kSignatureAndKey = 128;  // quote signature (64) ‖ attestation key (64)
constexpr std::size_t kP256CoordinateSize = 32;

Result<std::size_t> Find(ByteSpan haystack, ByteSpan needle, std::string_view what) {
  const auto found = std::search(haystack.begin(), haystack.end(), needle.begin(), needle.end());
  if (found == haystack.end()) {
    return Fail(InvalidArgument("the quote does not contain its parsed " + std::string(what)));
  }
  return static_cast<std::size_t>(found - haystack.begin());
}

std::uint32_t ReadLe32(const Bytes& bytes, std::size_t at) {
  std::uint32_t value = 0;
  for (std::size_t i = 0; i < kSizeField; ++i) value |= std::uint32_t{bytes[at + i]} << (8 * i);
  return value;
}

std::uint16_t ReadLe16(const Bytes& bytes, std::size_t at) {
  return static_cast<std::uint16_t>(bytes[at] | (bytes[at + 1] << 8));
}

void WriteLe32(Bytes& bytes, std::size_t at, std::uint32_t value) {
  for (std::size_t i = 0; i < kSizeField; ++i)
    bytes[at + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

// Adds `delta` to the u32 size at `at` after checking the type before it (when given).
Status Resize(Bytes& quote, std::size_t at, std::int64_t delta, std::string_view what) {
  if (at + kSizeField > quote.size()) {
    return Fail(InvalidArgument(std::string(what) + " size lies past the quote"));
  }
  WriteLe32(quote, at, static_cast<std::uint32_t>(ReadLe32(quote, at) + delta));
  return {};
}

Status ReplaceChain(Bytes& quote, std::size_t signature_data_at, std::string_view old_pem,
                    std::string_view new_pem) {
  VEIL_ASSIGN_OR_RETURN(const std::size_t pem_at, Find(quote, AsBytes(old_pem), "PCK chain"));
  if (pem_at < kTypeField + kSizeField ||
      ReadLe16(quote, pem_at - kTypeField - kSizeField) != evidence::dcap::kCertificationPckChain) {
    return Fail(InvalidArgument("no certification data type 5 header before the PCK chain"));
  }
  const auto delta =
      static_cast<std::int64_t>(new_pem.size()) - static_cast<std::int64_t>(old_pem.size());
  VEIL_TRY(Resize(quote, pem_at - kSizeField, delta, "certification data type 5"));
  const std::size_t nested_at = signature_data_at + kSizeField + kSignatureAndKey;
  if (nested_at + kTypeField <= quote.size() &&
      ReadLe16(quote, nested_at) == evidence::dcap::kCertificationQeReport) {
    VEIL_TRY(Resize(quote, nested_at + kTypeField, delta, "certification data type 6"));
  }
  VEIL_TRY(Resize(quote, signature_data_at, delta, "signature data"));
  const auto begin = quote.begin() + static_cast<std::ptrdiff_t>(pem_at);
  quote.erase(begin, begin + static_cast<std::ptrdiff_t>(old_pem.size()));
  quote.insert(quote.begin() + static_cast<std::ptrdiff_t>(pem_at), new_pem.begin(), new_pem.end());
  return {};
}

Status SignQeReport(Bytes& quote, ByteSpan qe_report, const crypto::PrivateKey& pck_key) {
  VEIL_ASSIGN_OR_RETURN(const std::size_t report_at, Find(quote, qe_report, "QE report"));
  VEIL_ASSIGN_OR_RETURN(const Bytes der,
                        crypto::Sign(pck_key, crypto::DigestAlgorithm::kSha256, qe_report));
  VEIL_ASSIGN_OR_RETURN(const Bytes raw, crypto::EcdsaDerToRaw(der, kP256CoordinateSize));
  std::copy(raw.begin(), raw.end(),
            quote.begin() + static_cast<std::ptrdiff_t>(report_at + qe_report.size()));
  return {};
}

}  // namespace

Result<Bytes> ReissueDcapQuote(ByteSpan quote, const evidence::dcap::EcdsaSignatureData& parsed,
                               std::string_view pck_chain_pem, const crypto::PrivateKey& pck_key) {
  Bytes reissued(quote.begin(), quote.end());
  VEIL_ASSIGN_OR_RETURN(const std::size_t signature_at,
                        Find(reissued, parsed.quote_signature, "quote signature"));
  if (signature_at < kSizeField) {
    return Fail(InvalidArgument("no signature data size before the quote signature"));
  }
  const auto& certification = parsed.qe_certification;
  VEIL_TRY(ReplaceChain(reissued, signature_at - kSizeField, certification.pck_chain_pem,
                        pck_chain_pem));
  VEIL_TRY(SignQeReport(reissued, certification.qe_report_bytes, pck_key));
  return reissued;
}

}  // namespace veil::testing
