// libFuzzer target: the IMA measurement list parsers (ASCII and binary forms). Whatever they
// accept must serialize to template data that parses back (for the binary form, to the same
// template hash input) and replay PCR 10 without fault; the first input byte picks the form.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/appraisal/ima/appraise.h"
#include "veil/evidence/ima/ascii_list.h"
#include "veil/evidence/ima/binary_list.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace ima = veil::evidence::ima;
  if (size == 0) return 0;
  const veil::ByteSpan rest(data + 1, size - 1);
  auto entries = (data[0] & 1) != 0 ? ima::ParseBinaryList(rest)
                                    : ima::ParseAsciiList(std::string_view(
                                          reinterpret_cast<const char*>(rest.data()), rest.size()));
  if (!entries) return 0;
  for (const ima::Entry& entry : *entries) {
    if (entry.template_hash.size() != ima::kTemplateHashSize || entry.pcr > ima::kMaxPcr) {
      __builtin_trap();  // the parsers' own bounds
    }
    (void)ima::TemplateData(entry);
  }
  const auto state =
      veil::appraisal::ima::Replay(veil::appraisal::ima::ImaState::Initial(), *entries);
  if (state.entries != entries->size()) __builtin_trap();
  return 0;
}
