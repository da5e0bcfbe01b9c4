// libFuzzer target: Rego policy text, as a tenant or administrator uploads it, into a module.
// Whatever the text, the parser returns a tree or an error that says where. A tree it returns
// prints as Rego that parses back to a tree that prints the same: a check that the printer and
// the parser agree on precedence, escapes and every node kind.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/policy/rego/lexer.h"
#include "veil/policy/rego/parser.h"

namespace {

std::string Printed(const veil::policy::rego::Module& module) {
  std::string text = "package p\n";
  for (const auto& rule : module.rules) text += ToString(rule) + "\n";
  return text;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil::policy::rego;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto module = ParseModule(text);
  if (!module) {
    VEIL_CHECK(module.error().message.rfind("rego: line ", 0) == 0);
    return 0;
  }
  const std::string printed = Printed(*module);
  if (printed.size() > kMaxSourceBytes) return 0;  // escapes can lengthen strings sixfold
  auto again = ParseModule(printed);
  if (!again) {
    // Only the parentheses that the printer adds may take a tree past the nesting bound.
    VEIL_CHECK(again.error().message.find("levels of nesting") != std::string::npos);
    return 0;
  }
  VEIL_CHECK(Printed(*again) == printed);
  return 0;
}
