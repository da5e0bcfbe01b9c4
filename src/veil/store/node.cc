#include "veil/store/node.h"

#include <algorithm>

namespace veil::store {
namespace {

bool IsAlphanumeric(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool IsLowerHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

}  // namespace

std::string_view NodeStateName(NodeState state) {
  switch (state) {
    case NodeState::kRegistered:
      return "registered";
    case NodeState::kEnrolled:
      return "enrolled";
  }
  return "unknown";
}

std::optional<NodeState> ParseNodeState(std::string_view name) {
  if (name == "registered") return NodeState::kRegistered;
  if (name == "enrolled") return NodeState::kEnrolled;
  return std::nullopt;
}

Status ValidateNodeName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNodeNameSize) {
    return Fail(InvalidArgument("node name: expected 1.." + std::to_string(kMaxNodeNameSize) +
                                " characters, got " + std::to_string(name.size())));
  }
  if (!IsAlphanumeric(name.front())) {
    return Fail(InvalidArgument("node name \"" + std::string(name) +
                                "\": expected a letter or digit first"));
  }
  const auto bad = std::find_if(name.begin(), name.end(), [](char c) {
    return !IsAlphanumeric(c) && c != '.' && c != '_' && c != '-';
  });
  if (bad != name.end()) {
    return Fail(InvalidArgument("node name: expected letters, digits, '.', '_' or '-', got byte " +
                                std::to_string(static_cast<unsigned char>(*bad)) + " at offset " +
                                std::to_string(bad - name.begin())));
  }
  return {};
}

Status ValidateSha256Hex(std::string_view what, std::string_view digest) {
  if (digest.size() != 64 || !std::all_of(digest.begin(), digest.end(), IsLowerHex)) {
    return Fail(InvalidArgument(std::string(what) +
                                ": expected a SHA-256 as 64 lower-case hex digits, got " +
                                std::to_string(digest.size()) + " characters"));
  }
  return {};
}

Status ValidateNodeIdentity(const NodeIdentity& identity) {
  VEIL_TRY(ValidateNodeName(identity.name));
  VEIL_TRY(ValidateSha256Hex("node " + identity.name + " EK digest", identity.ek_digest));
  if (identity.ek_certificate.size() > kMaxEkCertificateSize) {
    return Fail(InvalidArgument("node " + identity.name +
                                ": expected an EK certificate of at most " +
                                std::to_string(kMaxEkCertificateSize) + " bytes, got " +
                                std::to_string(identity.ek_certificate.size())));
  }
  return {};
}

}  // namespace veil::store
