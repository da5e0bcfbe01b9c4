// Which TEE kinds the trustee appraises, and the fail-closed rule every one of them must follow.

#include "veil/kbs/tee_evidence.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "veil/policy/enrolment.h"
#include "veil/protocol/tee_kind.h"

namespace veil::kbs {
namespace {

// The default policies refuse a hardware TEE until its launch reference is enrolled
// (tests/policy/enrolment_test.cc shows they do for each entry of LaunchReferences). A TEE kind
// that becomes appraisable must bring its launch reference, or this test fails.
TEST(CanAppraise, EveryAppraisedHardwareTeeHasALaunchReference) {
  int appraised = 0;
  for (const protocol::TeeKind kind : protocol::AllTeeKinds()) {
    if (!CanAppraise(kind) || kind == protocol::TeeKind::kSample) continue;
    ++appraised;
    const std::string_view name = protocol::TeeKindName(kind);
    const auto references = policy::LaunchReferences();
    EXPECT_TRUE(std::any_of(references.begin(), references.end(),
                            [&](const policy::LaunchReference& r) { return r.tee == name; }))
        << name << " is appraised but has no launch reference in policy/enrolment.cc";
  }
  EXPECT_EQ(appraised, 4);  // snp, tdx, sgx and tpm
}

TEST(CanAppraise, EveryKindIsAppraised) {
  for (const protocol::TeeKind kind : protocol::AllTeeKinds())
    EXPECT_TRUE(CanAppraise(kind)) << protocol::TeeKindName(kind);
}

}  // namespace
}  // namespace veil::kbs
