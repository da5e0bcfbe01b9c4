#include "veil/policy/coco/rego_document.h"

#include <string>

namespace veil::policy::coco {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
constexpr std::string_view kPackage = "package";

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

// `text` from its first character that is neither white space nor inside a `#` comment.
std::string_view SkipBlanksAndComments(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    if (IsSpace(text[i])) {
      ++i;
    } else if (text[i] == '#') {
      const std::size_t newline = text.find('\n', i);
      i = newline == std::string_view::npos ? text.size() : newline + 1;
    } else {
      break;
    }
  }
  return text.substr(i);
}

}  // namespace

bool LooksLikeRego(std::string_view text) {
  if (text.starts_with(kByteOrderMark)) text.remove_prefix(kByteOrderMark.size());
  const std::string_view rest = SkipBlanksAndComments(text);
  return rest.starts_with(kPackage) && rest.size() > kPackage.size() &&
         IsSpace(rest[kPackage.size()]);
}

Status ExpectPackagePolicy(const rego::Module& module) {
  if (module.package.size() == 1 && module.package[0] == "policy") return {};
  std::string found;
  for (const std::string& part : module.package) found += (found.empty() ? "" : ".") + part;
  return Fail(Error{ErrorCode::kInvalidArgument,
                    "rego: the module's package is " + found +
                        ", expected `package policy` (CoCo evaluates data.policy.<rule>)",
                    "policy"});
}

}  // namespace veil::policy::coco
