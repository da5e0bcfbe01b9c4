#pragma once
// PEM text of DER objects (RFC 7468): "-----BEGIN <label>-----", base64 in 64-column lines.

#include <string>
#include <string_view>

#include "veil/base/bytes.h"

namespace veil::workload_ca {

std::string PemBlock(std::string_view label, ByteSpan der);  // label: "CERTIFICATE", "X509 CRL"

}  // namespace veil::workload_ca
