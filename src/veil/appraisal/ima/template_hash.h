#pragma once
// What an IMA entry extends into PCR 10, per bank (Linux ima_calc_field_array_hash and
// ima_add_template_entry, since 5.8 one template hash per allocated bank):
//  * a measurement: the bank's hash of the entry's template data (evidence/ima TemplateData);
//  * a violation (all-zero template hash in the list): all-0xFF bytes of the bank's size.

#include "veil/base/bytes.h"
#include "veil/crypto/digest.h"
#include "veil/evidence/ima/entry.h"
#include "veil/evidence/tpm/marshal.h"

namespace veil::appraisal::ima {

Bytes TemplateHash(const evidence::ima::Entry& entry, crypto::DigestAlgorithm algorithm);

// The digest TPM2_PCR_Extend receives for `entry` in `bank` (see above).
Bytes ExtendedDigest(const evidence::ima::Entry& entry, evidence::tpm::HashAlg bank);

}  // namespace veil::appraisal::ima
