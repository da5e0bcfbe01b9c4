#include "unknown_command.h"

#include "veil/base/edit_distance.h"

#include <algorithm>

namespace veil::cli {
namespace {

// A suggestion is made only when the word is this close to a command (or a prefix of one).
constexpr std::size_t kMaxSuggestionDistance = 2;

std::vector<std::string> CommandNames(CLI::App& app) {
  std::vector<std::string> names;
  for (const CLI::App* command : app.get_subcommands([](CLI::App*) { return true; }))
    names.push_back(command->get_name());
  return names;
}

std::string Join(const std::vector<std::string>& names) {
  std::string joined;
  for (const std::string& name : names) joined += (joined.empty() ? "" : ", ") + name;
  return joined;
}

std::optional<std::string> Nearest(const std::string& word, const std::vector<std::string>& names) {
  std::optional<std::string> best;
  std::size_t best_distance = kMaxSuggestionDistance + 1;
  for (const std::string& name : names) {
    const std::size_t distance = name.starts_with(word) ? 0 : EditDistance(word, name);
    if (distance < best_distance) {
      best = name;
      best_distance = distance;
    }
  }
  return best;
}

}  // namespace

std::optional<std::string> UnknownCommandMessage(CLI::App& app,
                                                 const std::vector<std::string>& args) {
  CLI::App* level = &app;
  std::string path = app.get_name();
  for (const std::string& word : args) {
    if (word.starts_with('-')) return std::nullopt;  // options: CLI11's own messages apply
    const std::vector<std::string> names = CommandNames(*level);
    if (names.empty()) return std::nullopt;  // arguments of a command, not commands
    if (std::find(names.begin(), names.end(), word) != names.end()) {
      level = level->get_subcommand(word);
      path += " " + word;
      continue;
    }
    std::string message = "unknown command '" + path + " " + word + "'";
    if (word == "help") {
      message += "; for help run '" + path + " --help'";
    } else if (const auto nearest = Nearest(word, names)) {
      message += "; did you mean '" + path + " " + *nearest + "'?";
    }
    return message + "\nCommands of '" + path + "': " + Join(names);
  }
  return std::nullopt;
}

}  // namespace veil::cli
