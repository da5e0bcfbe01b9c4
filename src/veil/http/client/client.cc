#include "veil/http/client/client.h"

#include <curl/curl.h>

#include <string_view>

#include "veil/http/client/curl_error.h"
#include "veil/http/client/curl_handle.h"
#include "veil/http/client/response_collector.h"

namespace veil::http {
namespace {

using internal::CurlEasyPtr;
using internal::CurlSlistPtr;

Status ValidateRequest(const ClientRequest& request) {
  if (!IsToken(request.method)) {
    return Fail(InvalidArgument("expected an HTTP method token, got '" + request.method + "'"));
  }
  if (!request.url.starts_with("http://") && !request.url.starts_with("https://")) {
    return Fail(InvalidArgument("expected an http:// or https:// URL, got '" + request.url + "'"));
  }
  if (request.timeout.count() <= 0) {
    return Fail(InvalidArgument("expected a positive timeout, got " +
                                std::to_string(request.timeout.count()) + " ms"));
  }
  if (request.pinned_public_key && request.pinned_public_key->empty()) {
    return Fail(
        InvalidArgument("expected a pinned public key like sha256//<base64>, got an empty string"));
  }
  return ValidateHeaders(request.headers);
}

// curl adds headers of its own; "Name:" removes one, "Name;" sends a field with an empty value.
Result<CurlSlistPtr> BuildHeaderList(const ClientRequest& request) {
  CurlSlistPtr list;
  for (const HeaderField& field : request.headers) {
    VEIL_TRY(internal::AppendLine(
        list, field.value.empty() ? field.name + ";" : field.name + ": " + field.value));
  }
  // No "Expect: 100-continue" round trip for larger bodies, and no form-urlencoded label on a
  // body the caller did not label.
  if (!request.headers.Contains("Expect")) VEIL_TRY(internal::AppendLine(list, "Expect:"));
  if (!request.headers.Contains("Content-Type"))
    VEIL_TRY(internal::AppendLine(list, "Content-Type:"));
  return list;
}

class CurlOptions {
 public:
  explicit CurlOptions(CURL* curl) : curl_(curl) {}

  template <class T>
  CurlOptions& Set(CURLoption option, std::string_view name, T value) {
    if (status_ && curl_easy_setopt(curl_, option, value) != CURLE_OK) {
      status_ = Fail(Internal("curl rejected option " + std::string(name)));
    }
    return *this;
  }

  Status status() const { return status_; }

 private:
  CURL* curl_;
  Status status_;
};

// CURLOPT_XFERINFOFUNCTION: a non-zero return abandons the transfer.
int OnProgress(void* data, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  const auto* cancelled = static_cast<const std::function<bool()>*>(data);
  return (*cancelled)() ? 1 : 0;
}

bool SendsBody(const ClientRequest& request) {
  return !request.body.empty() || request.method == "POST" || request.method == "PUT" ||
         request.method == "PATCH";
}

void SetMethodAndBody(CurlOptions& options, const ClientRequest& request) {
  if (request.method == "HEAD") {
    options.Set(CURLOPT_NOBODY, "NOBODY", 1L);
  } else if (!SendsBody(request)) {
    options.Set(CURLOPT_HTTPGET, "HTTPGET", 1L);
  } else {
    options
        .Set(CURLOPT_POSTFIELDSIZE_LARGE, "POSTFIELDSIZE_LARGE",
             static_cast<curl_off_t>(request.body.size()))
        .Set(CURLOPT_POSTFIELDS, "POSTFIELDS", request.body.data());
  }
  if (request.method != "GET" && request.method != "HEAD" && request.method != "POST") {
    options.Set(CURLOPT_CUSTOMREQUEST, "CUSTOMREQUEST", request.method.c_str());
  }
  if (request.method == "GET" && SendsBody(request)) {
    options.Set(CURLOPT_CUSTOMREQUEST, "CUSTOMREQUEST", "GET");
  }
}

Status Configure(CURL* curl, const ClientRequest& request, curl_slist* headers,
                 internal::ResponseCollector& collector, char* error_buffer) {
  const long timeout_ms = static_cast<long>(request.timeout.count());
  CurlOptions options(curl);
  options.Set(CURLOPT_ERRORBUFFER, "ERRORBUFFER", error_buffer)
      .Set(CURLOPT_URL, "URL", request.url.c_str())
      .Set(CURLOPT_PROTOCOLS_STR, "PROTOCOLS_STR", "http,https")
      .Set(CURLOPT_FOLLOWLOCATION, "FOLLOWLOCATION", 0L)
      .Set(CURLOPT_PROXY, "PROXY", "")  // ignore http_proxy & co.
      .Set(CURLOPT_NOSIGNAL, "NOSIGNAL", 1L)
      .Set(CURLOPT_TIMEOUT_MS, "TIMEOUT_MS", timeout_ms)
      .Set(CURLOPT_CONNECTTIMEOUT_MS, "CONNECTTIMEOUT_MS", timeout_ms)
      .Set(CURLOPT_HTTPHEADER, "HTTPHEADER", headers)
      .Set(CURLOPT_MAXFILESIZE_LARGE, "MAXFILESIZE_LARGE",
           static_cast<curl_off_t>(request.max_response_bytes))
      .Set(CURLOPT_WRITEFUNCTION, "WRITEFUNCTION", &internal::ResponseCollector::OnBody)
      .Set(CURLOPT_WRITEDATA, "WRITEDATA", static_cast<void*>(&collector))
      .Set(CURLOPT_HEADERFUNCTION, "HEADERFUNCTION", &internal::ResponseCollector::OnHeaderLine)
      .Set(CURLOPT_HEADERDATA, "HEADERDATA", static_cast<void*>(&collector))
      .Set(CURLOPT_SSL_VERIFYPEER, "SSL_VERIFYPEER", 1L)
      .Set(CURLOPT_SSL_VERIFYHOST, "SSL_VERIFYHOST", 2L)
      .Set(CURLOPT_SSLVERSION, "SSLVERSION",
           static_cast<long>(request.min_tls_version == TlsMinVersion::kTls12
                                 ? CURL_SSLVERSION_TLSv1_2
                                 : CURL_SSLVERSION_TLSv1_3));
  if (request.ca_file) options.Set(CURLOPT_CAINFO, "CAINFO", request.ca_file->c_str());
  if (request.pinned_public_key) {
    options.Set(CURLOPT_PINNEDPUBLICKEY, "PINNEDPUBLICKEY", request.pinned_public_key->c_str());
  }
  if (request.cancelled) {
    options.Set(CURLOPT_NOPROGRESS, "NOPROGRESS", 0L)
        .Set(CURLOPT_XFERINFOFUNCTION, "XFERINFOFUNCTION", &OnProgress)
        .Set(CURLOPT_XFERINFODATA, "XFERINFODATA",
             static_cast<void*>(const_cast<std::function<bool()>*>(&request.cancelled)));
  }
  SetMethodAndBody(options, request);
  return options.status();
}

// One exchange on `curl`, a fresh handle or one reset since its last exchange (curl_easy_reset
// keeps the handle's open connections, so the next exchange with the same server reuses one).
Result<ClientResponse> Perform(CURL* curl_handle, const ClientRequest& request) {
  VEIL_TRY(ValidateRequest(request));
  VEIL_ASSIGN_OR_RETURN(CurlSlistPtr headers, BuildHeaderList(request));
  internal::ResponseCollector collector(request.max_response_bytes);
  char error_buffer[CURL_ERROR_SIZE] = {};
  VEIL_TRY(Configure(curl_handle, request, headers.get(), collector, error_buffer));

  const CURLcode code = curl_easy_perform(curl_handle);
  if (collector.body_too_large() || code == CURLE_FILESIZE_EXCEEDED) {
    return Fail(Unavailable("expected a response body of at most " +
                            std::to_string(request.max_response_bytes) + " bytes, got more"));
  }
  if (code != CURLE_OK) return Fail(internal::CurlError(code, error_buffer));
  long status = 0;
  if (curl_easy_getinfo(curl_handle, CURLINFO_RESPONSE_CODE, &status) != CURLE_OK || status <= 0) {
    return Fail(Internal("curl reported no response status for " + request.url));
  }
  return ClientResponse{static_cast<unsigned>(status), collector.TakeHeaders(),
                        collector.TakeBody()};
}

Result<ClientResponse> WithContext(Result<ClientResponse> response, const ClientRequest& request) {
  if (!response)
    return Fail(std::move(response).error().WithContext("http client: " + request.method + " " +
                                                        request.url));
  return response;
}

}  // namespace

Result<ClientResponse> Send(const ClientRequest& request) {
  auto curl = internal::NewCurlEasy();
  if (!curl) return WithContext(Fail(std::move(curl).error()), request);
  return WithContext(Perform(curl->get(), request), request);
}

struct KeepAliveClient::Handle {
  CurlEasyPtr curl;
};

KeepAliveClient::KeepAliveClient() = default;
KeepAliveClient::~KeepAliveClient() = default;
KeepAliveClient::KeepAliveClient(KeepAliveClient&&) noexcept = default;
KeepAliveClient& KeepAliveClient::operator=(KeepAliveClient&&) noexcept = default;

Result<ClientResponse> KeepAliveClient::Send(const ClientRequest& request) {
  if (!handle_) {
    auto curl = internal::NewCurlEasy();
    if (!curl) return WithContext(Fail(std::move(curl).error()), request);
    handle_ = std::make_unique<Handle>(Handle{std::move(*curl)});
  } else {
    curl_easy_reset(handle_->curl.get());  // every option back to its default; connections stay
  }
  return WithContext(Perform(handle_->curl.get(), request), request);
}

}  // namespace veil::http
