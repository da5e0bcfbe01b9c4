#include "veil/agent/launch/exec_arguments.h"

#include <unistd.h>

namespace veil::agent {

std::vector<char*> CStrings(const std::vector<std::string>& strings) {
  std::vector<char*> pointers;
  pointers.reserve(strings.size() + 1);
  for (const std::string& text : strings) pointers.push_back(const_cast<char*>(text.c_str()));
  pointers.push_back(nullptr);
  return pointers;
}

int DescriptorLimit() {
  const long limit = sysconf(_SC_OPEN_MAX);
  return limit > 0 && limit < (1L << 30) ? static_cast<int>(limit) : (1 << 20);
}

}  // namespace veil::agent
