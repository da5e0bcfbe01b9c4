#include "veil/agent/launch/command_path.h"

namespace veil::agent {
namespace {

constexpr std::string_view kDefaultPath = "/bin:/usr/bin";  // glibc's confstr(_CS_PATH)

std::string_view SearchPath(const Environment& env) {
  std::string_view path = kDefaultPath;
  for (std::string_view entry : env.Entries()) {
    if (entry.starts_with("PATH=")) path = entry.substr(5);  // the last one wins, as getenv's
  }
  return path;
}

}  // namespace

std::vector<std::string> CommandCandidates(std::string_view command, const Environment& env) {
  if (command.empty() || command.find('/') != std::string_view::npos) return {std::string(command)};
  std::vector<std::string> candidates;
  std::string_view path = SearchPath(env);
  while (true) {
    const std::size_t colon = path.find(':');
    const std::string_view dir = path.substr(0, colon);
    candidates.push_back((dir.empty() ? std::string(".") : std::string(dir)) + "/" +
                         std::string(command));
    if (colon == std::string_view::npos) break;
    path.remove_prefix(colon + 1);
  }
  return candidates;
}

}  // namespace veil::agent
