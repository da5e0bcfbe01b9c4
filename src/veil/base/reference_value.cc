#include "veil/base/reference_value.h"

namespace veil {
namespace {

constexpr ReferenceValueKind kKinds[] = {ReferenceValueKind::kString, ReferenceValueKind::kInteger,
                                         ReferenceValueKind::kBoolean, ReferenceValueKind::kNumber};

}  // namespace

std::string_view ReferenceValueKindName(ReferenceValueKind kind) {
  switch (kind) {
    case ReferenceValueKind::kString:
      return "string";
    case ReferenceValueKind::kInteger:
      return "integer";
    case ReferenceValueKind::kBoolean:
      return "boolean";
    case ReferenceValueKind::kNumber:
      return "number";
  }
  return "string";
}

std::optional<ReferenceValueKind> ParseReferenceValueKind(std::string_view name) {
  for (ReferenceValueKind kind : kKinds) {
    if (ReferenceValueKindName(kind) == name) return kind;
  }
  return std::nullopt;
}

}  // namespace veil
