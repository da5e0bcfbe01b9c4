#pragma once
// The key check value of a key-encryption key, kept in the store (store/store.h GetKeyCheck) so
// that every trustee sharing the store tells at start whether its KEK is the one that sealed the
// stored secrets: a trustee with another key refuses to start instead of serving secrets it cannot
// open. The value is the SecretSealer's seal of a fixed text under a name no resource path can
// take (it contains ':'), so only the same key opens it; it reveals nothing about the key.

#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/kbs/secret_sealer.h"
#include "veil/store/store.h"

namespace veil::trustee {

Result<Bytes> MakeKeyCheck(const kbs::SecretSealer& sealer);
// Whether `key_check` was made by MakeKeyCheck under the sealer's key.
bool KeyCheckMatches(const kbs::SecretSealer& sealer, ByteSpan key_check);

// Accepts the KEK of `sealer` (from `origin`, named in the messages) for `store`, or refuses it
// with kVerificationFailed. A store that holds no key check yet (a new one, or one written before
// schema version 4) gets one from this key, after every stored secret was checked to open under
// it.
Status CheckKeyEncryptionKey(store::Store& store, const kbs::SecretSealer& sealer,
                             std::string_view origin);

}  // namespace veil::trustee
