#pragma once
// Test helpers over the real Intel DCAP fixtures (shared/fixtures/tdx, sgx, certs/intel).

#include <string_view>
#include <vector>

#include "veil/base/clock.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/crl.h"

namespace veil::endorsement::intel::testing {

// The PEM PCK chain (leaf, PCK CA, root) of a quote fixture: the quote parser is not used here,
// the PEM text is cut out of the certification data by its markers.
std::vector<crypto::Certificate> PckChainOfQuote(std::string_view quote_fixture);
// The PEM text itself, from the first BEGIN line to the last END line.
std::string PckChainPemOfQuote(std::string_view quote_fixture);
std::vector<crypto::Certificate> PemChainFixture(std::string_view fixture);
crypto::Crl CrlFixture(std::string_view fixture);
std::string TextFixture(std::string_view fixture);
TimePoint At(std::string_view rfc3339);

}  // namespace veil::endorsement::intel::testing
