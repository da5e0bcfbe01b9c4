#include "veil/protocol/admin_identity.h"

#include <gtest/gtest.h>

#include "veil/crypto/jose/jwk.h"

namespace veil::protocol {
namespace {

// RFC 8037 appendix A.2/A.3: the Ed25519 public key and its RFC 7638 thumbprint
// kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k.
TEST(AdminIdentity, IsAdminAndTheFirst16CharactersOfTheJwkThumbprint) {
  const nlohmann::json jwk = {
      {"kty", "OKP"}, {"crv", "Ed25519"}, {"x", "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"}};
  auto key = crypto::jose::PublicKeyFromJwk(jwk);
  ASSERT_TRUE(key) << key.error().ToString();
  auto actor = AdminActor(*key);
  ASSERT_TRUE(actor) << actor.error().ToString();
  EXPECT_EQ(*actor, "admin:kPrK_qmxVWaYVA9w");
}

}  // namespace
}  // namespace veil::protocol
