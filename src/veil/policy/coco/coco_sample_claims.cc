#include "veil/policy/coco/coco_sample_claims.h"

#include "veil/base/base64.h"
#include "veil/base/hex.h"

namespace veil::policy::coco {

nlohmann::json WithCocoSampleNames(nlohmann::json claims) {
  if (!claims.is_object()) return claims;
  // CoCo's constants: "Generally TCB claims should originate from the attester", but its sample
  // attester sends none, so its verifier fills them in.
  claims["launch_digest"] = "abcde";
  claims["platform_version"] = {{"major", 1}, {"minor", 4}};
  claims["debug"] = false;
  return claims;
}

nlohmann::json CocoSampleInitData(std::string_view digest_hex) {
  const auto digest = HexDecode(digest_hex);
  if (!digest) return nullptr;
  return Base64Encode(*digest);
}

}  // namespace veil::policy::coco
