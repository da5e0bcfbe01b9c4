#pragma once
// Veil's TPM claims with the names CoCo's TPM verifier gives them added (trustee
// deps/verifier/src/tpm): "pcr00".."pcr23" for the SHA-256 bank (Veil's pcrs.sha256.<n>, hex)
// and "ak_public" for the AK (Veil's ak: the SHA-256 of its SubjectPublicKeyInfo, hex; CoCo's is
// the PEM). Veil's names stay, so policies written against either run.

#include <nlohmann/json.hpp>

namespace veil::policy::coco {

nlohmann::json WithCocoTpmNames(nlohmann::json claims);

}  // namespace veil::policy::coco
