#pragma once
// The AMD cert_chain PEM files compiled into the binary (internal to endorsement/amd).

#include <string_view>
#include <vector>

namespace veil::endorsement::amd {

struct EmbeddedChain {
  std::string_view name;  // file name without extension, e.g. "ask_ark_milan_vlek"
  std::string_view pem;   // ASK or ASVK, then ARK
};

const std::vector<EmbeddedChain>& EmbeddedChains();

}  // namespace veil::endorsement::amd
