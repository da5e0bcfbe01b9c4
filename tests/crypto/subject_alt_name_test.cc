// Subject alternative names: the typed text policies match, and what a DNS name or URI must be.

#include "veil/crypto/subject_alt_name.h"

#include <gtest/gtest.h>

namespace veil::crypto {
namespace {

using Kind = SubjectAltName::Kind;

std::string Problem(Kind kind, std::string value) {
  const Status valid = ValidateSubjectAltName({kind, std::move(value)});
  return valid ? "" : valid.error().message;
}

TEST(SubjectAltName, TextNamesTheKind) {
  EXPECT_EQ(SubjectAltNameText({Kind::kDns, "web.local"}), "dns:web.local");
  EXPECT_EQ(SubjectAltNameText({Kind::kUri, "spiffe://td/x"}), "uri:spiffe://td/x");
}

TEST(SubjectAltName, AcceptsHostNamesAndUris) {
  for (const char* name : {"a", "web.local", "frontend.prod.svc.cluster.local", "x-1.y2"}) {
    EXPECT_EQ(Problem(Kind::kDns, name), "") << name;
  }
  EXPECT_EQ(Problem(Kind::kDns, std::string(63, 'a') + "." + std::string(63, 'b')), "");
  for (const char* uri : {"spiffe://veil.example/web/frontend", "urn:uuid:1234", "https://x/y?z"}) {
    EXPECT_EQ(Problem(Kind::kUri, uri), "") << uri;
  }
}

TEST(SubjectAltName, RefusesWhatIsNotAnExactLowerCaseHostName) {
  EXPECT_EQ(Problem(Kind::kDns, ""), "DNS name \"dns:\" is empty");
  EXPECT_EQ(Problem(Kind::kDns, "web..local"), "DNS name \"dns:web..local\" has an empty label");
  EXPECT_EQ(Problem(Kind::kDns, "web.local."), "DNS name \"dns:web.local.\" has an empty label");
  EXPECT_EQ(Problem(Kind::kDns, "-web.local"),
            "DNS name \"dns:-web.local\" has a label that starts or ends with '-'");
  EXPECT_EQ(Problem(Kind::kDns, "web_1.local"),
            "DNS name \"dns:web_1.local\" has a character other than a-z, 0-9, '-' and '.'");
  EXPECT_EQ(Problem(Kind::kDns, std::string(64, 'a')),
            "DNS name \"dns:" + std::string(64, 'a') + "\" has a label longer than 63 characters");
  EXPECT_NE(Problem(Kind::kDns, std::string(254, 'a')).find("longer than 253"), std::string::npos);
  EXPECT_EQ(Problem(Kind::kDns, std::string("web\0.local", 10)),
            "DNS name \"dns:web?.local\" has a character other than a-z, 0-9, '-' and '.'");
}

TEST(SubjectAltName, RefusesMalformedUris) {
  EXPECT_EQ(Problem(Kind::kUri, "spiffe://td/a b"),
            "URI \"uri:spiffe://td/a b\" has a character that is not printable ASCII or is a "
            "space");
  EXPECT_EQ(Problem(Kind::kUri, ":x"), "URI \"uri::x\" is not <scheme>:<rest>");
  EXPECT_EQ(Problem(Kind::kUri, "x:"), "URI \"uri:x:\" is not <scheme>:<rest>");
  EXPECT_EQ(Problem(Kind::kUri, "Spiffe://td/x"),
            "URI \"uri:Spiffe://td/x\" has a scheme other than [a-z][a-z0-9+.-]*");
  const std::string long_uri = "spiffe://td/" + std::string(kMaxUriSize, 'x');
  EXPECT_EQ(Problem(Kind::kUri, long_uri),
            "URI \"" + ("uri:" + long_uri).substr(0, 128) + "...\" is longer than 2048 characters");
}

}  // namespace
}  // namespace veil::crypto
