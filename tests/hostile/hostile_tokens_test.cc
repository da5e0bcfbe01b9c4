// Hostile credentials: replayed and cross-session nonces, forged and borrowed session cookies,
// forged, altered, expired, `alg: none`, HS256 (key confusion with the trustee's public key)
// and self-signed tokens on the resource endpoint and the admin API, and replayed admin JWTs.
// No response may carry a secret except as a JWE to the key of the TEE that attested.

#include <atomic>
#include <thread>

#include "hostile_fixture.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/random.h"

namespace veil::hostile {
namespace {

using nlohmann::json;

// RFC 2104 over SHA-256, here only to forge HS256 tokens the trustee must refuse.
Bytes HmacSha256(ByteSpan key, ByteSpan message) {
  constexpr std::size_t kBlock = 64;
  Bytes block(key.begin(), key.end());
  if (block.size() > kBlock) block = crypto::Sha256(block);
  block.resize(kBlock, 0);
  Bytes inner(kBlock);
  Bytes outer(kBlock);
  for (std::size_t i = 0; i < kBlock; ++i) {
    inner[i] = static_cast<std::uint8_t>(block[i] ^ 0x36);
    outer[i] = static_cast<std::uint8_t>(block[i] ^ 0x5c);
  }
  inner.insert(inner.end(), message.begin(), message.end());
  const Bytes inner_digest = crypto::Sha256(inner);
  outer.insert(outer.end(), inner_digest.begin(), inner_digest.end());
  return crypto::Sha256(outer);
}

std::string SigningInput(const json& header, const json& claims) {
  return Base64UrlEncode(AsBytes(header.dump())) + "." + Base64UrlEncode(AsBytes(claims.dump()));
}

std::string UnsignedToken(const json& claims) {
  return SigningInput({{"alg", "none"}, {"typ", "JWT"}}, claims) + ".";
}

std::string Hs256Token(const json& claims, std::string_view key) {
  const std::string input = SigningInput({{"alg", "HS256"}, {"typ", "JWT"}}, claims);
  return input + "." + Base64UrlEncode(HmacSha256(AsBytes(key), AsBytes(input)));
}

constexpr std::string_view kTeePubkey =
    "/submods/cpu0/ear.veraison.annotated-evidence/runtime_data_claims/tee-pubkey";

class HostileTokens : public HostileTrustee {
 protected:
  std::string GetSecretWith(std::string_view headers) {
    return Exchange(Get("/kbs/v0/resource/" + std::string(kSecretPath), headers));
  }
  std::string GetSecretWithBearer(std::string_view token) {
    return GetSecretWith("Authorization: Bearer " + std::string(token) + "\r\n");
  }
  // Refused without a JWE.
  void ExpectNoRelease(const std::string& response, std::string_view what) {
    EXPECT_EQ(StatusOf(response), 401u) << what << ": " << response.substr(0, 500);
    EXPECT_EQ(response.find("ciphertext"), std::string::npos) << what;
  }
  // The token an honest guest received.
  std::string AttestedToken(testing::KbsGuest& guest) {
    const testing::KbsAnswer attested = AttestSample(guest);
    EXPECT_EQ(attested.status, 200u) << attested.raw;
    return attested.body.value("token", "");
  }
  json TrusteeJwk() {
    const json jwks = json::parse(BodyOf(Exchange(Get("/.well-known/jwks.json"))), nullptr, false);
    return jwks.value("keys", json::array()).at(0);
  }
  std::string AdminGet(std::string_view path, std::string_view token) {
    return Exchange(Get(path, "Authorization: Bearer " + std::string(token) + "\r\n"));
  }
  std::string AdminPutSecret(std::string_view token, std::string_view value) {
    return Exchange(Request("POST", "/kbs/v0/resource/" + std::string(kSecretPath), value,
                            "Authorization: Bearer " + std::string(token) + "\r\n"));
  }
};

TEST_F(HostileTokens, ReplayedAndCrossSessionNoncesAreRefused) {
  testing::KbsGuest a = NewGuest();
  testing::KbsGuest b = NewGuest();
  const std::string nonce_a = a.Auth("sample").value();
  const std::string nonce_b = b.Auth("sample").value();
  const auto evidence = [](testing::KbsGuest& guest, const std::string& nonce) {
    return json{{"svn", "1"}, {"report_data", Base64Encode(guest.ReportData(nonce).value())}};
  };
  // B presents A's challenge: refused, and B's own challenge still works.
  const json cross = b.AttestBody(nonce_a, evidence(b, nonce_a));
  EXPECT_EQ(Keep(b.Attest(cross)).status, 401u);
  // A's complete, valid body replayed on B's session and on a fresh session C.
  const json body_a = a.AttestBody(nonce_a, evidence(a, nonce_a));
  EXPECT_EQ(Keep(b.Attest(body_a)).status, 401u);
  testing::KbsGuest c = NewGuest();
  (void)c.Auth("sample").value();
  EXPECT_EQ(Keep(c.Attest(body_a)).status, 401u);
  EXPECT_EQ(Keep(a.Attest(body_a)).status, 200u);
  EXPECT_EQ(Keep(b.Attest(b.AttestBody(nonce_b, evidence(b, nonce_b)))).status, 200u);
  // A's old challenge on A's next session.
  (void)a.Auth("sample").value();
  EXPECT_EQ(Keep(a.Attest(body_a)).status, 401u);

  // A nonce is single-use even when the attestation that used it failed: the right evidence
  // afterwards is refused too.
  testing::KbsGuest d = NewGuest();
  const std::string nonce_d = d.Auth("sample").value();
  json wrong = d.AttestBody(nonce_d, evidence(d, nonce_d));
  wrong["tee-evidence"]["primary_evidence"]["report_data"] = Base64Encode(Bytes(64, 0));
  EXPECT_EQ(Keep(d.Attest(wrong)).status, 401u);
  const testing::KbsAnswer again = Keep(d.Attest(d.AttestBody(nonce_d, evidence(d, nonce_d))));
  EXPECT_EQ(again.status, 401u) << again.raw;
  EXPECT_NE(again.raw.find("nonce"), std::string::npos) << again.raw;
  EXPECT_EQ(Keep(d.GetResource(std::string(kSecretPath))).status, 401u);
}

TEST_F(HostileTokens, ForgedAndForeignCookiesReleaseNothing) {
  testing::KbsGuest pending = NewGuest();
  (void)pending.Auth("sample").value();  // a live session that has not attested
  for (const std::string& cookie :
       {std::string(), std::string("kbs-session-id="),
        "kbs-session-id=" + HexEncode(crypto::RandomBytes(16)),
        "kbs-session-id=" + pending.cookie(), "kbs-session-id=" + std::string(32, 'z'),
        "kbs-session-id=../../" + pending.cookie(), "kbs-session-id=" + std::string(6000, 'a'),
        "kbs-session-id=" + pending.cookie() + "00", "KBS-SESSION-ID=" + pending.cookie(),
        "kbs-session-id=" + std::string(pending.cookie()).substr(0, 31)}) {
    ExpectNoRelease(GetSecretWith(cookie.empty() ? "" : "Cookie: " + cookie + "\r\n"), cookie);
  }

  // A cookie is a bearer credential for its attested session, but what it releases is encrypted
  // to the key of the TEE that attested: another holder cannot read it.
  testing::KbsGuest owner = NewGuest();
  ASSERT_EQ(AttestSample(owner).status, 200u);
  testing::KbsGuest thief = NewGuest();
  thief.set_cookie(owner.cookie());
  const testing::KbsAnswer borrowed = Keep(thief.GetResource(std::string(kSecretPath)));
  ASSERT_EQ(borrowed.status, 200u) << borrowed.raw;
  EXPECT_FALSE(thief.Decrypt(borrowed.body));
  EXPECT_EQ(owner.Decrypt(borrowed.body).value(), secret_);
  // The first cookie named decides: a forged one in front of a real one releases nothing.
  ExpectNoRelease(GetSecretWith("Cookie: kbs-session-id=" + std::string(32, '0') +
                                "; kbs-session-id=" + owner.cookie() + "\r\n"),
                  "forged cookie first");
}

TEST_F(HostileTokens, ForgedAndAlteredTokensReleaseNothing) {
  testing::KbsGuest guest = NewGuest();
  const std::string token = AttestedToken(guest);
  ASSERT_FALSE(token.empty());
  const crypto::jose::Jwt decoded = crypto::jose::DecodeJwtUnverified(token).value();
  const std::string signature = token.substr(token.rfind('.') + 1);

  // An attacker's own TEE key put into the claims: a trustee that accepted any of the tokens
  // below would encrypt the secret to it.
  testing::KbsGuest attacker = NewGuest();
  json stolen = decoded.claims;
  stolen[json::json_pointer(std::string(kTeePubkey))] = attacker.tee_jwk();
  const json trustee_jwk = TrusteeJwk();
  const std::string trustee_pem = crypto::jose::PublicKeyFromJwk(trustee_jwk).value().ToPem();
  auto attacker_key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value();
  const json attacker_jwk = crypto::jose::PublicKeyToJwk(attacker_key.GetPublicKey()).value();
  const std::string other_token = AttestedToken(attacker);

  const std::vector<std::pair<std::string, std::string>> forged = {
      {"alg none", UnsignedToken(stolen)},
      {"alg none with the real signature",
       SigningInput({{"alg", "none"}, {"typ", "JWT"}}, decoded.claims) + "." + signature},
      {"HS256 keyed with the trustee's JWK", Hs256Token(stolen, trustee_jwk.dump())},
      {"HS256 keyed with the trustee's PEM", Hs256Token(stolen, trustee_pem)},
      {"HS256 keyed with the trustee's x", Hs256Token(stolen, trustee_jwk.value("x", ""))},
      {"self-signed with the attacker's key in the header",
       crypto::jose::SignJwt(attacker_key, {{"jwk", attacker_jwk}}, stolen).value()},
      {"self-signed naming the trustee's kid",
       crypto::jose::SignJwt(attacker_key,
                             {{"jwk", trustee_jwk}, {"kid", trustee_jwk.value("kid", "")}}, stolen)
           .value()},
      {"claims altered under the real signature",
       SigningInput(decoded.header, stolen) + "." + signature},
      {"signature of another token",
       SigningInput(decoded.header, stolen) + "." + other_token.substr(other_token.rfind('.') + 1)},
      {"truncated signature", token.substr(0, token.size() - 4)},
      {"no signature", token.substr(0, token.rfind('.') + 1)},
      {"two parts", token.substr(0, token.rfind('.'))},
      {"garbage", "a.b.c"},
      {"huge", std::string(3000, 'A') + "." + std::string(3000, 'A') + "." + std::string(60, 'A')},
      {"empty", ""},
  };
  for (const auto& [what, forgery] : forged) ExpectNoRelease(GetSecretWithBearer(forgery), what);
  // The real token still works for its owner, and only its owner can read what it releases.
  const std::string released = GetSecretWithBearer(token);
  ASSERT_EQ(StatusOf(released), 200u) << released;
  EXPECT_EQ(guest.Decrypt(json::parse(BodyOf(released))).value(), secret_);
  EXPECT_FALSE(attacker.Decrypt(json::parse(BodyOf(released))));
}

TEST_F(HostileTokens, ExpiredTokensReleaseNothing) {
  HostileLimits short_lived;
  short_lived.token_ttl_seconds = 1;
  StartTrustee(short_lived);
  testing::KbsGuest guest = NewGuest();
  const std::string token = AttestedToken(guest);
  ASSERT_FALSE(token.empty());
  // The token's lifetime, not a wait for the server: exp is whole seconds, so 2.1 s is past it.
  std::this_thread::sleep_for(std::chrono::milliseconds(2100));
  ExpectNoRelease(GetSecretWithBearer(token), "expired bearer token");
  ExpectNoRelease(GetSecretWith("Cookie: kbs-session-id=" + guest.cookie() + "\r\n"),
                  "cookie of a session whose token expired");
  StartTrustee(HostileLimits{});  // so that TearDown's guest is not racing a one-second token
}

TEST_F(HostileTokens, TheAdminApiRefusesForgedExpiredAndForeignTokens) {
  const std::int64_t now = UnixSeconds(clock_.Now());
  const std::string admin_pem = admin_key_->GetPublicKey().ToPem();
  auto stranger = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519).value();
  const json stranger_jwk = crypto::jose::PublicKeyToJwk(stranger.GetPublicKey()).value();
  const json valid_claims = {{"iat", now}, {"exp", now + 60}, {"sub", "attacker"}};
  const auto fresh = [&valid_claims] {
    json claims = valid_claims;
    claims["jti"] = HexEncode(crypto::RandomBytes(16));
    return claims;
  };
  testing::KbsGuest guest = NewGuest();
  const std::string ear = AttestedToken(guest);

  const std::vector<std::pair<std::string, std::string>> forged = {
      {"alg none", UnsignedToken(fresh())},
      {"HS256 keyed with the admin public key", Hs256Token(fresh(), admin_pem)},
      {"signed by a key that is not an admin key",
       crypto::jose::SignJwt(stranger, {}, fresh()).value()},
      {"signed by a stranger naming its key in the header",
       crypto::jose::SignJwt(stranger, {{"jwk", stranger_jwk}}, fresh()).value()},
      {"a guest's EAR token", ear},
      {"expired", AdminToken({{"iat", now - 120}, {"exp", now - 60}})},
      {"issued in the future", AdminToken({{"iat", now + 3600}, {"exp", now + 3660}})},
      {"older than token_max_age", AdminToken({{"iat", now - 100000}, {"exp", now + 60}})},
      {"iat far in the past", AdminToken({{"iat", -9007199254740991LL}, {"exp", now + 60}})},
      {"no exp",
       [&] {
         json claims = fresh();
         claims.erase("exp");
         return crypto::jose::SignJwt(*admin_key_, {}, claims).value();
       }()},
      {"no jti",
       [&] {
         json claims = valid_claims;
         return crypto::jose::SignJwt(*admin_key_, {}, claims).value();
       }()},
      {"jti too long", AdminToken({{"jti", std::string(129, 'j')}})},
      {"jti not a string", AdminToken({{"jti", 5}})},
      {"garbage", "not.a.token"},
  };
  for (const auto& [what, token] : forged) {
    const std::string listed = AdminGet("/kbs/v0/resources", token);
    EXPECT_EQ(StatusOf(listed), 401u) << what << ": " << listed.substr(0, 400);
    EXPECT_EQ(ProblemOf(listed).value("type", ""),
              "https://github.com/confidential-containers/kbs/errors/AdminAuthAccess")
        << what;
    EXPECT_EQ(StatusOf(AdminPutSecret(token, "overwritten by " + what)), 401u) << what;
  }
  // Nothing was overwritten: TearDown's guest still receives the original secret.
  EXPECT_EQ(StatusOf(AdminGet("/kbs/v0/resources", AdminToken())), 200u);
}

TEST_F(HostileTokens, AnAdminJwtIsAcceptedOnceEvenWhenReplayedConcurrently) {
  const std::string token = AdminToken();
  EXPECT_EQ(StatusOf(AdminGet("/kbs/v0/resources", token)), 200u);
  const std::string replayed = AdminGet("/kbs/v0/resources", token);
  EXPECT_EQ(StatusOf(replayed), 401u);
  EXPECT_NE(ProblemOf(replayed).value("detail", "").find("already used"), std::string::npos)
      << replayed;
  EXPECT_EQ(StatusOf(AdminGet("/kbs/v0/reference-values", token)), 401u);  // on another endpoint
  EXPECT_EQ(StatusOf(AdminPutSecret(token, "replayed")), 401u);

  // Eight clients race one fresh token: exactly one is served.
  const std::string raced = AdminToken();
  std::atomic<int> served{0};
  std::atomic<int> refused{0};
  std::vector<std::thread> clients;
  for (int i = 0; i < 8; ++i) {
    clients.emplace_back([&] {
      RawConnection connection(trustee_->port());
      (void)connection.Send(Get("/kbs/v0/resources", "Authorization: Bearer " + raced + "\r\n"));
      const unsigned status = StatusOf(connection.ReadResponse());
      if (status == 200) ++served;
      if (status == 401) ++refused;
    });
  }
  for (std::thread& client : clients) client.join();
  EXPECT_EQ(served.load(), 1);
  EXPECT_EQ(refused.load(), 7);
}

}  // namespace
}  // namespace veil::hostile
