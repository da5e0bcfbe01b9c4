#include "veil/agent/attester/tpm/tss_log.h"

#include <cstdlib>
#include <string>

namespace veil::agent::tpm {

bool SilenceTssLog() {
  const std::string name(kTssLogVariable);
  if (std::getenv(name.c_str()) != nullptr) return false;
  return ::setenv(name.c_str(), "all+NONE", 0) == 0;
}

}  // namespace veil::agent::tpm
