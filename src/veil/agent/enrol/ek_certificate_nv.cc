#include "veil/agent/enrol/ek_certificate_nv.h"

#include <algorithm>

#include <tss2/tss2_rc.h>

#include "veil/agent/attester/tpm/tss_error.h"

namespace veil::agent::tpm {
namespace {

constexpr std::size_t kMaxCertificateSize = 16u << 10;
// TPM2_NV_Read's size: at most MAX_NV_BUFFER_SIZE, 1024 on common TPMs; 512 is safe everywhere.
constexpr std::uint16_t kChunk = 512;

bool IsMissingHandle(TSS2_RC rc) {
  // TPM_RC_HANDLE as a format-one error of handle 1, and ESAPI's reading of it.
  return (rc & 0xbf) == 0x8b;
}

}  // namespace

Result<std::optional<Bytes>> ReadNvIndex(const EsysConnection& tpm, std::uint32_t index) {
  ESYS_TR handle = ESYS_TR_NONE;
  TSS2_RC rc =
      Esys_TR_FromTPMPublic(tpm.get(), index, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &handle);
  if (rc != TSS2_RC_SUCCESS) {
    if (IsMissingHandle(rc)) return std::optional<Bytes>();
    return Fail(TssError(ErrorCode::kUnavailable, "Esys_TR_FromTPMPublic", rc));
  }
  TPM2B_NV_PUBLIC* nv_public = nullptr;
  rc = Esys_NV_ReadPublic(tpm.get(), handle, ESYS_TR_NONE, ESYS_TR_NONE, ESYS_TR_NONE, &nv_public,
                          nullptr);
  const EsysBuffer<TPM2B_NV_PUBLIC> owned_public(nv_public);
  if (rc != TSS2_RC_SUCCESS) {
    Esys_TR_Close(tpm.get(), &handle);
    return Fail(TssError(ErrorCode::kUnavailable, "Esys_NV_ReadPublic", rc));
  }
  const std::size_t size = nv_public->nvPublic.dataSize;
  if (size > kMaxCertificateSize) {
    Esys_TR_Close(tpm.get(), &handle);
    return Fail(Malformed("NV index " + std::to_string(index) + ": expected at most " +
                          std::to_string(kMaxCertificateSize) + " bytes, got " +
                          std::to_string(size)));
  }
  Bytes data;
  data.reserve(size);
  while (data.size() < size) {
    const auto chunk =
        static_cast<std::uint16_t>(std::min<std::size_t>(kChunk, size - data.size()));
    TPM2B_MAX_NV_BUFFER* read = nullptr;
    rc = Esys_NV_Read(tpm.get(), handle, handle, ESYS_TR_PASSWORD, ESYS_TR_NONE, ESYS_TR_NONE,
                      chunk, static_cast<std::uint16_t>(data.size()), &read);
    const EsysBuffer<TPM2B_MAX_NV_BUFFER> owned_read(read);
    if (rc != TSS2_RC_SUCCESS) {
      Esys_TR_Close(tpm.get(), &handle);
      return Fail(TssError(ErrorCode::kUnavailable, "Esys_NV_Read", rc));
    }
    data.insert(data.end(), read->buffer, read->buffer + std::min<std::size_t>(read->size, chunk));
  }
  Esys_TR_Close(tpm.get(), &handle);
  return std::optional<Bytes>(std::move(data));
}

}  // namespace veil::agent::tpm
