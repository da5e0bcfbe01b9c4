#include "veil/store/policy.h"

#include <algorithm>
#include <string>

namespace veil::store {
namespace {

bool IsIdCharacter(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == '-';
}

}  // namespace

Status ValidatePolicy(const Policy& policy) {
  if (policy.id.empty() || policy.id.size() > kMaxPolicyIdSize) {
    return Fail(InvalidArgument("policy id: expected 1.." + std::to_string(kMaxPolicyIdSize) +
                                " characters, got " + std::to_string(policy.id.size())));
  }
  if (!std::all_of(policy.id.begin(), policy.id.end(), IsIdCharacter)) {
    return Fail(InvalidArgument("policy id: expected [A-Za-z0-9._-]+, got \"" + policy.id + "\""));
  }
  if (policy.text.empty() || policy.text.size() > kMaxPolicyTextSize) {
    return Fail(InvalidArgument("policy text: expected 1.." + std::to_string(kMaxPolicyTextSize) +
                                " bytes, got " + std::to_string(policy.text.size())));
  }
  return {};
}

}  // namespace veil::store
