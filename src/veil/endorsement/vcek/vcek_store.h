#pragma once
// An offline VCEK store: a directory of DER certificates at StoreRelativePath(id)
// (<product>/<hwid>/<tcb>.der), filled by `veil vcek fetch`, by the trustee's KDS fetcher, or by
// hand (for air-gapped sites: fetch elsewhere, copy the tree). Certificates are public; the store
// needs no secrecy, only that nobody untrusted can write it (a planted certificate still has to
// chain to AMD's root, so the worst a writer can do is hide a VCEK).

#include <filesystem>
#include <optional>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/endorsement/vcek/vcek_id.h"

namespace veil::endorsement::vcek {

class VcekStore {
 public:
  explicit VcekStore(std::filesystem::path root) : root_(std::move(root)) {}

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path PathOf(const VcekId& id) const { return root_ / StoreRelativePath(id); }

  // The stored DER, nullopt when there is none; kUnavailable when it exists but cannot be read.
  Result<std::optional<Bytes>> Find(const VcekId& id) const;

  // Stores `der` (written beside, then renamed into place: a reader never sees half a file).
  Status Put(const VcekId& id, ByteSpan der) const;

 private:
  std::filesystem::path root_;
};

}  // namespace veil::endorsement::vcek
