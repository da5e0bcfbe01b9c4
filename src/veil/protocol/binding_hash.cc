#include "veil/protocol/binding_hash.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "veil/protocol/wire_text.h"

namespace veil::protocol {
namespace {

constexpr std::string_view kSupportedKey = "supported-hash-algorithms";
constexpr std::string_view kSelectedKey = "selected-hash-algorithm";

// Veil's preference when the guest lacks SHA-384: the longer digest first.
constexpr std::array<BindingHash, 3> kPreference = {BindingHash::kSha384, BindingHash::kSha512,
                                                    BindingHash::kSha256};

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

Result<BindingHash> ParseBindingHash(const std::string& name) {
  for (const BindingHash hash : kPreference) {
    if (Lower(name) == BindingHashName(hash)) return hash;
  }
  return Fail(InvalidArgument("hash algorithm " + QuoteWireText(name) +
                              " is not one of sha256, sha384, sha512"));
}

}  // namespace

std::string_view BindingHashName(BindingHash hash) {
  switch (hash) {
    case BindingHash::kSha256:
      return "sha256";
    case BindingHash::kSha384:
      return "sha384";
    case BindingHash::kSha512:
      return "sha512";
  }
  return "sha384";
}

Result<BindingHash> NegotiateBindingHash(const nlohmann::json& extra_params) {
  if (!extra_params.is_object()) return kDefaultBindingHash;
  const auto listed = extra_params.find(kSupportedKey);
  if (listed == extra_params.end()) return kDefaultBindingHash;
  if (!listed->is_array()) {
    return Fail(InvalidArgument("extra-params.supported-hash-algorithms must be an array"));
  }
  std::vector<std::string> supported;
  for (const nlohmann::json& name : *listed) {
    if (!name.is_string()) {
      return Fail(InvalidArgument("extra-params.supported-hash-algorithms must hold strings only"));
    }
    supported.push_back(Lower(name.get<std::string>()));
  }
  for (const BindingHash hash : kPreference) {
    if (std::find(supported.begin(), supported.end(), BindingHashName(hash)) != supported.end())
      return hash;
  }
  return Fail(InvalidArgument("none of the guest's supported-hash-algorithms " +
                              QuoteWireText(listed->dump()) +
                              " is one Veil can bind with (sha256, sha384, sha512)"));
}

nlohmann::json ChallengeExtraParams(BindingHash hash) {
  if (hash == kDefaultBindingHash) return "";
  return {{std::string(kSelectedKey), std::string(BindingHashName(hash))}};
}

Result<BindingHash> SelectedBindingHash(const nlohmann::json& challenge_extra_params) {
  if (!challenge_extra_params.is_object()) return kDefaultBindingHash;
  const auto selected = challenge_extra_params.find(kSelectedKey);
  if (selected == challenge_extra_params.end()) return kDefaultBindingHash;
  if (!selected->is_string())
    return Fail(InvalidArgument("extra-params.selected-hash-algorithm must be a string"));
  return ParseBindingHash(selected->get<std::string>());
}

}  // namespace veil::protocol
