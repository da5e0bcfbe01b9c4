#pragma once
// Node enrolment by TPM credential activation (TCG TPM 2.0 Library Part 1, 24), the trustee's
// half; the bodies are in enrolment_messages.h. No admin token: the TPM proves itself.
//
//   POST /veil/v0/nodes/enrol, in order:
//     1. the EK and AK public areas parse; the AK is a restricted, fixedTPM, fixedParent signing
//        key (tpm_keys.h);
//     2. the EK is vouched for: registered by an admin (`veil node add`; a name sent must then be
//        the registered one), or else its certificate's key is the EK and the certificate chains
//        to the configured EK trust store at the clock's time (endorsement/tpm/ek_certificate.h);
//        neither: refused, naming the EK digest or the certificate and why;
//     3. a fresh 32-byte secret is sealed to the EK for the AK's Name (MakeCredential) and kept
//        in the EnrolmentTable under a random enrolment id.
//   POST /veil/v0/nodes/activate: the enrolment is taken out of the table (single use); an
//     expired one, or another secret, binds nothing; otherwise the AK is bound to the node
//     (store::Store::EnrolNode, registering it first when only its certificate vouched for it)
//     with the audit entry "node.enrol" (actor "node:<name>", details: EK, AK, how the EK was
//     vouched for).
// A node registered when challenged but removed before it answers is refused at activation.
// Errors are KBS problem details: 400 for bodies and keys that do not parse or are refused, 401
// for a refused EK, an unknown, expired or wrongly answered enrolment, 503 when the table is full.

#include <nlohmann/json.hpp>

#include "veil/base/clock.h"
#include "veil/endorsement/tpm/ek_trust_store.h"
#include "veil/http/message/request.h"
#include "veil/http/message/response.h"
#include "veil/node/enrolment_messages.h"
#include "veil/node/enrolment_table.h"
#include "veil/store/store.h"

namespace veil::node {

inline constexpr std::string_view kEnrolPath = "/veil/v0/nodes/enrol";
inline constexpr std::string_view kActivatePath = "/veil/v0/nodes/activate";

class EnrolmentService {
 public:
  // `trust_store` may be nullptr: then only registered EKs enrol. Everything borrowed must
  // outlive the service.
  EnrolmentService(store::Store& store, const endorsement::tpm::EkTrustStore* trust_store,
                   EnrolmentTable& table, const Clock& clock)
      : store_(store), trust_store_(trust_store), table_(table), clock_(clock) {}

  http::Response Enrol(const http::Request& request);
  http::Response Activate(const http::Request& request);

  // The same steps without HTTP, for tests: the answer's JSON.
  Result<nlohmann::json> Challenge(const EnrolRequest& request);
  Result<nlohmann::json> Answer(const ActivateRequest& request);

 private:
  store::Store& store_;
  const endorsement::tpm::EkTrustStore* trust_store_;
  EnrolmentTable& table_;
  const Clock& clock_;
};

}  // namespace veil::node
