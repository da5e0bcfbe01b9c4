#include "veil/http/server/server.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <chrono>
#include <cstdint>
#include <limits>
#include <system_error>
#include <thread>
#include <vector>

#include "veil/http/server/connection.h"
#include "veil/http/server/tls_context.h"

namespace veil::http {
namespace {

namespace net = boost::asio;
using tcp = net::ip::tcp;

constexpr unsigned kMaxThreads = 256;
// Pause before accepting again after an accept error (e.g. out of file descriptors), so the
// acceptor does not spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};

Status ValidateOptions(const ServerOptions& options, const Handler& handler) {
  if (!handler) return Fail(InvalidArgument("expected a request handler, got an empty function"));
  if (options.threads == 0 || options.threads > kMaxThreads) {
    return Fail(InvalidArgument("expected 1.." + std::to_string(kMaxThreads) + " threads, got " +
                                std::to_string(options.threads)));
  }
  if (options.max_connections == 0) {
    return Fail(InvalidArgument("expected max_connections of at least 1, got 0"));
  }
  if (options.max_header_bytes == 0 ||
      options.max_header_bytes > std::numeric_limits<std::uint32_t>::max()) {
    return Fail(InvalidArgument("expected max_header_bytes in 1..2^32-1, got " +
                                std::to_string(options.max_header_bytes)));
  }
  if (options.max_requests_per_connection == 0) {
    return Fail(InvalidArgument("expected max_requests_per_connection of at least 1, got 0"));
  }
  const std::chrono::milliseconds zero{0};
  if (options.read_timeout <= zero || options.idle_timeout <= zero ||
      options.write_timeout <= zero) {
    return Fail(InvalidArgument("expected positive read, idle and write timeouts, got " +
                                std::to_string(options.read_timeout.count()) + " ms, " +
                                std::to_string(options.idle_timeout.count()) + " ms, " +
                                std::to_string(options.write_timeout.count()) + " ms"));
  }
  return {};
}

// An IP address, or "localhost" for the IPv4 loopback address. Other host names are refused
// rather than resolved: a name that resolves differently tomorrow would move the listener.
Result<tcp::endpoint> ParseEndpoint(const std::string& host, std::uint16_t port) {
  boost::system::error_code ec;
  const net::ip::address address =
      net::ip::make_address(host == "localhost" ? std::string("127.0.0.1") : host, ec);
  if (ec) {
    return Fail(InvalidArgument(
        "expected an IPv4 or IPv6 address (or localhost) to listen on, got '" + host + "'"));
  }
  return tcp::endpoint(address, port);
}

// Runs the io_context until Stop. A completion handler that throws (none should) is contained
// here instead of ending the thread and with it a share of the server.
void ServeUntilStopped(net::io_context& io) {
  while (true) {
    try {
      io.run();
      return;
    } catch (...) {
    }
  }
}

}  // namespace

class Server::Running {
 public:
  Running(std::unique_ptr<net::ssl::context> tls,
          std::shared_ptr<const internal::ConnectionSettings> settings)
      : tls_(std::move(tls)), settings_(std::move(settings)) {}

  // Stops the io_context and joins; the members' destructors then destroy the pending
  // operations, which owns and so closes every connection. `tls_` is declared first so that it
  // outlives them.
  ~Running() {
    io_.stop();
    for (std::thread& thread : threads_) thread.join();
  }

  Status Listen(const tcp::endpoint& endpoint) {
    boost::system::error_code ec;
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
    if (!ec) acceptor_.bind(endpoint, ec);
    if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
    if (ec) {
      return Fail(Unavailable("cannot listen on " + endpoint.address().to_string() + " port " +
                              std::to_string(endpoint.port()) + ": " + ec.message()));
    }
    Accept();
    return {};
  }

  std::uint16_t port() const {
    boost::system::error_code ec;
    return acceptor_.local_endpoint(ec).port();
  }

  Status SpawnThreads(unsigned count) {
    try {
      for (unsigned i = 0; i < count; ++i)
        threads_.emplace_back([this] { ServeUntilStopped(io_); });
    } catch (const std::system_error& e) {
      return Fail(Unavailable(std::string("cannot start a server thread: ") + e.what()));
    }
    return {};
  }

  bool IsServerThread() const {
    for (const std::thread& thread : threads_) {
      if (thread.get_id() == std::this_thread::get_id()) return true;
    }
    return false;
  }

 private:
  void Accept() {
    acceptor_.async_accept(net::make_strand(io_),
                           boost::beast::bind_front_handler(&Running::OnAccept, this));
  }

  void OnAccept(boost::system::error_code ec, tcp::socket socket) {
    if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
    if (ec) {
      retry_timer_.expires_after(kAcceptRetryDelay);
      retry_timer_.async_wait([this](boost::system::error_code wait_error) {
        if (!wait_error) Accept();
      });
      return;
    }
    Accept();  // first, so that nothing below can stop the accept loop
    auto slot = internal::ConnectionSlot::TryAcquire(open_, settings_->options.max_connections);
    if (!slot) return Refuse(std::move(socket));
    boost::system::error_code ignored;
    socket.set_option(tcp::no_delay(true), ignored);  // small responses should not wait for Nagle
    if (tls_) {
      internal::ServeTls(std::move(socket), *tls_, settings_, std::move(*slot));
    } else {
      internal::ServePlain(std::move(socket), settings_, std::move(*slot));
    }
  }

  // Over the limit: closed at once (a reset, nothing read), counted by the application's hook.
  void Refuse(tcp::socket socket) {
    if (settings_->options.limit_reached) {
      try {
        // Counted before the client can see the close.
        settings_->options.limit_reached(ServerLimit::kConnections);
      } catch (...) {
        // The hook is the application's; its failure must not stop the accept loop.
      }
    }
    boost::system::error_code ignored;
    socket.set_option(net::socket_base::linger(true, 0), ignored);
    socket.close(ignored);
  }

  std::unique_ptr<net::ssl::context> tls_;
  std::shared_ptr<const internal::ConnectionSettings> settings_;
  net::io_context io_;
  net::executor_work_guard<net::io_context::executor_type> work_ = net::make_work_guard(io_);
  tcp::acceptor acceptor_{io_};
  net::steady_timer retry_timer_{io_};
  std::vector<std::thread> threads_;
  internal::ConnectionSlot::Counter open_ = std::make_shared<std::atomic<std::size_t>>(0);
};

Result<std::unique_ptr<Server>> Server::Start(const ServerOptions& options, Handler handler) {
  auto started = [&]() -> Result<std::unique_ptr<Server>> {
    VEIL_TRY(ValidateOptions(options, handler));
    VEIL_ASSIGN_OR_RETURN(const tcp::endpoint endpoint, ParseEndpoint(options.host, options.port));
    std::unique_ptr<net::ssl::context> tls;
    if (options.tls) {
      VEIL_ASSIGN_OR_RETURN(tls, internal::MakeTlsServerContext(*options.tls));
    }
    auto settings = std::make_shared<const internal::ConnectionSettings>(
        internal::ConnectionSettings{options, std::move(handler)});
    auto running = std::make_unique<Running>(std::move(tls), std::move(settings));
    VEIL_TRY(running->Listen(endpoint));
    const std::uint16_t port = running->port();
    VEIL_TRY(running->SpawnThreads(options.threads));
    return std::unique_ptr<Server>(new Server(port, std::move(running)));
  }();
  if (!started) return Fail(std::move(started).error().WithContext("http server"));
  return started;
}

Server::Server(std::uint16_t port, std::unique_ptr<Running> running)
    : port_(port), running_(std::move(running)) {}

Server::~Server() { Stop(); }

void Server::Stop() {
  if (!running_) return;
  VEIL_CHECK(!running_->IsServerThread());
  running_.reset();
}

}  // namespace veil::http
