// libFuzzer target: the agent's TOML configuration (ParseAgentConfig; paths are only resolved
// against a base directory, never opened).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/agent/config/agent_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  (void)veil::agent::ParseAgentConfig(std::string_view(reinterpret_cast<const char*>(data), size),
                                      "/etc/veil");
  return 0;
}
