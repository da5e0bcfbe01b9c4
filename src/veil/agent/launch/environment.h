#pragma once
// The workload's environment: "NAME=value" entries, some of them secrets delivered by the trustee.
// Each entry is built once, in place, in memory that is cleansed when the entry goes away (when
// the Environment is destroyed, on success and on every failure path alike), so no secret passes
// through a temporary std::string that nobody wipes. Entries are never copied; growing the list
// moves their buffers.

#include <string_view>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/crypto/secret_bytes.h"

namespace veil::agent {

class Environment {
 public:
  Environment() = default;
  Environment(Environment&&) noexcept = default;
  Environment& operator=(Environment&&) noexcept = default;
  Environment(const Environment&) = delete;
  Environment& operator=(const Environment&) = delete;

  // Appends NAME=value. kInvalidArgument when `name` is empty or holds '=' or NUL, or when
  // `value` holds a NUL byte (exec would cut the value short there).
  Status Add(std::string_view name, ByteSpan value);
  Status Add(std::string_view name, std::string_view value);
  // Appends an entry inherited as it is, "NAME=value" (from environ).
  void AddEntry(std::string_view entry);

  std::size_t size() const { return entries_.size(); }
  // The entries, in order (for tests and for measuring names, never for logs).
  std::vector<std::string_view> Entries() const;
  // NULL-terminated "NAME=value" pointers for execve; valid while this Environment is unchanged.
  std::vector<char*> ExecPointers() const;

 private:
  std::vector<crypto::SecretBytes> entries_;  // each "NAME=value" followed by a NUL
};

}  // namespace veil::agent
