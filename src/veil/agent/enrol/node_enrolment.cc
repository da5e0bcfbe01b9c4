#include "veil/agent/enrol/node_enrolment.h"

#include <nlohmann/json.hpp>

#include "veil/agent/attester/tpm/credential_activation.h"
#include "veil/agent/attester/tpm/endorsement_key.h"
#include "veil/agent/enrol/ek_certificate_nv.h"
#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/http/client/client.h"
#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::agent::tpm {
namespace {

using nlohmann::json;

struct ChosenEk {
  EkAlgorithm algorithm;
  Bytes certificate;  // empty: none in NV
};

Result<ChosenEk> ChooseEk(const EsysConnection& tpm) {
  VEIL_ASSIGN_OR_RETURN(std::optional<Bytes> rsa, ReadNvIndex(tpm, kRsaEkCertificateIndex));
  if (rsa) return ChosenEk{EkAlgorithm::kRsa2048, std::move(*rsa)};
  VEIL_ASSIGN_OR_RETURN(std::optional<Bytes> ecc, ReadNvIndex(tpm, kEccEkCertificateIndex));
  if (ecc) return ChosenEk{EkAlgorithm::kEcP256, std::move(*ecc)};
  return ChosenEk{EkAlgorithm::kRsa2048, {}};
}

// The trustee's JSON answer to a POST; its problem detail as kPolicyDenied when it refuses.
Result<json> Post(const NodeEnrolmentOptions& options, std::string_view path, const json& body) {
  http::ClientRequest request{.method = "POST",
                              .url = options.trustee_url + std::string(path),
                              .body = body.dump(),
                              .timeout = options.timeout,
                              .ca_file = options.ca_file,
                              .pinned_public_key = options.pinned_public_key};
  request.headers.Set("Content-Type", "application/json");
  auto response = http::Send(request);
  if (!response) return Fail(std::move(response).error().WithContext("trustee"));
  auto answer = ::veil::json::ParseJson(response->body);
  if (response->status < 200 || response->status >= 300) {
    std::string detail = answer && answer->is_object() && (*answer)["detail"].is_string()
                             ? (*answer)["detail"].get<std::string>()
                             : response->body.substr(0, 512);
    return Fail(
        Error{ErrorCode::kPolicyDenied,
              std::string(path) + " answered " + std::to_string(response->status) + ": " + detail,
              "trustee"});
  }
  if (!answer) return Fail(std::move(answer).error().WithContext("trustee"));
  return answer;
}

Result<Bytes> Base64Member(const json& answer, std::string_view name) {
  VEIL_ASSIGN_OR_RETURN(std::string text, ::veil::json::RequireString(answer, name));
  auto bytes = Base64Decode(text);
  if (!bytes) return Fail(Malformed(std::string(name) + ": " + bytes.error().message));
  return bytes;
}

}  // namespace

Result<EnrolledNode> EnrolNode(const NodeEnrolmentOptions& options) {
  VEIL_ASSIGN_OR_RETURN(EsysConnection tpm, EsysConnection::Open(options.tcti));
  VEIL_ASSIGN_OR_RETURN(ChosenEk chosen, ChooseEk(tpm));
  VEIL_ASSIGN_OR_RETURN(EndorsementKey ek, CreateEndorsementKey(tpm, chosen.algorithm));
  VEIL_ASSIGN_OR_RETURN(AttestationKey ak, CreateAttestationKey(tpm, options.ak));

  json enrol = {{"ek_public", Base64Encode(ek.public_area)},
                {"ak_public", Base64Encode(ak.public_area)}};
  if (options.name) enrol["name"] = *options.name;
  if (!chosen.certificate.empty()) enrol["ek_certificate"] = Base64Encode(chosen.certificate);
  VEIL_ASSIGN_OR_RETURN(json challenge, Post(options, "/veil/v0/nodes/enrol", enrol));
  VEIL_ASSIGN_OR_RETURN(std::string id, ::veil::json::RequireString(challenge, "enrolment_id"));
  VEIL_ASSIGN_OR_RETURN(Bytes blob, Base64Member(challenge, "credential_blob"));
  VEIL_ASSIGN_OR_RETURN(Bytes encrypted_secret, Base64Member(challenge, "encrypted_secret"));

  VEIL_ASSIGN_OR_RETURN(crypto::SecretBytes secret,
                        ActivateCredential(tpm, ak.object, ek.object, blob, encrypted_secret));
  VEIL_ASSIGN_OR_RETURN(json enrolled,
                        Post(options, "/veil/v0/nodes/activate",
                             {{"enrolment_id", id}, {"secret", Base64Encode(secret.span())}}));
  VEIL_ASSIGN_OR_RETURN(std::string name, ::veil::json::RequireString(enrolled, "node"));
  return EnrolledNode{std::move(name), HexEncode(crypto::Sha256(ak.key.SpkiDer())),
                      !chosen.certificate.empty()};
}

}  // namespace veil::agent::tpm
