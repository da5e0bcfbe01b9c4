#pragma once
// Which environment variable names may carry a secret. A secret delivered as a variable that the
// dynamic loader, libc or a shell interprets is code or configuration, not data: LD_PRELOAD or
// LD_LIBRARY_PATH load a library of the trustee's choosing (and ld.so prints an unloadable value
// — the secret — to stderr), PATH, IFS, ENV or BASH_ENV change what a shell runs, GCONV_PATH and
// friends make libc load modules. Such names are refused when the configuration is read.

#include <string_view>

#include "veil/base/result.h"

namespace veil::agent {

// kInvalidArgument when `name` is not a variable name ([A-Za-z_][A-Za-z0-9_]*), starts with
// VEIL_ (the agent's own), or is interpreted by the loader, libc or a shell (the message names
// why).
Status CheckSecretEnvName(std::string_view name);

}  // namespace veil::agent
