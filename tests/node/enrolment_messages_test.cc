#include "veil/node/enrolment_messages.h"

#include <gtest/gtest.h>

namespace veil::node {
namespace {

TEST(EnrolmentMessages, ParsesAnEnrolRequest) {
  auto request = ParseEnrolRequest(
      R"({"name": "edge-1", "ek_public": "AAEC", "ak_public": "AwQF", "ek_certificate": "MA=="})");
  ASSERT_TRUE(request) << request.error().ToString();
  EXPECT_EQ(request->name, "edge-1");
  EXPECT_EQ(request->ek_public, (Bytes{0x00, 0x01, 0x02}));
  EXPECT_EQ(request->ak_public, (Bytes{0x03, 0x04, 0x05}));
  EXPECT_EQ(request->ek_certificate, (Bytes{0x30}));

  auto minimal = ParseEnrolRequest(R"({"ek_public": "AAEC", "ak_public": "AwQF"})");
  ASSERT_TRUE(minimal) << minimal.error().ToString();
  EXPECT_EQ(minimal->name, std::nullopt);
  EXPECT_TRUE(minimal->ek_certificate.empty());
}

TEST(EnrolmentMessages, RefusesMalformedEnrolRequestsNamingTheMember) {
  const auto error = [](std::string_view body) {
    auto parsed = ParseEnrolRequest(body);
    EXPECT_FALSE(parsed) << body;
    return parsed ? std::string() : parsed.error().ToString();
  };
  EXPECT_EQ(error(R"([])"), "enrol: the enrol request is not a JSON object (got array)");
  EXPECT_NE(error(R"({"ak_public": "AwQF"})").find("ek_public"), std::string::npos);
  EXPECT_NE(error(R"({"ek_public": "AAEC"})").find("ak_public"), std::string::npos);
  EXPECT_NE(error(R"({"ek_public": "!!", "ak_public": "AwQF"})").find("ek_public: "),
            std::string::npos);
  EXPECT_EQ(error(R"({"ek_public": "", "ak_public": "AwQF"})"),
            "enrol: ek_public: expected bytes, got none");
  EXPECT_EQ(error(R"({"ek_public": "AAEC", "ak_public": "AwQF", "ak": 1})"),
            "enrol: unknown member \"ak\"");
  EXPECT_NE(error(R"({"ek_public": "AAEC", "ak_public": "AwQF", "name": 7})").find("name"),
            std::string::npos);
}

TEST(EnrolmentMessages, ParsesAndRefusesActivateRequests) {
  auto request = ParseActivateRequest(R"({"enrolment_id": "abc", "secret": "AAEC"})");
  ASSERT_TRUE(request) << request.error().ToString();
  EXPECT_EQ(request->enrolment_id, "abc");
  EXPECT_EQ(ToBytes(request->secret.span()), (Bytes{0x00, 0x01, 0x02}));
  EXPECT_FALSE(ParseActivateRequest(R"({"enrolment_id": "abc"})"));
  EXPECT_FALSE(ParseActivateRequest(R"({"secret": "AAEC"})"));
  EXPECT_FALSE(ParseActivateRequest(R"({"enrolment_id": "abc", "secret": "AAEC", "x": 1})"));
  EXPECT_FALSE(ParseActivateRequest("not json"));
}

}  // namespace
}  // namespace veil::node
