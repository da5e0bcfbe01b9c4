#include "veil/agent/attester/tsm/configfs_tsm.h"

#include <system_error>

#include "veil/agent/attester/tsm/attribute_file.h"

namespace veil::agent::tsm {
namespace {

Error TsmError(ErrorCode code, std::string message) {
  return Error{code, std::move(message), "configfs-tsm"};
}

// auxblob is only visible when the provider emits auxiliary data (TDX has none).
Result<Bytes> ReadOptionalAuxblob(const ReportEntry& entry) {
  std::error_code error;
  if (!std::filesystem::exists(entry.Attribute("auxblob"), error)) return Bytes{};
  return ReadAttribute(entry.Attribute("auxblob"), kMaxBlobSize);
}

Result<TsmReport> Request(const ReportEntry& entry, ByteSpan report_data) {
  TsmReport report;
  VEIL_ASSIGN_OR_RETURN(report.provider, ReadTextAttribute(entry.Attribute("provider")));
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t before,
                        ReadCounterAttribute(entry.Attribute("generation")));
  VEIL_TRY(WriteAttribute(entry.Attribute("inblob"), report_data));
  VEIL_ASSIGN_OR_RETURN(report.outblob, ReadAttribute(entry.Attribute("outblob"), kMaxBlobSize));
  VEIL_ASSIGN_OR_RETURN(report.auxblob, ReadOptionalAuxblob(entry));
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t after,
                        ReadCounterAttribute(entry.Attribute("generation")));
  if (after != before + 1) {
    return Fail(TsmError(ErrorCode::kUnavailable,
                         "another writer raced us on " + entry.path().string() +
                             ": generation went from " + std::to_string(before) + " to " +
                             std::to_string(after) + ", expected " + std::to_string(before + 1) +
                             " after our one inblob write"));
  }
  if (report.outblob.empty())
    return Fail(TsmError(ErrorCode::kMalformed, entry.Attribute("outblob").string() + " is empty"));
  return report;
}

}  // namespace

bool ConfigfsTsm::Available() const {
  std::error_code error;
  return std::filesystem::is_directory(root_ / "report", error);
}

Result<std::string> ConfigfsTsm::Provider() const {
  VEIL_ASSIGN_OR_RETURN(const ReportEntry entry, ReportEntry::Create(ops_, root_ / "report"));
  return ReadTextAttribute(entry.Attribute("provider"));
}

Result<TsmReport> ConfigfsTsm::GetReport(ByteSpan report_data) const {
  if (report_data.size() != kInblobSize) {
    return Fail(TsmError(ErrorCode::kInvalidArgument,
                         "report data must be " + std::to_string(kInblobSize) + " bytes, got " +
                             std::to_string(report_data.size())));
  }
  VEIL_ASSIGN_OR_RETURN(const ReportEntry entry, ReportEntry::Create(ops_, root_ / "report"));
  return Request(entry, report_data);
}

}  // namespace veil::agent::tsm
