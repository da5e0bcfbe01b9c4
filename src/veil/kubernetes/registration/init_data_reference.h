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

// The trustee's names are [a-z0-9_.-]; a resource path's segments are [A-Za-z0-9._-]. Segments are
// joined by "." after escaping "_" as "__", "." as "_." and an upper-case letter X as "_x", so
// that two paths never share a name: shop/key/db -> init-data.shop.key.db. kInvalidArgument when
// the name would pass the trustee's 128 characters.
Result<std::string> InitDataReferenceName(const protocol::ResourcePath& resource);

// The URIs of a pod's veil.dev/resources annotation (kubernetes/seal.h), in order, without
// duplicates. kInvalidArgument naming the URI that does not parse (protocol::ParseResourceUri).
Result<std::vector<protocol::ResourcePath>> ParseResourceList(std::string_view text);

// One sealed object, as the CLI knows it after sealing.
struct SealedWorkload {
  std::string manifest;    // the manifest's path as given
  std::string object;      // "Deployment/shop-web"
  std::string ns;          // metadata.namespace, "" when the manifest sets none
  std::string digest_hex;  // its init-data digest
  std::vector<protocol::ResourcePath> resources;
};

struct InitDataReference {
  protocol::ResourcePath resource;
  std::string name;
  std::string value;       // the digest, lower-case hex
  std::string provenance;  // "veil pod seal: app.yaml: Deployment/shop-web (namespace shop)"
};

// One entry per (workload, resource), in the order given; an entry repeating an earlier one's
// name and value is left out.
Result<std::vector<InitDataReference>> PlanInitDataReferences(
    const std::vector<SealedWorkload>& workloads);

// The distinct resources of `references`, sorted.
std::vector<protocol::ResourcePath> ReferencedResources(
    const std::vector<InitDataReference>& references);

}  // namespace veil::kubernetes
