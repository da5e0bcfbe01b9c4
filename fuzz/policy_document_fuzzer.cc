// libFuzzer target: policy documents as text, JSON or YAML, read into the one JSON model every
// policy parser uses (ParseDocument, YamlToJson).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/policy/document.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto document =
      veil::policy::ParseDocument(std::string_view(reinterpret_cast<const char*>(data), size));
  if (document) (void)veil::policy::Quoted(*document);
  return 0;
}
