#include "veil/policy/trust_vector.h"

#include <algorithm>
#include <limits>

namespace veil::policy {
namespace {

constexpr std::array<std::string_view, kAr4siComponents.size()> kComponentNames = {
    "instance-identity", "configuration",  "executables",    "file-system",
    "hardware",          "runtime-opaque", "storage-opaque", "sourced-data"};

constexpr std::array<std::string_view, 4> kStatusNames = {"none", "affirming", "warning",
                                                          "contraindicated"};

Error PolicyError(std::string message) {
  return Error{ErrorCode::kInvalidArgument, std::move(message), "policy"};
}

}  // namespace

std::optional<std::int8_t> Ar4siValueFromJson(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    const auto number = value.get<std::uint64_t>();
    if (number > 127u) return std::nullopt;
    return static_cast<std::int8_t>(number);
  }
  if (!value.is_number_integer()) return std::nullopt;
  const auto number = value.get<std::int64_t>();
  if (number < std::numeric_limits<std::int8_t>::min() ||
      number > std::numeric_limits<std::int8_t>::max()) {
    return std::nullopt;
  }
  return static_cast<std::int8_t>(number);
}

std::string_view Ar4siComponentName(Ar4siComponent component) {
  return kComponentNames[static_cast<std::size_t>(component)];
}

std::optional<Ar4siComponent> Ar4siComponentFromName(std::string_view name) {
  for (Ar4siComponent component : kAr4siComponents) {
    if (Ar4siComponentName(component) == name) return component;
  }
  return std::nullopt;
}

std::string Ar4siComponentNames() {
  std::string names;
  for (std::string_view name : kComponentNames) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return names;
}

std::string_view ArStatusName(ArStatus status) {
  return kStatusNames[static_cast<std::size_t>(status)];
}

Result<ArStatus> ArStatusFromName(std::string_view name) {
  for (std::size_t i = 0; i < kStatusNames.size(); ++i) {
    if (kStatusNames[i] == name) return static_cast<ArStatus>(i);
  }
  return Fail(
      PolicyError("expected an AR status (none, affirming, warning, contraindicated), found \"" +
                  std::string(name) + "\""));
}

ArStatus TierOf(std::int8_t value) {
  const int magnitude = value < 0 ? -value - 1 : value;  // folds -32..-2 onto 31..1, -128 onto 127
  if (value >= -1 && value <= 1) return ArStatus::kNone;
  if (magnitude <= 31) return ArStatus::kAffirming;
  if (magnitude <= 95) return ArStatus::kWarning;
  return ArStatus::kContraindicated;
}

void TrustVector::Raise(Ar4siComponent component, std::int8_t value) {
  if (TierOf(value) > TierOf(Get(component))) Set(component, value);
}

ArStatus TrustVector::Status() const {
  ArStatus status = ArStatus::kNone;
  for (std::int8_t value : values_) status = std::max(status, TierOf(value));
  return status;
}

nlohmann::json TrustVectorToJson(const TrustVector& vector) {
  nlohmann::json json = nlohmann::json::object();
  for (Ar4siComponent component : kAr4siComponents) {
    json[std::string(Ar4siComponentName(component))] = vector.Get(component);
  }
  return json;
}

Result<TrustVector> TrustVectorFromJson(const nlohmann::json& json) {
  if (!json.is_object())
    return Fail(
        PolicyError("trust vector: expected an object, found " + std::string(json.type_name())));
  TrustVector vector;
  for (const auto& [name, value] : json.items()) {
    const std::optional<Ar4siComponent> component = Ar4siComponentFromName(name);
    if (!component) {
      return Fail(PolicyError("trust vector: unknown AR4SI component \"" + name +
                              "\"; expected one of " + Ar4siComponentNames()));
    }
    const std::optional<std::int8_t> number = Ar4siValueFromJson(value);
    if (!number) {
      return Fail(
          PolicyError("trust vector: " + name + ": expected an integer in -128..127, found " +
                      value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace)));
    }
    vector.Set(*component, *number);
  }
  return vector;
}

nlohmann::json ArStatusToJson(ArStatus status) { return std::string(ArStatusName(status)); }

Result<ArStatus> ArStatusFromJson(const nlohmann::json& json) {
  if (!json.is_string())
    return Fail(
        PolicyError("expected an AR status string, found " + std::string(json.type_name())));
  return ArStatusFromName(json.get_ref<const std::string&>());
}

}  // namespace veil::policy
