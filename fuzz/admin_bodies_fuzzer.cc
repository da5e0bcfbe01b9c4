// libFuzzer target: the JSON bodies of the admin API: a policy upload (both kinds, the
// document decoded and parsed as a policy) and a reference value.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/admin/request_bodies.h"
#include "veil/store/policy.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil;
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  (void)admin::ParsePolicyRequest(body, store::PolicyKind::kAttestation);
  (void)admin::ParsePolicyRequest(body, store::PolicyKind::kResource);
  (void)admin::ParseReferenceValueRequest(body);
  return 0;
}
