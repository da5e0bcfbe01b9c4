#include "veil/appraisal/snp/vcek_extensions.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/testing/fixtures.h"

namespace veil::appraisal::snp {
namespace {

VcekExtensions Read(const char* name) {
  return ReadVcekExtensions(crypto::Certificate::FromDer(testing::ReadFixture(name)).value())
      .value();
}

std::string Counting64() {
  Bytes bytes(64);
  for (std::size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(i);
  return HexEncode(bytes);
}

TEST(VcekExtensions, ReadsMilanVcek) {
  const VcekExtensions ext = Read("snp/milan-gsg-vcek.der");
  EXPECT_EQ(ext.tcb, (evidence::snp::TcbVersion{2, 0, 5, 68, std::nullopt}));
  EXPECT_EQ(ext.product_name.substr(0, 5), "Milan");
  ASSERT_TRUE(ext.hw_id);
  EXPECT_EQ(ext.hw_id->size(), 64u);
  EXPECT_EQ(HexEncode(*ext.hw_id).substr(0, 16), "3ac3fe21e13fb099");
  EXPECT_FALSE(ext.csp_id);
}

TEST(VcekExtensions, ReadsBothHwIdEncodings) {
  EXPECT_EQ(HexEncode(*Read("snp/milan-trustee-vcek-invalid-legacy.der").hw_id), Counting64());
  EXPECT_EQ(HexEncode(*Read("snp/milan-trustee-vcek-invalid-new.der").hw_id), Counting64());
}

TEST(VcekExtensions, ReadsTurinShape) {
  const VcekExtensions ext = Read("snp/turin-virtee-vcek.der");
  EXPECT_EQ(ext.product_name, "Turin");
  ASSERT_TRUE(ext.tcb.fmc);
  EXPECT_EQ(*ext.tcb.fmc, 0);
  EXPECT_EQ(ext.tcb.microcode, 9);
  EXPECT_EQ(HexEncode(*ext.hw_id), "1e550a8ee5cf9f4d");
}

TEST(VcekExtensions, ReadsVlekCspId) {
  const VcekExtensions ext = Read("snp/milan-aws-vlek.der");
  EXPECT_EQ(ext.csp_id, "CN=cc-us-east-2.amazonaws.com");
  EXPECT_FALSE(ext.hw_id);
  EXPECT_EQ(ext.tcb, (evidence::snp::TcbVersion{4, 0, 24, 217, std::nullopt}));
}

}  // namespace
}  // namespace veil::appraisal::snp
