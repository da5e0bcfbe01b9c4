#pragma once
// Result<T> = a value or an Error, and the only two propagation macros Veil uses.

#include <cstdio>
#include <cstdlib>
#include <tl/expected.hpp>

#include "veil/base/error.h"

namespace veil {

template <class T>
using Result = tl::expected<T, Error>;

using Status = Result<void>;

inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace veil

#define VEIL_INTERNAL_CONCAT2(a, b) a##b
#define VEIL_INTERNAL_CONCAT(a, b) VEIL_INTERNAL_CONCAT2(a, b)

// Evaluates `expr` (a Result<...>); on error returns the error from the enclosing function.
#define VEIL_TRY(expr)                                                               \
  do {                                                                               \
    auto&& veil_try_result_ = (expr);                                                \
    if (!veil_try_result_) return ::veil::Fail(std::move(veil_try_result_).error()); \
  } while (false)

// Declares/assigns `lhs` from the value of `expr`, or returns its error. `lhs` may be a
// declaration (`const Bytes data`) and `tmp` is a name, so neither can be parenthesized.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define VEIL_ASSIGN_OR_RETURN(lhs, expr) \
  VEIL_INTERNAL_ASSIGN_OR_RETURN(VEIL_INTERNAL_CONCAT(veil_result_, __LINE__), lhs, expr)
#define VEIL_INTERNAL_ASSIGN_OR_RETURN(tmp, lhs, expr)   \
  auto tmp = (expr);                                     \
  if (!tmp) return ::veil::Fail(std::move(tmp).error()); \
  lhs = std::move(*tmp)
// NOLINTEND(bugprone-macro-parentheses)

// Aborts on a broken internal invariant. Never use it on input.
#define VEIL_CHECK(cond)                                                                   \
  do {                                                                                     \
    if (!(cond)) {                                                                         \
      std::fprintf(stderr, "VEIL_CHECK failed: %s at %s:%d\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                        \
    }                                                                                      \
  } while (false)
