#pragma once
// ASN1_TIME (certificate validity, CRL update times) as a TimePoint. Internal to crypto/.

#include <openssl/asn1.h>

#include "veil/base/clock.h"

namespace veil::crypto {

// `time` must be a value OpenSSL parsed (its encoding was validated then).
TimePoint Asn1TimeToTimePoint(const ASN1_TIME* time);

}  // namespace veil::crypto
