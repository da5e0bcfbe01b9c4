#include "veil/policy/rego/ast.h"

#include <nlohmann/json.hpp>
#include <string_view>

#include "veil/policy/rego/lexer.h"

namespace veil::policy::rego {
namespace {

std::string_view BinaryOpSpelling(BinaryOp op) {
  switch (op) {
    case BinaryOp::kAssign:
      return ":=";
    case BinaryOp::kUnify:
      return "=";
    case BinaryOp::kEqual:
      return "==";
    case BinaryOp::kNotEqual:
      return "!=";
    case BinaryOp::kLess:
      return "<";
    case BinaryOp::kLessEqual:
      return "<=";
    case BinaryOp::kGreater:
      return ">";
    case BinaryOp::kGreaterEqual:
      return ">=";
    case BinaryOp::kUnion:
      return "|";
    case BinaryOp::kIntersection:
      return "&";
    case BinaryOp::kAdd:
      return "+";
    case BinaryOp::kSubtract:
      return "-";
    case BinaryOp::kMultiply:
      return "*";
    case BinaryOp::kDivide:
      return "/";
    case BinaryOp::kModulo:
      return "%";
  }
  return "?";
}

std::string Quoted(const std::string& value) {
  // The lexer admits only valid UTF-8, but a printer must never throw: replace, do not fail.
  return nlohmann::json(value).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string Joined(const std::vector<Expr>& exprs, std::string_view separator) {
  std::string out;
  for (std::size_t i = 0; i < exprs.size(); ++i) {
    if (i > 0) out += separator;
    out += ToString(exprs[i]);
  }
  return out;
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i > 0 ? "." : "") + names[i];
  return out;
}

std::string RefStep(const Expr& step) {
  const auto* name = std::get_if<String>(&step.node);
  if (name != nullptr && IsIdentifier(name->value)) return "." + name->value;
  return "[" + ToString(step) + "]";
}

// A number before `.` or `[` would read as part of the number: `(1).x`, `(-1)[0]`.
std::string RefHead(const Expr& head) {
  const std::string text = ToString(head);
  return std::holds_alternative<Number>(head.node) ? "(" + text + ")" : text;
}

struct ExprPrinter {
  std::string operator()(const Null&) const { return "null"; }
  std::string operator()(const Boolean& b) const { return b.value ? "true" : "false"; }
  std::string operator()(const Number& n) const { return n.text; }
  std::string operator()(const String& s) const { return Quoted(s.value); }
  std::string operator()(const Var& v) const { return v.name; }
  std::string operator()(const Ref& r) const {
    std::string out = RefHead(*r.head);
    for (const Expr& step : r.path) out += RefStep(step);
    return out;
  }
  std::string operator()(const Call& c) const {
    return Joined(c.name) + "(" + Joined(c.args, ", ") + ")";
  }
  std::string operator()(const Array& a) const { return "[" + Joined(a.items, ", ") + "]"; }
  std::string operator()(const Set& s) const {
    return s.items.empty() ? "set()" : "{" + Joined(s.items, ", ") + "}";
  }
  std::string operator()(const Object& o) const {
    std::string out = "{";
    for (std::size_t i = 0; i < o.items.size(); ++i) {
      if (i > 0) out += ", ";
      out += ToString(o.items[i].key) + ": " + ToString(o.items[i].value);
    }
    return out + "}";
  }
  std::string operator()(const ArrayComprehension& c) const {
    return "[" + ToString(*c.term) + " | " + ToString(c.body) + "]";
  }
  std::string operator()(const SetComprehension& c) const {
    return "{" + ToString(*c.term) + " | " + ToString(c.body) + "}";
  }
  std::string operator()(const ObjectComprehension& c) const {
    return "{" + ToString(*c.key) + ": " + ToString(*c.value) + " | " + ToString(c.body) + "}";
  }
  std::string operator()(const Unary& u) const { return "(-" + ToString(*u.operand) + ")"; }
  std::string operator()(const Binary& b) const {
    const std::string text =
        ToString(*b.lhs) + " " + std::string(BinaryOpSpelling(b.op)) + " " + ToString(*b.rhs);
    // `:=` and `=` stand only at the top of a literal, where Rego allows no parentheses.
    const bool top_of_literal = b.op == BinaryOp::kAssign || b.op == BinaryOp::kUnify;
    return top_of_literal ? text : "(" + text + ")";
  }
  std::string operator()(const Membership& m) const {
    const std::string key = m.key ? ToString(*m.key) + ", " : "";
    return "(" + key + ToString(*m.value) + " in " + ToString(*m.collection) + ")";
  }
};

struct LiteralPrinter {
  std::string operator()(const ExprLiteral& e) const {
    return (e.negated ? "not " : "") + ToString(e.expr);
  }
  std::string operator()(const SomeDecl& s) const {
    std::string out = "some ";
    for (std::size_t i = 0; i < s.vars.size(); ++i) out += (i > 0 ? ", " : "") + s.vars[i].name;
    return out;
  }
  std::string operator()(const SomeIn& s) const {
    const std::string key = s.key ? ToString(*s.key) + ", " : "";
    return "some " + key + ToString(s.value) + " in " + ToString(s.collection);
  }
  std::string operator()(const Every& e) const {
    const std::string key = e.key ? e.key->name + ", " : "";
    return "every " + key + e.value.name + " in " + ToString(e.domain) + " { " + ToString(e.body) +
           " }";
  }
};

std::string BodySuffix(const Query& body) {
  return body.literals.empty() ? "" : " if { " + ToString(body) + " }";
}

std::string RuleHead(const Rule& rule) {
  switch (rule.kind) {
    case RuleKind::kDefault:
      return "default " + rule.name;
    case RuleKind::kComplete:
      return rule.name;
    case RuleKind::kPartialSet:
      return rule.name + " contains " + ToString(*rule.key);
    case RuleKind::kPartialObject:
      return rule.name + "[" + ToString(*rule.key) + "]";
    case RuleKind::kFunction:
      return rule.name + "(" + Joined(rule.args, ", ") + ")";
  }
  return rule.name;
}

}  // namespace

std::string ToString(const Expr& expr) { return std::visit(ExprPrinter{}, expr.node); }

std::string ToString(const Literal& literal) { return std::visit(LiteralPrinter{}, literal.node); }

std::string ToString(const Query& query) {
  std::string out;
  for (std::size_t i = 0; i < query.literals.size(); ++i) {
    out += (i > 0 ? "; " : "") + ToString(query.literals[i]);
  }
  return out;
}

std::string ToString(const Rule& rule) {
  std::string out = RuleHead(rule);
  if (rule.value) out += " := " + ToString(*rule.value);
  out += BodySuffix(rule.body);
  for (const ElseClause& clause : rule.elses) {
    out += " else := " + ToString(clause.value) + BodySuffix(clause.body);
  }
  return out;
}

}  // namespace veil::policy::rego
