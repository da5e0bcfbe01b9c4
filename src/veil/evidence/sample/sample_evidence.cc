#include "veil/evidence/sample/sample_evidence.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "veil/base/base64.h"

namespace veil::evidence::sample {
namespace {

using nlohmann::json;

Error SampleError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "sample"};
}

Result<std::string> ReadSvn(const json& value) {
  if (value.is_number_unsigned()) return std::to_string(value.get<std::uint64_t>());
  if (!value.is_string())
    return Fail(SampleError("\"svn\" must be a string of digits or an integer"));
  const auto& text = value.get_ref<const std::string&>();
  if (text.empty() || text.size() > 20 ||
      !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return Fail(SampleError("\"svn\" must be decimal digits, got \"" + text.substr(0, 32) + "\""));
  }
  return text;
}

}  // namespace

Result<SampleEvidence> ParseSampleEvidence(std::string_view json_text) {
  const json document = json::parse(json_text, nullptr, false);
  if (document.is_discarded()) return Fail(SampleError("evidence is not valid JSON"));
  if (!document.is_object()) return Fail(SampleError("evidence must be a JSON object"));
  for (const auto& [key, value] : document.items()) {
    if (key != "svn" && key != "report_data")
      return Fail(SampleError("unexpected field \"" + key + "\""));
  }
  if (!document.contains("svn")) return Fail(SampleError("missing field \"svn\""));
  if (!document.contains("report_data")) return Fail(SampleError("missing field \"report_data\""));
  const json& report_data = document["report_data"];
  if (!report_data.is_string()) return Fail(SampleError("\"report_data\" must be a base64 string"));

  SampleEvidence evidence;
  VEIL_ASSIGN_OR_RETURN(evidence.svn, ReadSvn(document["svn"]));
  auto decoded = Base64Decode(report_data.get_ref<const std::string&>());
  if (!decoded) return Fail(SampleError("\"report_data\": " + decoded.error().message));
  if (decoded->size() > 64) {
    return Fail(SampleError("\"report_data\" is " + std::to_string(decoded->size()) +
                            " bytes, at most 64 allowed"));
  }
  evidence.report_data = std::move(*decoded);
  return evidence;
}

}  // namespace veil::evidence::sample
