#pragma once
// The PCR values that accompany a quote, in the file forms Veil meets (layouts in
// docs/formats/tpm_quote.md):
//  * serialized: what `tpm2_quote -o` (tpm2-tools 5.x) writes by default, native little-endian
//    x86_64 dumps of TPML_PCR_SELECTION (132 bytes), a u32 count N, then N TPML_DIGEST (532 bytes);
//  * values: `tpm2_quote -F values`, the digests concatenated in selection order, no header;
//  * JSON: {"sha256": {"0": "<hex>", ...}, "sha1": {...}};
//  * CoCo: a JSON array of exactly 24 hex SHA-256 values (PCR 0..23), as Trustee's evidence
//  carries.
// A value's position in the serialized and values forms only means something against a selection:
// banks in selection order, ascending indexes within a bank (the order of pcrDigest).

#include <cstdint>
#include <map>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/tpm/pcr_selection.h"

namespace veil::evidence::tpm {

// bank -> PCR index -> digest (each digest exactly HashAlgDigestSize(bank) bytes).
using PcrValues = std::map<HashAlg, std::map<std::uint32_t, Bytes>>;

enum class PcrFileFormat { kSerialized, kValues, kJson, kCocoArray };
std::string_view PcrFileFormatName(
    PcrFileFormat format);  // "serialized", "values", "JSON", "CoCo array"

struct PcrFile {
  PcrFileFormat format = PcrFileFormat::kSerialized;
  PcrValues values;  // exactly the PCRs of the selection, nothing else
};

// Detects the format of `bytes` and returns the value of every PCR that `selection` (the quote's
// TPMS_QUOTE_INFO.pcrSelect) names. kMalformed when no format fits (the message gives the sizes
// each would need), when more than one fits, when a selected PCR has no value, when a digest
// has the wrong size, or when a serialized file selects other PCRs than the quote. Values of
// PCRs outside the selection (JSON, CoCo) are validated and then dropped.
Result<PcrFile> ParsePcrFile(ByteSpan bytes, const PcrSelection& selection);

}  // namespace veil::evidence::tpm
