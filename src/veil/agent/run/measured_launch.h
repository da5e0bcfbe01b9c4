#pragma once
// The workload's measurement into the TEE's runtime register, so that a retry in the same boot
// attests the value the first attempt would have. The register is read first
// (measurement/register_history.h):
//  - all zeros: every event is extended, and logged to the event log after its extension;
//  - the first k events of this workload (an earlier run in this boot failed after measuring, or
//    was stopped between two extensions): only the rest are extended; with all of them in,
//    nothing is, and the agent says so;
//  - anything else: refused, naming the value and how to recover. The agent neither extends on
//    top of it (the trustee expects this workload's value from zero) nor resets it (a reset would
//    erase the record of what was measured, and may still run, in this boot).
// A TEE without such a register: one warning, nothing measured, the run goes on.

#include <filesystem>
#include <vector>

#include "veil/agent/attester/attester.h"
#include "veil/agent/measurement/workload_measurement.h"
#include "veil/base/result.h"

namespace veil::agent {

// kPolicyDenied when the register holds another measurement ("<register> already holds another
// measurement in this boot: …", with the reboot or reset command that recovers); the attester's
// and the event log's errors (context "measurement").
Status MeasureIntoTee(Attester& attester, const std::vector<MeasurementEvent>& events,
                      const std::filesystem::path& event_log);

}  // namespace veil::agent
