#pragma once
// Loading collateral from disk: a bundle directory (docs/formats/dcap-collateral.md) or one
// dcap-qvl style JSON file (collateral_json.h).
//
// Bundle directory, every file in the shape Intel PCS v4 serves it:
//   tcb-signing-chain.pem           TCB-Info-Issuer-Chain: TCB Signing certificate, root
//   tcbinfo/*.json                  {"tcbInfo":...,"signature":...}, any number, any FMSPC
//   qeidentity/*.json               {"enclaveIdentity":...,"signature":...} (QE, TD_QE, QVE)
//   pckcrl-platform.der             PCK CRL of the Platform CA   (optional)
//   pckcrl-processor.der            PCK CRL of the Processor CA  (optional)
//   pckcrl-<ca>-issuer-chain.pem    SGX-PCK-CRL-Issuer-Chain of that CRL (optional)
//   rootcrl.der                     Intel SGX Root CA CRL (optional)
// Other files are ignored. Errors name the file.

#include <filesystem>

#include "veil/base/result.h"
#include "veil/endorsement/intel/collateral.h"

namespace veil::endorsement::intel {

Result<Collateral> LoadCollateralDirectory(const std::filesystem::path& directory);
// A directory as above, or a file in the dcap-qvl JSON shape.
Result<Collateral> LoadCollateral(const std::filesystem::path& path);

}  // namespace veil::endorsement::intel
