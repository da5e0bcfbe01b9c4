#include "veil/http/server/connection.h"

#include <algorithm>
#include <array>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <exception>
#include <optional>
#include <type_traits>

#include "veil/http/server/beast_messages.h"
#include "veil/http/server/request_framing.h"

namespace veil::http::internal {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;

// How much the wait for a request's first byte reads at once.
constexpr std::size_t kFirstReadBytes = 4096;
// Upper bound on reading and discarding what a client still sends after we decided to close.
constexpr std::chrono::milliseconds kMaxLinger{2000};

enum class ReadFailure { kClose, kBadRequest, kHeadersTooLarge, kBodyTooLarge };

ReadFailure ClassifyReadError(const beast::error_code& ec) {
  if (ec == bhttp::error::header_limit) return ReadFailure::kHeadersTooLarge;
  if (ec == bhttp::error::body_limit) return ReadFailure::kBodyTooLarge;
  // The client went away (before or in the middle of a request): nobody to answer.
  if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message)
    return ReadFailure::kClose;
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category())
    return ReadFailure::kBadRequest;
  return ReadFailure::kClose;  // timeouts, resets, TLS failures
}

std::string DescribePeer(const tcp::socket& socket) {
  beast::error_code ec;
  const tcp::endpoint endpoint = socket.remote_endpoint(ec);
  if (ec) return "unknown";
  const net::ip::address address = endpoint.address();
  const std::string host = address.is_v6() ? "[" + address.to_string() + "]" : address.to_string();
  return host + ":" + std::to_string(endpoint.port());
}

Response InvokeHandler(const Handler& handler, const Request& request, std::string& error) {
  try {
    return handler(request);
  } catch (const std::exception& e) {
    error = std::string("handler threw: ") + e.what();
  } catch (...) {
    error = "handler threw a non-standard exception";
  }
  return Response::Problem(500, "the request handler failed");
}

void ReportLimit(const ServerOptions& options, ServerLimit limit) {
  if (!options.limit_reached) return;
  try {
    options.limit_reached(limit);
  } catch (...) {
    // The hook is the application's; its failure must not take the connection down.
  }
}

void ReportAccess(const ServerOptions& options, const AccessLogEntry& entry) {
  if (!options.access_log) return;
  try {
    options.access_log(entry);
  } catch (...) {
    // The hook is the application's; its failure must not take the connection down.
  }
}

// One connection, plain (Stream = tcp_stream) or TLS (Stream = ssl_stream<tcp_stream>). Every
// operation re-arms the lowest layer's timer, so no read or write waits without a deadline:
//   [TLS handshake] -> wait for first byte -> whole header buffered, raw bytes checked -> header
//   parsed -> [100 Continue] -> body -> handler -> write
//   -> (keep-alive: wait for first byte again) | (close: half-close, drain briefly, close)
template <class Stream>
class Connection final : public std::enable_shared_from_this<Connection<Stream>> {
 public:
  template <class... StreamArgs>
  Connection(std::shared_ptr<const ConnectionSettings> settings, ConnectionSlot slot,
             std::string peer, StreamArgs&&... stream_args)
      : stream_(std::forward<StreamArgs>(stream_args)...),
        settings_(std::move(settings)),
        slot_(std::move(slot)),
        peer_(std::move(peer)) {}

  void Start() {
    if constexpr (kIsTls) {
      Tcp().expires_after(Options().read_timeout);
      stream_.async_handshake(net::ssl::stream_base::server, Bind(&Connection::OnHandshake));
    } else {
      WaitForRequest();
    }
  }

 private:
  static constexpr bool kIsTls = !std::is_same_v<Stream, beast::tcp_stream>;

  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }
  const ServerOptions& Options() const { return settings_->options; }

  template <class Method>
  auto Bind(Method method) {
    return beast::bind_front_handler(method, this->shared_from_this());
  }

  void OnHandshake(beast::error_code ec) {
    if (ec) return Abort();
    WaitForRequest();
  }

  // Bytes of the next request may already be buffered (pipelining); otherwise wait for them.
  void WaitForRequest() {
    if (buffer_.size() > 0) return ReadHeader();
    Tcp().expires_after(served_a_request_ ? Options().idle_timeout : Options().read_timeout);
    stream_.async_read_some(buffer_.prepare(kFirstReadBytes), Bind(&Connection::OnFirstBytes));
  }

  void OnFirstBytes(beast::error_code ec, std::size_t bytes) {
    // A new connection that sends nothing within read_timeout holds a slot for nothing; the idle
    // wait between keep-alive requests ending is normal and not counted.
    if (ec == beast::error::timeout && !served_a_request_)
      ReportLimit(Options(), ServerLimit::kReadTimeout);
    if (ec) return Abort();
    buffer_.commit(bytes);
    ReadHeader();
  }

  // One deadline (read_timeout) covers the whole request from here: a client dribbling its
  // headers or body is cut off however steadily it sends.
  void ReadHeader() {
    started_ = SteadyClock::now();
    entry_ = AccessLogEntry{};
    entry_.peer = peer_;
    Tcp().expires_after(Options().read_timeout);
    parser_.emplace();
    parser_->header_limit(static_cast<std::uint32_t>(Options().max_header_bytes));
    parser_->body_limit(static_cast<std::uint64_t>(Options().max_body_bytes));
    AwaitHeader();
  }

  // Reads until the whole header is buffered (or more than the limit is), so that its raw bytes
  // are checked before Beast parses them: Beast unfolds obs-fold into a space, which RFC 9112
  // section 5.2 allows, but a folded line (a folded Transfer-Encoding above all) is read
  // differently by other parsers on the path, a desync; it is refused with 400 instead.
  void AwaitHeader() {
    const std::string_view buffered(static_cast<const char*>(buffer_.data().data()),
                                    buffer_.size());
    const std::size_t end = buffered.find("\r\n\r\n");
    if (end == std::string_view::npos && buffered.size() <= Options().max_header_bytes) {
      return stream_.async_read_some(buffer_.prepare(kFirstReadBytes),
                                     Bind(&Connection::OnHeaderBytes));
    }
    if (end != std::string_view::npos && HasObsFold(buffered.substr(0, end + 2))) {
      return Refuse(400, "expected header fields on one line each, got a folded line (obs-fold)");
    }
    // Complete (or over the limit, which the parser answers with 431).
    bhttp::async_read_header(stream_, buffer_, *parser_, Bind(&Connection::OnHeader));
  }

  void OnHeaderBytes(beast::error_code ec, std::size_t bytes) {
    if (ec) return FailRead(ec);
    buffer_.commit(bytes);
    AwaitHeader();
  }

  // A line break followed by a space or tab: a folded field line, or whitespace before the
  // first field (RFC 9112 section 2.2 lets a server reject both).
  static bool HasObsFold(std::string_view header) {
    return header.find("\r\n ") != std::string_view::npos ||
           header.find("\r\n\t") != std::string_view::npos;
  }

  void OnHeader(beast::error_code ec, std::size_t) {
    RecordRequestLine();
    if (ec) return FailRead(ec);
    auto target = ParseTarget(ToStd(parser_->get().target()));
    if (!target) return Refuse(400, target.error().message);
    target_ = std::move(*target);
    if (auto framing = CheckRequestFraming(parser_->get()); !framing)
      return Refuse(400, framing.error().message);
    if (!parser_->is_done() &&
        EqualsIgnoreCase(ToStd(parser_->get()[bhttp::field::expect]), "100-continue")) {
      continue_ =
          bhttp::response<bhttp::empty_body>(bhttp::status::continue_, parser_->get().version());
      return bhttp::async_write(stream_, continue_, Bind(&Connection::OnContinueSent));
    }
    ReadBody();
  }

  void OnContinueSent(beast::error_code ec, std::size_t) {
    if (ec) return Abort();
    ReadBody();
  }

  void ReadBody() { bhttp::async_read(stream_, buffer_, *parser_, Bind(&Connection::OnBody)); }

  void OnBody(beast::error_code ec, std::size_t) {
    if (ec) return FailRead(ec);
    Tcp().expires_never();  // nothing is pending while the handler runs
    BeastRequest beast = parser_->release();
    ++requests_;
    const bool keep_alive = beast.keep_alive() && requests_ < Options().max_requests_per_connection;
    const unsigned version = beast.version();
    head_request_ = beast.method() == bhttp::verb::head;
    const Request request = ToRequest(std::move(beast), std::move(target_), peer_);
    Respond(InvokeHandler(settings_->handler, request, entry_.error), version, keep_alive);
  }

  void Respond(Response response, unsigned version, bool keep_alive) {
    if (auto valid = ValidateResponse(response); !valid) {
      entry_.error = valid.error().message;
      response = Response::Problem(500, "the request handler's response could not be sent");
    }
    entry_.status = response.status;
    entry_.response_bytes = head_request_ ? 0 : response.body.size();
    response_ = ToBeastResponse(std::move(response), version, keep_alive, head_request_);
    Tcp().expires_after(Options().write_timeout);
    bhttp::async_write(stream_, response_, Bind(&Connection::OnWritten));
  }

  void OnWritten(beast::error_code ec, std::size_t) {
    if (ec && entry_.error.empty()) entry_.error = "writing the response failed: " + ec.message();
    entry_.duration =
        std::chrono::duration_cast<std::chrono::microseconds>(SteadyClock::now() - started_);
    ReportAccess(Options(), entry_);
    if (ec) return Abort();
    if (!response_.keep_alive()) return Close();
    served_a_request_ = true;
    parser_.reset();
    response_ = {};
    WaitForRequest();
  }

  // What the parser saw of the request line, for the access log (empty when it saw none).
  void RecordRequestLine() {
    const auto& header = parser_->get();
    const std::string_view target = ToStd(header.target());
    if (target.empty()) return;
    entry_.method = std::string(ToStd(header.method_string()));
    entry_.path = std::string(target.substr(0, target.find('?')));
  }

  void FailRead(const beast::error_code& ec) {
    // A request not complete within read_timeout (slowloris): its socket is already closed.
    if (ec == beast::error::timeout) ReportLimit(Options(), ServerLimit::kReadTimeout);
    switch (ClassifyReadError(ec)) {
      case ReadFailure::kHeadersTooLarge:
        ReportLimit(Options(), ServerLimit::kHeaderSize);
        return Refuse(431, "expected request headers of at most " +
                               std::to_string(Options().max_header_bytes) + " bytes, got more");
      case ReadFailure::kBodyTooLarge:
        ReportLimit(Options(), ServerLimit::kBodySize);
        return Refuse(413, "expected a request body of at most " +
                               std::to_string(Options().max_body_bytes) + " bytes, got " +
                               DescribeBodySize());
      case ReadFailure::kBadRequest:
        return Refuse(400, "malformed HTTP request: " + ec.message());
      case ReadFailure::kClose:
        return Abort();
    }
  }

  // The parser's content_length() is only defined once the header is done, which a declared
  // length over the limit prevents; the field itself was already stored.
  std::string DescribeBodySize() const {
    const std::string_view declared = ToStd(parser_->get()[bhttp::field::content_length]);
    return declared.empty() ? "more" : std::string(declared) + " (Content-Length)";
  }

  // Answers a request the server rejects itself, then closes: the rest of it is never read.
  void Refuse(unsigned status, const std::string& detail) {
    entry_.error = detail;
    head_request_ = false;
    Respond(Response::Problem(status, detail), 11, /*keep_alive=*/false);
  }

  // Closes so that the client can read the last response: closing with unread input would send
  // a reset that may destroy it in the client's receive buffer.
  void Close() {
    Tcp().expires_after(std::min(Options().read_timeout, kMaxLinger));
    if constexpr (kIsTls) {
      stream_.async_shutdown(Bind(&Connection::OnTlsShutdown));
    } else {
      beast::error_code ignored;
      Tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
      Drain();
    }
  }

  void OnTlsShutdown(beast::error_code) { Abort(); }

  void Drain() { Tcp().async_read_some(net::buffer(discard_), Bind(&Connection::OnDrained)); }

  void OnDrained(beast::error_code ec, std::size_t) {
    if (ec) return Abort();  // end of stream, or the linger deadline closed the socket
    Drain();
  }

  void Abort() { Tcp().close(); }

  Stream stream_;
  std::shared_ptr<const ConnectionSettings> settings_;
  ConnectionSlot slot_;  // released when the connection is destroyed, after its socket closed
  std::string peer_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  Target target_;
  bhttp::response<bhttp::empty_body> continue_;
  BeastResponse response_;
  bool head_request_ = false;
  bool served_a_request_ = false;
  std::size_t requests_ = 0;  // read on this connection, the current one included
  SteadyClock::time_point started_;
  AccessLogEntry entry_;
  std::array<char, 4096> discard_{};
};

}  // namespace

// Both entry points contain what construction may throw (allocation; asio's TLS engine throws
// when SSL_new fails): the connection is dropped, the server goes on.
void ServePlain(tcp::socket socket, std::shared_ptr<const ConnectionSettings> settings,
                ConnectionSlot slot) {
  try {
    std::string peer = DescribePeer(socket);
    std::make_shared<Connection<beast::tcp_stream>>(std::move(settings), std::move(slot),
                                                    std::move(peer), std::move(socket))
        ->Start();
  } catch (...) {
  }
}

void ServeTls(tcp::socket socket, net::ssl::context& tls,
              std::shared_ptr<const ConnectionSettings> settings, ConnectionSlot slot) {
  try {
    std::string peer = DescribePeer(socket);
    std::make_shared<Connection<beast::ssl_stream<beast::tcp_stream>>>(
        std::move(settings), std::move(slot), std::move(peer), std::move(socket), tls)
        ->Start();
  } catch (...) {
  }
}

}  // namespace veil::http::internal
