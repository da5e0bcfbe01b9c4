#include "veil/agent/launch/environment.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace veil::agent {
namespace {

ByteSpan AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// One allocation of the final size, filled in place: nothing of the value is left elsewhere.
crypto::SecretBytes Entry(ByteSpan name, ByteSpan value) {
  crypto::SecretBytes entry(name.size() + 1 + value.size() + 1);  // zero-filled: ends in NUL
  const std::span<std::uint8_t> out = entry.mutable_span();
  std::copy(name.begin(), name.end(), out.begin());
  out[name.size()] = '=';
  std::copy(value.begin(), value.end(), out.begin() + static_cast<std::ptrdiff_t>(name.size() + 1));
  return entry;
}

}  // namespace

Status Environment::Add(std::string_view name, ByteSpan value) {
  if (name.empty() || name.find_first_of(std::string_view("=\0", 2)) != std::string_view::npos) {
    return Fail(InvalidArgument("\"" + std::string(name) +
                                "\" cannot name an environment variable (empty, or holds '=' or "
                                "NUL)"));
  }
  if (std::find(value.begin(), value.end(), 0) != value.end()) {
    return Fail(InvalidArgument("the value of " + std::string(name) +
                                " holds a NUL byte and cannot be an environment variable"));
  }
  entries_.push_back(Entry(AsBytes(name), value));
  return {};
}

Status Environment::Add(std::string_view name, std::string_view value) {
  return Add(name, AsBytes(value));
}

void Environment::AddEntry(std::string_view entry) {
  crypto::SecretBytes copy(entry.size() + 1);
  std::copy(entry.begin(), entry.end(), copy.mutable_span().begin());
  entries_.push_back(std::move(copy));
}

std::vector<std::string_view> Environment::Entries() const {
  std::vector<std::string_view> entries;
  for (const crypto::SecretBytes& entry : entries_)
    entries.emplace_back(reinterpret_cast<const char*>(entry.span().data()), entry.size() - 1);
  return entries;
}

std::vector<char*> Environment::ExecPointers() const {
  std::vector<char*> pointers;
  for (const crypto::SecretBytes& entry : entries_) {
    // execve takes char* const[] but never writes through them.
    pointers.push_back(const_cast<char*>(reinterpret_cast<const char*>(entry.span().data())));
  }
  pointers.push_back(nullptr);
  return pointers;
}

}  // namespace veil::agent
