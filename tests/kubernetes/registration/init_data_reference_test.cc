#include "veil/kubernetes/registration/init_data_reference.h"

#include <gtest/gtest.h>

#include "veil/store/reference_value.h"

namespace veil::kubernetes {
namespace {

protocol::ResourcePath Path(std::string_view text) {
  return protocol::ResourcePath::Parse(text).value();
}

TEST(InitDataReferenceName, EscapesIntoTheTrusteesAlphabetWithoutCollisions) {
  EXPECT_EQ(InitDataReferenceName(Path("shop/key/db")).value(), "init-data.shop.key.db");
  // Each of these would read "init-data.a.b.c.d" without escaping.
  EXPECT_EQ(InitDataReferenceName(Path("a.b/c/d")).value(), "init-data.a_.b.c.d");
  EXPECT_EQ(InitDataReferenceName(Path("a/b.c/d")).value(), "init-data.a.b_.c.d");
  EXPECT_EQ(InitDataReferenceName(Path("Shop/key/DB_1")).value(), "init-data._shop.key._d_b__1");
  EXPECT_EQ(InitDataReferenceName(Path("shop/key/d-b")).value(), "init-data.shop.key.d-b");
  EXPECT_EQ(InitDataReferenceName(Path("shop/key/db"), ReferenceBinding::kAgentPcr23).value(),
            "veil-agent-pcr23.shop.key.db");
  for (const char* path : {"a.b/c/d", "Shop/key/DB_1", "x-y/z/w"}) {
    EXPECT_TRUE(store::ValidateReferenceValueName(InitDataReferenceName(Path(path)).value()))
        << path;
  }
  const std::string long_tag(120, 't');
  const auto refused = InitDataReferenceName(Path("shop/key/" + long_tag));
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("more than the trustee's 128"), std::string::npos)
      << refused.error().message;
}

TEST(ParseResourceList, ReadsCommaSeparatedUrisOnce) {
  const auto list =
      ParseResourceList(" kbs:///shop/key/db,kbs:///shop/key/tls , kbs:///shop/key/db,");
  ASSERT_TRUE(list) << list.error().ToString();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].str(), "shop/key/db");
  EXPECT_EQ((*list)[1].str(), "shop/key/tls");
  EXPECT_TRUE(ParseResourceList("").value().empty());
  const auto refused = ParseResourceList("kbs:///shop/key/db, https://x/shop/key/db");
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("https://x/shop/key/db"), std::string::npos)
      << refused.error().message;
}

TEST(PlanInitDataReferences, OneValuePerPodAndResourceWithProvenance) {
  const std::string web(64, 'A');
  const std::string report(64, 'b');
  const auto plan = PlanInitDataReferences({
      {"app.yaml", "Deployment/shop-web", "shop", web, {Path("shop/key/db")}},
      {"app.yaml", "CronJob/shop-report", "", report, {Path("shop/key/db"), Path("shop/key/sig")}},
      // The same pod twice (two manifests naming one object) adds nothing new.
      {"copy.yaml", "Deployment/shop-web", "shop", web, {Path("shop/key/db")}},
  });
  ASSERT_TRUE(plan) << plan.error().ToString();
  ASSERT_EQ(plan->size(), 3u);
  EXPECT_EQ((*plan)[0].name, "init-data.shop.key.db");
  EXPECT_EQ((*plan)[0].value, std::string(64, 'a'));  // lower case, as the token's hex
  EXPECT_EQ((*plan)[0].provenance, "veil pod seal: app.yaml: Deployment/shop-web (namespace shop)");
  EXPECT_EQ((*plan)[1].name, "init-data.shop.key.db");
  EXPECT_EQ((*plan)[1].value, report);
  EXPECT_EQ((*plan)[1].provenance,
            "veil pod seal: app.yaml: CronJob/shop-report (no namespace in the manifest)");
  EXPECT_EQ((*plan)[2].name, "init-data.shop.key.sig");
  const std::vector<BoundResource> resources = ReferencedResources(*plan);
  ASSERT_EQ(resources.size(), 2u);
  EXPECT_EQ(resources[0].resource.str(), "shop/key/db");
  EXPECT_EQ(resources[1].resource.str(), "shop/key/sig");
  EXPECT_EQ(resources[1].binding, ReferenceBinding::kInitData);
}

}  // namespace
}  // namespace veil::kubernetes
