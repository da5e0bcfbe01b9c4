#pragma once
// The reference value names Veil knows and the form of their values, in one place: the claims the
// appraisals emit (appraisal/snp/report_claims.cc, appraisal/tpm/verify_quote.cc,
// appraisal/sample/verify_sample.cc), named "<tee>.<claim path>" as `reference_values: all` reads
// them. `veil refval add|import` and the trustee's admin API (POST /kbs/v0/reference-value,
// /kbs/v0/reference-values) check every value against it before anything is stored, so a
// truncated digest, a pasted "…" or a misspelt name never becomes a reference value that silently
// matches nothing.
//
// Three kinds of name:
// - known: a claim an appraisal emits ("snp.measurement", "tpm.pcrs.sha256.23"), or a bound the
//   default policy compares a claim with ("sgx.min_isv_svn"); every value must have the claim's
//   form (CheckReferenceValueText), whatever `force` says.
// - unknown under a TEE prefix ("snp.measurment", "tdx.mr_td": "<kind>." for every
//   protocol::TeeKind): refused unless forced; the refusal names the closest known names. A forced
//   one is stored unchecked (for a claim a newer appraisal emits).
// - free set names without a TEE prefix ("web", CoCo policies' "snp_launch_measurement"): policies
//   name them explicitly; their values are not checked.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/base/reference_value.h"
#include "veil/base/result.h"

namespace veil::policy {

enum class ValueForm {
  kHex,      // hex digits (either case) of min_bytes..max_bytes bytes, after `hex_prefix`
  kInteger,  // a decimal integer >= 0 without leading zeros, at most 2^64-1 (canonical text)
  kBoolean,  // "true" or "false"
  kOneOf,    // exactly one of `choices`
  kText,     // any text (a claim that is free text, e.g. tpm.ak_type "EC P-256")
};

struct ValueShape {
  ValueForm form = ValueForm::kHex;
  std::size_t min_bytes = 0;    // kHex
  std::size_t max_bytes = 0;    // kHex
  std::string_view hex_prefix;  // kHex: "0x" for 64-bit words printed "0x%016x", else ""
  std::span<const std::string_view> choices;  // kOneOf
};

// "96 hex digits (48 bytes)", "a decimal integer", "true or false", "one of vcek, vlek, none",
// "text".
std::string DescribeShape(const ValueShape& shape);

// The shape of a known name's values; nullopt for every other name.
std::optional<ValueShape> KnownReferenceShape(std::string_view name);

// True when `name` starts with "<kind>." for a protocol::TeeKind ("snp.", "tdx.", "tpm.",
// "sample.").
bool HasTeePrefix(std::string_view name);

// Every known name, sorted; the PCR names once per bank as "tpm.pcrs.<bank>.<0-23>".
std::vector<std::string> KnownReferenceNamePatterns();

// Up to `limit` known names closest to `name` by edit distance (ties in name order), for "did you
// mean"; only names within a distance of a third of `name`'s length (at least 2).
std::vector<std::string> ClosestKnownReferenceNames(std::string_view name, std::size_t limit = 3);

// kInvalidArgument unless `value` has `shape`. The message says what was expected and what was
// found; for a character that is not a hex digit (a pasted "…" included) it names its position,
// counted in characters from 1: `value "6a11…": character 5 is "…", not a hex digit`.
Status CheckValueShape(const ValueShape& shape, std::string_view value);

struct CatalogueCheck {
  TimePoint now;       // an expiry at or before now is refused
  bool force = false;  // stores an unknown name under a TEE prefix, unchecked
};

// Checks `reference` against the catalogue: the name (known, free, or unknown and forced), every
// value's shape for a known name, and an expiry in the future. kInvalidArgument naming the
// reference value, what was expected and what was found, with "did you mean" and the known names
// for an unknown one. Does not check what store::ValidateReferenceValue checks (name characters,
// sizes, duplicates).
Status CheckReferenceValue(const ReferenceValue& reference, const CatalogueCheck& check);

}  // namespace veil::policy
