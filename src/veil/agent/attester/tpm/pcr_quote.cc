#include "veil/agent/attester/tpm/pcr_quote.h"

#include <tss2/tss2_mu.h>

#include <algorithm>
#include <string>

#include "veil/agent/attester/tpm/pcr_bank.h"
#include "veil/agent/attester/tpm/tss_error.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"

namespace veil::agent::tpm {
namespace {

constexpr int kAttempts = 5;

// A quote as the TPM returned it, with the pcrDigest it signs.
struct SignedQuote {
  Bytes attest;
  Bytes signature;
  Bytes pcr_digest;
};

Result<Bytes> PcrDigestOf(const TPM2B_ATTEST& quoted) {
  TPMS_ATTEST attest = {};
  size_t offset = 0;
  const TSS2_RC rc =
      Tss2_MU_TPMS_ATTEST_Unmarshal(quoted.attestationData, quoted.size, &offset, &attest);
  if (rc != TSS2_RC_SUCCESS) {
    return Fail(TssError(ErrorCode::kInternal, "Tss2_MU_TPMS_ATTEST_Unmarshal", rc));
  }
  if (attest.type != TPM2_ST_ATTEST_QUOTE) {
    return Fail(Internal("TPM2_Quote returned attestation type " + std::to_string(attest.type) +
                         ", not TPM_ST_ATTEST_QUOTE"));
  }
  const TPM2B_DIGEST& digest = attest.attested.quote.pcrDigest;
  return Bytes(digest.buffer, digest.buffer + digest.size);
}

Result<Bytes> Marshal(const TPMT_SIGNATURE& signature) {
  Bytes bytes(sizeof(TPMT_SIGNATURE));
  size_t offset = 0;
  const TSS2_RC rc =
      Tss2_MU_TPMT_SIGNATURE_Marshal(&signature, bytes.data(), bytes.size(), &offset);
  if (rc != TSS2_RC_SUCCESS) {
    return Fail(TssError(ErrorCode::kInternal, "Tss2_MU_TPMT_SIGNATURE_Marshal", rc));
  }
  bytes.resize(offset);
  return bytes;
}

Result<SignedQuote> Quote(const EsysConnection& tpm, ESYS_TR ak,
                          const TPM2B_DATA& qualifying_data) {
  TPMT_SIG_SCHEME key_scheme = {};
  key_scheme.scheme = TPM2_ALG_NULL;  // the AK's own scheme
  const TPML_PCR_SELECTION selection = Sha256Selection(0, kPcrCount);
  TPM2B_ATTEST* quoted = nullptr;
  TPMT_SIGNATURE* signature = nullptr;
  const TSS2_RC rc = Esys_Quote(tpm.get(), ak, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                                &qualifying_data, &key_scheme, &selection, &quoted, &signature);
  const EsysBuffer<TPM2B_ATTEST> quoted_buffer(quoted);
  const EsysBuffer<TPMT_SIGNATURE> signature_buffer(signature);
  if (rc != TSS2_RC_SUCCESS) return Fail(TssError(ErrorCode::kUnavailable, "Esys_Quote", rc));
  VEIL_ASSIGN_OR_RETURN(Bytes pcr_digest, PcrDigestOf(*quoted));
  VEIL_ASSIGN_OR_RETURN(Bytes signature_bytes, Marshal(*signature));
  return SignedQuote{Bytes(quoted->attestationData, quoted->attestationData + quoted->size),
                     std::move(signature_bytes), std::move(pcr_digest)};
}

// pcrDigest of a SHA-256-signed quote: SHA-256 over the selected PCR values in index order
// (TPM 2.0 Library Part 1, 18.4.3.3, pcrDigest).
Bytes DigestOf(const std::vector<Bytes>& pcrs) {
  Bytes concatenated;
  for (const Bytes& value : pcrs) {
    concatenated.insert(concatenated.end(), value.begin(), value.end());
  }
  return crypto::Sha256(concatenated);
}

}  // namespace

Result<PcrQuote> QuoteSha256Pcrs(const EsysConnection& tpm, ESYS_TR ak, ByteSpan qualifying_data) {
  TPM2B_DATA extra_data = {};
  if (qualifying_data.size() > sizeof extra_data.buffer) {
    return Fail(InvalidArgument("quote qualifying data must be at most " +
                                std::to_string(sizeof extra_data.buffer) + " bytes, got " +
                                std::to_string(qualifying_data.size())));
  }
  extra_data.size = static_cast<UINT16>(qualifying_data.size());
  std::copy(qualifying_data.begin(), qualifying_data.end(), extra_data.buffer);
  Bytes last_signed;
  Bytes last_digest;
  for (int attempt = 0; attempt < kAttempts; ++attempt) {
    VEIL_ASSIGN_OR_RETURN(std::vector<Bytes> pcrs, ReadSha256Pcrs(tpm));
    VEIL_ASSIGN_OR_RETURN(SignedQuote quote, Quote(tpm, ak, extra_data));
    last_digest = DigestOf(pcrs);
    if (quote.pcr_digest == last_digest) {
      return PcrQuote{std::move(quote.attest), std::move(quote.signature), std::move(pcrs)};
    }
    last_signed = std::move(quote.pcr_digest);
  }
  return Fail(Unavailable("the SHA-256 PCRs changed between reading and quoting them " +
                          std::to_string(kAttempts) + " times in a row (last: the quote signs " +
                          HexEncode(last_signed) + ", the values read hash to " +
                          HexEncode(last_digest) + ")"));
}

}  // namespace veil::agent::tpm
