#pragma once
// The steps Intel's DCAP quote verification shares between TDX and SGX quotes, in its order,
// after parsing:
//  1. the PCK chain of the certification data up to the bundled Intel SGX Root CA, with the
//     collateral's PCK CRL (of the chain's CA) and root CA CRL, at `at`;
//  2. the PCK certificate's SGX extensions: the collateral must hold TCB Info of the quote's kind
//     for its FMSPC, with its PCE-ID;
//  3. the QE report signature by the PCK key, the attestation-key binding and the quote signature
//     (quote_signatures.h);
//  4. the signatures and validity at `at` of the collateral items used: root CA CRL, PCK CRL,
//     TCB Info and QE identity;
//  5. the QE identity (QE for SGX, TD_QE for TDX) matches the QE report; a Revoked QE is refused;
//  6. the TCB level for the PCK's SVNs (and TEE_TCB_SVN for TDX, then the TDX module); no
//     matching level, or a Revoked one, is refused.
// Every failure is returned with the step as context ("PCK chain", "quote signature", ...) and a
// message naming the item, expected and found.

#include <array>
#include <cstdint>
#include <optional>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/intel/collateral.h"
#include "veil/endorsement/intel/root.h"
#include "veil/endorsement/intel/tcb_level.h"
#include "veil/evidence/dcap/ecdsa_signature_data.h"

namespace veil::appraisal::dcap {

// What the TDX-specific checks need from a TD report body.
struct TdxTcb {
  std::array<std::uint8_t, 16> tee_tcb_svn{};
  ByteSpan mr_signer_seam;   // 48 bytes
  ByteSpan seam_attributes;  // 8 bytes
};

struct DcapQuote {
  endorsement::intel::TeeKind kind = endorsement::intel::TeeKind::kSgx;
  ByteSpan signed_part;  // header ‖ body as the quote carries them
  const evidence::dcap::EcdsaSignatureData& signature_data;
  std::optional<TdxTcb> tdx;  // set exactly when kind is kTdx
  // The Intel SGX Root CA trusted for the PCK chain, the CRLs and the TCB signing chain: the
  // bundled one in every shipped path (endorsement/intel/root.h).
  const crypto::Certificate& intel_root = endorsement::intel::BundledRoot();
};

struct DcapVerdict {
  std::array<std::uint8_t, 6> fmspc{};
  std::array<std::uint8_t, 2> pce_id{};
  endorsement::intel::PckCa pck_ca = endorsement::intel::PckCa::kPlatform;
  endorsement::intel::TcbVerdict tcb;
  endorsement::intel::IsvsvnLevel qe_level;
  TimePoint collateral_expiry;  // the earliest nextUpdate of the items used
};

Result<DcapVerdict> VerifyDcapQuote(const DcapQuote& quote,
                                    const endorsement::intel::Collateral& collateral, TimePoint at);

}  // namespace veil::appraisal::dcap
