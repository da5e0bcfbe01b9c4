#pragma once
// A reference value: for a name, the claim values the appraisal accepts, with an optional expiry
// and where the values came from. A name is either "<tee>.<claim path>" ("snp.measurement",
// "tpm.pcrs.sha256.23", "tpm.ak") or a free set name ("web") that policies name explicitly.
// One type for the two folders that speak it and may not depend on each other: store/ persists it
// and validates its name and sizes (store/reference_value.h), policy/ matches claims against sets
// of them (policy/reference_values.h).

#include <optional>
#include <string>
#include <vector>

#include "veil/base/clock.h"

namespace veil {

struct ReferenceValue {
  std::string name;
  std::vector<std::string> values;      // canonical claim text (policy/claim_value.h), in order
  std::optional<TimePoint> expires_at;  // none = never expires; expired when now >= expires_at
  std::string provenance;               // free text: who published it and where it came from

  friend bool operator==(const ReferenceValue&, const ReferenceValue&) = default;
};

}  // namespace veil
