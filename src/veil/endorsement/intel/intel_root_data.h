#pragma once
// The Intel SGX Root CA PEM compiled into the binary (internal to endorsement/intel).

#include <string_view>

namespace veil::endorsement::intel {

std::string_view EmbeddedRootPem();

}  // namespace veil::endorsement::intel
