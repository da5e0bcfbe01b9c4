#include "veil/evidence/snp/report.h"

#include <algorithm>
#include <string>

#include "veil/base/byte_reader.h"

namespace veil::evidence::snp {
namespace {

template <std::size_t N>
Status ReadArray(ByteReader& reader, std::array<std::uint8_t, N>& out, std::string_view field) {
  VEIL_ASSIGN_OR_RETURN(ByteSpan bytes, reader.Bytes(N, field));
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return {};
}

Status CheckVersion(std::uint32_t version) {
  if (version >= kOldestReportVersion && version <= kNewestReportVersion) return {};
  return Fail(Unsupported("report version " + std::to_string(version) +
                          " is not supported (expected 2 to 5)"));
}

// 0x048: AUTHOR_KEY_EN (bit 0), MASK_CHIP_KEY (bit 1), SIGNING_KEY (bits 4:2), reserved 31:5.
Status DecodeKeyInfo(std::uint32_t raw, Report& report) {
  if ((raw >> 5) != 0)
    return Fail(Malformed("reserved bits 31:5 of the key info at 0x048 must be zero"));
  report.author_key_en = (raw & 1u) != 0;
  report.mask_chip_key = (raw & 2u) != 0;
  const std::uint32_t signing_key = (raw >> 2) & 7u;
  if (signing_key != 0 && signing_key != 1 && signing_key != 7) {
    return Fail(Malformed("SIGNING_KEY " + std::to_string(signing_key) +
                          " is not VCEK (0), VLEK (1) or none (7)"));
  }
  report.signing_key = static_cast<SigningKey>(signing_key);
  return {};
}

Result<FirmwareVersion> ReadFirmwareVersion(ByteReader& reader, std::string_view field) {
  FirmwareVersion version;
  VEIL_ASSIGN_OR_RETURN(version.build, reader.U8(field));
  VEIL_ASSIGN_OR_RETURN(version.minor, reader.U8(field));
  VEIL_ASSIGN_OR_RETURN(version.major, reader.U8(field));
  VEIL_TRY(reader.SkipZeros(1, "reserved byte after " + std::string(field)));
  return version;
}

Status ParseBody(ByteReader& reader, Report& report) {
  VEIL_ASSIGN_OR_RETURN(report.version, reader.U32Le("VERSION"));
  VEIL_TRY(CheckVersion(report.version));
  VEIL_ASSIGN_OR_RETURN(report.guest_svn, reader.U32Le("GUEST_SVN"));
  VEIL_ASSIGN_OR_RETURN(report.policy, reader.U64Le("POLICY"));
  VEIL_TRY(ReadArray(reader, report.family_id, "FAMILY_ID"));
  VEIL_TRY(ReadArray(reader, report.image_id, "IMAGE_ID"));
  VEIL_ASSIGN_OR_RETURN(report.vmpl, reader.U32Le("VMPL"));
  VEIL_ASSIGN_OR_RETURN(report.signature_algo, reader.U32Le("SIGNATURE_ALGO"));
  VEIL_ASSIGN_OR_RETURN(report.current_tcb, reader.U64Le("CURRENT_TCB"));
  VEIL_ASSIGN_OR_RETURN(report.platform_info, reader.U64Le("PLATFORM_INFO"));
  VEIL_ASSIGN_OR_RETURN(std::uint32_t key_info, reader.U32Le("key info"));
  VEIL_TRY(DecodeKeyInfo(key_info, report));
  VEIL_TRY(reader.SkipZeros(4, "RESERVED at 0x04C"));
  VEIL_TRY(ReadArray(reader, report.report_data, "REPORT_DATA"));
  VEIL_TRY(ReadArray(reader, report.measurement, "MEASUREMENT"));
  VEIL_TRY(ReadArray(reader, report.host_data, "HOST_DATA"));
  VEIL_TRY(ReadArray(reader, report.id_key_digest, "ID_KEY_DIGEST"));
  VEIL_TRY(ReadArray(reader, report.author_key_digest, "AUTHOR_KEY_DIGEST"));
  VEIL_TRY(ReadArray(reader, report.report_id, "REPORT_ID"));
  VEIL_TRY(ReadArray(reader, report.report_id_ma, "REPORT_ID_MA"));
  VEIL_ASSIGN_OR_RETURN(report.reported_tcb, reader.U64Le("REPORTED_TCB"));
  if (report.version >= kCpuidSinceVersion) {
    Cpuid cpuid;
    VEIL_ASSIGN_OR_RETURN(cpuid.family, reader.U8("CPUID_FAM_ID"));
    VEIL_ASSIGN_OR_RETURN(cpuid.model, reader.U8("CPUID_MOD_ID"));
    VEIL_ASSIGN_OR_RETURN(cpuid.stepping, reader.U8("CPUID_STEP"));
    report.cpuid = cpuid;
    VEIL_TRY(reader.SkipZeros(0x1A0 - 0x18B, "RESERVED at 0x18B"));
  } else {
    VEIL_TRY(reader.SkipZeros(0x1A0 - 0x188, "RESERVED at 0x188"));
  }
  VEIL_TRY(ReadArray(reader, report.chip_id, "CHIP_ID"));
  VEIL_ASSIGN_OR_RETURN(report.committed_tcb, reader.U64Le("COMMITTED_TCB"));
  VEIL_ASSIGN_OR_RETURN(report.current_version, ReadFirmwareVersion(reader, "CURRENT_VERSION"));
  VEIL_ASSIGN_OR_RETURN(report.committed_version, ReadFirmwareVersion(reader, "COMMITTED_VERSION"));
  VEIL_ASSIGN_OR_RETURN(report.launch_tcb, reader.U64Le("LAUNCH_TCB"));
  if (report.version >= kMitigationVectorSinceVersion) {
    VEIL_ASSIGN_OR_RETURN(report.launch_mit_vector, reader.U64Le("LAUNCH_MIT_VECTOR"));
    VEIL_ASSIGN_OR_RETURN(report.current_mit_vector, reader.U64Le("CURRENT_MIT_VECTOR"));
    VEIL_TRY(reader.SkipZeros(kSignedSize - 0x208, "RESERVED at 0x208"));
  } else {
    VEIL_TRY(reader.SkipZeros(kSignedSize - 0x1F8, "RESERVED at 0x1F8"));
  }
  VEIL_TRY(ReadArray(reader, report.signature_r, "SIGNATURE.R"));
  VEIL_TRY(ReadArray(reader, report.signature_s, "SIGNATURE.S"));
  VEIL_TRY(reader.SkipZeros(kReportSize - 0x330, "SIGNATURE reserved at 0x330"));
  return reader.ExpectEnd("ATTESTATION_REPORT");
}

}  // namespace

Result<Report> ParseReport(ByteSpan bytes) {
  if (bytes.size() != kReportSize) {
    return Fail(Error{ErrorCode::kMalformed,
                      "ATTESTATION_REPORT must be " + std::to_string(kReportSize) + " bytes, got " +
                          std::to_string(bytes.size()),
                      "snp"});
  }
  Report report;
  ByteReader reader(bytes);
  if (auto parsed = ParseBody(reader, report); !parsed)
    return Fail(std::move(parsed).error().WithContext("snp"));
  return report;
}

}  // namespace veil::evidence::snp
