#pragma once
// The VCEK for a report that came without one: the offline store first, then (when configured)
// AMD KDS, whose answer is kept in the store for the next time. The certificate found is only a
// candidate: appraisal/snp still checks that it chains to AMD's root, names this chip and this
// TCB, and verifies the report's signature.

#include <optional>

#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/endorsement/vcek/kds_client.h"
#include "veil/endorsement/vcek/vcek_store.h"
#include "veil/evidence/snp/report.h"

namespace veil::endorsement::vcek {

struct VcekSources {
  std::optional<VcekStore> store;
  std::optional<KdsOptions> kds;
};

// kNotFound when no source holds it, naming each place looked in (the store path, the KDS URL and
// its answer) so an operator knows what to fetch or copy; VcekCandidates' errors as they are.
Result<crypto::Certificate> ResolveVcek(const evidence::snp::Report& report,
                                        const VcekSources& sources);

}  // namespace veil::endorsement::vcek
