#pragma once
// The boot_aggregate entry IMA records first (Linux ima_calc_boot_aggregate): the digest, in the
// algorithm of a PCR bank, of that bank's PCRs 0-7 concatenated, and for every bank but SHA-1
// PCRs 8-9 too (kernel 5.8 and later). All zero when the kernel found no TPM.

#include <optional>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/evidence/tpm/pcr_values.h"

namespace veil::appraisal::ima {

// The boot_aggregate digest `quoted` implies for `algorithm` ("sha1", "sha256", "sha384",
// "sha512"), or nullopt when that bank or one of its PCRs is not quoted.
std::optional<Bytes> ExpectedBootAggregate(const evidence::tpm::PcrValues& quoted,
                                           std::string_view algorithm);

}  // namespace veil::appraisal::ima
