#include "veil/policy/rego/parser.h"

#include <array>
#include <string>
#include <utility>
#include <vector>

#include "veil/policy/rego/expression_parser.h"
#include "veil/policy/rego/lexer.h"
#include "veil/policy/rego/token_cursor.h"

namespace veil::policy::rego {
namespace {

// A keyword spells a path step too: `import future.keywords.in`.
bool IsWord(TokenKind kind) {
  return kind == TokenKind::kIdentifier ||
         (kind >= TokenKind::kPackage && kind <= TokenKind::kNull);
}

std::string JoinedPath(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& step : path) out += (out.empty() ? "" : ".") + step;
  return out;
}

bool IsFutureKeywordsImport(const std::vector<std::string>& path) {
  constexpr std::array<std::string_view, 4> kFutureKeywords = {"in", "if", "contains", "every"};
  if (path.size() < 2 || path[0] != "future" || path[1] != "keywords") return false;
  if (path.size() == 2) return true;
  if (path.size() > 3) return false;
  for (std::string_view keyword : kFutureKeywords) {
    if (path[2] == keyword) return true;
  }
  return false;
}

bool IsAcceptedImport(const Import& import) {
  const std::vector<std::string>& path = import.path;
  if (path == std::vector<std::string>{"rego", "v1"}) return !import.alias;
  if (path[0] == "future") return IsFutureKeywordsImport(path) && !import.alias;
  return path[0] == "input" || path[0] == "data";
}

Expr TrueAt(Position position) { return Expr{position, Boolean{true}}; }

class ModuleParser {
 public:
  explicit ModuleParser(std::vector<Token> tokens)
      : cursor_(std::move(tokens)), expressions_(cursor_) {}

  Result<Module> Parse() {
    Module module;
    module.position = cursor_.Peek().position;
    VEIL_TRY(cursor_.Expect(TokenKind::kPackage, "`package`"));
    VEIL_ASSIGN_OR_RETURN(module.package, ParsePath("a package name"));
    while (cursor_.At(TokenKind::kImport)) {
      VEIL_ASSIGN_OR_RETURN(Import import, ParseImport());
      module.imports.push_back(std::move(import));
    }
    while (!cursor_.At(TokenKind::kEnd)) {
      VEIL_ASSIGN_OR_RETURN(Rule rule, ParseRule());
      module.rules.push_back(std::move(rule));
    }
    return module;
  }

 private:
  // name {"." name}, nothing between the steps.
  Result<std::vector<std::string>> ParsePath(std::string_view what) {
    VEIL_ASSIGN_OR_RETURN(const Token first, cursor_.Expect(TokenKind::kIdentifier, what));
    std::vector<std::string> path{first.text};
    while (cursor_.AtAdjacent(TokenKind::kDot)) {
      cursor_.Advance();
      if (!IsWord(cursor_.Peek().kind) || cursor_.Peek().space_before) {
        return cursor_.Unexpected("a name directly after `.`");
      }
      path.push_back(cursor_.Advance().text);
    }
    if (cursor_.AtAdjacent(TokenKind::kLeftBracket)) {
      return TokenCursor::NotSupported(cursor_.Peek().position,
                                       "a bracketed step in a package or import path");
    }
    return path;
  }

  Result<Import> ParseImport() {
    Import import;
    import.position = cursor_.Advance().position;
    VEIL_ASSIGN_OR_RETURN(import.path, ParsePath("a path after `import`"));
    if (cursor_.Accept(TokenKind::kAs)) {
      VEIL_ASSIGN_OR_RETURN(const Token alias,
                            cursor_.Expect(TokenKind::kIdentifier, "a name after `as`"));
      import.alias = alias.text;
    }
    if (!IsAcceptedImport(import)) {
      return Fail(UnsupportedError(
          import.position, "import of `" + JoinedPath(import.path) +
                               (import.alias ? " as " + *import.alias : "") +
                               "` is not supported: expected rego.v1, future.keywords[.<keyword>], "
                               "or a path under input or data"));
    }
    return import;
  }

  Result<Rule> ParseRule() {
    if (cursor_.At(TokenKind::kDefault)) return ParseDefaultRule();
    Rule rule;
    VEIL_TRY(ParseHead(rule));
    rule.body.position = rule.position;
    VEIL_TRY(ParseBody(rule.body));
    if (rule.body.literals.empty() && !rule.value && rule.kind != RuleKind::kPartialSet) {
      return cursor_.Unexpected("`:=`, `=`, `if`, `contains`, `(` or `[` after rule `" + rule.name +
                                "`");
    }
    if (!rule.value && rule.kind != RuleKind::kPartialSet) rule.value = TrueAt(rule.position);
    VEIL_TRY(RefuseSecondBody());
    VEIL_TRY(ParseElses(rule));
    return rule;
  }

  // `default name := value`: the value of a rule none of whose bodies hold.
  Result<Rule> ParseDefaultRule() {
    Rule rule;
    rule.kind = RuleKind::kDefault;
    rule.position = cursor_.Advance().position;
    VEIL_ASSIGN_OR_RETURN(rule.name, ParseRuleName());
    if (cursor_.AtAdjacent(TokenKind::kLeftParen)) {
      return TokenCursor::NotSupported(cursor_.Peek().position, "`default` for a function");
    }
    if (!AtAssignment()) return cursor_.Unexpected("`:=` or `=` after `default " + rule.name + "`");
    VEIL_ASSIGN_OR_RETURN(rule.value, ParseAssignedValue());
    rule.body.position = rule.position;
    return rule;
  }

  Result<std::string> ParseRuleName() {
    VEIL_ASSIGN_OR_RETURN(const Token name, cursor_.Expect(TokenKind::kIdentifier, "a rule name"));
    if (cursor_.AtAdjacent(TokenKind::kDot)) {
      return TokenCursor::NotSupported(cursor_.Peek().position,
                                       "a rule head that is a reference (`" + name.text + ".`...)");
    }
    return name.text;
  }

  // name, then `(args)`, `[key]` or `contains element`, then `:= value` when given.
  Status ParseHead(Rule& rule) {
    rule.position = cursor_.Peek().position;
    VEIL_ASSIGN_OR_RETURN(rule.name, ParseRuleName());
    if (cursor_.AtAdjacent(TokenKind::kLeftParen)) {
      rule.kind = RuleKind::kFunction;
      VEIL_ASSIGN_OR_RETURN(rule.args, expressions_.ParseArguments());
    } else if (cursor_.AtAdjacent(TokenKind::kLeftBracket)) {
      rule.kind = RuleKind::kPartialObject;
      cursor_.Advance();
      VEIL_ASSIGN_OR_RETURN(rule.key, expressions_.ParseValue());
      VEIL_TRY(cursor_.Expect(TokenKind::kRightBracket, "`]` after the key of a rule head"));
      if (cursor_.AtAdjacent(TokenKind::kDot) || cursor_.AtAdjacent(TokenKind::kLeftBracket)) {
        return TokenCursor::NotSupported(
            cursor_.Peek().position,
            "a rule head that is a reference (`" + rule.name + "[key]`...)");
      }
      if (!AtAssignment()) {
        return cursor_.Unexpected("`:=` or `=` after `" + rule.name +
                                  "[key]` (a partial set rule is written `name contains key`)");
      }
    } else if (cursor_.Accept(TokenKind::kContains)) {
      rule.kind = RuleKind::kPartialSet;
      VEIL_ASSIGN_OR_RETURN(rule.key, expressions_.ParseUnion());
      return {};
    }
    if (AtAssignment()) {
      VEIL_ASSIGN_OR_RETURN(rule.value, ParseAssignedValue());
    }
    return {};
  }

  bool AtAssignment() const {
    return cursor_.At(TokenKind::kAssign) || cursor_.At(TokenKind::kUnify);
  }

  Result<Expr> ParseAssignedValue() {
    cursor_.Advance();  // `:=` or `=`
    return expressions_.ParseValue();
  }

  // `if { query }` or `if literal` into `body`; without `if`, `body` stays empty (always true).
  Status ParseBody(Query& body) {
    if (cursor_.At(TokenKind::kLeftBrace)) {
      return cursor_.Unexpected("`if` before a rule body (Rego v1)");
    }
    if (!cursor_.Accept(TokenKind::kIf)) return {};
    if (cursor_.At(TokenKind::kLeftBrace)) {
      VEIL_ASSIGN_OR_RETURN(body, expressions_.ParseBlock());
    } else {
      VEIL_ASSIGN_OR_RETURN(body, expressions_.ParseSingleLiteralQuery());
    }
    return {};
  }

  // `p if { a } { b }` (p holds when either holds) is Rego v0 syntax that Veil does not take.
  Status RefuseSecondBody() const {
    if (!cursor_.At(TokenKind::kLeftBrace)) return {};
    return TokenCursor::NotSupported(cursor_.Peek().position, "a rule with several bodies");
  }

  Status ParseElses(Rule& rule) {
    while (cursor_.At(TokenKind::kElse)) {
      if (rule.kind != RuleKind::kComplete && rule.kind != RuleKind::kFunction) {
        return Fail(SyntaxError(cursor_.Peek().position,
                                "expected `else` only after a complete or function rule, found it "
                                "after rule `" +
                                    rule.name + "`"));
      }
      const Position position = cursor_.Advance().position;
      ElseClause clause{position, TrueAt(position), Query{position, {}}};
      if (AtAssignment()) {
        VEIL_ASSIGN_OR_RETURN(clause.value, ParseAssignedValue());
      }
      VEIL_TRY(ParseBody(clause.body));  // `else := v` without a body always holds
      VEIL_TRY(RefuseSecondBody());
      rule.elses.push_back(std::move(clause));
    }
    return {};
  }

  TokenCursor cursor_;
  ExpressionParser expressions_;
};

}  // namespace

Result<Module> ParseModule(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(text));
  return ModuleParser(std::move(tokens)).Parse();
}

}  // namespace veil::policy::rego
