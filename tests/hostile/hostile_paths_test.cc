// Path traversal and encoding tricks in resource paths (`..`, `%2e%2e`, `//`, NUL, encoded
// slashes, over-long segments), asked by an attested guest — so a 200 would mean the path was
// read as another one — and used by the admin to store secrets. None reaches a secret or stores
// one under a second name.

#include "hostile_fixture.h"

namespace veil::hostile {
namespace {

// Resource paths (after /kbs/v0/resource/) that must not be read as hostile/key/secret or as any
// other stored path.
const std::vector<std::string>& TrickPaths() {
  static const std::vector<std::string> paths = {
      "hostile/key/../key/secret",
      "hostile/key/%2e%2e/key/secret",
      "hostile/key/%2E%2E/key/secret",
      "hostile/key/.%2e/key/secret",
      "hostile/key/./secret",
      "hostile/./key/secret",
      "../resource/hostile/key/secret",
      "%2e%2e/%2e%2e/%2e%2e/etc/passwd",
      "..%2f..%2f..%2fetc%2fpasswd",
      "..%252f..%252fetc%252fpasswd",
      "hostile//key/secret",
      "hostile/key//secret",
      "/hostile/key/secret",
      "hostile/key/secret/",
      "hostile/key/secret/..",
      "hostile%2fkey%2fsecret",
      "hostile%2Fkey%2Fsecret",
      "hostile/key/%73ecret",
      "hostile/key/secret%00",
      "hostile/key/secret%00.txt",
      "hostile/key/sec%00ret",
      "hostile\\key\\secret",
      "hostile/key/secret%2f..%2f..",
      "hostile/key/secret;x=1",
      "hostile/key/%c0%af..%c0%afsecret",
      "hostile/key/\xc0\xae\xc0\xae/secret",
      "hostile/key/secret\xff",
      "hostile/key/" + std::string(129, 's'),
      "hostile/key/" + std::string(6000, 's'),
      std::string(200, 'h') + "/key/secret",
      "hostile/key/secret/extra/segments/beyond/three",
      "hostile/key",
      "",
  };
  return paths;
}

class HostilePaths : public HostileTrustee {};

TEST_F(HostilePaths, AnAttestedGuestGetsNothingThroughATrickPath) {
  testing::KbsGuest guest = NewGuest();
  ASSERT_EQ(AttestSample(guest).status, 200u);
  const std::string cookie = "Cookie: kbs-session-id=" + guest.cookie() + "\r\n";
  for (const std::string& path : TrickPaths()) {
    const std::string response = Exchange(Get("/kbs/v0/resource/" + path, cookie));
    const unsigned status = StatusOf(response);
    EXPECT_TRUE(status == 400 || status == 401 || status == 404)
        << path.substr(0, 80) << ": " << response.substr(0, 400);
    EXPECT_EQ(response.find("ciphertext"), std::string::npos) << path.substr(0, 80);
  }
  // A NUL byte in the request line itself (not percent-encoded).
  const std::string nul =
      Exchange(std::string("GET /kbs/v0/resource/hostile/key/secret\0x HTTP/1.1\r\n", 52) +
               "Host: t\r\n" + cookie + "\r\n");
  EXPECT_EQ(StatusOf(nul), 400u) << nul;
  // The guest's own path still works.
  EXPECT_EQ(StatusOf(Exchange(Get("/kbs/v0/resource/" + std::string(kSecretPath), cookie))), 200u);
}

TEST_F(HostilePaths, TheAdminStoresNothingUnderATrickPath) {
  for (const std::string& path : TrickPaths()) {
    const std::string response =
        Exchange(Request("POST", "/kbs/v0/resource/" + path, "planted",
                         "Authorization: Bearer " + AdminToken() + "\r\n"));
    const unsigned status = StatusOf(response);
    EXPECT_TRUE(status == 400 || status == 404)
        << path.substr(0, 80) << ": " << response.substr(0, 400);
    const std::string deleted = Exchange(Request("DELETE", "/kbs/v0/resource/" + path, {},
                                                 "Authorization: Bearer " + AdminToken() + "\r\n"));
    EXPECT_NE(StatusOf(deleted), 200u) << path.substr(0, 80) << ": " << deleted.substr(0, 400);
  }
  // The one secret the fixture stored, and nothing else.
  const nlohmann::json listed = admin().ListSecrets().value();
  ASSERT_EQ(listed["resources"].size(), 1u) << listed;
  EXPECT_EQ(listed["resources"][0]["resource"], kSecretPath);
}

}  // namespace
}  // namespace veil::hostile
