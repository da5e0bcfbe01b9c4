// Passport mode between two veil-trustees: a guest attests to one (the "foreign" attestation
// service) and presents that token to another, which trusts the first by its JWKS URL or by the
// CA of its token certificate, releases a secret when its own resource policy accepts the
// foreign result, and refuses tokens from a trustee it was not told to trust.

#include <gtest/gtest.h>

#include <fstream>

#include "kbs_guest.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/private_key.h"
#include "veil/testing/certificate_chain.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using testing::KbsGuest;
using testing::TrusteeProcess;

constexpr const char* kSecret = "passport-borne secret";

class Passport : public ::testing::Test {
 protected:
  Passport() : dir_("passport") {
    EXPECT_EQ(Veil({"admin", "keygen", "--out", (dir_ / "admin").string()}).exit_code, 0);
  }

  static testing::CommandResult Veil(std::vector<std::string> args) {
    args.insert(args.begin(), testing::BuiltBinary("veil"));
    return testing::RunCommand(args);
  }

  testing::CommandResult Admin(const TrusteeProcess& trustee, std::vector<std::string> args) {
    args.insert(args.end(), {"--url", trustee.url(), "--key", (dir_ / "admin/admin.key").string()});
    return Veil(args);
  }

  std::string Write(const std::string& name, const std::string& content) {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << content;
    return path;
  }

  std::unique_ptr<TrusteeProcess> Start(const std::string& name,
                                        const std::string& config_text = "") {
    std::vector<std::string> args = {"--admin-key", (dir_ / "admin/admin.pub").string()};
    if (!config_text.empty())
      args.insert(args.end(), {"--config", Write(name + ".toml", config_text)});
    auto trustee = TrusteeProcess::Start(dir_ / name, args);
    EXPECT_TRUE(trustee) << trustee.error().ToString();
    return trustee ? std::move(*trustee) : nullptr;
  }

  // A foreign attestation service that, for this test, affirms CoCo sample evidence.
  std::unique_ptr<TrusteeProcess> StartForeign(const std::string& name,
                                               const std::string& config_text = "") {
    auto trustee = Start(name, config_text);
    if (!trustee) return nullptr;
    const std::string policy =
        Write(name + "-allow-sample.yaml",
              "id: allow-sample\nrules:\n  - name: sample\n    tee: [sample]\n"
              "    check: {always: true}\n    pass: {hardware: 2}\n");
    EXPECT_EQ(Admin(*trustee, {"policy", "set", "attestation", policy}).exit_code, 0);
    return trustee;
  }

  // The home trustee holds the secret and releases it to an affirmed sample TEE only on the word
  // of `trusted` (the attestation_service the resource policy names).
  void StoreSecretFor(const TrusteeProcess& home, const std::string& trusted) {
    ASSERT_EQ(Admin(home, {"secret", "put", "team/key/db", Write("secret.txt", kSecret)}).exit_code,
              0);
    const std::string policy = Write("passport-policy.yaml",
                                     "id: passport\nrules:\n  - resource: \"team/**\"\n"
                                     "    allow_if:\n"
                                     "      - {claim: attestation_service, equals: \"" +
                                         trusted +
                                         "\"}\n"
                                         "      - {claim: status, equals: affirming}\n"
                                         "      - {claim: tee, equals: sample}\n");
    const auto set = Admin(home, {"policy", "set", "resource", policy});
    ASSERT_EQ(set.exit_code, 0) << set.err;
  }

  // A token from `trustee` for `guest`'s TEE key, after attesting CoCo sample evidence there.
  static std::string AttestAt(const TrusteeProcess& trustee, KbsGuest& guest) {
    const std::string home = guest.base_url();
    guest.set_base_url(trustee.url());
    const std::string nonce = guest.Auth("sample").value();
    const auto attested = guest.Attest(guest.AttestBody(
        nonce, {{"svn", "1"}, {"report_data", Base64Encode(guest.ReportData(nonce).value())}}));
    EXPECT_EQ(attested.status, 200u) << attested.raw;
    guest.set_base_url(home);
    return attested.body.is_object() ? attested.body.value("token", "") : "";
  }

  testing::ScratchDir dir_;
};

TEST_F(Passport, ATokenFromATrusteeTrustedByItsJwksUrlIsAccepted) {
  auto foreign = StartForeign("foreign");
  auto untrusted = StartForeign("untrusted");
  ASSERT_TRUE(foreign && untrusted);
  const std::string jwks_url = foreign->url() + "/.well-known/jwks.json";
  auto home = Start("home", "[trusted_attestation_services]\njwks = [\"" + jwks_url + "\"]\n");
  ASSERT_TRUE(home);
  StoreSecretFor(*home, jwks_url);

  KbsGuest guest(home->url());
  const std::string token = AttestAt(*foreign, guest);
  const auto released = guest.GetResource("team/key/db", token);
  ASSERT_EQ(released.status, 200u) << released.raw;
  EXPECT_EQ(guest.Decrypt(released.body).value(), kSecret);

  // The same request with a token from a trustee no one configured is refused, and says why.
  const auto refused = guest.GetResource("team/key/db", AttestAt(*untrusted, guest));
  EXPECT_EQ(refused.status, 401u);
  EXPECT_NE(refused.raw.find("no trusted attestation service vouches for the token's key"),
            std::string::npos)
      << refused.raw;
  // The trustee's log names who vouched for the release.
  EXPECT_NE(home->Log().find("released team/key/db to sample:"), std::string::npos) << home->Log();
  EXPECT_NE(home->Log().find("attested by " + jwks_url + ")"), std::string::npos) << home->Log();
}

TEST_F(Passport, ATokenWhoseX5cLeadsToATrustedCaIsAccepted) {
  {  // the first start creates the foreign trustee's token signing key
    auto first = Start("x5c-foreign");
    ASSERT_TRUE(first);
  }
  const auto key =
      crypto::PrivateKey::FromPem(ReadFileText(dir_ / "x5c-foreign/token-signing-key.pem").value())
          .value();
  auto chain = testing::IssueTestChain(key.GetPublicKey(), SystemClock().Now());
  const std::string chain_file = Write("token-chain.pem", testing::ChainPem(chain));
  std::vector<crypto::Certificate> ca;
  ca.push_back(std::move(chain[1]));
  const std::string ca_file = Write("token-ca.pem", testing::ChainPem(ca));
  auto foreign =
      StartForeign("x5c-foreign", "[kbs]\ntoken_certificate_chain = \"" + chain_file + "\"\n");
  ASSERT_TRUE(foreign);
  auto home =
      Start("x5c-home", "[trusted_attestation_services]\ncertificates = [\"" + ca_file + "\"]\n");
  ASSERT_TRUE(home);
  StoreSecretFor(*home, ca_file);

  KbsGuest guest(home->url());
  const auto released = guest.GetResource("team/key/db", AttestAt(*foreign, guest));
  ASSERT_EQ(released.status, 200u) << released.raw;
  EXPECT_EQ(guest.Decrypt(released.body).value(), kSecret);
}

TEST_F(Passport, ATrusteeWithoutTrustedServicesTakesOnlyItsOwnTokens) {
  auto foreign = StartForeign("alone-foreign");
  auto home = Start("alone-home");
  ASSERT_TRUE(foreign && home);
  KbsGuest guest(home->url());
  const auto refused = guest.GetResource("team/key/db", AttestAt(*foreign, guest));
  EXPECT_EQ(refused.status, 401u);
  EXPECT_NE(refused.raw.find("TokenNotFound"), std::string::npos) << refused.raw;
}

TEST_F(Passport, AnUnreachableJwksStopsTheStartNamingIt) {
  auto trustee = TrusteeProcess::Start(
      dir_ / "unreachable", {"--config", Write("unreachable.toml",
                                               "[trusted_attestation_services]\n"
                                               "jwks = [\"http://127.0.0.1:1/jwks.json\"]\n")});
  ASSERT_FALSE(trustee);
  EXPECT_NE(trustee.error().message.find("cannot fetch the JWKS at http://127.0.0.1:1/jwks.json"),
            std::string::npos)
      << trustee.error().message;
  auto plain = TrusteeProcess::Start(
      dir_ / "plain", {"--config", Write("plain.toml",
                                         "[trusted_attestation_services]\n"
                                         "jwks = [\"http://as.example.com/jwks\"]\n")});
  ASSERT_FALSE(plain);
  EXPECT_NE(plain.error().message.find("use https://"), std::string::npos) << plain.error().message;
}

}  // namespace
}  // namespace veil
