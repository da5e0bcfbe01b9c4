#pragma once
// Overloaded{lambda...}: one visitor for std::visit built from a lambda per alternative.

namespace veil {

template <class... Ts>
struct Overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

}  // namespace veil
