#include "veil/trustee/key_check.h"

#include <string>

namespace veil::trustee {
namespace {

// The additional data: not a valid resource path, so no sealed secret is ever a key check value.
constexpr std::string_view kKeyCheckName = "veil:key-encryption-key-check";
constexpr std::string_view kKeyCheckText = "veil key-encryption key check v1";

std::string WrongKeyMessage(std::string_view origin, std::string_view why) {
  return "the key-encryption key from the " + std::string(origin) +
         " is not the one that sealed the stored secrets (" + std::string(why) +
         "); start with the key they were sealed under, or, holding that key, re-seal them "
         "under this one with `veil-trustee rotate-kek` (docs/deploy-kubernetes.md, \"Rotating "
         "the key-encryption key\")";
}

// Before schema version 4 no key check was stored: every stored secret must open under the key.
Status CheckEverySecretOpens(store::Store& store, const kbs::SecretSealer& sealer,
                             std::string_view origin) {
  VEIL_ASSIGN_OR_RETURN(const std::vector<store::ResourceInfo> resources, store.ListResources());
  for (const store::ResourceInfo& resource : resources) {
    VEIL_ASSIGN_OR_RETURN(const std::optional<Bytes> sealed, store.GetResource(resource.path));
    if (!sealed) continue;  // deleted since it was listed
    if (!sealer.Open(*sealed, resource.path.str())) {
      return Fail(VerificationFailed(
          WrongKeyMessage(origin, "the stored secret " + resource.path.str() + " does not open")));
    }
  }
  return {};
}

}  // namespace

Result<Bytes> MakeKeyCheck(const kbs::SecretSealer& sealer) {
  return sealer.Seal(AsBytes(kKeyCheckText), kKeyCheckName);
}

bool KeyCheckMatches(const kbs::SecretSealer& sealer, ByteSpan key_check) {
  auto opened = sealer.Open(key_check, kKeyCheckName);
  return opened && opened->span().size() == kKeyCheckText.size() &&
         std::equal(opened->span().begin(), opened->span().end(), kKeyCheckText.begin());
}

Status CheckKeyEncryptionKey(store::Store& store, const kbs::SecretSealer& sealer,
                             std::string_view origin) {
  VEIL_ASSIGN_OR_RETURN(std::optional<Bytes> stored, store.GetKeyCheck());
  if (!stored) {
    VEIL_TRY(CheckEverySecretOpens(store, sealer, origin));
    VEIL_ASSIGN_OR_RETURN(const Bytes made, MakeKeyCheck(sealer));
    // Another trustee may have stored its own first: the stored one is checked below.
    VEIL_ASSIGN_OR_RETURN(stored, store.InitKeyCheck(made));
  }
  if (!KeyCheckMatches(sealer, *stored))
    return Fail(VerificationFailed(WrongKeyMessage(origin, "its key check value does not match")));
  return {};
}

}  // namespace veil::trustee
