#pragma once
// RAII for the tss2 ESAPI: a connection to a TPM (TCTI context + ESYS context), transient objects
// that are flushed from the TPM when they go out of scope, and buffers ESAPI allocates.

#include <tss2/tss2_esys.h>
#include <tss2/tss2_tctildr.h>

#include <memory>
#include <string>
#include <utility>

#include "veil/base/result.h"

namespace veil::agent::tpm {

// Frees what Esys_* calls return through their output pointers.
struct EsysFree {
  void operator()(void* buffer) const noexcept { Esys_Free(buffer); }
};
template <class T>
using EsysBuffer = std::unique_ptr<T, EsysFree>;

class EsysConnection {
 public:
  // Loads the TCTI that `tcti` names in tss2-tctildr syntax ("swtpm:host=127.0.0.1,port=2321",
  // "device:/dev/tpmrm0"; empty: the loader's default) and starts an ESYS context on it.
  // kUnavailable, naming the TCTI, when the TPM cannot be reached.
  static Result<EsysConnection> Open(const std::string& tcti);

  ESYS_CONTEXT* get() const { return esys_.get(); }

 private:
  struct TctiFinalize {
    void operator()(TSS2_TCTI_CONTEXT* tcti) const noexcept { Tss2_TctiLdr_Finalize(&tcti); }
  };
  struct EsysFinalize {
    void operator()(ESYS_CONTEXT* esys) const noexcept { Esys_Finalize(&esys); }
  };
  using TctiPtr = std::unique_ptr<TSS2_TCTI_CONTEXT, TctiFinalize>;
  using EsysPtr = std::unique_ptr<ESYS_CONTEXT, EsysFinalize>;

  EsysConnection(TctiPtr tcti, EsysPtr esys) : tcti_(std::move(tcti)), esys_(std::move(esys)) {}

  TctiPtr tcti_;
  EsysPtr esys_;  // declared after tcti_, so finalized before the TCTI it uses
};

// An object loaded in the TPM (a primary key), flushed on destruction. It borrows the connection's
// ESYS context and must not outlive the EsysConnection it came from.
class TransientObject {
 public:
  TransientObject(const EsysConnection& tpm, ESYS_TR handle) : esys_(tpm.get()), handle_(handle) {}
  ~TransientObject();
  TransientObject(TransientObject&& other) noexcept
      : esys_(other.esys_), handle_(std::exchange(other.handle_, ESYS_TR_NONE)) {}
  TransientObject& operator=(TransientObject&&) = delete;
  TransientObject(const TransientObject&) = delete;
  TransientObject& operator=(const TransientObject&) = delete;

  ESYS_TR handle() const { return handle_; }

 private:
  ESYS_CONTEXT* esys_;
  ESYS_TR handle_;
};

}  // namespace veil::agent::tpm
