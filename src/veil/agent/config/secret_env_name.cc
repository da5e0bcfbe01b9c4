#include "veil/agent/config/secret_env_name.h"

#include <cctype>
#include <string>

namespace veil::agent {
namespace {

// Prefixes: the dynamic loader's LD_*, glibc's MALLOC_* tunables, bash's exported functions.
constexpr std::string_view kInterpretedPrefixes[] = {"LD_", "MALLOC_", "BASH_FUNC_", "GLIBC_"};

// glibc's list of variables it drops for setuid programs (sysdeps/generic/unsecvars.h), and the
// variables POSIX sh, bash, dash and the C library read as commands, paths or options.
constexpr std::string_view kInterpretedNames[] = {
    "GCONV_PATH",  "GETCONF_DIR", "HOSTALIASES", "LOCALDOMAIN",
    "LOCPATH",     "NIS_PATH",    "NLSPATH",     "RESOLV_HOST_CONF",
    "RES_OPTIONS", "TMPDIR",      "TZDIR",       "TZ",
    "PATH",        "IFS",         "ENV",         "BASH_ENV",
    "SHELLOPTS",   "BASHOPTS",    "PS1",         "PS2",
    "PS4",         "CDPATH",      "GLOBIGNORE",  "PROMPT_COMMAND",
    "HOME",        "SHELL",       "LANG",        "LANGUAGE",
    "LC_ALL"};

bool IsVariableName(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  for (char c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_') return false;
  }
  return true;
}

}  // namespace

Status CheckSecretEnvName(std::string_view name) {
  const std::string quoted = "env \"" + std::string(name) + "\"";
  if (!IsVariableName(name)) return Fail(InvalidArgument(quoted + " is not a variable name"));
  if (name.starts_with("VEIL_"))
    return Fail(InvalidArgument(quoted + ": names starting with VEIL_ are reserved for the agent"));
  bool interpreted = name.starts_with("LC_");
  for (std::string_view prefix : kInterpretedPrefixes) interpreted |= name.starts_with(prefix);
  for (std::string_view reserved : kInterpretedNames) interpreted |= name == reserved;
  if (!interpreted) return {};
  return Fail(InvalidArgument(
      quoted +
      " is read by the dynamic loader, the C library or a shell; a secret there would be run or "
      "loaded, not read. Deliver it under another name or as a file"));
}

}  // namespace veil::agent
