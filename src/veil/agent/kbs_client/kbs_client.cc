#include "veil/agent/kbs_client/kbs_client.h"

#include <spdlog/spdlog.h>

#include "veil/agent/kbs_client/kbs_exchange.h"
#include "veil/agent/kbs_client/token_keys.h"
#include "veil/base/log_safe.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"
#include "veil/protocol/report_data_binding.h"

namespace veil::agent {
namespace {

constexpr std::string_view kProtocolVersion = "0.4.0";
constexpr std::string_view kCookieName = "kbs-session-id=";

Error Refused(std::string_view step, const http::ClientResponse& response) {
  const KbsProblem problem = ReadProblem(response);
  std::string message =
      "the trustee refused " + std::string(step) + " (" + std::to_string(response.status) +
      (problem.variant.empty() ? "" : " " + problem.variant) + "): " + problem.detail;
  return PolicyDenied(std::move(message));
}

std::optional<std::string> SessionCookie(const http::ClientResponse& response) {
  for (std::string_view header : response.headers.GetAll("Set-Cookie")) {
    if (header.substr(0, kCookieName.size()) != kCookieName) continue;
    header.remove_prefix(kCookieName.size());
    return std::string(header.substr(0, header.find(';')));
  }
  return std::nullopt;
}

http::ClientRequest PostJson(std::string path, const nlohmann::json& body,
                             const std::string& cookie) {
  http::ClientRequest request{.method = "POST", .url = std::move(path), .body = body.dump()};
  request.headers.Add("Content-Type", "application/json");
  if (!cookie.empty()) request.headers.Add("Cookie", std::string(kCookieName) + cookie);
  return request;
}

}  // namespace

Result<KbsClient> KbsClient::Create(KbsClientOptions options, Attester& attester,
                                    const Clock& clock) {
  if (options.url.rfind("http://", 0) != 0 && options.url.rfind("https://", 0) != 0) {
    return Fail(InvalidArgument("trustee URL \"" + options.url + "\" is not http:// or https://"));
  }
  while (!options.url.empty() && options.url.back() == '/') options.url.pop_back();
  if (options.retry.attempts == 0)
    return Fail(InvalidArgument("retry attempts must be at least 1"));
  std::vector<crypto::PublicKey> token_keys;
  if (options.token_key) {
    VEIL_ASSIGN_OR_RETURN(token_keys, LoadTokenKeys(*options.token_key));
  }
  VEIL_ASSIGN_OR_RETURN(TeeKey tee_key, TeeKey::Generate(options.tee_key));
  return KbsClient(std::move(options), attester, clock, std::move(tee_key), std::move(token_keys));
}

Status KbsClient::CheckReachable() {
  const std::function<Result<Challenge>()> challenge = [this] { return RequestChallenge(); };
  VEIL_ASSIGN_OR_RETURN(const Challenge unused,
                        WithRetries(options_.retry, options_.sleep,
                                    "reaching the trustee at " + options_.url, challenge));
  return {};
}

Result<AttestationToken> KbsClient::Attest() {
  if (token_ && token_->UsableAt(clock_->Now())) return *token_;
  token_.reset();
  const std::function<Result<AttestationToken>()> handshake = [this] { return Handshake(); };
  VEIL_ASSIGN_OR_RETURN(
      AttestationToken token,
      WithRetries(options_.retry, options_.sleep, "attestation to " + options_.url, handshake));
  token_ = token;
  return token;
}

Result<AttestationToken> KbsClient::Handshake() {
  VEIL_ASSIGN_OR_RETURN(const Challenge challenge, RequestChallenge());
  return SubmitEvidence(challenge);
}

Result<KbsClient::Challenge> KbsClient::RequestChallenge() {
  const nlohmann::json body = {{"version", kProtocolVersion},
                               {"tee", protocol::TeeKindName(attester_->tee())},
                               {"extra-params", ""}};
  VEIL_ASSIGN_OR_RETURN(http::ClientResponse response,
                        Exchange(options_, http_, PostJson("/kbs/v0/auth", body, "")));
  if (response.status != 200) return Fail(Refused("/auth", response));
  auto challenge = json::ParseJsonObject(response.body, "the /auth answer");
  if (!challenge) return Fail(std::move(challenge).error().WithContext("kbs"));
  Challenge out;
  VEIL_ASSIGN_OR_RETURN(out.nonce, json::RequireString(*challenge, "nonce"));
  const nlohmann::json* extra_params = json::FindMember(*challenge, "extra-params");
  auto hash =
      protocol::SelectedBindingHash(extra_params != nullptr ? *extra_params : nlohmann::json());
  if (!hash) return Fail(Malformed("the /auth answer: " + hash.error().message));
  out.binding_hash = *hash;
  auto session = SessionCookie(response);
  if (!session) return Fail(Malformed("the /auth answer set no kbs-session-id cookie"));
  out.cookie = *session;
  return out;
}

Result<AttestationToken> KbsClient::SubmitEvidence(const Challenge& challenge) {
  const std::string& nonce = challenge.nonce;
  const std::string& cookie = challenge.cookie;
  VEIL_ASSIGN_OR_RETURN(Bytes report_data, protocol::ReportDataBinding(nonce, tee_key_.public_jwk(),
                                                                       "", challenge.binding_hash));
  VEIL_ASSIGN_OR_RETURN(nlohmann::json evidence, attester_->CollectEvidence(report_data));
  const nlohmann::json body = {
      {"runtime-data", {{"nonce", nonce}, {"tee-pubkey", tee_key_.public_jwk()}}},
      {"tee-evidence", {{"primary_evidence", std::move(evidence)}, {"additional_evidence", ""}}}};
  VEIL_ASSIGN_OR_RETURN(http::ClientResponse response,
                        Exchange(options_, http_, PostJson("/kbs/v0/attest", body, cookie)));
  if (response.status != 200) return Fail(Refused("the attestation", response));
  auto answer = json::ParseJsonObject(response.body, "the /attest answer");
  if (!answer) return Fail(std::move(answer).error().WithContext("kbs"));
  VEIL_ASSIGN_OR_RETURN(std::string jwt, json::RequireString(*answer, "token"));
  VEIL_ASSIGN_OR_RETURN(AttestationToken token, ReadAttestationToken(jwt, token_keys_));
  spdlog::info("attested to {} as {}: {}{}", options_.url, protocol::TeeKindName(attester_->tee()),
               LogSafe(token.status), token_keys_.empty() ? "" : " (token signature verified)");
  for (const std::string& reason : token.denial_reasons) spdlog::warn("trustee: {}", reason);
  return token;
}

Result<crypto::SecretBytes> KbsClient::GetResource(const protocol::ResourcePath& path) {
  VEIL_ASSIGN_OR_RETURN(AttestationToken token, Attest());
  const std::function<Result<crypto::SecretBytes>()> fetch = [&] {
    return FetchResource(path, token);
  };
  return WithRetries(options_.retry, options_.sleep, "fetching kbs:///" + path.str(), fetch);
}

Result<crypto::SecretBytes> KbsClient::FetchResource(const protocol::ResourcePath& path,
                                                     const AttestationToken& token) {
  http::ClientRequest request{.method = "GET", .url = "/kbs/v0/resource/" + path.str()};
  request.headers.Add("Authorization", "Bearer " + token.jwt);
  VEIL_ASSIGN_OR_RETURN(http::ClientResponse response,
                        Exchange(options_, http_, std::move(request)));
  if (response.status != 200) {
    const KbsProblem problem = ReadProblem(response);
    if (problem.variant == "ResourceNotFound") {
      return Fail(
          NotFound("the trustee holds no resource kbs:///" + path.str() + ": " + problem.detail));
    }
    return Fail(Refused("kbs:///" + path.str(), response));
  }
  auto jwe = json::ParseJsonObject(response.body, "the resource answer");
  if (!jwe) return Fail(std::move(jwe).error().WithContext("kbs:///" + path.str()));
  auto secret = tee_key_.Decrypt(*jwe);
  if (!secret) {
    return Fail(
        VerificationFailed("kbs:///" + path.str() +
                           " does not decrypt with this TEE's key: " + secret.error().ToString()));
  }
  return secret;
}

}  // namespace veil::agent

namespace veil::agent {

Result<IssuedCertificate> KbsClient::RequestCertificate(std::string_view csr_pem) {
  VEIL_ASSIGN_OR_RETURN(AttestationToken token, Attest());
  const std::function<Result<IssuedCertificate>()> post = [&] {
    return PostCertificateRequest(csr_pem, token);
  };
  return WithRetries(options_.retry, options_.sleep, "requesting a workload certificate", post);
}

Result<IssuedCertificate> KbsClient::PostCertificateRequest(std::string_view csr_pem,
                                                            const AttestationToken& token) {
  http::ClientRequest request =
      PostJson(std::string(kWorkloadCertificatePath), {{"csr", std::string(csr_pem)}}, "");
  request.headers.Add("Authorization", "Bearer " + token.jwt);
  VEIL_ASSIGN_OR_RETURN(http::ClientResponse response,
                        Exchange(options_, http_, std::move(request)));
  if (response.status != 200) return Fail(Refused("the certificate request", response));
  return ReadIssuedCertificate(response.body);
}

}  // namespace veil::agent
