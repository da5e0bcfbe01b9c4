#include "veil/agent/attester/tpm/pcr_bank.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "veil/agent/attester/tpm/tss_error.h"

namespace veil::agent::tpm {
namespace {

// TPML_DIGEST holds at most 8 digests, so a PCR_Read answers for at most 8 PCRs.
constexpr unsigned kPcrsPerRead = 8;

std::string Range(unsigned first, unsigned count) {
  return std::to_string(first) + ".." + std::to_string(first + count - 1);
}

bool SameSelection(const TPML_PCR_SELECTION& a, const TPML_PCR_SELECTION& b) {
  if (a.count != b.count) return false;
  for (std::uint32_t i = 0; i < a.count; ++i) {
    const TPMS_PCR_SELECTION& x = a.pcrSelections[i];
    const TPMS_PCR_SELECTION& y = b.pcrSelections[i];
    if (x.hash != y.hash || x.sizeofSelect != y.sizeofSelect ||
        std::memcmp(x.pcrSelect, y.pcrSelect, x.sizeofSelect) != 0) {
      return false;
    }
  }
  return true;
}

// One PCR_Read of at most kPcrsPerRead PCRs, appended to `values`.
Status ReadSlice(const EsysConnection& tpm, unsigned first, unsigned count,
                 std::vector<Bytes>& values) {
  const TPML_PCR_SELECTION selection = Sha256Selection(first, count);
  std::uint32_t update_counter = 0;
  TPML_PCR_SELECTION* selection_out = nullptr;
  TPML_DIGEST* digests = nullptr;
  const TSS2_RC rc = Esys_PCR_Read(tpm.get(), ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &selection,
                                   &update_counter, &selection_out, &digests);
  const EsysBuffer<TPML_PCR_SELECTION> read_selection(selection_out);
  const EsysBuffer<TPML_DIGEST> read_digests(digests);
  if (rc != TSS2_RC_SUCCESS) return Fail(TssError(ErrorCode::kUnavailable, "Esys_PCR_Read", rc));
  if (!SameSelection(selection, *read_selection) || read_digests->count != count) {
    return Fail(Unsupported("the TPM returned " + std::to_string(read_digests->count) + " of " +
                            std::to_string(count) + " SHA-256 PCRs " + Range(first, count) +
                            " (is the SHA-256 bank allocated?)"));
  }
  for (std::uint32_t i = 0; i < read_digests->count; ++i) {
    const TPM2B_DIGEST& digest = read_digests->digests[i];
    if (digest.size != kSha256Size) {
      return Fail(Unsupported("the TPM returned a " + std::to_string(digest.size) +
                              "-byte value for SHA-256 PCR " + std::to_string(first + i)));
    }
    values.emplace_back(digest.buffer, digest.buffer + digest.size);
  }
  return {};
}

}  // namespace

TPML_PCR_SELECTION Sha256Selection(unsigned first, unsigned count) {
  TPML_PCR_SELECTION selection = {};
  selection.count = 1;
  TPMS_PCR_SELECTION& bank = selection.pcrSelections[0];
  bank.hash = TPM2_ALG_SHA256;
  bank.sizeofSelect = kPcrCount / 8;
  for (unsigned index = first; index < first + count; ++index) {
    bank.pcrSelect[index / 8] =
        static_cast<std::uint8_t>(bank.pcrSelect[index / 8] | 1u << (index % 8));
  }
  return selection;
}

Result<std::vector<Bytes>> ReadSha256Pcrs(const EsysConnection& tpm) {
  std::vector<Bytes> values;
  values.reserve(kPcrCount);
  for (unsigned first = 0; first < kPcrCount; first += kPcrsPerRead) {
    VEIL_TRY(ReadSlice(tpm, first, std::min(kPcrsPerRead, kPcrCount - first), values));
  }
  return values;
}

Status ExtendSha256Pcr(const EsysConnection& tpm, unsigned index, ByteSpan digest) {
  VEIL_CHECK(index < kPcrCount && digest.size() == kSha256Size);
  TPML_DIGEST_VALUES digests = {};
  digests.count = 1;
  digests.digests[0].hashAlg = TPM2_ALG_SHA256;
  std::copy(digest.begin(), digest.end(), digests.digests[0].digest.sha256);
  const TSS2_RC rc = Esys_PCR_Extend(tpm.get(), ESYS_TR_PCR0 + index, ESYS_TR_PASSWORD,
                                     ESYS_TR_NONE, ESYS_TR_NONE, &digests);
  if (rc != TSS2_RC_SUCCESS) {
    return Fail(TssError(ErrorCode::kUnavailable,
                         "Esys_PCR_Extend (PCR " + std::to_string(index) + ")", rc));
  }
  return {};
}

}  // namespace veil::agent::tpm
