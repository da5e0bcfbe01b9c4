// libFuzzer target: the protocol/ parsers of untrusted wire text (resource paths, kbs:/// URIs,
// TEE kinds) must never crash, what they accept must round-trip, and quoted wire text must stay
// printable and bounded.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"
#include "veil/protocol/resource_uri.h"
#include "veil/protocol/tee_kind.h"
#include "veil/protocol/wire_text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace veil::protocol;
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto path = ResourcePath::Parse(text)) {
    VEIL_CHECK(path->str() == text);
    VEIL_CHECK(path->repository().size() + path->type().size() + path->tag().size() + 2 ==
               text.size());
  }
  if (auto uri = ParseResourceUri(text)) VEIL_CHECK("kbs:///" + uri->str() == text);
  if (auto kind = ParseTeeKind(text)) VEIL_CHECK(TeeKindName(*kind) == text);
  const std::string quoted = QuoteWireText(text);
  for (char c : quoted) VEIL_CHECK(c >= 0x20 && c < 0x7f);
  VEIL_CHECK(quoted.size() <= 2 + 4 * kMaxQuotedWireText + 32);
  return 0;
}
