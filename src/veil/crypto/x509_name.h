#pragma once
// An X.509 Name as one-line RFC 2253 text (for messages). Internal to crypto/.

#include <openssl/x509.h>

#include <string>

namespace veil::crypto {

std::string X509NameToString(const X509_NAME* name);

}  // namespace veil::crypto
