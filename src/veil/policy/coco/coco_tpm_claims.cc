#include "veil/policy/coco/coco_tpm_claims.h"

#include <string>

namespace veil::policy::coco {

nlohmann::json WithCocoTpmNames(nlohmann::json claims) {
  if (!claims.is_object()) return claims;
  const auto pcrs = claims.find("pcrs");
  if (pcrs != claims.end() && pcrs->is_object() && pcrs->contains("sha256") &&
      (*pcrs)["sha256"].is_object()) {
    for (const auto& [index, digest] : (*pcrs)["sha256"].items()) {
      const std::string name = index.size() == 1 ? "pcr0" + index : "pcr" + index;
      claims.emplace(name, digest);
    }
  }
  if (claims.contains("ak")) claims.emplace("ak_public", claims["ak"]);
  return claims;
}

}  // namespace veil::policy::coco
