// libFuzzer target: the body of POST /kbs/v0/attest (ParseAttestationRequest), then what the
// trustee derives from an accepted one: the expected report data and the init-data it carries.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/initdata/init_data.h"
#include "veil/kbs/attestation_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto request = veil::kbs::ParseAttestationRequest(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (!request) return 0;
  (void)veil::kbs::ExpectedReportData(*request);
  if (request->init_data_toml) (void)veil::initdata::ParseInitData(*request->init_data_toml);
  return 0;
}
