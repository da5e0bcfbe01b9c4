#include "veil/endorsement/vcek/vcek_resolver.h"

#include <string>
#include <vector>

namespace veil::endorsement::vcek {
namespace {

Result<crypto::Certificate> ParseStored(const VcekStore& store, const VcekId& id,
                                        const Bytes& der) {
  auto certificate = crypto::Certificate::FromDerOrPem(der);
  if (!certificate) {
    return Fail(
        Error{ErrorCode::kMalformed,
              store.PathOf(id).string() + " is no certificate: " + certificate.error().message,
              "vcek store"});
  }
  return certificate;
}

Result<crypto::Certificate> Fetch(const VcekSources& sources, const VcekId& id) {
  VEIL_ASSIGN_OR_RETURN(const Bytes der, FetchVcek(*sources.kds, id));
  if (sources.store) VEIL_TRY(sources.store->Put(id, der));
  return crypto::Certificate::FromDer(der);
}

}  // namespace

Result<crypto::Certificate> ResolveVcek(const evidence::snp::Report& report,
                                        const VcekSources& sources) {
  VEIL_ASSIGN_OR_RETURN(const std::vector<VcekId> candidates, VcekCandidates(report));
  std::vector<std::string> looked;
  if (sources.store) {
    for (const VcekId& id : candidates) {
      VEIL_ASSIGN_OR_RETURN(const std::optional<Bytes> der, sources.store->Find(id));
      if (der) return ParseStored(*sources.store, id, *der);
      looked.push_back("not in " + sources.store->PathOf(id).string());
    }
  }
  if (sources.kds) {
    for (const VcekId& id : candidates) {
      auto fetched = Fetch(sources, id);
      if (fetched) return fetched;
      looked.push_back(fetched.error().message);
    }
  }
  if (looked.empty()) looked.push_back("no VCEK store or KDS is configured");
  std::string message = "no VCEK for " + DescribeVcek(candidates.front());
  for (const std::string& place : looked) message += "; " + place;
  return Fail(Error{ErrorCode::kNotFound, std::move(message), "snp"});
}

}  // namespace veil::endorsement::vcek
