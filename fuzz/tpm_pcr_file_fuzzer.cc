// libFuzzer target: the PCR value files (tpm2_quote -o, or JSON) and the --pcr-list parser. The
// file is parsed against a TPML_PCR_SELECTION read from the start of the input, or against a
// fixed selection, so that selections and files are explored together.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "veil/base/byte_reader.h"
#include "veil/evidence/tpm/pcr_selection.h"
#include "veil/evidence/tpm/pcr_values.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace tpm = veil::evidence::tpm;
  const veil::ByteSpan bytes(data, size);
  if (auto list = tpm::ParsePcrList(std::string_view(reinterpret_cast<const char*>(data), size))) {
    (void)list->ToString();
  }
  veil::ByteReader reader(bytes);
  if (auto selection = tpm::ReadPcrSelection(reader, "fuzz")) {
    (void)tpm::ParsePcrFile(bytes.subspan(reader.position()), *selection);
  }
  static const tpm::PcrSelection kMixedBanks = *tpm::ParsePcrList("sha1:0,1+sha256:0,1,23");
  (void)tpm::ParsePcrFile(bytes, kMixedBanks);
  return 0;
}
