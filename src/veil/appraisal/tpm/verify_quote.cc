#include "veil/appraisal/tpm/verify_quote.h"

#include <cstdio>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "veil/appraisal/tpm/attestation_key.h"
#include "veil/appraisal/tpm/pcr_digest.h"
#include "veil/base/hex.h"
#include "veil/crypto/secret_bytes.h"
#include "veil/crypto/signature.h"
#include "veil/evidence/tpm/attest.h"
#include "veil/evidence/tpm/signature.h"

namespace veil::appraisal::tpm {
namespace {

using evidence::tpm::HashAlgName;
using evidence::tpm::QuoteAttest;
using evidence::tpm::Signature;
using evidence::tpm::SignatureScheme;
using evidence::tpm::SignatureSchemeName;

// The parsed evidence; nothing in it is trusted before ParseAndVerify has checked it.
struct ParsedQuote {
  std::shared_ptr<const DescribedAttestationKey> ak;
  QuoteAttest attest;
  Signature signature;
  evidence::tpm::PcrValues pcrs;
};

std::string HexOrEmpty(ByteSpan bytes) { return bytes.empty() ? "(empty)" : HexEncode(bytes); }

std::string SchemeAndHash(std::uint16_t scheme, std::uint16_t hash) {
  return evidence::tpm::Hex16(scheme) + "/" + evidence::tpm::Hex16(hash);
}

Result<ParsedQuote> Parse(const QuoteInput& input) {
  VEIL_ASSIGN_OR_RETURN(auto ak, input.ak_cache != nullptr ? input.ak_cache->Load(input.ak)
                                                           : DescribeAttestationKey(input.ak));
  VEIL_ASSIGN_OR_RETURN(QuoteAttest attest, evidence::tpm::ParseQuoteAttest(input.attest));
  VEIL_ASSIGN_OR_RETURN(Signature signature, evidence::tpm::ParseSignature(input.signature));
  VEIL_ASSIGN_OR_RETURN(evidence::tpm::PcrFile pcrs,
                        evidence::tpm::ParsePcrFile(input.pcrs, attest.pcr_select));
  return ParsedQuote{std::move(ak), std::move(attest), std::move(signature),
                     std::move(pcrs.values)};
}

// A TPM public area says what the key may sign: a restricted signing key only signs digests the
// TPM computed itself (so it cannot be made to sign a forged TPMS_ATTEST), with its own scheme.
Status CheckAkAllowsSignature(const AttestationKey& ak, const Signature& signature) {
  const bool needs_rsa = signature.scheme != SignatureScheme::kEcdsa;
  if ((ak.key.type() == crypto::KeyType::kRsa) != needs_rsa) {
    return Fail(VerificationFailed("a " + std::string(SignatureSchemeName(signature.scheme)) +
                                   " signature needs " + (needs_rsa ? "an RSA" : "an EC") +
                                   " AK, got " + ak.key.Describe()));
  }
  if (!ak.public_area) return {};
  const evidence::tpm::PublicArea& area = *ak.public_area;
  if (!area.IsRestrictedSigningKey()) {
    return Fail(VerificationFailed("AK is not a restricted signing key (objectAttributes " +
                                   evidence::tpm::Hex32(area.object_attributes) + ")"));
  }
  const std::uint16_t scheme = SignatureSchemeId(signature.scheme);
  const std::uint16_t hash = HashAlgId(signature.hash);
  if (area.scheme.scheme != evidence::tpm::kAlgNull &&
      (area.scheme.scheme != scheme || area.scheme.hash != hash)) {
    return Fail(VerificationFailed("signature scheme/hash " + SchemeAndHash(scheme, hash) +
                                   " differs from the AK's scheme " +
                                   SchemeAndHash(area.scheme.scheme, area.scheme.hash)));
  }
  return {};
}

Status VerifySignature(const AttestationKey& ak, const Signature& signature, ByteSpan attest) {
  VEIL_TRY(CheckAkAllowsSignature(ak, signature));
  const crypto::DigestAlgorithm digest = ToDigestAlgorithm(signature.hash);
  Status verified;
  switch (signature.scheme) {
    case SignatureScheme::kRsassa:
      verified = crypto::VerifyRsaPkcs1(ak.key, digest, attest, signature.rsa_signature);
      break;
    case SignatureScheme::kRsapss:
      verified = crypto::VerifyRsaPss(ak.key, digest, attest, signature.rsa_signature);
      break;
    case SignatureScheme::kEcdsa:
      verified =
          crypto::VerifyEcdsaRaw(ak.key, digest, attest, signature.ecdsa_r, signature.ecdsa_s);
      break;
  }
  if (!verified) return Fail(VerificationFailed("quote signature: " + verified.error().message));
  return {};
}

Status CheckSelection(const std::optional<evidence::tpm::PcrSelection>& expected,
                      const evidence::tpm::PcrSelection& quoted) {
  if (!expected || SelectsSamePcrs(*expected, quoted)) return {};
  return Fail(VerificationFailed("PCR selection mismatch: expected " + expected->ToString() +
                                 ", got " + quoted.ToString()));
}

Status CheckNonce(const std::optional<Bytes>& expected, const Bytes& extra_data) {
  if (!expected || crypto::ConstantTimeEquals(*expected, extra_data)) return {};
  return Fail(VerificationFailed("nonce mismatch: expected " + HexOrEmpty(*expected) + ", got " +
                                 HexOrEmpty(extra_data)));
}

Status CheckPcrDigest(const ParsedQuote& quote) {
  VEIL_ASSIGN_OR_RETURN(const Bytes computed, ComputePcrDigest(quote.attest.pcr_select, quote.pcrs,
                                                               quote.signature.hash));
  if (computed == quote.attest.pcr_digest) return {};
  return Fail(VerificationFailed("PCR digest mismatch: the quote signs " +
                                 HexOrEmpty(quote.attest.pcr_digest) + ", the PCR values hash to " +
                                 HexEncode(computed)));
}

nlohmann::json PcrClaims(const evidence::tpm::PcrValues& pcrs) {
  nlohmann::json banks = nlohmann::json::object();
  for (const auto& [hash, values] : pcrs) {
    nlohmann::json bank = nlohmann::json::object();
    for (const auto& [index, digest] : values) bank[std::to_string(index)] = HexEncode(digest);
    banks[std::string(HashAlgName(hash))] = std::move(bank);
  }
  return banks;
}

std::string FirmwareVersionHex(std::uint64_t version) {
  char text[20];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(version));
  return text;
}

nlohmann::json Claims(const ParsedQuote& quote) {
  const evidence::tpm::ClockInfo& clock = quote.attest.clock_info;
  return {
      {"ak", quote.ak->fingerprint},
      {"ak_type", quote.ak->type},
      {"nonce", HexEncode(quote.attest.extra_data)},
      {"pcrs", PcrClaims(quote.pcrs)},
      {"pcr_digest", HexEncode(quote.attest.pcr_digest)},
      {"signature_scheme", SignatureSchemeName(quote.signature.scheme)},
      {"hash", HashAlgName(quote.signature.hash)},
      {"qualified_signer", HexEncode(quote.attest.qualified_signer)},
      {"clock",
       {{"clock", clock.clock},
        {"reset_count", clock.reset_count},
        {"restart_count", clock.restart_count},
        {"safe", clock.safe}}},
      {"firmware_version", FirmwareVersionHex(quote.attest.firmware_version)},
  };
}

// Every check of VerifyQuote() in order; the claims of a quote that passed them all.
Result<nlohmann::json> ParseAndVerify(const QuoteInput& input) {
  VEIL_ASSIGN_OR_RETURN(const ParsedQuote quote, Parse(input));
  VEIL_TRY(VerifySignature(quote.ak->ak, quote.signature, input.attest));
  VEIL_TRY(CheckSelection(input.expected_selection, quote.attest.pcr_select));
  VEIL_TRY(CheckNonce(input.expected_nonce, quote.attest.extra_data));
  VEIL_TRY(CheckPcrDigest(quote));
  nlohmann::json claims = Claims(quote);
  if (input.enrolled_node) {
    VEIL_ASSIGN_OR_RETURN(std::optional<std::string> node,
                          input.enrolled_node(quote.ak->fingerprint));
    if (node) claims["node"] = std::move(*node);
  }
  return claims;
}

}  // namespace

Result<VerifiedClaims> VerifyQuote(const QuoteInput& input) {
  auto verdict = ParseAndVerify(input);
  if (!verdict) return Fail(std::move(verdict).error().WithContext("tpm"));
  return VerifiedClaims(ClaimsKey(), "tpm", std::move(*verdict));
}

}  // namespace veil::appraisal::tpm
