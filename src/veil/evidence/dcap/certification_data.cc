#include "veil/evidence/dcap/certification_data.h"

#include <string>

namespace veil::evidence::dcap {
namespace {

std::string TypeName(std::uint16_t type) {
  if (type == kCertificationPckChain) return "PCK certificate chain";
  if (type == kCertificationQeReport) return "QE report certification data";
  return "unknown";
}

}  // namespace

Result<CertificationData> ReadCertificationData(ByteReader& reader, std::uint16_t expected_type,
                                                std::string_view what) {
  const std::string name(what);
  CertificationData certification;
  VEIL_ASSIGN_OR_RETURN(certification.type, reader.U16Le(name + " type"));
  if (certification.type != expected_type) {
    return Fail(Unsupported(name + " type " + std::to_string(certification.type) +
                            " is not supported (expected " + std::to_string(expected_type) + ", " +
                            TypeName(expected_type) + ")"));
  }
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t size, reader.U32Le(name + " size"));
  if (size > reader.remaining()) {
    return Fail(Malformed(name + " size " + std::to_string(size) + " runs past its container: " +
                          std::to_string(reader.remaining()) + " bytes remain"));
  }
  VEIL_ASSIGN_OR_RETURN(certification.data, reader.Bytes(size, name));
  return certification;
}

}  // namespace veil::evidence::dcap
