#pragma once
// The JSON PCR forms (pcr_values.h: {"<bank>": {"<index>": "<hex>"}} and CoCo's array of 24
// SHA-256 values) read straight from the bytes, without building a JSON tree, when they are
// spelled plainly: strings without escapes, no duplicate names,
// every bank name, index and digest valid, and every PCR of the selection present. Only the
// selected values are decoded; the others are checked (hex, digest size) and skipped. Anything
// else, including every malformed file, returns nullopt and is left to the general JSON reader,
// whose result and error messages stay the reference: for a file this accepts, it returns the
// same values that reader would.

#include <optional>

#include "veil/base/bytes.h"
#include "veil/evidence/tpm/pcr_selection.h"
#include "veil/evidence/tpm/pcr_values.h"

namespace veil::evidence::tpm {

struct PlainPcrJson {
  PcrFileFormat format = PcrFileFormat::kJson;  // kJson or kCocoArray
  PcrValues values;                             // exactly the PCRs of the selection
};

std::optional<PlainPcrJson> ReadPlainPcrJson(ByteSpan bytes, const PcrSelection& selection);

}  // namespace veil::evidence::tpm
