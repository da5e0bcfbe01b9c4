// Cross-checks EncryptJwe against the `openssl` command-line tool, step by step: the tool
// derives Z from the recipient key and the header's "epk", runs SSKDF with the JWA OtherInfo
// we expect, or RSA-OAEP-256-decrypts the encrypted_key; we then unwrap and open with the
// primitives. Agreement means the JWE is decryptable by anyone following RFC 7518, not just by
// DecryptJwe. Skipped when no `openssl` binary is installed.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/crypto/aes_gcm.h"
#include "veil/crypto/aes_key_wrap.h"
#include "veil/crypto/jose/jwe.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/random.h"
#include "veil/testing/command.h"

namespace veil::crypto::jose {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

const Bytes kSecret = {'c', 'l', 'i', ' ', 'c', 'h', 'e', 'c', 'k', 0, 1, 2};

class ScratchDir {
 public:
  ScratchDir() : path_(fs::temp_directory_path() / ("veil-jose-" + HexEncode(RandomBytes(8)))) {
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  std::string Write(const std::string& name, ByteSpan bytes) const {
    std::ofstream out(path_ / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    return (path_ / name).string();
  }
  Bytes Read(const std::string& name) const {
    std::ifstream in(path_ / name, std::ios::binary);
    return Bytes(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

bool HaveOpensslCli() { return testing::RunCommand({"openssl", "version"}).exit_code == 0; }

void RunOpenssl(const std::vector<std::string>& arguments) {
  std::vector<std::string> argv = {"openssl"};
  argv.insert(argv.end(), arguments.begin(), arguments.end());
  const testing::CommandResult result = testing::RunCommand(argv);
  ASSERT_EQ(result.exit_code, 0) << result.err;
}

Bytes Member(const json& jwe, const char* name) {
  return Base64UrlDecode(jwe[name].get<std::string>()).value();
}

// Opens the JWE content with a CEK obtained outside DecryptJwe.
Bytes OpenWith(ByteSpan cek, const json& jwe) {
  auto plaintext = AesGcmOpen(cek, Member(jwe, "iv"), Member(jwe, "ciphertext"), Member(jwe, "tag"),
                              AsBytes(jwe["protected"].get<std::string>()));
  EXPECT_TRUE(plaintext) << plaintext.error().ToString();
  return plaintext ? ToBytes(plaintext->span()) : Bytes{};
}

class JweAgainstOpensslCli : public ::testing::TestWithParam<KeyAlgorithm> {
 protected:
  void SetUp() override {
    if (!HaveOpensslCli()) GTEST_SKIP() << "no openssl command-line tool";
  }
};

TEST_P(JweAgainstOpensslCli, EcdhEsA256kwKeyPathMatches) {
  const ScratchDir dir;
  const PrivateKey recipient = PrivateKey::Generate(GetParam()).value();
  const json jwe = EncryptJwe(PublicKeyToJwk(recipient.GetPublicKey()).value(), kSecret).value();
  const Bytes header_bytes = Member(jwe, "protected");
  const json header = json::parse(header_bytes.begin(), header_bytes.end());
  const PublicKey epk = PublicKeyFromJwk(header["epk"]).value();

  const std::string recipient_pem = dir.Write("recipient.pem", recipient.ToPem().span());
  const std::string epk_der = dir.Write("epk.der", epk.SpkiDer());
  RunOpenssl({"pkeyutl", "-derive", "-inkey", recipient_pem, "-peerkey", epk_der, "-peerform",
              "DER", "-out", dir.Path("z.bin")});
  const Bytes z = dir.Read("z.bin");
  ASSERT_EQ(z.size(), EcCoordinateSize(recipient.GetPublicKey().curve().value()));
  // OtherInfo = len||"ECDH-ES+A256KW" || len||"" || len||"" || 256 (RFC 7518 section 4.6.2).
  const std::string other_info = "0000000e" + HexEncode(AsBytes("ECDH-ES+A256KW")) +
                                 "00000000"
                                 "00000000"
                                 "00000100";
  RunOpenssl({"kdf", "-keylen", "32", "-binary", "-kdfopt", "digest:SHA256", "-kdfopt",
              "hexkey:" + HexEncode(z), "-kdfopt", "hexinfo:" + other_info, "-out",
              dir.Path("kek.bin"), "SSKDF"});
  const Bytes kek = dir.Read("kek.bin");
  auto cek = AesKeyUnwrap(kek, Member(jwe, "encrypted_key"));
  ASSERT_TRUE(cek) << cek.error().ToString();
  EXPECT_EQ(cek->size(), 32u);
  EXPECT_EQ(OpenWith(cek->span(), jwe), kSecret);
}

INSTANTIATE_TEST_SUITE_P(EveryCurve, JweAgainstOpensslCli,
                         ::testing::Values(KeyAlgorithm::kEcP256, KeyAlgorithm::kEcP384,
                                           KeyAlgorithm::kEcP521));

class RsaOaepAgainstOpensslCli : public JweAgainstOpensslCli {};

TEST_F(RsaOaepAgainstOpensslCli, CliDecryptsOurEncryptedKey) {
  const ScratchDir dir;
  const PrivateKey recipient = PrivateKey::Generate(KeyAlgorithm::kRsa2048).value();
  const json jwe = EncryptJwe(PublicKeyToJwk(recipient.GetPublicKey()).value(), kSecret).value();
  RunOpenssl({"pkeyutl", "-decrypt", "-inkey", dir.Write("rsa.pem", recipient.ToPem().span()),
              "-in", dir.Write("ek.bin", Member(jwe, "encrypted_key")), "-out", dir.Path("cek.bin"),
              "-pkeyopt", "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt",
              "rsa_mgf1_md:sha256"});
  const Bytes cek = dir.Read("cek.bin");
  ASSERT_EQ(cek.size(), 32u);
  EXPECT_EQ(OpenWith(cek, jwe), kSecret);
}

TEST_F(RsaOaepAgainstOpensslCli, WeDecryptACekTheCliEncrypted) {
  const ScratchDir dir;
  const PrivateKey recipient = PrivateKey::Generate(KeyAlgorithm::kRsa2048).value();
  const SecretBytes cek = RandomSecretBytes(32);
  const std::string public_der = dir.Write("rsa.der", recipient.GetPublicKey().SpkiDer());
  RunOpenssl({"pkeyutl", "-encrypt", "-pubin", "-keyform", "DER", "-inkey", public_der, "-in",
              dir.Write("cek.bin", cek.span()), "-out", dir.Path("ek.bin"), "-pkeyopt",
              "rsa_padding_mode:oaep", "-pkeyopt", "rsa_oaep_md:sha256", "-pkeyopt",
              "rsa_mgf1_md:sha256"});
  // Assemble the rest of the JWE with the same CEK.
  const std::string protected_value =
      Base64UrlEncode(AsBytes(R"({"alg":"RSA-OAEP-256","enc":"A256GCM"})"));
  const Bytes iv = RandomBytes(12);
  const AesGcmSealed sealed = AesGcmSeal(cek.span(), iv, kSecret, AsBytes(protected_value)).value();
  const json jwe = {{"protected", protected_value},
                    {"encrypted_key", Base64UrlEncode(dir.Read("ek.bin"))},
                    {"iv", Base64UrlEncode(iv)},
                    {"ciphertext", Base64UrlEncode(sealed.ciphertext)},
                    {"tag", Base64UrlEncode(sealed.tag)}};
  auto plaintext = DecryptJwe(recipient, jwe);
  ASSERT_TRUE(plaintext) << plaintext.error().ToString();
  EXPECT_EQ(ToBytes(plaintext->span()), kSecret);
}

}  // namespace
}  // namespace veil::crypto::jose
