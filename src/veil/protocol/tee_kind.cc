#include "veil/protocol/tee_kind.h"

#include <array>
#include <string>

#include "veil/base/result.h"
#include "veil/protocol/wire_text.h"

namespace veil::protocol {
namespace {

constexpr std::array kTeeKinds = {TeeKind::kSnp, TeeKind::kTdx, TeeKind::kSgx, TeeKind::kTpm,
                                  TeeKind::kSample};

std::string AcceptedNames() {
  std::string names;
  for (TeeKind kind : kTeeKinds)
    names += (names.empty() ? "" : ", ") + std::string(TeeKindName(kind));
  return names;
}

}  // namespace

std::span<const TeeKind> AllTeeKinds() { return kTeeKinds; }

Result<TeeKind> ParseTeeKind(std::string_view wire) {
  for (TeeKind kind : kTeeKinds) {
    if (TeeKindName(kind) == wire) return kind;
  }
  return Fail(Unsupported("TEE " + QuoteWireText(wire) + " is unknown (expected one of " +
                          AcceptedNames() + ")"));
}

std::string_view TeeKindName(TeeKind kind) {
  switch (kind) {  // no default: -Wswitch names a new enumerator without a name
    case TeeKind::kSnp:
      return "snp";
    case TeeKind::kTdx:
      return "tdx";
    case TeeKind::kSgx:
      return "sgx";
    case TeeKind::kTpm:
      return "tpm";
    case TeeKind::kSample:
      return "sample";
  }
  VEIL_CHECK(false);
  return {};
}

}  // namespace veil::protocol
