#pragma once
// Two standard certificate extensions that OpenSSL decodes and verifiers read as data: the
// extended key usages (RFC 5280 4.2.1.12) and the directoryName entries of the subject
// alternative name (4.2.1.6), where TPM endorsement certificates carry the TPM's manufacturer,
// model and version (TCG EK Credential Profile 2.0, 3.2.9).

#include <string>
#include <vector>

#include "veil/base/result.h"
#include "veil/crypto/certificate.h"

namespace veil::crypto {

// One attribute of an X.501 Name: its type as a dotted OID and its value as UTF-8 text.
struct NameAttribute {
  std::string oid;
  std::string value;
};

// The extended key usage OIDs (dotted), in certificate order; empty when the extension is absent.
// kMalformed when it is present but does not decode, or occurs twice.
Result<std::vector<std::string>> ExtendedKeyUsages(const Certificate& cert);

// Every attribute of every directoryName in the subject alternative name, in certificate order
// (other name forms are skipped); empty when the extension is absent. kMalformed when it is
// present but does not decode, occurs twice, or holds a value that is not text.
Result<std::vector<NameAttribute>> SubjectAltDirectoryAttributes(const Certificate& cert);

}  // namespace veil::crypto
