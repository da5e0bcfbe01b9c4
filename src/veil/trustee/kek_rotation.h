#pragma once
// Key-encryption key rotation: every stored secret (resources and workload CA keys) is opened under
// the current KEK and sealed again under the new one, the store's key check value replaced, and one
// audit entry
// ("kek.rotate", with the number of secrets) appended — all in one store transaction
// (Store::ResealResources), so a failure or a crash half way leaves the store as it was.
//
// It runs offline (`veil-trustee rotate-kek`), with every trustee on the store stopped: a trustee
// still running holds the old key and could no longer open what it serves. The procedure:
// docs/deploy-kubernetes.md, "Rotating the key-encryption key".

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/kbs/secret_sealer.h"
#include "veil/store/store.h"
#include "veil/trustee/config.h"

namespace veil::trustee {

inline constexpr std::string_view kKekRotationAction = "kek.rotate";

// Re-seals every secret of `store` from `current` to `next` and returns how many there were.
// `current` must already have passed CheckKeyEncryptionKey. kInvalidArgument, changing nothing,
// when `next` is the current key; kVerificationFailed when a secret does not open under `current`
// or another rotation ran first.
Result<std::size_t> RotateKeyEncryptionKey(store::Store& store, const kbs::SecretSealer& current,
                                           const kbs::SecretSealer& next, std::string actor);

struct KekRotationReport {
  std::size_t secrets = 0;
  std::string old_origin;  // where the old key came from (key_sources.h)
  std::string new_origin;
};

// `veil-trustee rotate-kek`: opens the store `config` names (holding the data directory's lock),
// checks the current KEK (found as a starting trustee finds it; `environment` is VEIL_KEK's value)
// against it, and rotates to the KEK in `new_kek_file`.
Result<KekRotationReport> RotateStoredKeyEncryptionKey(const TrusteeConfig& config,
                                                       std::optional<std::string_view> environment,
                                                       const std::filesystem::path& new_kek_file,
                                                       const Clock& clock);

}  // namespace veil::trustee
