#include "veil/kbs/additional_evidence.h"

#include <string>

#include "veil/protocol/wire_text.h"

namespace veil::kbs {

Result<nlohmann::json> UnverifiedAdditionalEvidence(std::string_view additional_evidence) {
  nlohmann::json unverified = nlohmann::json::object();
  if (additional_evidence.empty()) return unverified;
  const nlohmann::json devices =
      nlohmann::json::parse(additional_evidence, nullptr, /*allow_exceptions=*/false);
  if (devices.is_discarded() || !devices.is_object()) {
    return Fail(InvalidArgument(
        "tee-evidence.additional_evidence must be \"\" or a JSON object {\"<tee>\": evidence}"));
  }
  for (const auto& [device, evidence] : devices.items()) {
    unverified[device] = {
        {"verified", false},
        {"reason", "Veil has no verifier for " + protocol::QuoteWireText(device) + " evidence"},
        {"evidence", evidence}};
  }
  return unverified;
}

}  // namespace veil::kbs
