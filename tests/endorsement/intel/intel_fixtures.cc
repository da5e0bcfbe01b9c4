#include "intel_fixtures.h"

#include <gtest/gtest.h>

#include "veil/base/rfc3339.h"
#include "veil/testing/fixtures.h"

namespace veil::endorsement::intel::testing {

std::string TextFixture(std::string_view fixture) {
  const Bytes bytes = veil::testing::ReadFixture(fixture);
  return std::string(bytes.begin(), bytes.end());
}

std::vector<crypto::Certificate> PckChainOfQuote(std::string_view quote_fixture) {
  return crypto::Certificate::ChainFromPem(PckChainPemOfQuote(quote_fixture)).value();
}

std::string PckChainPemOfQuote(std::string_view quote_fixture) {
  const std::string quote = TextFixture(quote_fixture);
  constexpr std::string_view kBegin = "-----BEGIN CERTIFICATE-----";
  constexpr std::string_view kEnd = "-----END CERTIFICATE-----";
  const std::size_t begin = quote.find(kBegin);
  const std::size_t end = quote.rfind(kEnd);
  EXPECT_NE(begin, std::string::npos) << quote_fixture;
  EXPECT_NE(end, std::string::npos) << quote_fixture;
  return quote.substr(begin, end + kEnd.size() - begin);
}

std::vector<crypto::Certificate> PemChainFixture(std::string_view fixture) {
  return crypto::Certificate::ChainFromPem(TextFixture(fixture)).value();
}

crypto::Crl CrlFixture(std::string_view fixture) {
  return crypto::Crl::FromDer(veil::testing::ReadFixture(fixture)).value();
}

TimePoint At(std::string_view rfc3339) { return ParseRfc3339(rfc3339).value(); }

}  // namespace veil::endorsement::intel::testing
