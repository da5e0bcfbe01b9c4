#include "veil/http/client/client.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "canned_server.h"
#include "loopback_socket.h"
#include "veil/http/server/router.h"
#include "veil/http/server/server.h"

namespace veil::http {
namespace {

using namespace std::chrono_literals;
using test::CannedServer;
using test::LoopbackSocket;

std::string Url(std::uint16_t port, std::string_view target) {
  return "http://127.0.0.1:" + std::to_string(port) + std::string(target);
}

nlohmann::json JsonOf(std::string_view body) { return nlohmann::json::parse(body, nullptr, false); }

// A server that echoes the request (headers as [name, value] pairs) and serves a few fixed answers.
class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Router router;
    for (const char* method : {"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
      router.Add(method, "/echo", [](const Request& request) {
        nlohmann::json headers = nlohmann::json::array();
        for (const HeaderField& field : request.headers)
          headers.push_back({field.name, field.value});
        return Response::Json(
            200, {{"method", request.method}, {"body", request.body}, {"headers", headers}});
      });
    }
    router.Add("GET", "/redirect", [](const Request&) {
      Response response = Response::Text(302, "moved");
      response.headers.Add("Location", "/echo");
      return response;
    });
    router.Add("GET", "/cookies", [](const Request&) {
      Response response = Response::Text(200, "cookies");
      response.headers.Add("Set-Cookie", "a=1; Path=/");
      response.headers.Add("Set-Cookie", "b=2; HttpOnly");
      return response;
    });
    router.Add("GET", "/large",
               [](const Request&) { return Response::Text(200, std::string(5000, 'L')); });
    router.Add("GET", "/status", [](const Request& request) {
      return Response::Text(static_cast<unsigned>(std::stoul(request.query)), "status");
    });
    ServerOptions options;
    options.port = 0;
    auto server = Server::Start(options, std::move(router).IntoHandler());
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
  }

  std::string Url(std::string_view target) const { return http::Url(server_->port(), target); }

  // The [name, value] pairs the server received.
  static bool Received(const nlohmann::json& echo, std::string_view name, std::string_view value) {
    for (const auto& pair : echo["headers"]) {
      if (EqualsIgnoreCase(pair[0].get<std::string>(), name) && pair[1] == value) return true;
    }
    return false;
  }
  static bool ReceivedName(const nlohmann::json& echo, std::string_view name) {
    for (const auto& pair : echo["headers"]) {
      if (EqualsIgnoreCase(pair[0].get<std::string>(), name)) return true;
    }
    return false;
  }

  std::unique_ptr<Server> server_;
};

TEST_F(ClientTest, SendsMethodHeadersAndBody) {
  for (const std::string method : {"POST", "PUT", "PATCH", "DELETE", "OPTIONS", "GET"}) {
    ClientRequest request{
        .method = method, .url = Url("/echo"), .body = method == "GET" ? "" : "payload " + method};
    request.headers.Add("Content-Type", "application/json");
    request.headers.Add("Cookie", "kbs-session-id=0123");
    request.headers.Add("X-Empty", "");
    auto response = Send(request);
    ASSERT_TRUE(response) << response.error().ToString();
    EXPECT_EQ(response->status, 200u) << method;
    const nlohmann::json echo = JsonOf(response->body);
    EXPECT_EQ(echo["method"], method);
    EXPECT_EQ(echo["body"], request.body);
    EXPECT_TRUE(Received(echo, "Cookie", "kbs-session-id=0123")) << echo;
    EXPECT_TRUE(Received(echo, "X-Empty", "")) << echo;
    EXPECT_TRUE(Received(echo, "Content-Type", "application/json")) << echo;
    EXPECT_FALSE(ReceivedName(echo, "Expect")) << echo;
  }
}

TEST_F(ClientTest, LabelsNoBodyItWasNotAskedTo) {
  auto response = Send({.method = "POST", .url = Url("/echo"), .body = std::string(5000, 'x')});
  ASSERT_TRUE(response) << response.error().ToString();
  const nlohmann::json echo = JsonOf(response->body);
  EXPECT_EQ(echo["body"].get<std::string>().size(), 5000u);
  EXPECT_FALSE(ReceivedName(echo, "Content-Type")) << echo;  // curl would say form-urlencoded
  EXPECT_FALSE(ReceivedName(echo, "Expect")) << echo;        // no 100-continue round trip
}

TEST_F(ClientTest, ReturnsRedirectsAndErrorStatusesAsTheyAre) {
  auto redirect = Send({.url = Url("/redirect")});
  ASSERT_TRUE(redirect) << redirect.error().ToString();
  EXPECT_EQ(redirect->status, 302u);
  EXPECT_EQ(redirect->headers.Get("Location"), "/echo");
  EXPECT_EQ(redirect->body, "moved");
  for (const unsigned status : {401u, 404u, 500u, 503u}) {
    auto response = Send({.url = Url("/status?" + std::to_string(status))});
    ASSERT_TRUE(response) << response.error().ToString();
    EXPECT_EQ(response->status, status);
  }
}

TEST_F(ClientTest, ReturnsEverySetCookieAndKeepsNone) {
  auto response = Send({.url = Url("/cookies")});
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->headers.GetAll("set-cookie"),
            (std::vector<std::string_view>{"a=1; Path=/", "b=2; HttpOnly"}));
  auto next = Send({.url = Url("/echo")});
  ASSERT_TRUE(next) << next.error().ToString();
  EXPECT_FALSE(ReceivedName(JsonOf(next->body), "Cookie"));
}

TEST_F(ClientTest, CapsTheResponseBody) {
  auto fits = Send({.url = Url("/large"), .max_response_bytes = 5000});
  ASSERT_TRUE(fits) << fits.error().ToString();
  EXPECT_EQ(fits->body.size(), 5000u);
  auto too_large = Send({.url = Url("/large"), .max_response_bytes = 4999});
  ASSERT_FALSE(too_large);
  EXPECT_EQ(too_large.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(too_large.error().ToString(),
            "http client: GET " + Url("/large") +
                ": expected a response body of at most 4999 bytes, got more");
}

TEST(Client, CapsABodyOfUnannouncedSize) {
  CannedServer chunked("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" +
                       std::string(1024, 'c') + "\r\n400\r\n" + std::string(1024, 'c') +
                       "\r\n0\r\n\r\n");
  auto response = Send({.url = Url(chunked.port(), "/"), .max_response_bytes = 1500});
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(response.error().message.find("at most 1500 bytes"), std::string::npos)
      << response.error().message;
}

TEST(Client, KeepsOnlyTheFinalResponsesHeadersAndUnfoldsLines) {
  CannedServer server(
      "HTTP/1.1 100 Continue\r\nX-Interim: yes\r\n\r\n"
      "HTTP/1.1 201 Created\r\nX-A: first\r\nX-Folded: one\r\n  two\r\nSet-Cookie: "
      "s=1\r\nSet-Cookie: t=2\r\n"
      "Content-Length: 4\r\n\r\ndone");
  auto response = Send({.url = Url(server.port(), "/")});
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 201u);
  EXPECT_FALSE(response->headers.Contains("X-Interim"));
  EXPECT_EQ(response->headers.Get("x-a"), "first");
  EXPECT_EQ(response->headers.Get("X-Folded"), "one two");
  EXPECT_EQ(response->headers.GetAll("Set-Cookie"), (std::vector<std::string_view>{"s=1", "t=2"}));
  EXPECT_EQ(response->body, "done");
}

TEST(Client, ReportsARefusedConnectionAsUnavailable) {
  LoopbackSocket not_listening(LoopbackSocket::Mode::kBoundOnly);
  ASSERT_TRUE(not_listening.ok());
  auto response = Send({.url = Url(not_listening.port(), "/")});
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(response.error().message.starts_with("Couldn't connect to server"))
      << response.error().message;
  EXPECT_EQ(response.error().context, "http client: GET " + Url(not_listening.port(), "/"));
}

TEST(Client, ReportsATimeoutAsUnavailable) {
  LoopbackSocket never_answers(
      LoopbackSocket::Mode::kListening);  // the kernel accepts, nobody reads
  ASSERT_TRUE(never_answers.ok());
  const auto started = std::chrono::steady_clock::now();
  auto response = Send({.url = Url(never_answers.port(), "/"), .timeout = 300ms});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_TRUE(response.error().message.starts_with("Timeout was reached"))
      << response.error().message;
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 5s);
}

TEST(Client, ACancelledExchangeEndsLongBeforeItsTimeout) {
  // veil-agent abandons an exchange when a stop signal arrives (docs/agent.md, "Signals").
  LoopbackSocket never_answers(LoopbackSocket::Mode::kListening);
  ASSERT_TRUE(never_answers.ok());
  const auto started = std::chrono::steady_clock::now();
  const auto cancel_at = started + 200ms;
  auto response =
      Send({.url = Url(never_answers.port(), "/"), .timeout = 60'000ms, .cancelled = [&] {
              return std::chrono::steady_clock::now() > cancel_at;
            }});
  const auto elapsed = std::chrono::steady_clock::now() - started;
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kUnavailable);
  EXPECT_LT(elapsed, 10s) << response.error().message;
}

TEST(Client, RejectsUnusableRequestsBeforeConnecting) {
  const auto expect_invalid = [](const ClientRequest& request, std::string_view message) {
    auto response = Send(request);
    ASSERT_FALSE(response) << message;
    EXPECT_EQ(response.error().code, ErrorCode::kInvalidArgument) << response.error().ToString();
    EXPECT_EQ(response.error().message, message);
  };
  expect_invalid({.method = "GE T", .url = "http://127.0.0.1:1/"},
                 "expected an HTTP method token, got 'GE T'");
  expect_invalid({.method = "", .url = "http://127.0.0.1:1/"},
                 "expected an HTTP method token, got ''");
  expect_invalid({.url = "ftp://127.0.0.1/"},
                 "expected an http:// or https:// URL, got 'ftp://127.0.0.1/'");
  expect_invalid({.url = "127.0.0.1:80/"},
                 "expected an http:// or https:// URL, got '127.0.0.1:80/'");
  expect_invalid({.url = "http://127.0.0.1:1/", .timeout = 0ms},
                 "expected a positive timeout, got 0 ms");
  expect_invalid({.url = "https://127.0.0.1:1/", .pinned_public_key = ""},
                 "expected a pinned public key like sha256//<base64>, got an empty string");
  expect_invalid(
      {.url = "http://127.0.0.1:1/", .headers = {{"X-Evil", "a\r\nInjected: 1"}}},
      "expected the value of header X-Evil without CR, LF or NUL, got 'a\\x0d\\x0aInjected: 1'");
  expect_invalid({.url = "http://127.0.0.1:1/", .headers = {{"Bad Name", "v"}}},
                 "expected a header name made of token characters, got 'Bad Name'");
  auto malformed = Send({.url = "http://127.0.0.1:99999/"});
  ASSERT_FALSE(malformed);
  EXPECT_EQ(malformed.error().code, ErrorCode::kInvalidArgument) << malformed.error().ToString();
}

}  // namespace
}  // namespace veil::http
