#pragma once
// Veil's sample claims (appraisal/sample/verify_sample.h: insecure, svn, report_data) with the
// claims CoCo's sample verifier gives (trustee deps/verifier/src/sample/mod.rs,
// parse_tee_evidence). CoCo's verifier sets all but svn to constants, and so does this:
//   svn               string   the evidence's svn, as Veil's claim of the same name
//   launch_digest     string   "abcde"
//   platform_version  object   {"major": 1, "minor": 4}
//   debug             boolean  false
// Sample evidence is never hardware evidence: these constants say nothing about a platform, they
// let CoCo's policies exercise their sample section as they do in CoCo. Veil's names stay.

#include <nlohmann/json.hpp>
#include <string_view>

namespace veil::policy::coco {

nlohmann::json WithCocoSampleNames(nlohmann::json claims);

// CoCo's top-level init_data for sample evidence: the init-data digest in standard base64 (CoCo's
// sample verifier encodes it so, where other TEEs give hex), from its hex; null when `digest_hex`
// is not hex.
nlohmann::json CocoSampleInitData(std::string_view digest_hex);

}  // namespace veil::policy::coco
