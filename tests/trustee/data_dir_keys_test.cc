#include "veil/trustee/data_dir_keys.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "veil/testing/scratch_dir.h"

namespace veil::trustee {
namespace {

// Writes `pem` as the data directory's token signing key, mode 0600 as the trustee requires.
void WriteSigningKey(const std::filesystem::path& dir, const crypto::PrivateKey& key) {
  const crypto::SecretBytes pem = key.ToPem();
  const std::string path = (dir / "token-signing-key.pem").string();
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(::write(fd, pem.span().data(), pem.size()), static_cast<ssize_t>(pem.size()));
  ::close(fd);
}

TEST(SigningKey, FirstStartGeneratesAnEcP256KeyAndTheNextStartReadsIt) {
  const testing::ScratchDir dir("signing-key");
  auto created = LoadOrCreateSigningKey(dir.path());
  ASSERT_TRUE(created) << created.error().ToString();
  EXPECT_TRUE(created->IsEc(crypto::EcCurve::kP256));
  auto reloaded = LoadOrCreateSigningKey(dir.path());
  ASSERT_TRUE(reloaded) << reloaded.error().ToString();
  EXPECT_TRUE(reloaded->GetPublicKey().Equals(created->GetPublicKey()));
}

class SigningKeyOfAnotherType : public ::testing::TestWithParam<crypto::KeyAlgorithm> {};

TEST_P(SigningKeyOfAnotherType, IsRefusedByType) {
  const testing::ScratchDir dir("signing-key");
  const crypto::PrivateKey key = crypto::PrivateKey::Generate(GetParam()).value();
  WriteSigningKey(dir.path(), key);
  auto loaded = LoadOrCreateSigningKey(dir.path());
  ASSERT_FALSE(loaded);
  EXPECT_EQ(loaded.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(loaded.error().message, (dir.path() / "token-signing-key.pem").string() + " holds " +
                                        key.Describe() +
                                        "; the token signing key must be EC P-256");
}

INSTANTIATE_TEST_SUITE_P(NotEcP256, SigningKeyOfAnotherType,
                         ::testing::Values(crypto::KeyAlgorithm::kEcP384,
                                           crypto::KeyAlgorithm::kEcP521,
                                           crypto::KeyAlgorithm::kEd25519,
                                           crypto::KeyAlgorithm::kRsa2048));

}  // namespace
}  // namespace veil::trustee
