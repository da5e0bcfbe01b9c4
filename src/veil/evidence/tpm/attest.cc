#include "veil/evidence/tpm/attest.h"

#include <string>

#include "veil/base/byte_reader.h"
#include "veil/evidence/tpm/marshal.h"

namespace veil::evidence::tpm {
namespace {

// TPM_GENERATED magic and TPMI_ST_ATTEST type: only quotes are accepted.
Status ReadHeader(ByteReader& reader) {
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t magic, reader.U32Be("TPMS_ATTEST.magic"));
  if (magic != kTpmGeneratedValue) {
    return Fail(Malformed("TPMS_ATTEST.magic: expected " + Hex32(kTpmGeneratedValue) +
                          " (TPM_GENERATED_VALUE), got " + Hex32(magic)));
  }
  VEIL_ASSIGN_OR_RETURN(const std::uint16_t type, reader.U16Be("TPMS_ATTEST.type"));
  if (type != kStAttestQuote) {
    return Fail(Unsupported("TPMS_ATTEST.type: expected " + Hex16(kStAttestQuote) +
                            " (TPM_ST_ATTEST_QUOTE), got " + Hex16(type)));
  }
  return {};
}

// TPMS_CLOCK_INFO (Part 2, 10.11.1): clock u64, resetCount u32, restartCount u32, safe TPMI_YES_NO.
Result<ClockInfo> ReadClockInfo(ByteReader& reader) {
  ClockInfo info;
  VEIL_ASSIGN_OR_RETURN(info.clock, reader.U64Be("TPMS_CLOCK_INFO.clock"));
  VEIL_ASSIGN_OR_RETURN(info.reset_count, reader.U32Be("TPMS_CLOCK_INFO.resetCount"));
  VEIL_ASSIGN_OR_RETURN(info.restart_count, reader.U32Be("TPMS_CLOCK_INFO.restartCount"));
  VEIL_ASSIGN_OR_RETURN(const std::uint8_t safe, reader.U8("TPMS_CLOCK_INFO.safe"));
  if (safe > 1) {
    return Fail(Malformed("TPMS_CLOCK_INFO.safe: expected 0 or 1 (TPMI_YES_NO), got " +
                          std::to_string(safe)));
  }
  info.safe = safe == 1;
  return info;
}

}  // namespace

Result<QuoteAttest> ParseQuoteAttest(ByteSpan bytes) {
  ByteReader reader(bytes);
  QuoteAttest quote;
  VEIL_TRY(ReadHeader(reader));
  // TPM2B_NAME (10.5.3) holds a TPMT_HA or a handle; TPM2B_DATA (10.4.3) at most a TPMT_HA.
  VEIL_ASSIGN_OR_RETURN(const ByteSpan signer,
                        ReadSized(reader, kMaxHaSize, "TPMS_ATTEST.qualifiedSigner"));
  VEIL_ASSIGN_OR_RETURN(const ByteSpan extra_data,
                        ReadSized(reader, kMaxHaSize, "TPMS_ATTEST.extraData"));
  quote.qualified_signer = ToBytes(signer);
  quote.extra_data = ToBytes(extra_data);
  VEIL_ASSIGN_OR_RETURN(quote.clock_info, ReadClockInfo(reader));
  VEIL_ASSIGN_OR_RETURN(quote.firmware_version, reader.U64Be("TPMS_ATTEST.firmwareVersion"));
  // TPMS_QUOTE_INFO (10.12.4): pcrSelect TPML_PCR_SELECTION, pcrDigest TPM2B_DIGEST (10.4.2).
  VEIL_ASSIGN_OR_RETURN(quote.pcr_select, ReadPcrSelection(reader, "TPMS_QUOTE_INFO.pcrSelect"));
  VEIL_ASSIGN_OR_RETURN(const ByteSpan digest,
                        ReadSized(reader, kMaxDigestSize, "TPMS_QUOTE_INFO.pcrDigest"));
  quote.pcr_digest = ToBytes(digest);
  VEIL_TRY(reader.ExpectEnd("TPMS_ATTEST"));
  return quote;
}

}  // namespace veil::evidence::tpm
