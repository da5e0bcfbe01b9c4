#include "veil/http/server/server.h"

#include <gtest/gtest.h>

#include <atomic>
#include <future>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "access_log_recorder.h"
#include "raw_connection.h"
#include "veil/http/client/client.h"
#include "veil/http/server/router.h"

namespace veil::http {
namespace {

using namespace std::chrono_literals;
using test::AccessLogRecorder;
using test::BodyOf;
using test::HeaderOf;
using test::RawConnection;
using test::StatusOf;

ServerOptions LoopbackOptions() {
  ServerOptions options;
  options.port = 0;
  options.read_timeout = 10s;
  options.idle_timeout = 10s;
  options.write_timeout = 10s;
  return options;
}

std::unique_ptr<Server> MustStart(const ServerOptions& options, Handler handler) {
  auto server = Server::Start(options, std::move(handler));
  if (!server) {
    ADD_FAILURE() << server.error().ToString();
    return nullptr;
  }
  return std::move(*server);
}

// Answers with everything the handler saw, and counts its calls.
Handler EchoHandler(std::atomic<int>& calls) {
  return [&calls](const Request& request) {
    ++calls;
    nlohmann::json headers = nlohmann::json::array();
    for (const HeaderField& field : request.headers) headers.push_back({field.name, field.value});
    return Response::Json(200, {{"method", request.method},
                                {"path", request.path},
                                {"query", request.query},
                                {"body", request.body},
                                {"peer", request.peer},
                                {"headers", headers}});
  };
}

nlohmann::json JsonOf(std::string_view body) { return nlohmann::json::parse(body, nullptr, false); }

std::string Url(const Server& server, std::string_view target) {
  return "http://127.0.0.1:" + std::to_string(server.port()) + std::string(target);
}

constexpr std::string_view kGetEcho = "GET /echo HTTP/1.1\r\nHost: test\r\n\r\n";

class ServerTest : public ::testing::Test {
 protected:
  void StartEcho(ServerOptions options = LoopbackOptions()) {
    options.access_log = log_.Hook();
    server_ = MustStart(options, EchoHandler(calls_));
    ASSERT_NE(server_, nullptr);
  }
  std::uint16_t port() const { return server_->port(); }

  // Sends `bytes` on a fresh connection, expects an error response of `status` and the close.
  void ExpectRefused(std::string_view bytes, unsigned status) {
    RawConnection connection(port());
    ASSERT_TRUE(connection.connected());
    ASSERT_TRUE(connection.Send(bytes));
    const std::string response = connection.ReadResponse();
    EXPECT_EQ(StatusOf(response), status) << bytes << "\n---\n" << response;
    EXPECT_EQ(HeaderOf(response, "Content-Type"), "application/problem+json");
    EXPECT_EQ(HeaderOf(response, "Connection"), "close");
    EXPECT_EQ(JsonOf(BodyOf(response))["status"], status);
    EXPECT_TRUE(connection.WaitForClose()) << bytes;
  }

  std::atomic<int> calls_{0};
  AccessLogRecorder log_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, PicksAFreePortAndServesJson) {
  StartEcho();
  EXPECT_NE(port(), 0);
  ClientRequest request{
      .method = "POST", .url = Url(*server_, "/echo?a=1&b=%20"), .body = R"({"x":1})"};
  request.headers.Add("Content-Type", "application/json");
  request.headers.Add("X-Test", "yes");
  auto response = Send(request);
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(response->headers.Get("content-type"), "application/json");
  const nlohmann::json echo = JsonOf(response->body);
  EXPECT_EQ(echo["method"], "POST");
  EXPECT_EQ(echo["path"], "/echo");
  EXPECT_EQ(echo["query"], "a=1&b=%20");
  EXPECT_EQ(echo["body"], R"({"x":1})");
  EXPECT_TRUE(echo["peer"].get<std::string>().starts_with("127.0.0.1:")) << echo["peer"];
  EXPECT_NE(
      std::find(echo["headers"].begin(), echo["headers"].end(), nlohmann::json{"X-Test", "yes"}),
      echo["headers"].end())
      << echo["headers"];
}

TEST_F(ServerTest, KeepsTheConnectionAliveAcrossRequests) {
  StartEcho();
  RawConnection connection(port());
  ASSERT_TRUE(connection.connected());
  ASSERT_TRUE(connection.Send(kGetEcho));
  const std::string first = connection.ReadResponse();
  ASSERT_TRUE(
      connection.Send("POST /echo?second HTTP/1.1\r\nHost: test\r\nContent-Length: 3\r\n\r\nabc"));
  const std::string second = connection.ReadResponse();
  ASSERT_EQ(StatusOf(first), 200u) << first;
  ASSERT_EQ(StatusOf(second), 200u) << second;
  EXPECT_EQ(HeaderOf(first, "Connection"), "");  // HTTP/1.1 default: keep-alive
  EXPECT_EQ(JsonOf(BodyOf(second))["body"], "abc");
  EXPECT_EQ(JsonOf(BodyOf(first))["peer"], JsonOf(BodyOf(second))["peer"]);  // the same connection

  // Pipelined: both requests in one write, answered in order.
  ASSERT_TRUE(
      connection.Send("GET /one HTTP/1.1\r\nHost: t\r\n\r\nGET /two HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(JsonOf(BodyOf(connection.ReadResponse()))["path"], "/one");
  EXPECT_EQ(JsonOf(BodyOf(connection.ReadResponse()))["path"], "/two");
  EXPECT_EQ(calls_, 4);
}

TEST_F(ServerTest, ClosesAfterTheLastRequestAConnectionMayServe) {
  ServerOptions options = LoopbackOptions();
  options.max_requests_per_connection = 3;
  StartEcho(options);
  RawConnection connection(port());
  ASSERT_TRUE(connection.connected());
  for (int i = 1; i <= 3; ++i) {
    ASSERT_TRUE(connection.Send(kGetEcho));
    const std::string response = connection.ReadResponse();
    ASSERT_EQ(StatusOf(response), 200u) << response;
    EXPECT_EQ(HeaderOf(response, "Connection"), i < 3 ? "" : "close") << i;
  }
  EXPECT_TRUE(connection.WaitForClose());
  EXPECT_EQ(calls_, 3);
}

// A KeepAliveClient's requests share one connection; Send's each open their own.
TEST_F(ServerTest, AKeepAliveClientReusesItsConnection) {
  StartEcho();
  KeepAliveClient client;
  std::set<std::string> peers;
  for (int i = 0; i < 3; ++i) {
    auto response = client.Send({.method = "POST", .url = Url(*server_, "/echo"), .body = "x"});
    ASSERT_TRUE(response) << response.error().ToString();
    EXPECT_EQ(response->status, 200u);
    peers.insert(JsonOf(response->body)["peer"].get<std::string>());
  }
  EXPECT_EQ(peers.size(), 1u);
  peers.clear();
  for (int i = 0; i < 2; ++i) {
    auto response = Send({.url = Url(*server_, "/echo")});
    ASSERT_TRUE(response) << response.error().ToString();
    peers.insert(JsonOf(response->body)["peer"].get<std::string>());
  }
  EXPECT_EQ(peers.size(), 2u);
}

// When the server closes a kept-alive connection (its request cap here), the client reconnects.
TEST_F(ServerTest, AKeepAliveClientReconnectsWhenTheServerClosed) {
  ServerOptions options = LoopbackOptions();
  options.max_requests_per_connection = 2;
  StartEcho(options);
  KeepAliveClient client;
  std::set<std::string> peers;
  for (int i = 0; i < 5; ++i) {
    auto response = client.Send({.url = Url(*server_, "/echo")});
    ASSERT_TRUE(response) << response.error().ToString();
    EXPECT_EQ(response->status, 200u);
    peers.insert(JsonOf(response->body)["peer"].get<std::string>());
  }
  EXPECT_EQ(peers.size(), 3u);  // 2 + 2 + 1 requests
  EXPECT_EQ(calls_, 5);
}

TEST_F(ServerTest, ClosesWhenTheClientAsksOrSpeaksHttp10) {
  StartEcho();
  for (const std::string_view request :
       {"GET /echo HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n",
        "GET /echo HTTP/1.0\r\n\r\n"}) {
    RawConnection connection(port());
    ASSERT_TRUE(connection.Send(request));
    const std::string response = connection.ReadResponse();
    EXPECT_EQ(StatusOf(response), 200u) << response;
    EXPECT_TRUE(connection.WaitForClose()) << request;
  }
}

TEST_F(ServerTest, RefusesADeclaredOversizedBodyWith413WithoutReadingIt) {
  ServerOptions options = LoopbackOptions();
  options.max_body_bytes = 1024;
  options.read_timeout = 60s;  // a server waiting for the body would not answer within the test
  StartEcho(options);
  ExpectRefused("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n", 413);
  // Expect: 100-continue is answered with the 413 rather than "100 Continue".
  ExpectRefused(
      "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 1025\r\n\r\n",
      413);
  EXPECT_EQ(calls_, 0);
  const auto entries = log_.WaitFor(2);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].status, 413u);
  EXPECT_EQ(entries[0].method, "POST");
  EXPECT_EQ(entries[0].path, "/echo");
  EXPECT_EQ(entries[0].error,
            "expected a request body of at most 1024 bytes, got 2000 (Content-Length)");
}

TEST_F(ServerTest, RefusesAChunkedBodyThatGrowsPastTheLimit) {
  ServerOptions options = LoopbackOptions();
  options.max_body_bytes = 1024;
  StartEcho(options);
  const std::string chunk(600, 'a');
  ExpectRefused("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n258\r\n" +
                    chunk + "\r\n258\r\n" + chunk + "\r\n0\r\n\r\n",
                413);
  EXPECT_EQ(calls_, 0);
  EXPECT_EQ(log_.WaitFor(1).at(0).error, "expected a request body of at most 1024 bytes, got more");
}

TEST_F(ServerTest, AcceptsBodiesUpToTheLimitAndHonoursExpectContinue) {
  ServerOptions options = LoopbackOptions();
  options.max_body_bytes = 1024;
  StartEcho(options);
  RawConnection connection(port());
  const std::string body(1024, 'b');
  ASSERT_TRUE(
      connection.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1024\r\n\r\n" + body));
  const std::string at_limit = connection.ReadResponse();
  EXPECT_EQ(StatusOf(at_limit), 200u) << at_limit;
  EXPECT_EQ(JsonOf(BodyOf(at_limit))["body"], body);

  ASSERT_TRUE(connection.Send(
      "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-Continue\r\nContent-Length: 5\r\n\r\n"));
  const std::string interim = connection.ReadResponse();
  EXPECT_EQ(interim, "HTTP/1.1 100 Continue\r\n\r\n");
  ASSERT_TRUE(connection.Send("hello"));
  const std::string final_response = connection.ReadResponse();
  EXPECT_EQ(StatusOf(final_response), 200u);
  EXPECT_EQ(JsonOf(BodyOf(final_response))["body"], "hello");
}

TEST_F(ServerTest, RefusesOversizedHeadersWith431) {
  ServerOptions options = LoopbackOptions();
  options.max_header_bytes = 1024;
  StartEcho(options);
  ExpectRefused("GET /echo HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(1100, 'h') + "\r\n\r\n",
                431);
  ExpectRefused("GET /" + std::string(1100, 'p') + " HTTP/1.1\r\nHost: t\r\n\r\n", 431);
  EXPECT_EQ(calls_, 0);

  RawConnection connection(port());
  ASSERT_TRUE(connection.Send("GET /echo HTTP/1.1\r\nHost: t\r\nX-Fits: " + std::string(800, 'h') +
                              "\r\n\r\n"));
  EXPECT_EQ(StatusOf(connection.ReadResponse()), 200u);
}

TEST_F(ServerTest, RefusesMalformedRequestsWith400) {
  StartEcho();
  const std::vector<std::string> malformed = {
      "GARBAGE\r\n\r\n",
      "GET /echo\r\n\r\n",
      "GET /echo HTTP/1.1 extra\r\nHost: t\r\n\r\n",
      "GET /echo HTTP/1.1\r\nBad Header: x\r\n\r\n",
      "GET /echo HTTP/1.1\r\nNo colon here\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: abc\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\nContent-Length: "
      "3\r\n\r\n0\r\n\r\n",
      "GET http://example.com/echo HTTP/1.1\r\nHost: t\r\n\r\n",
      "OPTIONS * HTTP/1.1\r\nHost: t\r\n\r\n",
      "GET /a/../echo HTTP/1.1\r\nHost: t\r\n\r\n",
      "GET /./echo HTTP/1.1\r\nHost: t\r\n\r\n",
      "GET /echo/.. HTTP/1.1\r\nHost: t\r\n\r\n",
  };
  for (const std::string& request : malformed) ExpectRefused(request, 400);
  EXPECT_EQ(calls_, 0);
  const auto entries = log_.WaitFor(malformed.size());
  ASSERT_EQ(entries.size(), malformed.size());
  for (const AccessLogEntry& entry : entries) {
    EXPECT_EQ(entry.status, 400u);
    EXPECT_FALSE(entry.error.empty());
  }
  EXPECT_EQ(entries[11].error, "expected a path without '.' or '..' segments, got '/a/../echo'");
  EXPECT_EQ(
      entries[9].error,
      "expected an origin-form request target starting with '/', got 'http://example.com/echo'");
  // Segments that merely contain dots are fine.
  RawConnection connection(port());
  ASSERT_TRUE(connection.Send("GET /a/..b/.c/... HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(JsonOf(BodyOf(connection.ReadResponse()))["path"], "/a/..b/.c/...");
}

// A body whose length the server could read differently from a proxy is refused, never taken for
// the next request (request smuggling, RFC 9112 section 6.3).
TEST_F(ServerTest, RefusesAmbiguousFramingAndNeverParsesTheBodyAsARequest) {
  StartEcho();
  const std::string smuggled = "GET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";
  const std::vector<std::string> ambiguous = {
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked, gzip\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: xchunked\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip, chunked\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\nTransfer-Encoding: "
      "chunked\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: gzip\r\nContent-Length: 0\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nTransfer-Encoding: gzip\r\n\r\n",
      "POST /echo HTTP/1.0\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\nContent-Length: 36\r\n\r\n",
      "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 0, 36\r\n\r\n",
  };
  for (const std::string& head : ambiguous) ExpectRefused(head + smuggled, 400);
  EXPECT_EQ(calls_, 0);
  const auto entries = log_.WaitFor(ambiguous.size());
  ASSERT_EQ(entries.size(), ambiguous.size());
  for (const AccessLogEntry& entry : entries) {
    EXPECT_EQ(entry.status, 400u);
    EXPECT_EQ(entry.path, "/echo");  // the smuggled request was never parsed
  }
  EXPECT_EQ(entries[0].error,
            "expected Transfer-Encoding \"chunked\" (the only coding served), got \"gzip\"");
  EXPECT_EQ(
      entries[3].error,
      "expected Transfer-Encoding \"chunked\" (the only coding served), got \"gzip, chunked\"");
  // Exactly "chunked" (any case, surrounding whitespace) is still served.
  RawConnection connection(port());
  ASSERT_TRUE(
      connection.Send("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding:  Chunked "
                      "\r\n\r\n3\r\nabc\r\n0\r\n\r\n"));
  EXPECT_EQ(JsonOf(BodyOf(connection.ReadResponse()))["body"], "abc");
}

// Beast unfolds obs-fold into a space; a folded Transfer-Encoding would then be "chunked" here and
// nothing to a parser in front of us (a desync). Folded lines are refused before parsing.
TEST_F(ServerTest, RefusesFoldedHeaderLinesBeforeParsingThem) {
  StartEcho();
  const std::string smuggled = "0\r\n\r\nGET /smuggled HTTP/1.1\r\nHost: t\r\n\r\n";
  for (const std::string& head : {
           std::string("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding:\r\n chunked\r\n\r\n"),
           std::string("POST /echo HTTP/1.1\r\nHost: t\r\nX-A: a\r\n\tchunked\r\n\r\n"),
           std::string("POST /echo HTTP/1.1\r\n Transfer-Encoding: chunked\r\nHost: t\r\n\r\n"),
       }) {
    ExpectRefused(head + smuggled, 400);
  }
  EXPECT_EQ(calls_, 0);
  const auto entries = log_.WaitFor(3);
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].error,
            "expected header fields on one line each, got a folded line (obs-fold)");
  // A header arriving a byte at a time is checked once complete, and served.
  RawConnection connection(port());
  for (const char byte : std::string(kGetEcho)) ASSERT_TRUE(connection.Send(std::string(1, byte)));
  EXPECT_EQ(StatusOf(connection.ReadResponse()), 200u);
}

TEST_F(ServerTest, CutsOffAClientThatDribblesItsHeaders) {
  ServerOptions options = LoopbackOptions();
  options.read_timeout = 300ms;
  StartEcho(options);
  RawConnection connection(port());
  ASSERT_TRUE(connection.Send("GET /echo HTTP/1.1\r\n"));
  const auto started = std::chrono::steady_clock::now();
  bool closed = false;
  // One header line every 50 ms, forever: only the read deadline can end this.
  for (int line = 0; line < 200 && !closed; ++line) {
    (void)connection.Send("X-Drip-" + std::to_string(line) + ": x\r\n");
    closed = connection.WaitForClose(50ms);
  }
  const auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_TRUE(closed);
  EXPECT_GE(elapsed, 250ms);
  EXPECT_LT(elapsed, 3s);
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, CutsOffAClientThatDribblesItsBody) {
  ServerOptions options = LoopbackOptions();
  options.read_timeout = 300ms;
  StartEcho(options);
  RawConnection connection(port());
  ASSERT_TRUE(connection.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 1000\r\n\r\n"));
  const auto started = std::chrono::steady_clock::now();
  bool closed = false;
  for (int byte = 0; byte < 200 && !closed; ++byte) {
    (void)connection.Send("x");
    closed = connection.WaitForClose(50ms);
  }
  EXPECT_TRUE(closed);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  EXPECT_EQ(calls_, 0);
}

TEST_F(ServerTest, ClosesSilentAndIdleConnections) {
  ServerOptions options = LoopbackOptions();
  options.read_timeout = 200ms;
  options.idle_timeout = 300ms;
  StartEcho(options);

  RawConnection silent(port());
  auto started = std::chrono::steady_clock::now();
  EXPECT_TRUE(silent.WaitForClose(5s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 150ms);

  RawConnection idle(port());
  ASSERT_TRUE(idle.Send(kGetEcho));
  EXPECT_EQ(StatusOf(idle.ReadResponse()), 200u);
  started = std::chrono::steady_clock::now();
  EXPECT_TRUE(idle.WaitForClose(5s));
  EXPECT_GE(std::chrono::steady_clock::now() - started, 250ms);
}

// Every limit the server enforces itself is reported to the application once per refusal (the
// trustee counts them in /metrics); a keep-alive connection closed for idling is not a refusal.
TEST_F(ServerTest, ReportsEachLimitItEnforces) {
  ServerOptions options = LoopbackOptions();
  options.max_body_bytes = 1024;
  options.max_header_bytes = 1024;
  options.read_timeout = 200ms;
  options.idle_timeout = 200ms;
  std::mutex mutex;
  std::map<ServerLimit, int> reached;
  options.limit_reached = [&](ServerLimit limit) {
    std::lock_guard lock(mutex);
    ++reached[limit];
  };
  StartEcho(options);
  ExpectRefused("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 2000\r\n\r\n", 413);
  ExpectRefused("GET /echo HTTP/1.1\r\nHost: t\r\nX-Big: " + std::string(1100, 'h') + "\r\n\r\n",
                431);
  RawConnection silent(port());  // sends nothing: its first request never arrives
  RawConnection dribbling(port());
  ASSERT_TRUE(dribbling.Send("GET /echo HTTP/1.1\r\n"));
  RawConnection idle(port());
  ASSERT_TRUE(idle.Send(kGetEcho));
  ASSERT_EQ(StatusOf(idle.ReadResponse()), 200u);
  EXPECT_TRUE(silent.WaitForClose(5s));
  EXPECT_TRUE(dribbling.WaitForClose(5s));
  EXPECT_TRUE(idle.WaitForClose(5s));
  // The timer closes the socket before the read's handler runs: poll for the count.
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  while (std::chrono::steady_clock::now() < deadline) {
    {
      std::lock_guard lock(mutex);
      if (reached[ServerLimit::kReadTimeout] >= 2) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  std::lock_guard lock(mutex);
  EXPECT_EQ(reached[ServerLimit::kBodySize], 1);
  EXPECT_EQ(reached[ServerLimit::kHeaderSize], 1);
  EXPECT_EQ(reached[ServerLimit::kReadTimeout], 2);  // the silent and the dribbling one
  EXPECT_EQ(reached[ServerLimit::kConnections], 0);
}

// ~1,100 idle connections under `ulimit -n 1024` used to stop the server answering at all.
TEST_F(ServerTest, ClosesConnectionsBeyondTheLimitAtOnceAndCountsThem) {
  ServerOptions options = LoopbackOptions();
  options.max_connections = 2;
  std::atomic<int> refused{0};
  options.limit_reached = [&refused](ServerLimit limit) {
    if (limit == ServerLimit::kConnections) ++refused;
  };
  StartEcho(options);
  std::vector<std::unique_ptr<RawConnection>> held;
  for (int i = 0; i < 2; ++i) {
    held.push_back(std::make_unique<RawConnection>(port()));
    ASSERT_TRUE(held.back()->Send(kGetEcho));
    ASSERT_EQ(StatusOf(held.back()->ReadResponse()), 200u);  // accepted and kept alive
  }
  for (int i = 0; i < 3; ++i) {
    RawConnection extra(port());
    ASSERT_TRUE(extra.connected());
    (void)extra.Send(kGetEcho);
    EXPECT_EQ(extra.ReadResponse(), "");  // closed without an answer
  }
  EXPECT_EQ(refused, 3);
  // The held connections still work, and once one closes its slot is free again.
  ASSERT_TRUE(held[0]->Send(kGetEcho));
  EXPECT_EQ(StatusOf(held[0]->ReadResponse()), 200u);
  held[1]->Close();
  unsigned status = 0;
  for (int attempt = 0; attempt < 200 && status != 200;
       ++attempt) {  // the server notices the close
    RawConnection next(port());
    if (next.Send(kGetEcho)) status = StatusOf(next.ReadResponse());
  }
  EXPECT_EQ(status, 200u);
}

TEST_F(ServerTest, SurvivesClientsThatDisconnectMidRequest) {
  StartEcho();
  for (int i = 0; i < 20; ++i) {
    RawConnection mid_body(port());
    ASSERT_TRUE(
        mid_body.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n0123456789"));
    mid_body.Close();
    RawConnection mid_header(port());
    ASSERT_TRUE(mid_header.Send("POST /echo HTTP/1.1\r\nHost: t\r\nContent-Le"));
    mid_header.Close();
    RawConnection mid_chunk(port());
    ASSERT_TRUE(mid_chunk.Send(
        "POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc"));
    mid_chunk.Close();
  }
  RawConnection connection(port());
  ASSERT_TRUE(connection.Send(kGetEcho));
  EXPECT_EQ(StatusOf(connection.ReadResponse()), 200u);
  EXPECT_EQ(calls_, 1);  // the handler never saw a partial body
}

TEST(Server, SurvivesAClientThatLeavesWhileTheHandlerRuns) {
  std::promise<void> entered;
  std::promise<void> left;
  std::shared_future<void> client_left = left.get_future().share();
  Router router;
  router.Add("GET", "/slow", [&entered, client_left](const Request&) {
    entered.set_value();
    client_left.wait();
    return Response::Text(200, std::string(4 << 20, 's'));  // more than the socket buffers hold
  });
  router.Add("GET", "/fast", [](const Request&) { return Response::Text(200, "fast"); });
  auto server = MustStart(LoopbackOptions(), std::move(router).IntoHandler());
  ASSERT_NE(server, nullptr);
  {
    RawConnection connection(server->port());
    ASSERT_TRUE(connection.Send("GET /slow HTTP/1.1\r\nHost: t\r\n\r\n"));
    entered.get_future().wait();
  }
  left.set_value();
  auto response = Send({.url = Url(*server, "/fast")});
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->body, "fast");
}

TEST_F(ServerTest, ServesConcurrentClients) {
  StartEcho();
  constexpr int kThreads = 6;
  constexpr int kRequestsPerThread = 20;
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRequestsPerThread; ++i) {
        const std::string body = "thread " + std::to_string(t) + " request " + std::to_string(i);
        auto response = Send({.method = "PUT", .url = Url(*server_, "/echo"), .body = body});
        if (response && response->status == 200 && JsonOf(response->body)["body"] == body) ++ok;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_EQ(ok, kThreads * kRequestsPerThread);
  EXPECT_EQ(calls_, kThreads * kRequestsPerThread);
}

TEST(Server, PassesTheHandlersHeadersThroughVerbatim) {
  auto server = MustStart(LoopbackOptions(), [](const Request&) {
    Response response = Response::Text(200, "body");
    response.headers.Add("Set-Cookie", "kbs-session-id=abc; Expires=Wed, 21 Oct 2026 07:28:00 GMT");
    response.headers.Add("X-MiXeD-Case", "  spaced value  ");
    response.headers.Add("set-cookie", "second=2; HttpOnly");
    response.headers.Add("Content-Length", "999");  // framing belongs to the server
    response.headers.Add("Connection", "close");
    return response;
  });
  ASSERT_NE(server, nullptr);
  RawConnection connection(server->port());
  ASSERT_TRUE(connection.Send(kGetEcho));
  const std::string raw = connection.ReadResponse();
  // Fields of one name travel together, in order; names keep their case; values lose only the
  // surrounding whitespace that RFC 9110 section 5.5 says is not part of them.
  EXPECT_NE(raw.find("\r\nSet-Cookie: kbs-session-id=abc; Expires=Wed, 21 Oct 2026 07:28:00 GMT\r\n"
                     "set-cookie: second=2; HttpOnly\r\n"),
            std::string::npos)
      << raw;
  EXPECT_NE(raw.find("\r\nX-MiXeD-Case: spaced value\r\n"), std::string::npos) << raw;
  EXPECT_EQ(HeaderOf(raw, "Content-Length"), "4");
  EXPECT_EQ(HeaderOf(raw, "Connection"), "");
  EXPECT_EQ(BodyOf(raw), "body");

  auto response = Send({.url = Url(*server, "/")});
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(
      response->headers.GetAll("Set-Cookie"),
      (std::vector<std::string_view>{"kbs-session-id=abc; Expires=Wed, 21 Oct 2026 07:28:00 GMT",
                                     "second=2; HttpOnly"}));
}

TEST(Server, Answers500WhenTheHandlerFailsOrItsResponseCannotBeSent) {
  AccessLogRecorder log;
  ServerOptions options = LoopbackOptions();
  options.access_log = log.Hook();
  Router router;
  router.Add("GET", "/throws",
             [](const Request&) -> Response { throw std::runtime_error("boom"); });
  router.Add("GET", "/throws-int", [](const Request&) -> Response { throw 42; });
  router.Add("GET", "/injects", [](const Request&) {
    Response response = Response::Text(200, "x");
    response.headers.Add("X-Evil", "a\r\nInjected: yes");
    return response;
  });
  router.Add("GET", "/bad-status", [](const Request&) { return Response::Text(42, "x"); });
  router.Add("GET", "/no-content-body", [](const Request&) { return Response::Text(204, "x"); });
  router.Add("GET", "/no-content", [](const Request&) { return Response{204, {}, {}}; });
  auto server = MustStart(options, std::move(router).IntoHandler());
  ASSERT_NE(server, nullptr);

  const std::vector<std::pair<std::string, std::string>> failures = {
      {"/throws", "handler threw: boom"},
      {"/throws-int", "handler threw a non-standard exception"},
      {"/injects",
       "response header: expected the value of header X-Evil without CR, LF or NUL, got "
       "'a\\x0d\\x0aInjected: yes'"},
      {"/bad-status", "expected a response status in 200..599, got 42"},
      {"/no-content-body", "expected no body with status 204, got 1 bytes"},
  };
  for (const auto& [path, error] : failures) {
    auto response = Send({.url = Url(*server, path)});
    ASSERT_TRUE(response) << response.error().ToString();
    EXPECT_EQ(response->status, 500u) << path;
    EXPECT_FALSE(response->headers.Contains("Injected"));
    EXPECT_EQ(JsonOf(response->body)["status"], 500);
  }
  // Each request had its own connection, so the hook may have run in any order.
  std::map<std::string, AccessLogEntry> by_path;
  for (const AccessLogEntry& entry : log.WaitFor(failures.size())) by_path[entry.path] = entry;
  ASSERT_EQ(by_path.size(), failures.size());
  for (const auto& [path, error] : failures) {
    EXPECT_EQ(by_path[path].status, 500u);
    EXPECT_EQ(by_path[path].error, error);
  }
  RawConnection connection(server->port());
  ASSERT_TRUE(connection.Send("GET /no-content HTTP/1.1\r\nHost: t\r\n\r\n"));
  const std::string no_content = connection.ReadResponse();
  EXPECT_EQ(StatusOf(no_content), 204u);
  EXPECT_EQ(HeaderOf(no_content, "Content-Length"), "");
}

TEST(Server, AnswersHeadWithoutBody) {
  Router router;
  router.Add("HEAD", "/h", [](const Request&) { return Response::Text(200, "hello"); });
  auto server = MustStart(LoopbackOptions(), std::move(router).IntoHandler());
  ASSERT_NE(server, nullptr);
  auto response = Send({.method = "HEAD", .url = Url(*server, "/h")});
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(response->headers.Get("Content-Length"), "5");
  EXPECT_EQ(response->body, "");
}

TEST(Server, ReportsEveryResponseToTheAccessLog) {
  AccessLogRecorder log;
  ServerOptions options = LoopbackOptions();
  options.access_log = log.Hook();
  Router router;
  router.Add("GET", "/data", [](const Request&) { return Response::Text(200, "12345"); });
  auto server = MustStart(options, std::move(router).IntoHandler());
  ASSERT_NE(server, nullptr);
  RawConnection connection(server->port());  // one connection: the hook runs in request order
  ASSERT_TRUE(connection.Send("GET /data?x=1 HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(StatusOf(connection.ReadResponse()), 200u);
  ASSERT_TRUE(connection.Send("DELETE /missing HTTP/1.1\r\nHost: t\r\n\r\n"));
  EXPECT_EQ(StatusOf(connection.ReadResponse()), 404u);
  const auto entries = log.WaitFor(2);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].method, "GET");
  EXPECT_EQ(entries[0].path, "/data");
  EXPECT_EQ(entries[0].status, 200u);
  EXPECT_EQ(entries[0].response_bytes, 5u);
  EXPECT_TRUE(entries[0].peer.starts_with("127.0.0.1:")) << entries[0].peer;
  EXPECT_GT(entries[0].duration.count(), 0);
  EXPECT_EQ(entries[0].error, "");
  EXPECT_EQ(entries[1].method, "DELETE");
  EXPECT_EQ(entries[1].status, 404u);
}

TEST(Server, ContainsAnAccessLogHookThatThrows) {
  ServerOptions options = LoopbackOptions();
  options.access_log = [](const AccessLogEntry&) { throw std::runtime_error("log full"); };
  auto server = MustStart(options, [](const Request&) { return Response::Text(200, "ok"); });
  ASSERT_NE(server, nullptr);
  RawConnection connection(server->port());
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(connection.Send(kGetEcho));
    EXPECT_EQ(BodyOf(connection.ReadResponse()), "ok");
  }
}

TEST(Server, RejectsUnusableOptions) {
  const Handler ok = [](const Request&) { return Response::Text(200, "ok"); };
  const auto expect_invalid = [&](ServerOptions options, Handler handler,
                                  std::string_view message) {
    options.port = 0;
    auto server = Server::Start(options, std::move(handler));
    ASSERT_FALSE(server) << message;
    EXPECT_EQ(server.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(server.error().ToString(), "http server: " + std::string(message));
  };
  ServerOptions options;
  options.host = "example.com";
  expect_invalid(options, ok,
                 "expected an IPv4 or IPv6 address (or localhost) to listen on, got 'example.com'");
  options.host = "127.0.0.256";
  expect_invalid(options, ok,
                 "expected an IPv4 or IPv6 address (or localhost) to listen on, got '127.0.0.256'");
  expect_invalid(ServerOptions{.threads = 0}, ok, "expected 1..256 threads, got 0");
  expect_invalid(ServerOptions{.max_header_bytes = 0}, ok,
                 "expected max_header_bytes in 1..2^32-1, got 0");
  expect_invalid(ServerOptions{.read_timeout = 0ms}, ok,
                 "expected positive read, idle and write timeouts, got 0 ms, 15000 ms, 10000 ms");
  expect_invalid(ServerOptions{.max_connections = 0}, ok,
                 "expected max_connections of at least 1, got 0");
  expect_invalid(ServerOptions{.max_requests_per_connection = 0}, ok,
                 "expected max_requests_per_connection of at least 1, got 0");
  expect_invalid(ServerOptions{}, nullptr, "expected a request handler, got an empty function");
}

TEST(Server, LocalhostListensOnTheIpv4Loopback) {
  ServerOptions options = LoopbackOptions();
  options.host = "localhost";
  auto server = MustStart(options, [](const Request&) { return Response::Text(200, "ok"); });
  ASSERT_NE(server, nullptr);
  auto answer = Send({.url = "http://127.0.0.1:" + std::to_string(server->port()) + "/"});
  ASSERT_TRUE(answer) << answer.error().ToString();
  EXPECT_EQ(answer->status, 200u);
}

TEST(Server, ReportsAPortInUseAsUnavailable) {
  const Handler ok = [](const Request&) { return Response::Text(200, "ok"); };
  auto first = MustStart(LoopbackOptions(), ok);
  ASSERT_NE(first, nullptr);
  ServerOptions options = LoopbackOptions();
  options.port = first->port();
  auto second = Server::Start(options, ok);
  ASSERT_FALSE(second);
  EXPECT_EQ(second.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(second.error().ToString(), "http server: cannot listen on 127.0.0.1 port " +
                                           std::to_string(first->port()) +
                                           ": Address already in use");
}

TEST(Server, ServesIpv6Loopback) {
  ServerOptions options = LoopbackOptions();
  options.host = "::1";
  auto server = Server::Start(
      options, [](const Request& request) { return Response::Text(200, request.peer); });
  if (!server && server.error().code == ErrorCode::kUnavailable)
    GTEST_SKIP() << "no IPv6 loopback here";
  ASSERT_TRUE(server) << server.error().ToString();
  auto response = Send({.url = "http://[::1]:" + std::to_string((*server)->port()) + "/"});
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_TRUE(response->body.starts_with("[::1]:")) << response->body;
}

TEST(Server, StopClosesConnectionsAndIsIdempotent) {
  auto server =
      MustStart(LoopbackOptions(), [](const Request&) { return Response::Text(200, "ok"); });
  ASSERT_NE(server, nullptr);
  const std::uint16_t port = server->port();
  RawConnection idle(port);
  ASSERT_TRUE(idle.Send(kGetEcho));
  EXPECT_EQ(StatusOf(idle.ReadResponse()), 200u);
  RawConnection half_request(port);
  ASSERT_TRUE(half_request.Send("GET / HTTP/1.1\r\n"));

  server->Stop();
  EXPECT_TRUE(idle.WaitForClose(5s));
  EXPECT_TRUE(half_request.WaitForClose(5s));
  EXPECT_FALSE(RawConnection(port).connected());
  server->Stop();
  EXPECT_EQ(server->port(), port);
}

}  // namespace
}  // namespace veil::http
