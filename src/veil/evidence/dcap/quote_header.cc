#include "veil/evidence/dcap/quote_header.h"

#include <algorithm>
#include <cstdio>

namespace veil::evidence::dcap {
namespace {

std::string Hex32(std::uint32_t value) {
  char text[11];
  std::snprintf(text, sizeof text, "0x%08x", value);
  return text;
}

std::string Alternatives(std::initializer_list<std::uint16_t> versions) {
  std::string text;
  for (std::uint16_t version : versions) {
    if (!text.empty()) text += " or ";
    text += std::to_string(version);
  }
  return text;
}

}  // namespace

std::string TeeTypeName(std::uint32_t tee_type) {
  if (tee_type == kTeeTypeTdx) return "TDX";
  if (tee_type == kTeeTypeSgx) return "SGX";
  return Hex32(tee_type);
}

Result<QuoteHeader> ReadQuoteHeader(ByteReader& reader,
                                    std::initializer_list<std::uint16_t> versions,
                                    std::uint32_t tee_type) {
  QuoteHeader header;
  VEIL_ASSIGN_OR_RETURN(header.version, reader.U16Le("quote header version"));
  if (std::find(versions.begin(), versions.end(), header.version) == versions.end()) {
    return Fail(Unsupported("quote version " + std::to_string(header.version) +
                            " is not supported (expected " + Alternatives(versions) + ")"));
  }
  VEIL_ASSIGN_OR_RETURN(header.attestation_key_type,
                        reader.U16Le("quote header attestation key type"));
  VEIL_ASSIGN_OR_RETURN(header.tee_type, reader.U32Le("quote header TEE type"));
  if (header.tee_type != tee_type) {
    return Fail(Malformed("TEE type " + Hex32(header.tee_type) + " does not match quote version " +
                          std::to_string(header.version) + " (expected " + Hex32(tee_type) + ", " +
                          TeeTypeName(tee_type) + ")"));
  }
  if (header.attestation_key_type != kAttestationKeyEcdsaP256) {
    return Fail(Unsupported("attestation key type " + std::to_string(header.attestation_key_type) +
                            " is not supported (expected 2, ECDSA-256-with-P-256)"));
  }
  VEIL_ASSIGN_OR_RETURN(header.qe_svn, reader.U16Le("quote header QE SVN"));
  VEIL_ASSIGN_OR_RETURN(header.pce_svn, reader.U16Le("quote header PCE SVN"));
  VEIL_ASSIGN_OR_RETURN(header.qe_vendor_id, reader.Array<16>("quote header QE vendor ID"));
  VEIL_ASSIGN_OR_RETURN(header.user_data, reader.Array<20>("quote header user data"));
  return header;
}

}  // namespace veil::evidence::dcap
