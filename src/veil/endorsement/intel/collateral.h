#pragma once
// DCAP collateral: everything besides the quote that Intel's quote verification needs — TCB Info
// per FMSPC, QE identities, the PCK CRLs, the root CA CRL and the issuer chains they came with —
// held as served (signed bodies byte-exact) and parsed. Loading checks shapes only; see
// collateral_verify.h for signatures and validity, and docs/formats/dcap-collateral.md.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/crl.h"
#include "veil/endorsement/intel/pck_chain.h"
#include "veil/endorsement/intel/qe_identity.h"
#include "veil/endorsement/intel/signed_json.h"
#include "veil/endorsement/intel/tcb_info.h"

namespace veil::endorsement::intel {

struct SignedTcbInfo {
  SignedJson signed_json;
  TcbInfo info;
  std::vector<crypto::Certificate> issuer_chain;  // TCB signing certificate, then the root
  std::string source;                             // where it was read, for messages
};

struct SignedQeIdentity {
  SignedJson signed_json;
  QeIdentity identity;
  std::vector<crypto::Certificate> issuer_chain;
  std::string source;
};

struct IssuedCrl {
  crypto::Crl crl;
  std::vector<crypto::Certificate> issuer_chain;  // may be empty: then only the quote's chain
  std::string source;
};

struct Collateral {
  std::vector<SignedTcbInfo> tcb_infos;         // at most one per (kind, FMSPC)
  std::vector<SignedQeIdentity> qe_identities;  // at most one per enclave kind
  std::optional<IssuedCrl> pck_crl_platform;
  std::optional<IssuedCrl> pck_crl_processor;
  std::optional<IssuedCrl> root_ca_crl;

  const SignedTcbInfo* FindTcbInfo(TeeKind kind, const std::array<std::uint8_t, 6>& fmspc) const;
  const SignedQeIdentity* FindQeIdentity(EnclaveKind kind) const;
  const IssuedCrl* PckCrl(PckCa ca) const;
};

// Parses `body` (the exact signed text) and adds it; kInvalidArgument when the collateral
// already holds TCB Info of the same kind and FMSPC (resp. a QE identity of the same kind).
Status AddTcbInfo(Collateral& collateral, SignedJson signed_json,
                  std::vector<crypto::Certificate> issuer_chain, std::string source);
Status AddQeIdentity(Collateral& collateral, SignedJson signed_json,
                     std::vector<crypto::Certificate> issuer_chain, std::string source);
// Files a PCK CRL under the CA its issuer names (Platform or Processor CA); refuses a second
// CRL of the same CA and a CRL of any other issuer.
Status AddPckCrl(Collateral& collateral, IssuedCrl crl);

}  // namespace veil::endorsement::intel
