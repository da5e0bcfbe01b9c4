#include "veil/endorsement/tpm/tcg_ek_profile.h"

#include <algorithm>
#include <cctype>

#include "veil/base/hex.h"
#include "veil/crypto/certificate_names.h"

namespace veil::endorsement::tpm {
namespace {

// "id:474F4F47" -> "GOOG" when the four bytes are printable ASCII or trailing NULs.
std::string VendorAscii(std::string_view manufacturer) {
  if (!manufacturer.starts_with("id:") || manufacturer.size() != 11) return {};
  auto bytes = HexDecode(manufacturer.substr(3));
  if (!bytes) return {};
  std::string text;
  for (const std::uint8_t byte : *bytes) {
    if (byte == 0) continue;
    if (std::isprint(byte) == 0) return {};
    text.push_back(static_cast<char>(byte));
  }
  // Vendor IDs pad with spaces ("STM ") or NULs ("IFX\0").
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

Status Assign(std::string& field, const crypto::NameAttribute& attribute) {
  if (!field.empty()) {
    return Fail(Malformed("EK certificate: subject alternative name repeats " + attribute.oid));
  }
  field = attribute.value;
  return {};
}

}  // namespace

Result<std::optional<TpmIdentity>> ReadTpmIdentity(const crypto::Certificate& cert) {
  VEIL_ASSIGN_OR_RETURN(const std::vector<crypto::NameAttribute> attributes,
                        crypto::SubjectAltDirectoryAttributes(cert));
  TpmIdentity identity;
  for (const crypto::NameAttribute& attribute : attributes) {
    if (attribute.oid == kOidTpmManufacturer) VEIL_TRY(Assign(identity.manufacturer, attribute));
    if (attribute.oid == kOidTpmModel) VEIL_TRY(Assign(identity.model, attribute));
    if (attribute.oid == kOidTpmVersion) VEIL_TRY(Assign(identity.version, attribute));
  }
  if (identity.manufacturer.empty()) return std::optional<TpmIdentity>();
  identity.manufacturer_ascii = VendorAscii(identity.manufacturer);
  return std::optional<TpmIdentity>(std::move(identity));
}

Result<bool> HasEkCertificateUsage(const crypto::Certificate& cert) {
  VEIL_ASSIGN_OR_RETURN(const std::vector<std::string> usages, crypto::ExtendedKeyUsages(cert));
  return std::find(usages.begin(), usages.end(), kOidEkCertificateUsage) != usages.end();
}

}  // namespace veil::endorsement::tpm
