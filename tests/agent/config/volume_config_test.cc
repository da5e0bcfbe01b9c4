#include "veil/agent/config/volume_config.h"

#include <gtest/gtest.h>

#include "expect_config_error.h"

#include "veil/agent/config/agent_config.h"

namespace veil::agent {
namespace {

std::string Volume(const std::string& name, const std::string& source,
                   const std::string& mountpoint, const std::string& extra = "") {
  return "[[workload.volumes]]\nname = \"" + name + "\"\nsource = \"" + source +
         "\"\nmountpoint = \"" + mountpoint + "\"\nkey = \"kbs:///app/volume/" + name + "\"\n" +
         extra;
}

TEST(VolumeConfig, ReadsEveryKeyAndResolvesRelativePaths) {
  auto config =
      ParseAgentConfig(Volume("data", "cipher/", "/srv/data", "verify = false\n") +
                           Volume("logs", "/enc/logs", "plain/logs", "engine = \"gocryptfs\"\n"),
                       "/etc/veil");
  ASSERT_TRUE(config) << config.error().ToString();
  const auto& volumes = config->workload.volumes;
  ASSERT_EQ(volumes.size(), 2u);
  EXPECT_EQ(volumes[0].name, "data");
  EXPECT_EQ(volumes[0].source, "/etc/veil/cipher");
  EXPECT_EQ(volumes[0].mountpoint, "/srv/data");
  EXPECT_EQ(volumes[0].key.str(), "app/volume/data");
  EXPECT_FALSE(volumes[0].verify);
  EXPECT_EQ(volumes[1].mountpoint, "/etc/veil/plain/logs");
  EXPECT_TRUE(volumes[1].verify);
  // The volumes are part of [workload], so the measured configuration names them.
  EXPECT_EQ(config->workload.measured["volumes"][1]["source"], "/enc/logs");
}

TEST(VolumeConfig, RefusesMistakesNamingTheVolume) {
  const std::pair<std::string, const char*> cases[] = {
      {"[[workload.volumes]]\nsource = \"/a\"\nmountpoint = \"/b\"\nkey = \"kbs:///a/b/c\"\n",
       "every entry needs a name"},
      {Volume("bad name", "/a", "/b"), "every entry needs a name"},
      {"[[workload.volumes]]\nname = \"v\"\nmountpoint = \"/b\"\nkey = \"kbs:///a/b/c\"\n",
       "workload.volumes v: source is required"},
      {"[[workload.volumes]]\nname = \"v\"\nsource = \"/a\"\nkey = \"kbs:///a/b/c\"\n",
       "workload.volumes v: mountpoint is required"},
      {"[[workload.volumes]]\nname = \"v\"\nsource = \"/a\"\nmountpoint = \"/b\"\n",
       "workload.volumes v: key is required"},
      {"[[workload.volumes]]\nname = \"v\"\nsource = \"/a\"\nmountpoint = \"/b\"\nkey = "
       "\"kbs://host/a/b/c\"\n",
       "workload.volumes v: key: "},
      {Volume("v", "/a", "/b", "engine = \"luks2\"\n"), "docs/storage.md"},
      {Volume("v", "/a", "/b", "engine = \"ext4\"\n"), "engine \"ext4\" is not gocryptfs"},
      {Volume("v", "/a", "/b", "size = 3\n"), "unknown key \"size\" in [[workload.volumes]]"},
      {Volume("v", "/a", "/a/plain"), "source and mountpoint must not contain each other"},
      {Volume("v", "/a/cipher", "/a"), "source and mountpoint must not contain each other"},
      {Volume("v", "/a", "/b") + Volume("v", "/c", "/d"), "v and v share one name"},
      {Volume("v", "/a", "/b") + Volume("w", "/c", "/b/sub"), "v and w overlap at /b/sub"},
      {Volume("v", "/a", "/b") + Volume("w", "/a/", "/d"), "v and w overlap at /a"},
      {"[workload]\nvolumes = 3\n", "[[workload.volumes]]"},
  };
  for (const auto& [text, reason] : cases) ExpectConfigError(text, reason);
}

}  // namespace
}  // namespace veil::agent
