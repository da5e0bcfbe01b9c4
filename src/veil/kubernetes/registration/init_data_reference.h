#pragma once
// The reference values `veil pod seal --register` stores: for every resource a sealed pod may
// receive, the pod's init-data digest (hex, as the attestation token's "init_data" carries it;
// for the digests veil pod seal writes, also exactly SNP HOST_DATA and TDX MRCONFIGID) under the
// name init-data.<repository>.<type>.<tag>, with the manifest and object as provenance. Several
// pods receiving one resource each add their digest to the same name (append, never replace).

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"

namespace veil::kubernetes {

// What a registered value is compared with: the token's init-data digest (Kata pods), or, for
// `--runtime veil-agent` on a TPM, the PCR 23 value veil-agent's measurement leaves
// (claims.pcrs.sha256.23), under names veil-agent-pcr23.<repository>.<type>.<tag>.
enum class ReferenceBinding { kInitData, kAgentPcr23 };

// The trustee's names are [a-z0-9_.-]; a resource path's segments are [A-Za-z0-9._-]. Segments are
// joined by "." after escaping "_" as "__", "." as "_." and an upper-case letter X as "_x", so
// that two paths never share a name: shop/key/db -> init-data.shop.key.db. kInvalidArgument when
// the name would pass the trustee's 128 characters.
Result<std::string> InitDataReferenceName(const protocol::ResourcePath& resource,
                                          ReferenceBinding binding = ReferenceBinding::kInitData);

// The URIs of a pod's veil.dev/resources annotation (kubernetes/seal.h), in order, without
// duplicates. kInvalidArgument naming the URI that does not parse (protocol::ParseResourceUri).
Result<std::vector<protocol::ResourcePath>> ParseResourceList(std::string_view text);

// One sealed object, as the CLI knows it after sealing.
struct SealedWorkload {
  std::string manifest;    // the manifest's path as given
  std::string object;      // "Deployment/shop-web" (with veil-agent: "… container web")
  std::string ns;          // metadata.namespace, "" when the manifest sets none
  std::string digest_hex;  // its init-data digest (kAgentPcr23: the PCR 23 value)
  std::vector<protocol::ResourcePath> resources;
  ReferenceBinding binding = ReferenceBinding::kInitData;
};

struct InitDataReference {
  protocol::ResourcePath resource;
  ReferenceBinding binding;
  std::string name;
  std::string value;       // the digest, lower-case hex
  std::string provenance;  // "veil pod seal: app.yaml: Deployment/shop-web (namespace shop)"
};

// One entry per (workload, resource), in the order given; an entry repeating an earlier one's
// name and value is left out.
Result<std::vector<InitDataReference>> PlanInitDataReferences(
    const std::vector<SealedWorkload>& workloads);

struct BoundResource {
  protocol::ResourcePath resource;
  ReferenceBinding binding;
  friend bool operator==(const BoundResource&, const BoundResource&) = default;
};

// The distinct resources of `references` with their binding, sorted by path.
std::vector<BoundResource> ReferencedResources(const std::vector<InitDataReference>& references);

}  // namespace veil::kubernetes
