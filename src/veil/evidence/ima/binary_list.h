#pragma once
// The binary form of the IMA measurement list (/sys/kernel/security/ima/
// binary_runtime_measurements, ima_measurements_show() with IMA_SHOW_BINARY): per entry u32 PCR,
// the 20-byte SHA-1 template hash, u32 template-name length and the name, then for every
// template but `ima` u32 template-data length and the template data (each field u32 length and
// bytes); `ima` writes its 20-byte digest bare and its name as u32 strlen and the name without
// NUL. Integers little-endian (x86 hosts, or any host booted with ima_canonical_fmt).

#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/ima/entry.h"

namespace veil::evidence::ima {

// Parses a binary list. Errors are kMalformed/kUnsupported and begin "record N at offset O: ".
// Template data is decoded into the fields above and must re-serialize to the same bytes.
Result<std::vector<Entry>> ParseBinaryList(ByteSpan bytes);

}  // namespace veil::evidence::ima
