// StatusReason must spell every phrase exactly as Beast does: problem documents' titles were
// Beast's before http/message stopped including it.
#include "veil/http/message/status_reason.h"

#include <gtest/gtest.h>

#include <boost/beast/http/status.hpp>

#include "veil/http/message/response.h"

namespace veil::http {
namespace {

TEST(StatusReason, MatchesBeastForEveryStatus) {
  for (unsigned status = 0; status < 1000; ++status) {
    const auto beast =
        boost::beast::http::obsolete_reason(static_cast<boost::beast::http::status>(status));
    EXPECT_EQ(StatusReason(status), std::string_view(beast.data(), beast.size()))
        << "status " << status;
  }
}

TEST(StatusReason, NamesTheProblemDocument) {
  const Response problem = Response::Problem(431, "too many headers");
  EXPECT_EQ(problem.headers.Get("Content-Type").value_or(""), "application/problem+json");
  EXPECT_EQ(
      problem.body,
      R"({"detail":"too many headers","status":431,"title":"Request Header Fields Too Large",)"
      R"("type":"about:blank"})");
}

}  // namespace
}  // namespace veil::http
