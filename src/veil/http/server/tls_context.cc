#include "veil/http/server/tls_context.h"

#include <exception>

namespace veil::http::internal {
namespace ssl = boost::asio::ssl;

namespace {

// asio reports one OpenSSL error and leaves the rest queued on this thread, where the next
// OpenSSL user would find them; clear the queue on every exit.
struct OpensslErrorQueueClearer {
  ~OpensslErrorQueueClearer() { ::ERR_clear_error(); }
};

// asio's context constructor throws when OpenSSL cannot allocate the SSL_CTX; contain it here.
Result<std::unique_ptr<ssl::context>> NewTlsServerContext() {
  try {
    return std::make_unique<ssl::context>(ssl::context::tls_server);
  } catch (const std::exception& e) {
    return Fail(Internal(std::string("cannot create a TLS server context: ") + e.what()));
  }
}

// asio's tlsv13_server would pin 1.3 as the maximum too; bound the range explicitly instead.
Status SetVersionRange(ssl::context& context, TlsMinVersion min_version) {
  const int min = min_version == TlsMinVersion::kTls12 ? TLS1_2_VERSION : TLS1_3_VERSION;
  if (::SSL_CTX_set_min_proto_version(context.native_handle(), min) != 1 ||
      ::SSL_CTX_set_max_proto_version(context.native_handle(), TLS1_3_VERSION) != 1) {
    return Fail(Internal("cannot restrict the TLS versions to " +
                         std::string(min == TLS1_2_VERSION ? "1.2" : "1.3") + " through 1.3"));
  }
  return {};
}

}  // namespace

Result<std::unique_ptr<ssl::context>> MakeTlsServerContext(const TlsFiles& files) {
  const OpensslErrorQueueClearer clear_errors_on_exit;
  VEIL_ASSIGN_OR_RETURN(std::unique_ptr<ssl::context> context, NewTlsServerContext());
  VEIL_TRY(SetVersionRange(*context, files.min_version));
  boost::system::error_code ec;
  context->set_options(ssl::context::default_workarounds | ssl::context::no_compression, ec);
  if (ec) return Fail(Internal("cannot set TLS options: " + ec.message()));
  context->use_certificate_chain_file(files.certificate_chain.string(), ec);
  if (ec) {
    return Fail(InvalidArgument("expected a PEM certificate chain in " +
                                files.certificate_chain.string() +
                                ", got an error: " + ec.message()));
  }
  context->use_private_key_file(files.private_key.string(), ssl::context::pem, ec);
  if (ec) {
    return Fail(InvalidArgument("expected a PEM private key matching the leaf certificate in " +
                                files.private_key.string() + ", got an error: " + ec.message()));
  }
  return context;
}

}  // namespace veil::http::internal
