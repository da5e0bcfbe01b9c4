#pragma once
// Recognising a Rego policy (CoCo's policy language) sent where Veil expects its own policy
// document, so that the refusal can say so instead of reporting a YAML error. A Rego module's
// first statement is its package clause (Open Policy Agent, "Policy Language", Modules); YAML and
// JSON policy documents never begin with the bare word `package`.

#include <string_view>

#include "veil/base/result.h"
#include "veil/policy/rego/ast.h"

namespace veil::policy::coco {

// True when the first token after blank lines, `#` comments and a UTF-8 byte order mark is the word
// `package` followed by white space.
bool LooksLikeRego(std::string_view text);

// CoCo evaluates `data.policy.<rule>`: a module of another package would never decide.
// kInvalidArgument naming the package found.
Status ExpectPackagePolicy(const rego::Module& module);

}  // namespace veil::policy::coco
