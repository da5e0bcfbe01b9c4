#include "veil/evidence/dcap/ecdsa_signature_data.h"

#include <string>

#include "veil/evidence/dcap/certification_data.h"

namespace veil::evidence::dcap {
namespace {

// Quote v4/v5: certification data type 6 holds the QE report certification fields and nothing
// else, so its size must end exactly where the nested PCK chain does.
Result<QeReportCertification> ReadNested(ByteReader& reader) {
  VEIL_ASSIGN_OR_RETURN(
      const CertificationData outer,
      ReadCertificationData(reader, kCertificationQeReport, "certification data"));
  ByteReader inner(outer.data);
  VEIL_ASSIGN_OR_RETURN(QeReportCertification certification,
                        ReadQeReportCertification(inner, "nested certification data"));
  VEIL_TRY(inner.ExpectEnd("the PCK chain inside certification data type 6"));
  return certification;
}

}  // namespace

Result<EcdsaSignatureData> ReadEcdsaSignatureData(ByteReader& reader, CertificationLayout layout) {
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t size, reader.U32Le("signature data size"));
  if (size > reader.remaining()) {
    return Fail(Malformed("signature data size " + std::to_string(size) +
                          " runs past the end of the quote: " + std::to_string(reader.remaining()) +
                          " bytes remain"));
  }
  VEIL_ASSIGN_OR_RETURN(const ByteSpan bytes, reader.Bytes(size, "signature data"));
  ByteReader data(bytes);
  EcdsaSignatureData out;
  VEIL_ASSIGN_OR_RETURN(out.quote_signature, data.Array<64>("quote signature"));
  VEIL_ASSIGN_OR_RETURN(out.attestation_key, data.Array<64>("attestation key"));
  if (layout == CertificationLayout::kNested) {
    VEIL_ASSIGN_OR_RETURN(out.qe_certification, ReadNested(data));
  } else {
    VEIL_ASSIGN_OR_RETURN(out.qe_certification,
                          ReadQeReportCertification(data, "certification data"));
  }
  VEIL_TRY(data.ExpectEnd("the certification data, inside the signature data"));
  return out;
}

}  // namespace veil::evidence::dcap
