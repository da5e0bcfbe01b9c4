// libFuzzer target: the JSON bodies of the admin API: a policy upload (both kinds, the
// document decoded, then parsed as a Veil policy or compiled as Rego), a reference value in Veil's
// body, CoCo's RVPS message, and the two told apart as the endpoint does.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/admin/request_bodies.h"
#include "veil/admin/rvps_message.h"
#include "veil/policy/coco/rego_document.h"
#include "veil/store/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)admin::ParsePolicyRequest(body, store::PolicyKind::kAttestation);
  (void)admin::ParsePolicyRequest(body, store::PolicyKind::kResource);
  (void)admin::ParseReferenceValueRequest(body);
  (void)admin::ParseRvpsMessageBody(body);
  (void)admin::ParseReferenceValueUpload(body);
  (void)admin::ParseReferenceValueImport(body);
  (void)policy::coco::LooksLikeRego(body);
  return 0;
}
