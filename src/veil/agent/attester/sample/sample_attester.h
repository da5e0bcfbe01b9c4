#pragma once
// veil-agent's CoCo `sample` attester (tee "sample"): unsigned evidence that merely repeats the
// report data, for development and protocol tests without TEE hardware. Nothing in it can be
// trusted; the trustee's claims say `insecure: true` and its default policies refuse it.

#include <memory>

#include "veil/agent/attester/attester.h"

namespace veil::agent::sample {

// CollectEvidence(report_data) returns {"svn": "1", "report_data": standard base64 of
// report_data} — guest-components' SampleQuote, what evidence/sample parses — for at most 64
// bytes of report data (else kInvalidArgument). ExtendMeasurement is kUnsupported: there is no
// register behind it.
std::unique_ptr<Attester> MakeSampleAttester();

}  // namespace veil::agent::sample
