#pragma once
// subjectAltName GeneralNames <-> SubjectAltName, for certificates and certificate requests.
// Internal to crypto/.

#include <openssl/x509v3.h>

#include <memory>
#include <span>
#include <vector>

#include "veil/base/result.h"
#include "veil/crypto/ossl_ptr.h"
#include "veil/crypto/subject_alt_name.h"

namespace veil::crypto {

using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OsslDeleter<&GENERAL_NAMES_free>>;

// Every name in order. kInvalidArgument for a name of another type (named: "IP address
// 10.0.0.1", "email address a@b", ...) and for a DNS name or URI ValidateSubjectAltName refuses.
Result<std::vector<SubjectAltName>> FromGeneralNames(const GENERAL_NAMES& names);

// kInvalidArgument for an empty list, a name ValidateSubjectAltName refuses or a name listed
// twice.
Result<GeneralNamesPtr> ToGeneralNames(std::span<const SubjectAltName> names);

}  // namespace veil::crypto
