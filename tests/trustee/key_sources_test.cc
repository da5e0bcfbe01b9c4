#include "veil/trustee/key_sources.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>

#include "veil/base/base64.h"
#include "veil/crypto/random.h"
#include "veil/testing/scratch_dir.h"
#include "veil/trustee/data_dir.h"

namespace veil::trustee {
namespace {

namespace fs = std::filesystem;

void WriteFile(const fs::path& path, ByteSpan content, mode_t mode = 0600) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(::write(fd, content.data(), content.size()), static_cast<ssize_t>(content.size()));
  ::close(fd);
  fs::permissions(path, static_cast<fs::perms>(mode));
}

TEST(KekFile, HoldsThirtyTwoRawBytesOrTheirBase64) {
  const Bytes key = crypto::RandomBytes(32);
  EXPECT_EQ(ToBytes(DecodeKekFile(key, "f").value().span()), key);
  const std::string base64 = Base64Encode(key);
  ASSERT_EQ(base64.size(), 44u);
  EXPECT_EQ(ToBytes(DecodeKekFile(AsBytes(base64), "f").value().span()), key);
  EXPECT_EQ(ToBytes(DecodeKekFile(AsBytes(base64 + "\n"), "f").value().span()), key);
}

TEST(KekFile, RefusesEveryOtherLengthAndText) {
  for (std::size_t size : {0u, 1u, 16u, 31u, 33u, 43u, 64u}) {
    auto decoded = DecodeKekFile(Bytes(size, 'A'), "file k");
    ASSERT_FALSE(decoded) << size;
    EXPECT_EQ(decoded.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(decoded.error().message,
              "file k: expected 32 bytes, or their base64 (44 "
              "characters), found " +
                  std::to_string(size) + " bytes");
  }
  // 44 characters that are not base64 of 32 bytes (two newlines: only one may be dropped).
  const std::string base64 = Base64Encode(crypto::RandomBytes(32));
  auto not_base64 = DecodeKekFile(AsBytes(std::string(44, '*')), "file k");
  ASSERT_FALSE(not_base64);
  EXPECT_EQ(not_base64.error().message,
            "file k: expected the base64 of 32 bytes, got text that is not");
  EXPECT_FALSE(DecodeKekFile(AsBytes(base64 + "\n\n"), "file k"));
  EXPECT_FALSE(DecodeKekFile(AsBytes(" " + base64.substr(1)), "file k"));
}

TEST(KekEnvironment, IsTheBase64OfThirtyTwoBytesAndNeverEchoed) {
  const Bytes key = crypto::RandomBytes(32);
  EXPECT_EQ(ToBytes(DecodeKekBase64(Base64Encode(key), "env").value().span()), key);
  const std::string hex_like(64, 'a');
  auto refused = DecodeKekBase64(hex_like, "environment variable VEIL_KEK");
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().message,
            "environment variable VEIL_KEK: expected the base64 of 32 bytes (44 characters, e.g. "
            "from `openssl rand -base64 32`), got 64 characters");
  EXPECT_EQ(refused.error().ToString().find(hex_like), std::string::npos);
}

TEST(KeyFile, FollowsSymlinksOwnedByAnyoneButRefusesAccessByOthers) {
  const testing::ScratchDir dir("key-file");
  const Bytes key = crypto::RandomBytes(32);
  // A Kubernetes Secret volume: key -> ..data/key, group-readable (defaultMode 0440).
  fs::create_directory(dir / "..data");
  WriteFile(dir / "..data/kek", key, 0440);
  fs::create_symlink("..data/kek", dir / "kek");
  EXPECT_EQ(ToBytes(ReadKeyFile(dir / "kek", 64).value().span()), key);

  fs::permissions(dir / "..data/kek", fs::perms::others_read, fs::perm_options::add);
  auto readable = ReadKeyFile(dir / "kek", 64);
  ASSERT_FALSE(readable);
  EXPECT_EQ(readable.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(readable.error().message,
            (dir / "kek").string() + " is accessible to other users; run chmod o-rwx " +
                (dir / "kek").string() +
                " (in Kubernetes: defaultMode 0440 on the Secret volume, as deploy/kubernetes "
                "sets)");

  auto missing = ReadKeyFile(dir / "absent", 64);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().message, (dir / "absent").string() + " does not exist");
  auto directory = ReadKeyFile(dir / "..data", 64);
  ASSERT_FALSE(directory);
  EXPECT_EQ(directory.error().code, ErrorCode::kInvalidArgument);
}

TEST(KeyEncryptionKeySource, FileThenEnvironmentThenDataDirectory) {
  const testing::ScratchDir dir("kek-source");
  TrusteeConfig config;
  config.data_dir = dir / "data";
  ASSERT_TRUE(EnsureDataDir(config.data_dir));
  const Bytes from_file = crypto::RandomBytes(32);
  const Bytes from_environment = crypto::RandomBytes(32);
  WriteFile(dir / "kek", from_file);
  const std::string base64 = Base64Encode(from_environment);

  // Nothing configured: the data directory's key, generated once and then read back.
  auto generated = LoadKeyEncryptionKey(config, std::nullopt);
  ASSERT_TRUE(generated) << generated.error().ToString();
  EXPECT_EQ(generated->origin,
            "data directory file " + (config.data_dir / "key-encryption-key").string());
  EXPECT_EQ(ToBytes(LoadKeyEncryptionKey(config, std::nullopt).value().bytes.span()),
            ToBytes(generated->bytes.span()));

  auto environment = LoadKeyEncryptionKey(config, base64);
  ASSERT_TRUE(environment) << environment.error().ToString();
  EXPECT_EQ(ToBytes(environment->bytes.span()), from_environment);
  EXPECT_EQ(environment->origin, "environment variable VEIL_KEK");

  config.key_encryption_key_file = dir / "kek";
  auto file = LoadKeyEncryptionKey(config, std::nullopt);
  ASSERT_TRUE(file) << file.error().ToString();
  EXPECT_EQ(ToBytes(file->bytes.span()), from_file);
  EXPECT_EQ(file->origin, "file " + (dir / "kek").string());

  auto both = LoadKeyEncryptionKey(config, base64);
  ASSERT_FALSE(both);
  EXPECT_EQ(both.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(both.error().message.find("is given twice"), std::string::npos);
}

TEST(KeyEncryptionKeySource, AConfiguredFileIsNeverGenerated) {
  const testing::ScratchDir dir("kek-source");
  TrusteeConfig config;
  config.data_dir = dir / "data";
  config.key_encryption_key_file = dir / "missing-kek";
  auto missing = LoadKeyEncryptionKey(config, std::nullopt);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(missing.error().ToString(),
            "key-encryption key: " + (dir / "missing-kek").string() + " does not exist");
  EXPECT_FALSE(fs::exists(dir / "missing-kek"));

  WriteFile(dir / "short-kek", crypto::RandomBytes(16));
  config.key_encryption_key_file = dir / "short-kek";
  auto short_key = LoadKeyEncryptionKey(config, std::nullopt);
  ASSERT_FALSE(short_key);
  EXPECT_EQ(short_key.error().ToString(),
            "key-encryption key: file " + (dir / "short-kek").string() +
                ": expected 32 bytes, or their base64 (44 characters), found 16 bytes");
}

TEST(SigningKeySource, AConfiguredFileMustHoldAnEcP256Key) {
  const testing::ScratchDir dir("signing-source");
  TrusteeConfig config;
  config.data_dir = dir / "data";
  const crypto::PrivateKey key =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  WriteFile(dir / "signing.pem", key.ToPem().span(), 0640);
  config.token_signing_key_file = dir / "signing.pem";
  auto loaded = LoadSigningKey(config);
  ASSERT_TRUE(loaded) << loaded.error().ToString();
  EXPECT_TRUE(loaded->GetPublicKey().Equals(key.GetPublicKey()));
  EXPECT_FALSE(fs::exists(config.data_dir / "token-signing-key.pem"));

  const crypto::PrivateKey p384 =
      crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP384).value();
  WriteFile(dir / "p384.pem", p384.ToPem().span());
  config.token_signing_key_file = dir / "p384.pem";
  auto wrong = LoadSigningKey(config);
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().message, (dir / "p384.pem").string() + " holds " + p384.Describe() +
                                       "; the token signing key must be EC P-256");

  WriteFile(dir / "placeholder.pem", AsBytes(std::string("REPLACE-ME: not a key\n")));
  config.token_signing_key_file = dir / "placeholder.pem";
  EXPECT_FALSE(LoadSigningKey(config));
}

}  // namespace
}  // namespace veil::trustee
