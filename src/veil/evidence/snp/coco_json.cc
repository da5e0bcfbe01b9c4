#include "veil/evidence/snp/coco_json.h"

#include "veil/evidence/snp/product.h"
#include "veil/evidence/snp/report.h"

namespace veil::evidence::snp {
namespace {

using nlohmann::json;

// A JSON parser types positive numbers as unsigned, a program building the document may not.
bool IsNonNegativeInteger(const json& value) {
  return value.is_number_unsigned() ||
         (value.is_number_integer() && value.get<std::int64_t>() >= 0);
}

Error CocoError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "snp"};
}

// Serializes fields into a zeroed report buffer at their ABI offsets (little-endian).
class ReportWriter {
 public:
  explicit ReportWriter(const json& fields) : fields_(fields), bytes_(kReportSize, 0) {}

  Status Integer(std::string_view name, std::size_t offset, std::size_t width) {
    VEIL_ASSIGN_OR_RETURN(const json* value, Field(name));
    return PutInteger(*value, name, offset, width);
  }

  Status Array(std::string_view name, std::size_t offset, std::size_t size) {
    VEIL_ASSIGN_OR_RETURN(const json* value, Field(name));
    return PutArray(*value, name, offset, size);
  }

  // TCB_VERSION objects {"fmc", "bootloader", "tee", "snp", "microcode"}: a non-null fmc means
  // the Turin layout, as virtee/sev serializes it.
  Status Tcb(std::string_view name, std::size_t offset) {
    VEIL_ASSIGN_OR_RETURN(const json* tcb, Field(name));
    if (!tcb->is_object()) return Fail(CocoError(std::string(name) + " must be an object"));
    const bool turin = tcb->contains("fmc") && !(*tcb)["fmc"].is_null();
    using Layout = std::span<const std::pair<const char*, std::size_t>>;
    static constexpr std::pair<const char*, std::size_t> kMilan[] = {
        {"bootloader", 0}, {"tee", 1}, {"snp", 6}, {"microcode", 7}};
    static constexpr std::pair<const char*, std::size_t> kTurin[] = {
        {"fmc", 0}, {"bootloader", 1}, {"tee", 2}, {"snp", 3}, {"microcode", 7}};
    for (const auto& [component, index] : turin ? Layout(kTurin) : Layout(kMilan)) {
      if (!tcb->contains(component))
        return Fail(CocoError(std::string(name) + "." + component + " is missing"));
      VEIL_TRY(
          PutInteger((*tcb)[component], std::string(name) + "." + component, offset + index, 1));
    }
    return {};
  }

  Status Version(std::string_view name, std::size_t offset) {
    VEIL_ASSIGN_OR_RETURN(const json* version, Field(name));
    if (!version->is_object()) return Fail(CocoError(std::string(name) + " must be an object"));
    const std::pair<const char*, std::size_t> parts[] = {{"build", 0}, {"minor", 1}, {"major", 2}};
    for (const auto& [part, index] : parts) {
      if (!version->contains(part))
        return Fail(CocoError(std::string(name) + "." + part + " is missing"));
      VEIL_TRY(PutInteger((*version)[part], std::string(name) + "." + part, offset + index, 1));
    }
    return {};
  }

  Status Signature(std::size_t offset) {
    VEIL_ASSIGN_OR_RETURN(const json* signature, Field("signature"));
    if (!signature->is_object() || !signature->contains("r") || !signature->contains("s")) {
      return Fail(CocoError("signature must be an object with r and s"));
    }
    VEIL_TRY(PutArray((*signature)["r"], "signature.r", offset, 72));
    return PutArray((*signature)["s"], "signature.s", offset + 72, 72);
  }

  // A field that only some report versions have. The sev crate (6.3 and later) writes it as null
  // when the version lacks it; older serialisations leave it out. A version that has the field
  // needs a number (absent is read as the zeros an older serialisation implies: the signature
  // then decides); a version that lacks it must not carry one.
  Status VersionedInteger(std::string_view name, std::size_t offset, std::size_t width,
                          std::uint32_t since_version) {
    const auto it = fields_.find(name);
    if (it == fields_.end()) return {};
    const bool version_has_field = report_version_ >= since_version;
    if (version_has_field && it->is_null()) {
      return Fail(CocoError(std::string(name) + " is null, but report version " +
                            std::to_string(report_version_) + " has it (since version " +
                            std::to_string(since_version) + ")"));
    }
    if (!version_has_field && !it->is_null()) {
      return Fail(CocoError(std::string(name) + " is set, but report version " +
                            std::to_string(report_version_) + " has no such field (added in " +
                            "version " + std::to_string(since_version) + "); expected null"));
    }
    return version_has_field ? PutInteger(*it, name, offset, width) : Status{};
  }

  Status ReportVersion() {
    VEIL_TRY(Integer("version", 0x000, 4));
    report_version_ = static_cast<std::uint32_t>((*fields_.find("version")).get<std::uint64_t>());
    return {};
  }

  Bytes Take() { return std::move(bytes_); }

 private:
  Result<const json*> Field(std::string_view name) const {
    const auto it = fields_.find(name);
    if (it == fields_.end())
      return Fail(CocoError("attestation_report." + std::string(name) + " is missing"));
    return &*it;
  }

  Status PutInteger(const json& value, std::string_view name, std::size_t offset,
                    std::size_t width) {
    if (!IsNonNegativeInteger(value))
      return Fail(CocoError(std::string(name) + " must be a non-negative integer"));
    const auto number = value.get<std::uint64_t>();
    if (width < 8 && number >> (8 * width) != 0) {
      return Fail(CocoError(std::string(name) + " = " + std::to_string(number) +
                            " does not fit in " + std::to_string(width) + " bytes"));
    }
    for (std::size_t i = 0; i < width; ++i)
      bytes_[offset + i] = static_cast<std::uint8_t>(number >> (8 * i));
    return {};
  }

  Status PutArray(const json& value, std::string_view name, std::size_t offset, std::size_t size) {
    if (!value.is_array() || value.size() != size) {
      return Fail(
          CocoError(std::string(name) + " must be an array of " + std::to_string(size) + " bytes"));
    }
    for (std::size_t i = 0; i < size; ++i) {
      const json& element = value[i];
      if (!IsNonNegativeInteger(element) || element.get<std::uint64_t>() > 0xff) {
        return Fail(CocoError(std::string(name) + "[" + std::to_string(i) + "] is not a byte"));
      }
      bytes_[offset + i] = static_cast<std::uint8_t>(element.get<std::uint64_t>());
    }
    return {};
  }

  const json& fields_;
  Bytes bytes_;
  std::uint32_t report_version_ = 0;
};

// Offsets: SEV-SNP ABI rev 1.58, "ATTESTATION_REPORT Structure" (see docs/formats/snp_report.md).
Result<Bytes> BuildReport(const json& fields) {
  if (!fields.is_object()) return Fail(CocoError("attestation_report must be an object"));
  ReportWriter w(fields);
  VEIL_TRY(w.ReportVersion());
  VEIL_TRY(w.Integer("guest_svn", 0x004, 4));
  VEIL_TRY(w.Integer("policy", 0x008, 8));
  VEIL_TRY(w.Array("family_id", 0x010, 16));
  VEIL_TRY(w.Array("image_id", 0x020, 16));
  VEIL_TRY(w.Integer("vmpl", 0x030, 4));
  VEIL_TRY(w.Integer("sig_algo", 0x034, 4));
  VEIL_TRY(w.Tcb("current_tcb", 0x038));
  VEIL_TRY(w.Integer("plat_info", 0x040, 8));
  VEIL_TRY(w.Integer("key_info", 0x048, 4));
  VEIL_TRY(w.Array("report_data", 0x050, 64));
  VEIL_TRY(w.Array("measurement", 0x090, 48));
  VEIL_TRY(w.Array("host_data", 0x0C0, 32));
  VEIL_TRY(w.Array("id_key_digest", 0x0E0, 48));
  VEIL_TRY(w.Array("author_key_digest", 0x110, 48));
  VEIL_TRY(w.Array("report_id", 0x140, 32));
  VEIL_TRY(w.Array("report_id_ma", 0x160, 32));
  VEIL_TRY(w.Tcb("reported_tcb", 0x180));
  VEIL_TRY(w.VersionedInteger("cpuid_fam_id", 0x188, 1, kCpuidSinceVersion));
  VEIL_TRY(w.VersionedInteger("cpuid_mod_id", 0x189, 1, kCpuidSinceVersion));
  VEIL_TRY(w.VersionedInteger("cpuid_step", 0x18A, 1, kCpuidSinceVersion));
  VEIL_TRY(w.Array("chip_id", 0x1A0, 64));
  VEIL_TRY(w.Tcb("committed_tcb", 0x1E0));
  VEIL_TRY(w.Version("current", 0x1E8));
  VEIL_TRY(w.Version("committed", 0x1EC));
  VEIL_TRY(w.Tcb("launch_tcb", 0x1F0));
  VEIL_TRY(w.VersionedInteger("launch_mit_vector", 0x1F8, 8, kMitigationVectorSinceVersion));
  VEIL_TRY(w.VersionedInteger("current_mit_vector", 0x200, 8, kMitigationVectorSinceVersion));
  VEIL_TRY(w.Signature(0x2A0));
  return w.Take();
}

Result<std::vector<CertTableEntry>> ParseCertChain(const json& chain) {
  std::vector<CertTableEntry> entries;
  if (chain.is_null()) return entries;
  if (!chain.is_array()) return Fail(CocoError("cert_chain must be an array or null"));
  for (const json& entry : chain) {
    if (!entry.is_object() || !entry.contains("cert_type") || !entry["cert_type"].is_string() ||
        !entry.contains("data") || !entry["data"].is_array()) {
      return Fail(
          CocoError("cert_chain entries must be {\"cert_type\": string, \"data\": [bytes]}"));
    }
    CertTableEntry parsed{entry["cert_type"].get<std::string>(), {}};
    parsed.der.reserve(entry["data"].size());
    for (const json& byte : entry["data"]) {
      if (!IsNonNegativeInteger(byte) || byte.get<std::uint64_t>() > 0xff) {
        return Fail(CocoError("cert_chain " + parsed.type + " data holds a non-byte value"));
      }
      parsed.der.push_back(static_cast<std::uint8_t>(byte.get<std::uint64_t>()));
    }
    entries.push_back(std::move(parsed));
  }
  return entries;
}

}  // namespace

Result<CocoSnpEvidence> ParseCocoSnpEvidence(const json& evidence) {
  if (!evidence.is_object() || !evidence.contains("attestation_report")) {
    return Fail(CocoError("SNP evidence must be an object with \"attestation_report\""));
  }
  CocoSnpEvidence out;
  VEIL_ASSIGN_OR_RETURN(out.report, BuildReport(evidence["attestation_report"]));
  VEIL_TRY(ParseReport(out.report));  // the rebuilt bytes must be a well-formed report
  if (evidence.contains("cert_chain")) {
    VEIL_ASSIGN_OR_RETURN(out.cert_chain, ParseCertChain(evidence["cert_chain"]));
  }
  return out;
}

const CertTableEntry* FindSigningKey(std::span<const CertTableEntry> cert_chain) {
  for (const CertTableEntry& entry : cert_chain) {
    if (entry.type == "VCEK" || entry.type == "VLEK" || entry.type == "vcek" ||
        entry.type == "vlek") {
      return &entry;
    }
  }
  return nullptr;
}

}  // namespace veil::evidence::snp
