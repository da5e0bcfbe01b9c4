// libFuzzer target: the strict JSON parser every JSON input goes through, and RFC 8785
// canonicalization of what it accepts, which must reparse and canonicalize to the same bytes.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/json/jcs.h"
#include "veil/json/parse.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto json = veil::json::ParseJson(std::string_view(reinterpret_cast<const char*>(data), size));
  if (!json) return 0;
  auto canonical = veil::json::CanonicalizeJcs(*json);
  if (!canonical) return 0;  // NaN-free but out of the I-JSON range, or not valid UTF-8
  auto reparsed = veil::json::ParseJson(*canonical);
  VEIL_CHECK(reparsed.has_value());
  // One documented exception: an integral double of 2^53 or more prints without a fraction or
  // exponent (ECMAScript), reparses as an integer and is then refused as outside the I-JSON range
  // (jcs.h). Anything else must canonicalize to the same bytes.
  auto again = veil::json::CanonicalizeJcs(*reparsed);
  if (!again) {
    VEIL_CHECK(again.error().message.find("outside the I-JSON range") != std::string::npos);
    return 0;
  }
  VEIL_CHECK(*again == *canonical);
  return 0;
}
