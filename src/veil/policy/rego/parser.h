#pragma once
// Parses one Rego v1 module (OPA policy language reference, "Grammar"; ast.h says what the tree
// holds):
//
//   module := "package" name {"." name} {import} {rule}
//   import := "import" path ["as" name]
//   rule   := "default" name (":=" | "=") value
//           | name ["(" args ")" | "[" key "]" | "contains" element] [(":=" | "=") value]
//             ["if" ("{" query "}" | literal)] {"else" [(":=" | "=") value] ["if" body]}
//
// Accepted imports: `rego.v1`, `future.keywords`, `future.keywords.<in|if|contains|every>`, and
// paths under `input` and `data` (with an optional alias). The keywords of Rego v1 are keywords
// whatever is imported.
//
// Errors: kMalformed for text that is not Rego v1 (a rule body without `if`, a partial set rule
// without `contains`, ...); kUnsupported for Rego that Veil does not accept: `with` modifiers,
// other imports, rule heads that are references (`a.b := 1`), `default` functions and rules
// with several bodies. Every message is "rego: line L, column C: ...", saying what was expected
// and what was found. Input past kMaxSourceBytes (lexer.h) or nested deeper than
// kMaxNestingDepth (token_cursor.h) is refused.

#include <string_view>

#include "veil/base/result.h"
#include "veil/policy/rego/ast.h"

namespace veil::policy::rego {

Result<Module> ParseModule(std::string_view text);

}  // namespace veil::policy::rego
