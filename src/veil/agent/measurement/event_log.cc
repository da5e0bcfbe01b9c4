#include "veil/agent/measurement/event_log.h"

#include <fstream>

#include <nlohmann/json.hpp>

#include "veil/base/hex.h"

namespace veil::agent {

Status AppendEvent(const std::filesystem::path& log, const std::string& register_name,
                   const MeasurementEvent& event) {
  std::error_code error;
  if (log.has_parent_path()) std::filesystem::create_directories(log.parent_path(), error);
  std::ofstream out(log, std::ios::app);
  if (!out) return Fail(Unavailable("cannot append to the event log " + log.string()));
  const nlohmann::json line = {{"register", register_name},
                               {"type", event.type},
                               {"digest", HexEncode(event.digest)},
                               {"description", event.description}};
  out << line.dump() << '\n';
  if (!out.flush()) return Fail(Unavailable("cannot write the event log " + log.string()));
  return {};
}

}  // namespace veil::agent
