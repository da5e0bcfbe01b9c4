#include "veil/crypto/asn1_time.h"

#include <ctime>

#include "veil/base/result.h"

namespace veil::crypto {

TimePoint Asn1TimeToTimePoint(const ASN1_TIME* time) {
  std::tm parts{};
  VEIL_CHECK(ASN1_TIME_to_tm(time, &parts) == 1);  // OpenSSL validated the encoding when parsing
  return std::chrono::system_clock::from_time_t(timegm(&parts));
}

}  // namespace veil::crypto
