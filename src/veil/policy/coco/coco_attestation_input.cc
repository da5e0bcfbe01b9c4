#include "veil/policy/coco/coco_attestation_input.h"

#include "veil/policy/coco/coco_sample_claims.h"
#include "veil/policy/coco/coco_sgx_claims.h"
#include "veil/policy/coco/coco_snp_claims.h"
#include "veil/policy/coco/coco_tdx_claims.h"
#include "veil/policy/coco/coco_tpm_claims.h"
#include "veil/protocol/tee_kind.h"

namespace veil::policy::coco {
namespace {

using nlohmann::json;
using protocol::TeeKind;

json CocoTeeClaims(const Result<TeeKind>& kind, const json& claims) {
  if (!kind) return claims;
  switch (*kind) {
    case TeeKind::kTpm:
      return WithCocoTpmNames(claims);
    case TeeKind::kSnp:
      return WithCocoSnpNames(claims);
    case TeeKind::kSample:
      return WithCocoSampleNames(claims);
    case TeeKind::kTdx:
      return WithCocoTdxNames(claims);
    case TeeKind::kSgx:
      return WithCocoSgxNames(claims);
  }
  return claims;
}

// The init_data CoCo's verifier of the TEE reports (transform_claims lifts it to the top): SNP's
// always reports HOST_DATA, TDX's MRCONFIGID, SGX's CONFIGID, the sample's the digest in base64;
// Veil's is the digest in hex.
json CocoInitData(const Result<TeeKind>& kind, const json& claims,
                  const CocoRuntimeClaims& runtime) {
  if (kind && *kind == TeeKind::kSnp) {
    json host_data = CocoSnpInitData(claims);
    if (!host_data.is_null()) return host_data;
  }
  if (kind && *kind == TeeKind::kTdx) {
    json mr_config_id = CocoTdxInitData(claims);
    if (!mr_config_id.is_null()) return mr_config_id;
  }
  if (kind && *kind == TeeKind::kSgx) {
    json config_id = CocoSgxInitData(claims);
    if (!config_id.is_null()) return config_id;
  }
  if (runtime.init_data_hex.is_null()) return nullptr;
  if (kind && *kind == TeeKind::kSample && runtime.init_data_hex.is_string())
    return CocoSampleInitData(runtime.init_data_hex.get<std::string>());
  return runtime.init_data_hex;
}

}  // namespace

json CocoAttestationInput(std::string_view tee, const json& tee_claims,
                          const CocoRuntimeClaims& runtime) {
  const Result<TeeKind> kind = protocol::ParseTeeKind(tee);
  json input = {{std::string(tee), CocoTeeClaims(kind, tee_claims)},
                {"report_data", runtime.report_data_hex},
                {"runtime_data_claims", runtime.runtime_data_claims}};
  json init_data = CocoInitData(kind, tee_claims, runtime);
  if (!init_data.is_null()) {
    input["init_data"] = std::move(init_data);
    input["init_data_claims"] = runtime.init_data_claims;
  }
  return input;
}

}  // namespace veil::policy::coco
