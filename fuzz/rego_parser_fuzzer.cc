// libFuzzer target: Rego policy text, as a tenant or administrator uploads it, into a module.
// Whatever the text, the parser returns a tree or an error that says where; printing any tree
// it returns must work too (the printer walks every node kind).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/base/result.h"
#include "veil/policy/rego/parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil::policy::rego;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto module = ParseModule(text);
  if (!module) {
    VEIL_CHECK(module.error().message.rfind("rego: line ", 0) == 0);
    return 0;
  }
  for (const Rule& rule : module->rules) {
    VEIL_CHECK(rule.position.line >= 1 && rule.position.column >= 1);
    VEIL_CHECK(!ToString(rule).empty());
  }
  return 0;
}
