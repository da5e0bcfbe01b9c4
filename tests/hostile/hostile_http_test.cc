// Hostile HTTP framing at the real trustee: oversized bodies and headers (413, 431, counted in
// /metrics), header injection (bare CR, NUL, malformed names, encoded CRLF that must not become a
// response header), and request smuggling shapes (conflicting Content-Length and
// Transfer-Encoding, obs-fold, bad chunk sizes): a smuggled request is never answered.

#include "hostile_fixture.h"

namespace veil::hostile {
namespace {

// What a smuggled request would fetch; its route is never requested otherwise in these cases.
constexpr std::string_view kSmuggled = "GET /.well-known/jwks.json HTTP/1.1\r\nHost: t\r\n\r\n";

class HostileHttp : public HostileTrustee {
 protected:
  // Every response the trustee sends on one connection to `bytes`, until it closes (or stays
  // silent for a second).
  std::vector<std::string> ResponsesTo(std::string_view bytes) {
    RawConnection connection(trustee_->port());
    (void)connection.Send(bytes);  // the server may close before it has read everything
    std::vector<std::string> responses;
    for (std::string response = connection.ReadResponse(std::chrono::seconds(1)); !response.empty();
         response = connection.ReadResponse(std::chrono::seconds(1))) {
      responses.push_back(Keep(response));
    }
    return responses;
  }

  // The first response to `bytes` (empty when there was none).
  std::string FirstResponse(std::string_view bytes) {
    const std::vector<std::string> responses = ResponsesTo(bytes);
    return responses.empty() ? std::string() : responses.front();
  }

  void ExpectProblem(const std::string& response, unsigned status, std::string_view what) {
    EXPECT_EQ(StatusOf(response), status) << what << ": " << response.substr(0, 400);
    EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/problem+json") << what;
    EXPECT_FALSE(ProblemOf(response).value("detail", "").empty()) << what;
  }
};

TEST_F(HostileHttp, OversizedBodiesAndHeadersAreRefusedAndCounted) {
  const std::string big(2u << 20, 'b');
  ExpectProblem(FirstResponse(Post("/kbs/v0/auth", big)), 413, "declared 2 MiB");
  ExpectProblem(Exchange("POST /kbs/v0/auth HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\n"
                         "Content-Length: 2097152\r\n\r\n"),
                413, "100-continue for 2 MiB");
  std::string chunked =
      "POST /kbs/v0/attest HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 20; ++i) chunked += "10000\r\n" + std::string(0x10000, 'c') + "\r\n";
  ExpectProblem(FirstResponse(chunked + "0\r\n\r\n"), 413, "1.25 MiB in chunks");
  EXPECT_EQ(Counter(LimitSeries("body_size")), 3);

  ExpectProblem(Exchange(Get("/healthz", "X-Big: " + std::string(9000, 'h') + "\r\n")), 431,
                "one 9 KB header");
  std::string many;
  for (int i = 0; i < 2000; ++i) many += "X-" + std::to_string(i) + ": v\r\n";
  ExpectProblem(Exchange(Get("/healthz", many)), 431, "2000 headers");
  ExpectProblem(Exchange(Get("/healthz?" + std::string(9000, 'q'))), 431, "a 9 KB target");
  ExpectProblem(
      Exchange(Get("/healthz", "Cookie: kbs-session-id=" + std::string(9000, 'c') + "\r\n")), 431,
      "a 9 KB cookie");
  EXPECT_EQ(Counter(LimitSeries("header_size")), 4);
  // Headers just under the limit are served.
  EXPECT_EQ(StatusOf(Exchange(Get("/healthz", "X-Fits: " + std::string(7000, 'h') + "\r\n"))),
            200u);
}

TEST_F(HostileHttp, HeaderInjectionIsRefusedOrInert) {
  for (const std::string& request :
       {Get("/healthz", "X-A: a\rInjected: yes\r\n"),
        Get("/healthz", std::string("X-A: a\0Injected: yes\r\n", 22)),
        Get("/healthz", "Bad Header: x\r\n"), Get("/healthz", "X-A : x\r\n"),
        Get("/healthz", ": no-name\r\n"), Get("/healthz", "X-A\r\n"),
        std::string("GET /healthz\rInjected: yes HTTP/1.1\r\nHost: t\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\nHost: t\r\nX-A: a\r\n Injected: yes\r\n\r\n"),
        std::string("GET /healthz HTTP/1.1\r\n Host: t\r\n\r\n"),
        std::string("GET  /healthz HTTP/1.1\r\nHost: t\r\n\r\n"),
        std::string("GET /healthz HTTP/9.9\r\nHost: t\r\n\r\n"),
        std::string("G\xff T /healthz HTTP/1.1\r\nHost: t\r\n\r\n")}) {
    const std::string response = Exchange(request);
    EXPECT_EQ(StatusOf(response), 400u) << request.substr(0, 60) << ": " << response.substr(0, 300);
    EXPECT_TRUE(HeaderOf(response, "Injected").empty()) << response;
  }
  // Text that reaches a response through a path, a JSON value or a cookie cannot start a header.
  for (const std::string& request :
       {Get("/kbs/v0/resource/a/b/c%0d%0aSet-Cookie:%20injected=1"),
        Get("/nowhere%0d%0aSet-Cookie:%20injected=1"),
        Post("/kbs/v0/auth", R"({"version":"0.4.0","tee":"x\r\nSet-Cookie: injected=1"})"),
        Post("/kbs/v0/auth", R"({"version":"0.4.0\r\nSet-Cookie: injected=1","tee":"sample"})"),
        Get("/kbs/v0/resource/" + std::string(kSecretPath),
            "Cookie: kbs-session-id=x%0d%0aSet-Cookie: injected=1\r\n")}) {
    const std::string response = Exchange(request);
    EXPECT_GE(StatusOf(response), 400u) << response;
    EXPECT_LT(StatusOf(response), 500u) << response;
    const std::string head = response.substr(0, response.find("\r\n\r\n"));
    EXPECT_EQ(head.find("injected"), std::string::npos) << response;
  }
}

TEST_F(HostileHttp, SmuggledRequestsAreNeverAnswered) {
  const std::string chunked_then_smuggled = "0\r\n\r\n" + std::string(kSmuggled);
  const std::string length = std::to_string(chunked_then_smuggled.size());
  const std::string post = "POST /kbs/v0/auth HTTP/1.1\r\nHost: t\r\n";
  const std::vector<std::pair<std::string, std::string>> shapes = {
      {"CL.TE", post + "Content-Length: " + length + "\r\nTransfer-Encoding: chunked\r\n\r\n" +
                    chunked_then_smuggled},
      {"TE.CL",
       post + "Transfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n" + chunked_then_smuggled},
      {"two Content-Lengths", post + "Content-Length: 5\r\nContent-Length: " + length + "\r\n\r\n" +
                                  chunked_then_smuggled},
      {"a Content-Length list",
       post + "Content-Length: 5, " + length + "\r\n\r\n" + chunked_then_smuggled},
      {"Transfer-Encoding twice",
       post + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n" +
           chunked_then_smuggled},
      {"Transfer-Encoding identity", post + "Transfer-Encoding: identity\r\nContent-Length: " +
                                         length + "\r\n\r\n" + chunked_then_smuggled},
      {"chunked, identity",
       post + "Transfer-Encoding: chunked, identity\r\n\r\n" + chunked_then_smuggled},
      {"space before the colon", post + "Transfer-Encoding : chunked\r\nContent-Length: " + length +
                                     "\r\n\r\n" + chunked_then_smuggled},
      {"obs-fold", post + "Transfer-Encoding:\r\n chunked\r\n\r\n" + chunked_then_smuggled},
      {"vertical tab", post +
                           "Transfer-Encoding:\x0b"
                           "chunked\r\n\r\n" +
                           chunked_then_smuggled},
      {"HTTP/1.0 chunked",
       "POST /kbs/v0/auth HTTP/1.0\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n" +
           chunked_then_smuggled},
      {"Content-Length +5", post + "Content-Length: +5\r\n\r\n" + chunked_then_smuggled},
      {"Content-Length -1", post + "Content-Length: -1\r\n\r\n" + chunked_then_smuggled},
      {"Content-Length 0x5", post + "Content-Length: 0x5\r\n\r\n" + chunked_then_smuggled},
      {"Content-Length overflow",
       post + "Content-Length: 18446744073709551621\r\n\r\n" + chunked_then_smuggled},
      {"chunk size overflow", post +
                                  "Transfer-Encoding: chunked\r\n\r\nfffffffffffffffff1\r\nab\r\n" +
                                  chunked_then_smuggled},
      {"chunk size not hex",
       post + "Transfer-Encoding: chunked\r\n\r\nzz\r\nab\r\n" + chunked_then_smuggled},
      {"chunk size with a sign",
       post + "Transfer-Encoding: chunked\r\n\r\n-2\r\nab\r\n" + chunked_then_smuggled},
  };
  for (const auto& [what, request] : shapes) {
    const std::vector<std::string> responses = ResponsesTo(request);
    ASSERT_EQ(responses.size(), 1u) << what;
    const unsigned status = StatusOf(responses.front());
    EXPECT_TRUE(status == 400 || status == 413) << what << ": " << responses.front();
    EXPECT_EQ(HeaderOf(responses.front(), "Connection"), "close") << what;
  }
  // Counted when answered: a smuggled request that was served would be on this page.
  const std::string metrics = Metrics();
  EXPECT_NE(metrics.find("veil_http_requests_total"), std::string::npos);
  EXPECT_EQ(metrics.find("route=\"/.well-known/jwks.json\""), std::string::npos) << metrics;
}

}  // namespace
}  // namespace veil::hostile
