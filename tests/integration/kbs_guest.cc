#include "kbs_guest.h"

#include "veil/crypto/digest.h"
#include "veil/crypto/jose/jwe.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/json/jcs.h"

namespace veil::testing {

KbsGuest::KbsGuest(std::string base_url, crypto::KeyAlgorithm tee_key)
    : base_url_(std::move(base_url)), tee_key_(crypto::PrivateKey::Generate(tee_key).value()) {
  tee_jwk_ = crypto::jose::PublicKeyToJwk(tee_key_.GetPublicKey()).value();
  tee_jwk_["alg"] = tee_key_.type() == crypto::KeyType::kRsa ? "RSA-OAEP-256" : "ECDH-ES+A256KW";
}

KbsAnswer KbsGuest::Send(const std::string& method, const std::string& path,
                         const std::string& body, const std::optional<std::string>& bearer) {
  http::ClientRequest request{.method = method, .url = base_url_ + path, .body = body};
  if (!cookie_.empty()) request.headers.Add("Cookie", "kbs-session-id=" + cookie_);
  if (bearer) request.headers.Add("Authorization", "Bearer " + *bearer);
  if (!body.empty()) request.headers.Add("Content-Type", "application/json");
  auto response = http::Send(request);
  if (!response) return {0, nullptr, response.error().ToString()};
  KbsAnswer answer{response->status, nlohmann::json::parse(response->body, nullptr, false),
                   response->body};
  if (answer.body.is_discarded()) answer.body = nullptr;
  for (std::string_view header : response->headers.GetAll("Set-Cookie")) {
    const std::string_view prefix = "kbs-session-id=";
    if (header.substr(0, prefix.size()) == prefix) {
      cookie_ = std::string(header.substr(prefix.size(), header.find(';') - prefix.size()));
    }
  }
  return answer;
}

Result<std::string> KbsGuest::Auth(const std::string& tee) {
  cookie_.clear();
  const KbsAnswer answer =
      Send("POST", "/kbs/v0/auth",
           nlohmann::json({{"version", "0.4.0"}, {"tee", tee}, {"extra-params", ""}}).dump(),
           std::nullopt);
  if (answer.status != 200 || !answer.body.contains("nonce")) {
    return Fail(Unavailable("auth failed: " + std::to_string(answer.status) + " " + answer.raw));
  }
  return answer.body["nonce"].get<std::string>();
}

Result<Bytes> KbsGuest::ReportData(const std::string& nonce) const {
  const nlohmann::json binding = {
      {"additional-evidence", ""}, {"nonce", nonce}, {"tee-pubkey", tee_jwk_}};
  VEIL_ASSIGN_OR_RETURN(std::string canonical, json::CanonicalizeJcs(binding));
  Bytes digest = crypto::Sha384(AsBytes(canonical));
  digest.resize(64, 0);
  return digest;
}

nlohmann::json KbsGuest::AttestBody(const std::string& nonce,
                                    const nlohmann::json& primary_evidence,
                                    const std::optional<std::string>& init_data) const {
  nlohmann::json body = {
      {"runtime-data", {{"nonce", nonce}, {"tee-pubkey", tee_jwk_}}},
      {"tee-evidence", {{"primary_evidence", primary_evidence}, {"additional_evidence", ""}}}};
  if (init_data) body["init-data"] = {{"format", "toml"}, {"body", *init_data}};
  return body;
}

KbsAnswer KbsGuest::Attest(const nlohmann::json& body) {
  return Send("POST", "/kbs/v0/attest", body.dump(), std::nullopt);
}

KbsAnswer KbsGuest::PostRaw(const std::string& path, const std::string& body) {
  return Send("POST", path, body, std::nullopt);
}

KbsAnswer KbsGuest::GetResource(const std::string& path, const std::optional<std::string>& bearer) {
  const std::string saved = cookie_;
  if (bearer) cookie_.clear();
  KbsAnswer answer = Send("GET", "/kbs/v0/resource/" + path, "", bearer);
  cookie_ = saved;
  return answer;
}

Result<std::string> KbsGuest::Decrypt(const nlohmann::json& jwe) const {
  VEIL_ASSIGN_OR_RETURN(crypto::SecretBytes plain, crypto::jose::DecryptJwe(tee_key_, jwe));
  return std::string(reinterpret_cast<const char*>(plain.span().data()), plain.size());
}

}  // namespace veil::testing
