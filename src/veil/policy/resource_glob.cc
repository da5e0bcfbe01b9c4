#include "veil/policy/resource_glob.h"

#include <vector>

namespace veil::policy {

// Dynamic programming over prefixes: `row[j]` says whether the glob read so far matches path[0, j).
bool GlobMatches(std::string_view glob, std::string_view path) {
  std::vector<char> row(path.size() + 1, 0);
  row[0] = 1;
  std::size_t g = 0;
  while (g < glob.size()) {
    std::vector<char> next(path.size() + 1, 0);
    if (glob[g] == '*') {
      const bool crosses_slashes = g + 1 < glob.size() && glob[g + 1] == '*';
      g += crosses_slashes ? 2 : 1;
      // A star extends any match as long as the characters it swallows are allowed.
      for (std::size_t j = 0; j <= path.size(); ++j) {
        next[j] = row[j] || (j > 0 && next[j - 1] && (crosses_slashes || path[j - 1] != '/'));
      }
    } else {
      const char want = glob[g++];
      for (std::size_t j = 1; j <= path.size(); ++j) {
        const bool one = want == '?' ? path[j - 1] != '/' : path[j - 1] == want;
        next[j] = row[j - 1] && one;
      }
    }
    row = std::move(next);
  }
  return row[path.size()] != 0;
}

}  // namespace veil::policy
