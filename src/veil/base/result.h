#pragma once
// Result<T> = a value or an Error, and the only two propagation macros Veil uses.
//
// Result<T> is a class deriving from tl::expected<T, Error>, not an alias, so that it can carry
// [[nodiscard]]: every function returning a Result or Status by value is then must-use, and with
// -Werror discarding one is a compile error. An attribute cannot be added to tl::expected itself,
// and marking each function [[nodiscard]] (by hand or through a macro) misses the functions that
// forget it, lambdas and std::function calls; a class attribute covers them all with no change at
// the call or declaration sites. The derived class adds no state and no behaviour: it inherits
// every constructor and member of tl::expected, and converts from a tl::expected<T, Error> (what
// map()/map_error() return). A deliberate discard is written `(void)` with a comment saying why
// it is safe.

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <tl/expected.hpp>
#include <type_traits>
#include <utility>

#include "veil/base/error.h"

namespace veil {

template <class T>
class [[nodiscard]] Result : public tl::expected<T, Error> {
 public:
  using Base = tl::expected<T, Error>;
  using Base::Base;
  Result() = default;
  // From what tl::expected's monadic members return. Inherited constructors cannot do this
  // (a base-class copy/move constructor is never inherited).
  Result(const Base& other) : Base(other) {}        // NOLINT(google-explicit-constructor)
  Result(Base&& other) : Base(std::move(other)) {}  // NOLINT(google-explicit-constructor)

  // map() and map_error() return a Result again, so a chain stays must-use and deduces Result<U>.
  template <class F>
  auto map(F&& f) & {
    return Wrap(static_cast<Base&>(*this).map(std::forward<F>(f)));
  }
  template <class F>
  auto map(F&& f) const& {
    return Wrap(static_cast<const Base&>(*this).map(std::forward<F>(f)));
  }
  template <class F>
  auto map(F&& f) && {
    return Wrap(static_cast<Base&&>(*this).map(std::forward<F>(f)));
  }
  template <class F>
  auto map_error(F&& f) & {
    return Wrap(static_cast<Base&>(*this).map_error(std::forward<F>(f)));
  }
  template <class F>
  auto map_error(F&& f) const& {
    return Wrap(static_cast<const Base&>(*this).map_error(std::forward<F>(f)));
  }
  template <class F>
  auto map_error(F&& f) && {
    return Wrap(static_cast<Base&&>(*this).map_error(std::forward<F>(f)));
  }
  // and_then(f): f(value) when there is one (f() for Status), else the error as f's Result type.
  // tl::expected's own and_then accepts only functions returning a tl::expected.
  template <class F>
  auto and_then(F&& f) & {
    return AndThen(static_cast<Base&>(*this), std::forward<F>(f));
  }
  template <class F>
  auto and_then(F&& f) const& {
    return AndThen(static_cast<const Base&>(*this), std::forward<F>(f));
  }
  template <class F>
  auto and_then(F&& f) && {
    return AndThen(static_cast<Base&&>(*this), std::forward<F>(f));
  }

 private:
  template <class U>
  static Result<U> Wrap(tl::expected<U, Error>&& expected) {
    return Result<U>(std::move(expected));
  }
  template <class Self, class F>
  static auto AndThen(Self&& self, F&& f) {
    if constexpr (std::is_void_v<T>) {
      using Next = std::invoke_result_t<F>;
      if (!self) return Next(tl::unexpect, std::forward<Self>(self).error());
      return std::invoke(std::forward<F>(f));
    } else {
      using Next = std::invoke_result_t<F, decltype(*std::forward<Self>(self))>;
      if (!self) return Next(tl::unexpect, std::forward<Self>(self).error());
      return std::invoke(std::forward<F>(f), *std::forward<Self>(self));
    }
  }
};

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
