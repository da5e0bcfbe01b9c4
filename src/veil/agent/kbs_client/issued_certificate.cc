#include "veil/agent/kbs_client/issued_certificate.h"

#include "veil/json/member.h"
#include "veil/json/parse.h"

namespace veil::agent {

Result<IssuedCertificate> ReadIssuedCertificate(std::string_view body) {
  auto answer = json::ParseJsonObject(body, "the certificate answer");
  if (!answer) return Fail(std::move(answer).error().WithContext("kbs"));
  IssuedCertificate issued;
  VEIL_ASSIGN_OR_RETURN(issued.certificate, json::RequireString(*answer, "certificate"));
  VEIL_ASSIGN_OR_RETURN(issued.serial, json::RequireString(*answer, "serial"));
  VEIL_ASSIGN_OR_RETURN(issued.not_after, json::RequireString(*answer, "not_after"));
  VEIL_ASSIGN_OR_RETURN(issued.attestation_digest,
                        json::RequireString(*answer, "attestation_digest"));
  const nlohmann::json* cas = json::FindMember(*answer, "ca_certificates");
  if (cas == nullptr || !cas->is_array() || cas->empty()) {
    return Fail(Malformed(
        "the certificate answer: ca_certificates must be a non-empty array of PEM strings"));
  }
  for (const nlohmann::json& ca : *cas) {
    if (!ca.is_string()) {
      return Fail(Malformed("the certificate answer: ca_certificates holds a " +
                            std::string(ca.type_name()) + ", not a PEM string"));
    }
    issued.ca_certificates.push_back(ca.get<std::string>());
  }
  return issued;
}

}  // namespace veil::agent
