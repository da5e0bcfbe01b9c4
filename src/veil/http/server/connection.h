#pragma once
// Internal: serves one accepted TCP connection until it closes. Each connection owns itself
// (shared_ptr kept alive by its pending operation) and runs on its own strand, so a connection
// never needs a lock; the Server only keeps the io_context that holds those operations.

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <memory>

#include "veil/http/server/connection_slot.h"
#include "veil/http/server/handler.h"
#include "veil/http/server/server_options.h"

namespace veil::http::internal {

struct ConnectionSettings {
  ServerOptions options;
  Handler handler;
};

// `socket` must have a strand as its executor.
void ServePlain(boost::asio::ip::tcp::socket socket,
                std::shared_ptr<const ConnectionSettings> settings, ConnectionSlot slot);
// `tls` must outlive every connection served with it.
void ServeTls(boost::asio::ip::tcp::socket socket, boost::asio::ssl::context& tls,
              std::shared_ptr<const ConnectionSettings> settings, ConnectionSlot slot);

}  // namespace veil::http::internal
