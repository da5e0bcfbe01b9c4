#include "veil/kbs/secret_sealer.h"

#include "veil/crypto/aes_gcm.h"
#include "veil/crypto/random.h"

namespace veil::kbs {
namespace {

constexpr std::uint8_t kVersion = 1;
constexpr std::size_t kIvSize = 12;
constexpr std::size_t kTagSize = 16;
constexpr std::size_t kHeaderSize = 1 + kIvSize + kTagSize;

}  // namespace

Result<SecretSealer> SecretSealer::Create(crypto::SecretBytes key_encryption_key) {
  if (key_encryption_key.size() != 32) {
    return Fail(InvalidArgument("key-encryption key must be 32 bytes, got " +
                                std::to_string(key_encryption_key.size())));
  }
  return SecretSealer(std::move(key_encryption_key));
}

Result<Bytes> SecretSealer::Seal(ByteSpan plaintext, std::string_view resource_path) const {
  const Bytes iv = crypto::RandomBytes(kIvSize);
  VEIL_ASSIGN_OR_RETURN(auto sealed,
                        crypto::AesGcmSeal(key_.span(), iv, plaintext, AsBytes(resource_path)));
  Bytes out;
  out.reserve(kHeaderSize + sealed.ciphertext.size());
  out.push_back(kVersion);
  out.insert(out.end(), iv.begin(), iv.end());
  out.insert(out.end(), sealed.tag.begin(), sealed.tag.end());
  out.insert(out.end(), sealed.ciphertext.begin(), sealed.ciphertext.end());
  return out;
}

Result<crypto::SecretBytes> SecretSealer::Open(ByteSpan sealed,
                                               std::string_view resource_path) const {
  if (sealed.size() < kHeaderSize || sealed[0] != kVersion) {
    return Fail(
        Malformed("sealed secret for " + std::string(resource_path) + " has an unknown layout"));
  }
  auto opened =
      crypto::AesGcmOpen(key_.span(), sealed.subspan(1, kIvSize), sealed.subspan(kHeaderSize),
                         sealed.subspan(1 + kIvSize, kTagSize), AsBytes(resource_path));
  if (!opened) {
    return Fail(VerificationFailed("sealed secret for " + std::string(resource_path) +
                                   " does not open under the key-encryption key"));
  }
  return opened;
}

}  // namespace veil::kbs
