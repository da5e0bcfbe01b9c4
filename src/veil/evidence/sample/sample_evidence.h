#pragma once
// CoCo `sample` evidence (guest-components attester/src/sample): an unsigned JSON object with
// a security version number and the report data the attester was asked to bind.

#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::sample {

struct SampleEvidence {
  std::string svn;  // decimal text, as CoCo sends it
  Bytes report_data;
};

// Requires a JSON object with exactly "svn" (string of digits, or a non-negative integer) and
// "report_data" (standard base64, at most 64 bytes decoded).
Result<SampleEvidence> ParseSampleEvidence(std::string_view json_text);

}  // namespace veil::evidence::sample
