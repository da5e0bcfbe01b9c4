#include "veil/kubernetes/pod_tee.h"

#include <array>

namespace veil::kubernetes {
namespace {

struct TeeEntry {
  PodTee tee;
  std::string_view name;
  std::string_view runtime_class;
  InitDataField field;
  crypto::DigestAlgorithm algorithm;
};

constexpr std::array<TeeEntry, 3> kTees{{
    {PodTee::kSnp, "snp", "kata-qemu-snp", {"HOST_DATA", 32}, crypto::DigestAlgorithm::kSha256},
    {PodTee::kTdx, "tdx", "kata-qemu-tdx", {"MRCONFIGID", 48}, crypto::DigestAlgorithm::kSha384},
    {PodTee::kCocoDev, "coco-dev", "kata-qemu-coco-dev", {"", 0}, crypto::DigestAlgorithm::kSha256},
}};
constexpr std::array<PodTee, 3> kAll{PodTee::kSnp, PodTee::kTdx, PodTee::kCocoDev};

const TeeEntry& EntryOf(PodTee tee) {
  for (const TeeEntry& entry : kTees) {
    if (entry.tee == tee) return entry;
  }
  VEIL_CHECK(false);
  return kTees[0];
}

}  // namespace

std::span<const PodTee> AllPodTees() { return kAll; }

Result<PodTee> ParsePodTee(std::string_view name) {
  for (const TeeEntry& entry : kTees) {
    if (entry.name == name) return entry.tee;
  }
  return Fail(Error{
      ErrorCode::kInvalidArgument,
      "unknown TEE \"" + std::string(name.substr(0, 32)) + "\": expected snp, tdx or coco-dev",
      "kubernetes"});
}

std::string_view PodTeeName(PodTee tee) { return EntryOf(tee).name; }
std::string_view DefaultRuntimeClass(PodTee tee) { return EntryOf(tee).runtime_class; }
InitDataField InitDataFieldOf(PodTee tee) { return EntryOf(tee).field; }
crypto::DigestAlgorithm DefaultInitDataAlgorithm(PodTee tee) { return EntryOf(tee).algorithm; }

}  // namespace veil::kubernetes
