// libFuzzer target: what the agent reads from the trustee's /attest answer (an EAR JWT it does
// not verify: ReadAttestationToken) and the EAR view of the claims (ReadEarView).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/agent/kbs_client/attestation_token.h"
#include "veil/token/ear_token.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto token = veil::agent::ReadAttestationToken(
      std::string_view(reinterpret_cast<const char*>(data), size));
  if (token) (void)veil::token::ReadEarView(token->claims);
  return 0;
}
