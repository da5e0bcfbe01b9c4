#pragma once
// A reference value: for a name, the claim values the appraisal accepts, with an optional expiry
// and where the values came from. A name is either "<tee>.<claim path>" ("snp.measurement",
// "tpm.pcrs.sha256.23", "tpm.ak") or a free set name ("web") that policies name explicitly.
// One type for the two folders that speak it and may not depend on each other: store/ persists it
// and validates its name and sizes (store/reference_value.h), policy/ matches claims against sets
// of them (policy/reference_values.h).
//
// Each value is kept as canonical text (policy/claim_value.h CanonicalText: 5 -> "5"), which is
// what Veil's own policies compare. How it was written is kept beside it, because CoCo's
// query_reference_value answers the JSON its RVPS registered: `true` is not "true", `[3]` is not
// `3` and not `["3"]` (policy/coco/rego_attestation_policy.h).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "veil/base/clock.h"

namespace veil {

// The JSON type a value was written as. kNumber is a number that is not an integer (1.5).
enum class ReferenceValueKind : std::uint8_t { kString, kInteger, kBoolean, kNumber };

// "string", "integer", "boolean", "number": the store's and the messages' name of a kind.
std::string_view ReferenceValueKindName(ReferenceValueKind kind);
// The kind of that name; nullopt for any other text.
std::optional<ReferenceValueKind> ParseReferenceValueKind(std::string_view name);

struct ReferenceValue {
  std::string name;
  std::vector<std::string> values;      // canonical claim text (policy/claim_value.h), in order
  std::optional<TimePoint> expires_at;  // none = never expires; expired when now >= expires_at
  std::string provenance;               // free text: who published it and where it came from
  // kinds[i] is how values[i] was written; a value past the end of `kinds` is a string, so an
  // entry made of text alone (and every entry stored before schema version 3) is all strings.
  std::vector<ReferenceValueKind> kinds = {};
  // Written as one value rather than as a list (an RVPS payload's `"name": true`, not
  // `"name": [true]`); such an entry has exactly one value.
  bool scalar = false;

  ReferenceValueKind KindOf(std::size_t index) const {
    return index < kinds.size() ? kinds[index] : ReferenceValueKind::kString;
  }
  // Appends a value written as `kind`.
  void Add(std::string text, ReferenceValueKind kind) {
    kinds.resize(values.size(), ReferenceValueKind::kString);
    values.push_back(std::move(text));
    kinds.push_back(kind);
  }

  // Equal when every member is, comparing kinds by KindOf (a missing kind is a string).
  friend bool operator==(const ReferenceValue& a, const ReferenceValue& b) {
    if (a.name != b.name || a.values != b.values || a.expires_at != b.expires_at ||
        a.provenance != b.provenance || a.scalar != b.scalar)
      return false;
    for (std::size_t i = 0; i < a.values.size(); ++i) {
      if (a.KindOf(i) != b.KindOf(i)) return false;
    }
    return true;
  }
};

}  // namespace veil
