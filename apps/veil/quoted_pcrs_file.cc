#include "quoted_pcrs_file.h"

#include <nlohmann/json.hpp>

#include "veil/base/file.h"
#include "veil/evidence/tpm/pcr_selection.h"

namespace veil::cli {

namespace tpm = evidence::tpm;
using nlohmann::json;

namespace {
constexpr std::size_t kMaxPcrFileBytes = std::size_t{1} << 20;
}  // namespace

// --pcrs: {"<bank>": {"<index>": "<hex>"}} or CoCo's array of 24 SHA-256 values. The selection
// is what the file itself lists, so tpm::ParsePcrFile checks every value against its bank.
Result<tpm::PcrValues> ReadQuotedPcrs(const std::string& path) {
  VEIL_ASSIGN_OR_RETURN(const Bytes bytes, ReadFileBytes(path, kMaxPcrFileBytes));
  const json document = json::parse(bytes.begin(), bytes.end(), nullptr, false);
  std::string list;
  if (document.is_array()) {
    list = "sha256:all";
  } else if (document.is_object()) {
    for (const auto& [bank, values] : document.items()) {
      if (!values.is_object()) return Fail(InvalidArgument("bank " + bank + " is not an object"));
      std::string indexes;
      for (const auto& [index, value] : values.items())
        indexes += (indexes.empty() ? "" : ",") + index;
      if (!indexes.empty()) list += (list.empty() ? "" : "+") + bank + ":" + indexes;
    }
  }
  if (list.empty()) {
    return Fail(InvalidArgument(
        "expected JSON {\"<bank>\": {\"<index>\": \"<hex>\"}} or an array of 24 SHA-256 values"));
  }
  VEIL_ASSIGN_OR_RETURN(const tpm::PcrSelection selection, tpm::ParsePcrList(list));
  VEIL_ASSIGN_OR_RETURN(tpm::PcrFile file, tpm::ParsePcrFile(bytes, selection));
  return std::move(file.values);
}

}  // namespace veil::cli
