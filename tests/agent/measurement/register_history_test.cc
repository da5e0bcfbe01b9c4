#include "veil/agent/measurement/register_history.h"

#include <gtest/gtest.h>

#include "veil/crypto/digest.h"

namespace veil::agent {
namespace {

std::vector<MeasurementEvent> ThreeEvents() {
  return MeasureWorkload({Bytes{1, 2, 3}, {"./run.sh", "3"}, {{"user", "nobody"}}}).value();
}

Bytes AfterFirst(const std::vector<MeasurementEvent>& events, std::size_t count) {
  return ReplayEvents(Bytes(32, 0), std::vector<MeasurementEvent>(
                                        events.begin(), events.begin() + static_cast<long>(count)));
}

TEST(RegisterHistory, ZeroAndEveryStepTowardsTheWorkloadAreRecognised) {
  const std::vector<MeasurementEvent> events = ThreeEvents();
  for (std::size_t count = 0; count <= events.size(); ++count) {
    EXPECT_EQ(EventsAlreadyExtended(AfterFirst(events, count), events), count) << count;
  }
}

TEST(RegisterHistory, AnythingElseIsAnotherMeasurement) {
  const std::vector<MeasurementEvent> events = ThreeEvents();
  const Bytes full = AfterFirst(events, events.size());
  // The workload measured twice (a run before the agent recognised its own measurement).
  EXPECT_EQ(EventsAlreadyExtended(ReplayEvents(full, events), events), std::nullopt);
  // Another workload: same payload and command, another [workload] table.
  const std::vector<MeasurementEvent> other =
      MeasureWorkload({Bytes{1, 2, 3}, {"./run.sh", "3"}, {{"user", "root"}}}).value();
  EXPECT_EQ(EventsAlreadyExtended(AfterFirst(other, other.size()), events), std::nullopt);
  // ...which shares this workload's first two steps, and only those.
  EXPECT_EQ(EventsAlreadyExtended(AfterFirst(other, 2), events), 2u);
  // The same events in another order, one event alone, and registers of another size.
  const std::vector<MeasurementEvent> swapped = {events[1], events[0], events[2]};
  EXPECT_EQ(EventsAlreadyExtended(AfterFirst(swapped, 3), events), std::nullopt);
  EXPECT_EQ(EventsAlreadyExtended(events[0].digest, events), std::nullopt);
  EXPECT_EQ(EventsAlreadyExtended(Bytes(48, 0), events), std::nullopt);
  EXPECT_EQ(EventsAlreadyExtended(Bytes(), events), std::nullopt);
  EXPECT_EQ(EventsAlreadyExtended(Bytes(32, 0xff), events), std::nullopt);
}

}  // namespace
}  // namespace veil::agent
