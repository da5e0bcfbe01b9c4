#include "unknown_command.h"

#include <algorithm>
#include <numeric>

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

std::size_t EditDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), std::size_t{0});
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
      diagonal = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, substitution});
    }
  }
  return row[b.size()];
}

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
