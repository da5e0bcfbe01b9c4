#include "veil/agent/attester/tpm/esys_connection.h"

#include "veil/agent/attester/tpm/tss_error.h"

namespace veil::agent::tpm {
namespace {

std::string TctiName(const std::string& tcti) {
  return tcti.empty() ? "the default TCTI" : "TCTI \"" + tcti + "\"";
}

}  // namespace

Result<EsysConnection> EsysConnection::Open(const std::string& tcti) {
  TSS2_TCTI_CONTEXT* raw_tcti = nullptr;
  TSS2_RC rc = Tss2_TctiLdr_Initialize(tcti.empty() ? nullptr : tcti.c_str(), &raw_tcti);
  TctiPtr tcti_context(raw_tcti);
  if (rc != TSS2_RC_SUCCESS) {
    Error error = TssError(ErrorCode::kUnavailable, "Tss2_TctiLdr_Initialize", rc);
    error.message = "cannot reach the TPM through " + TctiName(tcti) + ": " + error.message;
    return Fail(std::move(error));
  }
  ESYS_CONTEXT* raw_esys = nullptr;
  rc = Esys_Initialize(&raw_esys, tcti_context.get(), nullptr);
  EsysPtr esys(raw_esys);
  if (rc != TSS2_RC_SUCCESS) {
    Error error = TssError(ErrorCode::kUnavailable, "Esys_Initialize", rc);
    error.message = "cannot start ESAPI on " + TctiName(tcti) + ": " + error.message;
    return Fail(std::move(error));
  }
  return EsysConnection(std::move(tcti_context), std::move(esys));
}

TransientObject::~TransientObject() {
  // Nothing to report to from a destructor; a failed flush leaves the object to the TPM's reset.
  if (handle_ != ESYS_TR_NONE) static_cast<void>(Esys_FlushContext(esys_, handle_));
}

}  // namespace veil::agent::tpm
