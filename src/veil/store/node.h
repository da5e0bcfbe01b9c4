#pragma once
// A node: a machine known by its TPM's endorsement key (EK). An admin registers it (`veil node
// add`), or credential activation enrols it directly when its EK certificate chains to the
// configured EK trust store; enrolment binds the attestation key (AK) the TPM proved it holds, and
// from then on a quote signed by that AK is the node's. What the store accepts as a node: its
// name, digest and size rules.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"

namespace veil::store {

inline constexpr std::size_t kMaxNodeNameSize = 64;
inline constexpr std::size_t kMaxEkCertificateSize = 16u << 10;  // DER

enum class NodeState : std::uint8_t {
  kRegistered,  // its EK is known, no AK is bound yet
  kEnrolled,    // credential activation bound an AK to its EK
};
// "registered", "enrolled": the store's and the API's name of a state.
std::string_view NodeStateName(NodeState state);
std::optional<NodeState> ParseNodeState(std::string_view name);

// What identifies a node: its name and its TPM's EK.
struct NodeIdentity {
  std::string name;
  // Hex SHA-256 (64 lower-case digits) of the EK's DER SubjectPublicKeyInfo.
  std::string ek_digest;
  Bytes ek_certificate;  // DER; empty when none was given

  friend bool operator==(const NodeIdentity&, const NodeIdentity&) = default;
};

struct NodeRecord {
  NodeIdentity identity;
  NodeState state = NodeState::kRegistered;
  // Enrolled: hex SHA-256 of the AK's DER SubjectPublicKeyInfo (the TPM quote's `ak` claim).
  std::optional<std::string> ak_digest;
  TimePoint registered_at;               // whole seconds
  std::optional<TimePoint> enrolled_at;  // the last enrolment

  friend bool operator==(const NodeRecord&, const NodeRecord&) = default;
};

// 1..kMaxNodeNameSize of [A-Za-z0-9._-], starting with a letter or digit (a host name fits);
// kInvalidArgument naming the first offending character otherwise.
Status ValidateNodeName(std::string_view name);
// 64 lower-case hex digits (a SHA-256); kInvalidArgument naming `what` otherwise.
Status ValidateSha256Hex(std::string_view what, std::string_view digest);
// The name, the EK digest, and a certificate of at most kMaxEkCertificateSize bytes.
Status ValidateNodeIdentity(const NodeIdentity& identity);

}  // namespace veil::store
