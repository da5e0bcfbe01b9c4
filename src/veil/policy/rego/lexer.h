#pragma once
// Splits Rego v1 source text into tokens (OPA policy language reference, "Grammar"; strings and
// numbers as JSON, RFC 8259 sections 6 and 7).
//
// - Identifiers are ASCII: a letter or `_`, then letters, digits and `_`.
// - Numbers are unsigned JSON numbers (`0`, `12`, `1.5`, `2e-3`; no leading zeros); a leading
//   `-` is a kMinus token that the parser folds into the literal.
// - "..." strings take JSON escapes, including \uXXXX and surrogate pairs, and end on their
//   line; `...` raw strings take no escapes and may span lines. Both must be valid UTF-8 and
//   Token::text holds the decoded value.
// - `#` starts a comment that runs to the end of the line. Whitespace and comments produce no
//   token; they set Token::space_before and, when they hold a newline, Token::newline_before.
// The last token is always kEnd.
//
// Bounds: the text may be at most kMaxSourceBytes long, a decoded string at most
// kMaxStringBytes and a number at most kMaxNumberBytes. Every error is kMalformed with the message
// "rego: line L, column C: expected ..., found ...".

#include <cstddef>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/policy/rego/token.h"

namespace veil::policy::rego {

inline constexpr std::size_t kMaxSourceBytes = 1024 * 1024;
inline constexpr std::size_t kMaxStringBytes = 64 * 1024;
inline constexpr std::size_t kMaxNumberBytes = 1024;

Result<std::vector<Token>> Tokenize(std::string_view text);

// Whether `text` is one identifier token (not a keyword): what can follow `.` in a reference.
bool IsIdentifier(std::string_view text);

}  // namespace veil::policy::rego
