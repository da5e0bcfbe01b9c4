#pragma once
// The AR4SI trustworthiness vector (draft-ietf-rats-ar4si, section 2.3) and the EAR status
// derived from it (draft-fv-rats-ear, `ear.status`). Each component is an int8 whose tier is:
//   none -1..1, affirming 2..31 and -32..-2, warning 32..95 and -96..-33,
//   contraindicated 96..127 and -128..-97.
// JSON uses the AR4SI names ("instance-identity", ...) and the status names ("affirming", ...)
// exactly as an EAR token embeds them.

#include <array>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::policy {

enum class Ar4siComponent : std::uint8_t {
  kInstanceIdentity,
  kConfiguration,
  kExecutables,
  kFileSystem,
  kHardware,
  kRuntimeOpaque,
  kStorageOpaque,
  kSourcedData,
};

inline constexpr std::array<Ar4siComponent, 8> kAr4siComponents = {
    Ar4siComponent::kInstanceIdentity, Ar4siComponent::kConfiguration,
    Ar4siComponent::kExecutables,      Ar4siComponent::kFileSystem,
    Ar4siComponent::kHardware,         Ar4siComponent::kRuntimeOpaque,
    Ar4siComponent::kStorageOpaque,    Ar4siComponent::kSourcedData};

std::string_view Ar4siComponentName(Ar4siComponent component);
std::optional<Ar4siComponent> Ar4siComponentFromName(std::string_view name);
// "instance-identity, configuration, ..." for error messages.
std::string Ar4siComponentNames();

// Tiers in increasing severity; the enumerator order is the aggregation order.
enum class ArStatus : std::uint8_t { kNone, kAffirming, kWarning, kContraindicated };

std::string_view ArStatusName(ArStatus status);
Result<ArStatus> ArStatusFromName(std::string_view name);
ArStatus TierOf(std::int8_t value);
// A JSON integer in -128..127 (signed or unsigned representation); nullopt for anything else.
std::optional<std::int8_t> Ar4siValueFromJson(const nlohmann::json& value);

class TrustVector {
 public:
  std::int8_t Get(Ar4siComponent component) const { return values_[Index(component)]; }
  void Set(Ar4siComponent component, std::int8_t value) { values_[Index(component)] = value; }
  // Aggregation: `value` replaces the current value only when its tier is more severe, so the
  // first value set in the most severe tier wins.
  void Raise(Ar4siComponent component, std::int8_t value);
  // contraindicated if any component is, else warning if any is, else affirming if any is, else
  // none.
  ArStatus Status() const;

  bool operator==(const TrustVector&) const = default;

 private:
  static std::size_t Index(Ar4siComponent component) { return static_cast<std::size_t>(component); }
  std::array<std::int8_t, kAr4siComponents.size()> values_{};
};

// {"instance-identity": 0, "configuration": 2, ...}: all eight components, in AR4SI order.
nlohmann::json TrustVectorToJson(const TrustVector& vector);
// Accepts an object of known component names with integers in -128..127; absent components are 0.
Result<TrustVector> TrustVectorFromJson(const nlohmann::json& json);

nlohmann::json ArStatusToJson(ArStatus status);
Result<ArStatus> ArStatusFromJson(const nlohmann::json& json);

}  // namespace veil::policy
