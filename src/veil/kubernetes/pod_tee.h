#pragma once
// The TEE a confidential pod runs in, as `veil pod seal --tee` names it: the Kata runtime class
// CoCo's operator installs for it and the TEE field that binds the init-data digest.
//   snp       kata-qemu-snp       SNP HOST_DATA, 32 bytes (SEV-SNP ABI, ATTESTATION_REPORT 0x0C0)
//   tdx       kata-qemu-tdx       TDX MRCONFIGID, 48 bytes (TDREPORT TDINFO)
//   coco-dev  kata-qemu-coco-dev  none: a VM without a TEE, CoCo's "sample" evidence
// The digest is the init-data's own, zero-padded or cut to the field (init_data.h).

#include <cstddef>
#include <span>
#include <string_view>

#include "veil/base/result.h"
#include "veil/crypto/digest.h"

namespace veil::kubernetes {

enum class PodTee { kSnp, kTdx, kCocoDev };

std::span<const PodTee> AllPodTees();

// "snp", "tdx", "coco-dev"; kInvalidArgument for anything else, listing these.
Result<PodTee> ParsePodTee(std::string_view name);
std::string_view PodTeeName(PodTee tee);

std::string_view DefaultRuntimeClass(PodTee tee);

struct InitDataField {
  std::string_view name;  // "HOST_DATA", "MRCONFIGID"; empty where no field binds it
  std::size_t size;       // bytes; 0 where no field binds it
};
InitDataField InitDataFieldOf(PodTee tee);

// The digest that fills the field without padding: sha256 for SNP (and coco-dev), sha384 for TDX.
crypto::DigestAlgorithm DefaultInitDataAlgorithm(PodTee tee);

}  // namespace veil::kubernetes
