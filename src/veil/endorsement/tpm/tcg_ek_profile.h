#pragma once
// The TPM-specific fields of a TCG endorsement key certificate (TCG EK Credential Profile for TPM
// Family 2.0, 3.2): the subject alternative name's directoryName with the TPM manufacturer
// (2.23.133.2.1), model (2.23.133.2.2) and firmware version (2.23.133.2.3), and the extended key
// usage tcg-kp-EKCertificate (2.23.133.8.1). Google's vTPM AK certificates carry the same fields.

#include <optional>
#include <string>
#include <string_view>

#include "veil/base/result.h"
#include "veil/crypto/certificate.h"

namespace veil::endorsement::tpm {

inline constexpr std::string_view kOidTpmManufacturer = "2.23.133.2.1";
inline constexpr std::string_view kOidTpmModel = "2.23.133.2.2";
inline constexpr std::string_view kOidTpmVersion = "2.23.133.2.3";
inline constexpr std::string_view kOidEkCertificateUsage = "2.23.133.8.1";

struct TpmIdentity {
  std::string manufacturer;  // as certified: "id:" + 8 hex digits of the TCG vendor ID
  std::string model;         // "swtpm", "vTPM", ...
  std::string version;       // "id:" + 8 hex digits of the firmware version
  // The vendor ID's four bytes as text when they are printable ASCII, NULs dropped
  // ("id:474F4F47" -> "GOOG", "id:49465800" -> "IFX"); empty otherwise (swtpm: "id:00001014").
  std::string manufacturer_ascii;
};

// The TPM fields of the subject alternative name; nullopt when no directoryName carries a
// manufacturer. kMalformed when the extension does not decode or a field occurs twice.
Result<std::optional<TpmIdentity>> ReadTpmIdentity(const crypto::Certificate& cert);

// Whether the extended key usage lists tcg-kp-EKCertificate. kMalformed when it does not decode.
Result<bool> HasEkCertificateUsage(const crypto::Certificate& cert);

}  // namespace veil::endorsement::tpm
