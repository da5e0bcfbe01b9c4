#pragma once
// The variables of the query being evaluated: a stack of (name, value) entries, searched from
// the top down to the current frame's base, so that a rule or function body sees only its own
// variables while a comprehension sees those around it. An entry without a value declares a
// local (`some x`, the left side of `:=`), hiding a variable of the same name further down.
// Backtracking undoes bindings by cutting the stack back to a mark.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "veil/policy/rego/eval/value.h"

namespace veil::policy::rego::eval {

class Bindings {
 public:
  enum class State { kUndeclared, kUnbound, kBound };

  // The state of `name`; `value` is set when kBound.
  State Lookup(std::string_view name, const Value** value) const {
    for (std::size_t i = entries_.size(); i > base_; --i) {
      const Entry& entry = entries_[i - 1];
      if (entry.name != name) continue;
      if (!entry.value) return State::kUnbound;
      *value = &*entry.value;
      return State::kBound;
    }
    return State::kUndeclared;
  }

  void Bind(std::string name, Value value) {
    entries_.push_back({std::move(name), std::move(value)});
  }
  void Declare(std::string name) { entries_.push_back({std::move(name), std::nullopt}); }

  std::size_t Mark() const { return entries_.size(); }
  void Reset(std::size_t mark) { entries_.resize(mark); }

  // A new frame for a rule or function body; returns the previous base for EndFrame.
  std::size_t BeginFrame() {
    const std::size_t previous = base_;
    base_ = entries_.size();
    return previous;
  }
  void EndFrame(std::size_t previous_base) {
    entries_.resize(base_);
    base_ = previous_base;
  }

 private:
  struct Entry {
    std::string name;
    std::optional<Value> value;
  };
  std::vector<Entry> entries_;
  std::size_t base_ = 0;
};

// Restores the bindings to their state at construction.
class ScopedMark {
 public:
  explicit ScopedMark(Bindings& bindings) : bindings_(bindings), mark_(bindings.Mark()) {}
  ~ScopedMark() { bindings_.Reset(mark_); }
  ScopedMark(const ScopedMark&) = delete;
  ScopedMark& operator=(const ScopedMark&) = delete;

 private:
  Bindings& bindings_;
  std::size_t mark_;
};

class ScopedFrame {
 public:
  explicit ScopedFrame(Bindings& bindings) : bindings_(bindings), base_(bindings.BeginFrame()) {}
  ~ScopedFrame() { bindings_.EndFrame(base_); }
  ScopedFrame(const ScopedFrame&) = delete;
  ScopedFrame& operator=(const ScopedFrame&) = delete;

 private:
  Bindings& bindings_;
  std::size_t base_;
};

}  // namespace veil::policy::rego::eval
