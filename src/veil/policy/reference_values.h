#pragma once
// Reference values: named sets of accepted claim values, each entry with an optional expiry.
// A name is either "<tee>.<claim path>" ("snp.measurement", "tpm.pcrs.sha256.23", "tpm.ak"),
// which `reference_values: all` checks automatically, or a free set name ("web") that policies
// name explicitly with `in_reference`. Several entries may share a name (e.g. an old release that
// expires next week and its successor); their unexpired values are accepted together.
// An entry is expired at `now` when now >= expires; expired values are never accepted.

#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/reference_value.h"
#include "veil/base/result.h"

namespace veil::policy {

// What a name resolves to at one instant.
struct ReferenceLookup {
  bool known = false;                 // at least one entry has this name (expired or not)
  std::vector<std::string> accepted;  // values of the unexpired entries, in insertion order
  std::string note;                   // names the expired entries that were ignored, if any
};

class ReferenceValueSet {
 public:
  // Fails (kInvalidArgument) on an empty name or an entry without values.
  Status Add(ReferenceValue value);

  bool empty() const { return by_name_.empty(); }
  // Sorted names that start with `prefix` (all names for an empty prefix).
  std::vector<std::string> NamesWithPrefix(std::string_view prefix) const;
  ReferenceLookup Lookup(std::string_view name, TimePoint now) const;
  // The unexpired entries of `name` in insertion order, as they were added (kinds, scalar); they
  // stay valid until the set is changed.
  std::vector<const ReferenceValue*> CurrentEntries(std::string_view name, TimePoint now) const;

 private:
  std::map<std::string, std::vector<ReferenceValue>, std::less<>> by_name_;
};

// The JSON CoCo's RVPS answers for a name (trustee rvps/src/lib.rs query_reference_value) given
// its entries: when there is exactly one entry and it was written as a scalar, that value;
// otherwise an array of every value of the entries in order; each value of the JSON type it was
// written as (claim_value.h TypedJson), so 3 and true, not "3" and "true". An empty array for no
// entries (the caller answers null). kMalformed for a value whose text is not of its kind.
Result<nlohmann::json> RegisteredJson(std::span<const ReferenceValue* const> entries);

// A JSON (or YAML) list of {"name", "values": [...], "expires"?: RFC 3339, "provenance"?}.
// Values may be strings, integers or booleans (kept as canonical text with their kind). Unknown
// keys, empty names and empty value lists are rejected; errors carry context "policy".
Result<ReferenceValueSet> ParseReferenceValues(std::string_view text);

// The entries of such a document in document order, as ParseReferenceValues reads them (same
// checks, same errors).
Result<std::vector<ReferenceValue>> ParseReferenceValueEntries(std::string_view text);

// The document ParseReferenceValues reads, one object per entry in order; "expires" only when the
// entry expires, "provenance" only when it is not empty. Values stay strings (canonical text).
// `veil refval ls` prints it; `veil policy eval --refvals` and `veil refval import` read it.
nlohmann::json ReferenceValuesDocument(std::span<const ReferenceValue> entries);

// The same document as YAML (`veil refval export`): every scalar double-quoted as JSON prints it,
// so that it reads back as the same string.
std::string ReferenceValuesYaml(std::span<const ReferenceValue> entries);

}  // namespace veil::policy
