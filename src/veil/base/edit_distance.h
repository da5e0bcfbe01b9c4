#pragma once
// The Levenshtein distance between two words (insertions, deletions and substitutions of one
// byte each), for "did you mean …?" suggestions on misspelt names. O(|a|·|b|) time, O(|b|)
// space: callers pass names, not untrusted megabytes.

#include <cstddef>
#include <string_view>

namespace veil {

std::size_t EditDistance(std::string_view a, std::string_view b);

}  // namespace veil
