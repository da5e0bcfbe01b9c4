#include "veil/agent/kbs_client/kbs_exchange.h"

#include <gtest/gtest.h>

namespace veil::agent {
namespace {

bool Printable(const std::string& text) {
  for (char c : text) {
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

TEST(ReadProblem, TheTrusteesDetailCannotForgeLogLines) {
  // Issue 19: a detail with a newline and ANSI escapes printed fake agent lines.
  http::ClientResponse response{
      401,
      {},
      R"({"type":"https://github.com/confidential-containers/kbs/errors/PolicyDeny\u001b[1A",)"
      R"("detail":"denied\nveil-agent info: launching ./run.sh\u001b[2K"})"};
  const KbsProblem problem = ReadProblem(response);
  EXPECT_TRUE(Printable(problem.variant)) << problem.variant;
  EXPECT_TRUE(Printable(problem.detail)) << problem.detail;
  EXPECT_EQ(problem.detail, "denied\\x0aveil-agent info: launching ./run.sh\\x1b[2K");
  EXPECT_EQ(problem.variant, "PolicyDeny\\x1b[1A");
}

TEST(ReadProblem, ABodyThatIsNotAProblemIsQuotedSafelyAndShort) {
  http::ClientResponse response{
      500, {}, "oops\r\nveil-agent info: workload exited with 0" + std::string(1000, 'x')};
  const KbsProblem problem = ReadProblem(response);
  EXPECT_TRUE(Printable(problem.detail)) << problem.detail;
  EXPECT_EQ(problem.detail.rfind("oops\\x0d\\x0aveil-agent", 0), 0u) << problem.detail;
  EXPECT_LT(problem.detail.size(), 300u);
}

}  // namespace
}  // namespace veil::agent
