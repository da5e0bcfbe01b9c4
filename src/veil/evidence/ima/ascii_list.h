#pragma once
// The ASCII form of the IMA measurement list (/sys/kernel/security/ima/
// ascii_runtime_measurements, written by ima_measurements_show() with IMA_SHOW_ASCII): per entry
// "%2d" PCR, ' ', the SHA-1 template hash in hex, ' ', the template name, then for each field
// ' ' and its text ("<alg>:<hex>" for d-ng, hex for d and sig, the string for n and n-ng), '\n'.
// Layout and bounds: docs/formats/ima-measurement-list.md.

#include <cstddef>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/evidence/ima/entry.h"

namespace veil::evidence::ima {

// Parses an ASCII list (or the tail of one: any run of whole lines). Every line must end with
// '\n' (a missing one means the list was cut). Errors are kMalformed (kUnsupported for a
// template Veil does not know) and begin "line N, field F: " with F one of pcr, template-hash,
// template, digest, path, signature, or "line N: " for the line's shape (too long, too few or
// too many fields, not terminated). More than `max_entries` lines is kMalformed.
Result<std::vector<Entry>> ParseAsciiList(std::string_view text,
                                          std::size_t max_entries = kMaxEntries);

}  // namespace veil::evidence::ima
