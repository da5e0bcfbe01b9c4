#include "veil/crypto/chain.h"

#include <openssl/x509_vfy.h>

#include "veil/base/rfc3339.h"
#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

std::string DescribeFailingCertificate(X509_STORE_CTX* context) {
  X509* current = X509_STORE_CTX_get_current_cert(context);
  if (current == nullptr || X509_up_ref(current) != 1) return "(no certificate)";
  const Certificate cert = Certificate::Adopt(X509Ptr(current));
  return cert.Subject() + " (valid " + FormatRfc3339(cert.NotBefore()) + " to " +
         FormatRfc3339(cert.NotAfter()) + ")";
}

}  // namespace

Status VerifyChain(const ChainInput& input) {
  X509StorePtr store(X509_STORE_new());
  X509StackPtr untrusted(sk_X509_new_null());
  X509StoreCtxPtr context(X509_STORE_CTX_new());
  if (!store || !untrusted || !context)
    return Fail(OpensslError(ErrorCode::kInternal, "x509: allocation failed"));

  for (const Certificate& root : input.roots) {
    if (X509_STORE_add_cert(store.get(), root.get()) != 1) {
      return Fail(OpensslError(ErrorCode::kInternal, "x509: cannot add trust anchor"));
    }
  }
  for (const Certificate& intermediate : input.intermediates) {
    if (sk_X509_push(untrusted.get(), intermediate.get()) <= 0) {
      return Fail(OpensslError(ErrorCode::kInternal, "x509: cannot add intermediate"));
    }
    X509_up_ref(intermediate.get());  // the stack frees what it holds
  }
  if (X509_STORE_CTX_init(context.get(), store.get(), input.leaf.get(), untrusted.get()) != 1) {
    return Fail(OpensslError(ErrorCode::kInternal, "x509: cannot initialise verification"));
  }
  X509_VERIFY_PARAM* params = X509_STORE_CTX_get0_param(context.get());
  X509_VERIFY_PARAM_set_time(params, std::chrono::system_clock::to_time_t(input.at));
  // Trust anchors are self-signed roots we were handed: check their own signature too.
  X509_VERIFY_PARAM_set_flags(params, X509_V_FLAG_CHECK_SS_SIGNATURE);

  const int verdict = X509_verify_cert(context.get());
  if (verdict != 1) {
    const int code = X509_STORE_CTX_get_error(context.get());
    const std::string reason = X509_verify_cert_error_string(code);
    const std::string where = DescribeFailingCertificate(context.get());
    DrainOpensslErrors();
    return Fail(VerificationFailed(reason + " at " + FormatRfc3339(input.at) + ": " + where));
  }
  return {};
}

}  // namespace veil::crypto
