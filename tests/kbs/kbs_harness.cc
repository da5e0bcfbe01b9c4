#include "kbs_harness.h"

#include "veil/base/base64.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/jose/jwe.h"
#include "veil/crypto/jose/jwk.h"
#include "veil/crypto/random.h"
#include "veil/json/jcs.h"

namespace veil::kbs {
namespace {

const TimePoint kT0 = ParseRfc3339("2026-03-01T12:00:00Z").value();

audit::AuditEvent AdminEvent(std::string action, std::string subject) {
  return {"admin:test", std::move(action), std::move(subject), nlohmann::json::object()};
}

}  // namespace

KbsHarness::KbsHarness()
    : clock(kT0),
      signer(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value()),
      sealer(SecretSealer::Create(crypto::RandomSecretBytes(32)).value()) {}

void KbsHarness::PutSecret(const std::string& path, std::string_view secret) {
  const Bytes sealed = sealer.Seal(AsBytes(secret), path).value();
  VEIL_CHECK(store.PutResource(protocol::ResourcePath::Parse(path).value(), sealed,
                               AdminEvent("resource.put", path)));
}

void KbsHarness::AllowSample() {
  VEIL_CHECK(store.PutPolicy(
      {store::PolicyKind::kAttestation, "allow-sample-for-tests", std::string(kAllowSamplePolicy)},
      AdminEvent("policy.set", "attestation")));
}

void KbsHarness::SetResourcePolicy(const std::string& id, std::string_view text) {
  VEIL_CHECK(store.PutPolicy({store::PolicyKind::kResource, id, std::string(text)},
                             AdminEvent("policy.set", "resource")));
}

TestGuest::TestGuest()
    : tee_key_(crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value()),
      tee_jwk_(crypto::jose::PublicKeyToJwk(tee_key_.GetPublicKey()).value()) {
  tee_jwk_["alg"] = "ECDH-ES+A256KW";
}

http::Response TestGuest::Auth(RcarService& rcar, const std::string& tee,
                               const std::string& version, const nlohmann::json& extra_params) {
  const http::Request request = MakeRequest(
      "POST", "/kbs/v0/auth",
      nlohmann::json({{"version", version}, {"tee", tee}, {"extra-params", extra_params}}).dump());
  http::Response response = rcar.Auth(request);
  if (response.status != 200) return response;
  nonce_ = Body(response).value("nonce", "");
  const std::string_view prefix = "kbs-session-id=";
  for (std::string_view header : response.headers.GetAll("Set-Cookie")) {
    if (header.substr(0, prefix.size()) == prefix) {
      cookie_ = std::string(header.substr(prefix.size(), header.find(';') - prefix.size()));
    }
  }
  return response;
}

Bytes TestGuest::ReportData(const std::string& nonce, crypto::DigestAlgorithm algorithm,
                            const std::string& additional_evidence) const {
  const nlohmann::json binding = {
      {"additional-evidence", additional_evidence}, {"nonce", nonce}, {"tee-pubkey", tee_jwk_}};
  Bytes digest = crypto::Digest(algorithm, AsBytes(json::CanonicalizeJcs(binding).value()));
  digest.resize(64, 0);
  return digest;
}

nlohmann::json TestGuest::SampleEvidence(ByteSpan report_data) {
  return {{"svn", "1"}, {"report_data", Base64Encode(report_data)}};
}

nlohmann::json TestGuest::AttestBody(const std::string& nonce, const nlohmann::json& evidence,
                                     const std::string& additional_evidence) const {
  return {{"runtime-data", {{"nonce", nonce}, {"tee-pubkey", tee_jwk_}}},
          {"tee-evidence",
           {{"primary_evidence", evidence}, {"additional_evidence", additional_evidence}}}};
}

http::Response TestGuest::Attest(RcarService& rcar, const nlohmann::json& body) const {
  http::Request request = MakeRequest("POST", "/kbs/v0/attest", body.dump());
  if (!cookie_.empty()) request.headers.Add("Cookie", "kbs-session-id=" + cookie_);
  return rcar.Attest(request);
}

http::Response TestGuest::AttestSample(RcarService& rcar) {
  http::Response auth = Auth(rcar, "sample");
  if (auth.status != 200) return auth;
  return Attest(rcar, AttestBody(nonce_, SampleEvidence(ReportData(nonce_))));
}

http::Request TestGuest::ResourceRequest(const std::string& path,
                                         const std::optional<std::string>& bearer) const {
  http::Request request = MakeRequest("GET", "/kbs/v0/resource/" + path);
  if (bearer) {
    request.headers.Add("Authorization", "Bearer " + *bearer);
  } else if (!cookie_.empty()) {
    request.headers.Add("Cookie", "kbs-session-id=" + cookie_);
  }
  return request;
}

Result<std::string> TestGuest::Decrypt(const nlohmann::json& jwe) const {
  VEIL_ASSIGN_OR_RETURN(crypto::SecretBytes plain, crypto::jose::DecryptJwe(tee_key_, jwe));
  return std::string(plain.span().begin(), plain.span().end());
}

http::Request MakeRequest(std::string method, std::string path, std::string body) {
  http::Request request;
  request.method = std::move(method);
  request.path = std::move(path);
  request.body = std::move(body);
  request.peer = "127.0.0.1:40000";
  return request;
}

nlohmann::json Body(const http::Response& response) {
  nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  return body.is_discarded() ? nlohmann::json() : body;
}

std::string Detail(const http::Response& response) { return Body(response).value("detail", ""); }

std::string Variant(const http::Response& response) {
  const std::string type = Body(response).value("type", "");
  return type.substr(type.rfind('/') + 1);
}

}  // namespace veil::kbs
