#include "veil/endorsement/vcek/kds_client.h"

#include "veil/base/log_safe.h"
#include "veil/crypto/certificate.h"
#include "veil/http/client/client.h"

namespace veil::endorsement::vcek {
namespace {

constexpr std::size_t kMaxCertificateBytes = 64u << 10;
constexpr std::size_t kQuotedBodyBytes = 200;

}  // namespace

Result<Bytes> FetchVcek(const KdsOptions& options, const VcekId& id) {
  const std::string url = options.base_url + KdsVcekPath(id);
  http::ClientRequest request{.method = "GET", .url = url};
  request.timeout = options.timeout;
  request.ca_file = options.ca_file;
  request.max_response_bytes = kMaxCertificateBytes;
  request.headers.Add("Accept", "application/pkix-cert");
  auto response = http::Send(request);
  if (!response) return Fail(Unavailable("GET " + url + ": " + response.error().message));
  if (response->status != 200) {
    return Fail(Unavailable("GET " + url + " answered " + std::to_string(response->status) + ": " +
                            LogSafe(response->body, kQuotedBodyBytes)));
  }
  auto certificate = crypto::Certificate::FromDerOrPem(AsBytes(response->body));
  if (!certificate) {
    return Fail(Error{ErrorCode::kMalformed,
                      "GET " + url + " returned no certificate: " + certificate.error().message,
                      "kds"});
  }
  return certificate->Der();
}

}  // namespace veil::endorsement::vcek
