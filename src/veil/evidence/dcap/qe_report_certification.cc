#include "veil/evidence/dcap/qe_report_certification.h"

#include <algorithm>

#include "veil/evidence/dcap/certification_data.h"

namespace veil::evidence::dcap {

Result<QeReportCertification> ReadQeReportCertification(ByteReader& reader,
                                                        std::string_view chain_name) {
  QeReportCertification out;
  // Keep the raw QE report: its signature is over these bytes, not over a re-encoding. Offsets in
  // messages about its fields are from the start of the QE report.
  VEIL_ASSIGN_OR_RETURN(const ByteSpan qe_report, reader.Bytes(kSgxReportBodySize, "QE report"));
  std::copy(qe_report.begin(), qe_report.end(), out.qe_report_bytes.begin());
  ByteReader qe_reader(qe_report);
  VEIL_ASSIGN_OR_RETURN(out.qe_report, ReadSgxReportBody(qe_reader, "QE report"));

  VEIL_ASSIGN_OR_RETURN(out.qe_report_signature, reader.Array<64>("QE report signature"));
  VEIL_ASSIGN_OR_RETURN(const std::uint16_t auth_size, reader.U16Le("QE auth data size"));
  VEIL_ASSIGN_OR_RETURN(const ByteSpan auth_data, reader.Bytes(auth_size, "QE auth data"));
  out.qe_auth_data = ToBytes(auth_data);

  VEIL_ASSIGN_OR_RETURN(const CertificationData chain,
                        ReadCertificationData(reader, kCertificationPckChain, chain_name));
  out.pck_chain_pem.assign(chain.data.begin(), chain.data.end());
  return out;
}

}  // namespace veil::evidence::dcap
