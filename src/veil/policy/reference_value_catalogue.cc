#include "veil/policy/reference_value_catalogue.h"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <map>

#include "veil/base/edit_distance.h"
#include "veil/base/rfc3339.h"
#include "veil/protocol/tee_kind.h"

namespace veil::policy {
namespace {

// The claim names and forms below mirror what the appraisals emit; a claim added there is added
// here (tests/policy/reference_value_catalogue_test.cc compares with the fixtures' claims).
constexpr std::string_view kSnpProducts[] = {"Milan", "Genoa", "Turin"};
constexpr std::string_view kSnpSigningKeys[] = {"vcek", "vlek", "none"};
constexpr std::string_view kSnpEndorsementKeys[] = {"vcek", "vlek"};
constexpr std::string_view kDcapPckCas[] = {"platform", "processor"};
constexpr std::string_view kDcapTcbStatuses[] = {"UpToDate",
                                                 "SWHardeningNeeded",
                                                 "ConfigurationNeeded",
                                                 "ConfigurationAndSWHardeningNeeded",
                                                 "OutOfDate",
                                                 "OutOfDateConfigurationNeeded"};
constexpr std::string_view kTpmSchemes[] = {"rsassa", "rsapss", "ecdsa"};
constexpr std::string_view kTpmHashes[] = {"sha1", "sha256", "sha384", "sha512"};

struct PcrBank {
  std::string_view name;
  std::size_t digest_bytes;
};
constexpr PcrBank kPcrBanks[] = {{"sha1", 20}, {"sha256", 32}, {"sha384", 48}, {"sha512", 64}};
constexpr int kPcrCount = 24;
constexpr std::string_view kPcrPrefix = "tpm.pcrs.";

constexpr ValueShape Hex(std::size_t bytes) { return {ValueForm::kHex, bytes, bytes, "", {}}; }
constexpr ValueShape HexUpTo(std::size_t bytes) { return {ValueForm::kHex, 1, bytes, "", {}}; }
// A 64-bit word as appraisal prints it: "0x" and 16 hex digits (base/hex.h HexU64).
constexpr ValueShape Word() { return {ValueForm::kHex, 8, 8, "0x", {}}; }
constexpr ValueShape Integer() { return {ValueForm::kInteger, 0, 0, "", {}}; }
constexpr ValueShape Boolean() { return {ValueForm::kBoolean, 0, 0, "", {}}; }
constexpr ValueShape Text() { return {ValueForm::kText, 0, 0, "", {}}; }
constexpr ValueShape OneOf(std::span<const std::string_view> choices) {
  return {ValueForm::kOneOf, 0, 0, "", choices};
}

using Catalogue = std::map<std::string, ValueShape, std::less<>>;

void AddTcb(Catalogue& names, const std::string& tcb) {
  for (const char* field : {"bootloader", "tee", "snp", "microcode", "fmc"})
    names[tcb + "." + field] = Integer();
  names[tcb + ".raw"] = Word();
}

// appraisal/snp/report_claims.cc ReportClaims and verify_report.cc Verify.
void AddSnp(Catalogue& names) {
  for (const char* field :
       {"version", "guest_svn", "vmpl", "signature_algo", "policy.abi_major", "policy.abi_minor",
        "current_version.major", "current_version.minor", "current_version.build",
        "committed_version.major", "committed_version.minor", "committed_version.build",
        "cpuid.family", "cpuid.model", "cpuid.stepping"}) {
    names[std::string("snp.") + field] = Integer();
  }
  for (const char* field :
       {"policy.smt", "policy.migrate_ma", "policy.debug", "policy.single_socket",
        "policy.cxl_allow", "policy.mem_aes_256_xts", "policy.rapl_dis", "policy.ciphertext_hiding",
        "policy.page_swap_disable", "platform_info.smt_enabled", "platform_info.tsme_enabled",
        "platform_info.ecc_enabled", "platform_info.rapl_disabled",
        "platform_info.ciphertext_hiding_enabled", "platform_info.alias_check_complete",
        "author_key_en", "mask_chip_key"}) {
    names[std::string("snp.") + field] = Boolean();
  }
  for (const char* field :
       {"policy.raw", "platform_info.raw", "launch_mit_vector", "current_mit_vector"}) {
    names[std::string("snp.") + field] = Word();
  }
  names["snp.product"] = OneOf(kSnpProducts);
  names["snp.signing_key"] = OneOf(kSnpSigningKeys);
  names["snp.family_id"] = Hex(16);
  names["snp.image_id"] = Hex(16);
  names["snp.report_data"] = Hex(64);
  names["snp.measurement"] = Hex(48);
  names["snp.host_data"] = Hex(32);
  names["snp.id_key_digest"] = Hex(48);
  names["snp.author_key_digest"] = Hex(48);
  names["snp.report_id"] = Hex(32);
  names["snp.report_id_ma"] = Hex(32);
  names["snp.chip_id"] = Hex(64);
  for (const char* tcb : {"current_tcb", "reported_tcb", "committed_tcb", "launch_tcb"})
    AddTcb(names, std::string("snp.") + tcb);
  // appraisal/snp/verify_report.cc: who endorsed the report.
  names["snp.endorsement.key"] = OneOf(kSnpEndorsementKeys);
  names["snp.endorsement.subject"] = Text();
  names["snp.endorsement.ark_sha256"] = Hex(32);
  names["snp.endorsement.ark_bundled"] = Boolean();
  names["snp.endorsement.csp_id"] = Text();
}

// appraisal/tpm/verify_quote.cc Claims.
void AddTpm(Catalogue& names) {
  names["tpm.ak"] = Hex(32);  // SHA-256 of the AK's DER SubjectPublicKeyInfo
  names["tpm.ak_type"] = Text();
  names["tpm.nonce"] = HexUpTo(64);  // TPM2B_DATA extraData
  names["tpm.pcr_digest"] = {ValueForm::kHex, 20, 64, "", {}};
  names["tpm.qualified_signer"] = HexUpTo(68);  // TPM2B_NAME: algorithm + digest
  names["tpm.signature_scheme"] = OneOf(kTpmSchemes);
  names["tpm.hash"] = OneOf(kTpmHashes);
  for (const char* field : {"clock.clock", "clock.reset_count", "clock.restart_count"})
    names[std::string("tpm.") + field] = Integer();
  names["tpm.clock.safe"] = Boolean();
  names["tpm.firmware_version"] = Hex(8);
  names["tpm.node"] = Text();  // the enrolled node the AK is bound to (node/enrolment_service.h)
  for (const PcrBank& bank : kPcrBanks) {
    for (int index = 0; index < kPcrCount; ++index) {
      names[std::string(kPcrPrefix) + std::string(bank.name) + "." + std::to_string(index)] =
          Hex(bank.digest_bytes);
    }
  }
}

// appraisal/tdx/quote_claims.cc QuoteClaims and appraisal/dcap/dcap_claims.cc AddDcapClaims.
// advisory_ids and qe_advisory_ids are lists, which no reference value compares.
void AddTdx(Catalogue& names) {
  for (const char* field : {"mr_td", "mr_config_id", "mr_owner", "mr_owner_config", "mr_seam",
                            "mr_signer_seam", "rtmr0", "rtmr1", "rtmr2", "rtmr3", "mr_service_td"})
    names[std::string("tdx.") + field] = Hex(48);
  for (const char* field : {"td_attributes", "seam_attributes", "xfam"})
    names[std::string("tdx.") + field] = Hex(8);
  for (const char* field : {"tee_tcb_svn", "tee_tcb_svn2", "qe_vendor_id"})
    names[std::string("tdx.") + field] = Hex(16);
  names["tdx.report_data"] = Hex(64);
  names["tdx.user_data"] = Hex(20);
  names["tdx.fmspc"] = Hex(6);
  names["tdx.pce_id"] = Hex(2);
  names["tdx.debug"] = Boolean();
  names["tdx.quote_version"] = Integer();
  names["tdx.pck_ca"] = OneOf(kDcapPckCas);
  names["tdx.tcb_status"] = OneOf(kDcapTcbStatuses);
  names["tdx.qe_tcb_status"] = OneOf(kDcapTcbStatuses);
  // RFC 3339 instants and the module's identity ("TDX_03"), compared as text.
  names["tdx.tcb_date"] = Text();
  names["tdx.collateral_expiry"] = Text();
  names["tdx.tdx_module_id"] = Text();
  // appraisal/tdx/ccel_replay.cc CcelClaims: the scalar boot claims of a replayed CCEL.
  names["tdx.ccel.boot.secure_boot"] = Boolean();
  names["tdx.ccel.boot.kernel_cmdline.text"] = Text();
  names["tdx.ccel.boot.kernel_image.path"] = Text();
  names["tdx.ccel.boot.kernel_image.digests.sha384"] = Hex(48);
}

// appraisal/sgx/quote_claims.cc QuoteClaims and appraisal/dcap/dcap_claims.cc AddDcapClaims.
void AddSgx(Catalogue& names) {
  for (const char* field : {"mr_enclave", "mr_signer"})
    names[std::string("sgx.") + field] = Hex(32);
  for (const char* field :
       {"cpu_svn", "isv_ext_prod_id", "attributes", "isv_family_id", "qe_vendor_id"})
    names[std::string("sgx.") + field] = Hex(16);
  for (const char* field : {"config_id", "report_data"})
    names[std::string("sgx.") + field] = Hex(64);
  for (const char* field : {"quote_version", "qe_svn", "pce_svn", "misc_select", "isv_prod_id",
                            "isv_svn", "config_svn"})
    names[std::string("sgx.") + field] = Integer();
  names["sgx.user_data"] = Hex(20);
  names["sgx.fmspc"] = Hex(6);
  names["sgx.pce_id"] = Hex(2);
  names["sgx.debug"] = Boolean();
  names["sgx.pck_ca"] = OneOf(kDcapPckCas);
  names["sgx.tcb_status"] = OneOf(kDcapTcbStatuses);
  names["sgx.qe_tcb_status"] = OneOf(kDcapTcbStatuses);
  names["sgx.tcb_date"] = Text();
  names["sgx.collateral_expiry"] = Text();
  // Not a claim: the lowest ISVSVN the default policy's rule enclave-enrolled accepts from an
  // enclave pinned by signer and product (min_reference; its reference-values rule excepts it).
  names["sgx.min_isv_svn"] = Integer();
}

// appraisal/sample/verify_sample.cc VerifySample.
void AddSample(Catalogue& names) {
  names["sample.insecure"] = Boolean();
  names["sample.svn"] = Integer();
  names["sample.report_data"] = Hex(64);
}

const Catalogue& KnownNames() {
  static const Catalogue catalogue = [] {
    Catalogue names;
    AddSnp(names);
    AddTpm(names);
    AddTdx(names);
    AddSgx(names);
    AddSample(names);
    return names;
  }();
  return catalogue;
}

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

bool IsUtf8Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The value as messages quote it: whole up to 100 bytes, else its start and its size.
std::string Shown(std::string_view value) {
  if (value.size() <= 100) return "\"" + std::string(value) + "\"";
  std::size_t cut = 100;
  while (cut > 0 && IsUtf8Continuation(value[cut])) --cut;
  return "\"" + std::string(value.substr(0, cut)) + "...\" (" + std::to_string(value.size()) +
         " bytes)";
}

// The first character (1-based, counting UTF-8 sequences as one) that is not a hex digit.
Status CheckHexDigits(std::string_view value, std::size_t from) {
  std::size_t character = 0;
  for (std::size_t i = 0; i < value.size(); ++i) {
    if (IsUtf8Continuation(value[i])) continue;
    ++character;
    if (i < from || IsHexDigit(value[i])) continue;
    std::size_t end = i + 1;
    while (end < value.size() && IsUtf8Continuation(value[end])) ++end;
    return Fail(InvalidArgument("value " + Shown(value) + ": character " +
                                std::to_string(character) + " is \"" +
                                std::string(value.substr(i, end - i)) +
                                "\", not a hex digit (a shortened value cannot be a reference "
                                "value: give it whole)"));
  }
  return {};
}

Status CheckHex(const ValueShape& shape, std::string_view value) {
  if (!value.starts_with(shape.hex_prefix)) {
    return Fail(InvalidArgument("value " + Shown(value) + ": expected " + DescribeShape(shape) +
                                ", found no \"" + std::string(shape.hex_prefix) + "\" prefix"));
  }
  VEIL_TRY(CheckHexDigits(value, shape.hex_prefix.size()));
  const std::size_t digits = value.size() - shape.hex_prefix.size();
  if (digits % 2 != 0 || digits / 2 < shape.min_bytes || digits / 2 > shape.max_bytes) {
    return Fail(InvalidArgument("value " + Shown(value) + ": expected " + DescribeShape(shape) +
                                ", found " + std::to_string(digits) + " hex digits" +
                                (digits / 2 < shape.min_bytes ? " (truncated?)" : "")));
  }
  return {};
}

Status CheckInteger(std::string_view value) {
  std::uint64_t parsed = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), parsed);
  const bool canonical = !value.empty() && (value == "0" || value.front() != '0');
  if (error != std::errc() || end != value.data() + value.size() || !canonical) {
    return Fail(InvalidArgument("value " + Shown(value) + ": expected " + DescribeShape(Integer()) +
                                " (as the claim prints it: \"7\")"));
  }
  return {};
}

Status CheckChoice(const ValueShape& shape, std::string_view value) {
  if (std::find(shape.choices.begin(), shape.choices.end(), value) != shape.choices.end())
    return {};
  return Fail(InvalidArgument("value " + Shown(value) + ": expected " + DescribeShape(shape)));
}

std::string Joined(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string_view TeePrefixOf(std::string_view name) {
  return name.substr(0, name.find('.') + 1);  // "snp." for "snp.measurment"
}

std::string UnknownNameMessage(std::string_view name) {
  std::string message = "reference value " + std::string(name) +
                        ": no appraisal emits a claim of this name, so it would never be checked";
  if (const auto closest = ClosestKnownReferenceNames(name); !closest.empty())
    message += "; did you mean " + Joined(closest) + "?";
  std::vector<std::string> same_tee;
  for (const std::string& known : KnownReferenceNamePatterns())
    if (known.starts_with(TeePrefixOf(name))) same_tee.push_back(known);
  message += same_tee.empty() ? "; Veil knows no " + std::string(TeePrefixOf(name)) + "* claims"
                              : "; the known " + std::string(TeePrefixOf(name)) + "* names are " +
                                    Joined(same_tee);
  return message + " (to store it anyway: --force, or \"force\": true in the request body)";
}

Status CheckExpiry(const ReferenceValue& reference, TimePoint now) {
  if (!reference.expires_at || *reference.expires_at > now) return {};
  return Fail(InvalidArgument("reference value " + reference.name + ": expires " +
                              FormatRfc3339(*reference.expires_at) + ", which is not after now (" +
                              FormatRfc3339(now) + "); it would never be accepted"));
}

}  // namespace

std::string DescribeShape(const ValueShape& shape) {
  switch (shape.form) {
    case ValueForm::kHex: {
      const std::string prefix =
          shape.hex_prefix.empty() ? "" : "\"" + std::string(shape.hex_prefix) + "\" and ";
      if (shape.min_bytes == shape.max_bytes) {
        return prefix + std::to_string(2 * shape.min_bytes) + " hex digits (" +
               std::to_string(shape.min_bytes) + " bytes)";
      }
      return prefix + "an even number of hex digits (" + std::to_string(shape.min_bytes) + ".." +
             std::to_string(shape.max_bytes) + " bytes)";
    }
    case ValueForm::kInteger:
      return "a decimal integer";
    case ValueForm::kBoolean:
      return "true or false";
    case ValueForm::kOneOf: {
      std::string out = "one of ";
      for (std::size_t i = 0; i < shape.choices.size(); ++i)
        out += (i ? ", " : "") + std::string(shape.choices[i]);
      return out;
    }
    case ValueForm::kText:
      return "text";
  }
  return "a value";
}

std::optional<ValueShape> KnownReferenceShape(std::string_view name) {
  const Catalogue& names = KnownNames();
  const auto it = names.find(name);
  if (it == names.end()) return std::nullopt;
  return it->second;
}

bool HasTeePrefix(std::string_view name) {
  for (protocol::TeeKind kind : protocol::AllTeeKinds()) {
    const std::string_view tee = protocol::TeeKindName(kind);
    if (name.size() > tee.size() && name.starts_with(tee) && name[tee.size()] == '.') return true;
  }
  return false;
}

std::vector<std::string> KnownReferenceNamePatterns() {
  std::vector<std::string> patterns;
  for (const auto& [name, shape] : KnownNames())
    if (!name.starts_with(kPcrPrefix)) patterns.push_back(name);
  for (const PcrBank& bank : kPcrBanks)
    patterns.push_back(std::string(kPcrPrefix) + std::string(bank.name) + ".<0-23>");
  std::sort(patterns.begin(), patterns.end());
  return patterns;
}

std::vector<std::string> ClosestKnownReferenceNames(std::string_view name, std::size_t limit) {
  const std::size_t threshold = std::max<std::size_t>(2, name.size() / 3);
  std::vector<std::pair<std::size_t, std::string>> candidates;
  for (const auto& [known, shape] : KnownNames()) {
    const std::size_t distance = EditDistance(name, known);
    if (distance <= threshold) candidates.emplace_back(distance, known);
  }
  std::sort(candidates.begin(), candidates.end());
  std::vector<std::string> closest;
  for (std::size_t i = 0; i < candidates.size() && i < limit; ++i)
    closest.push_back(std::move(candidates[i].second));
  return closest;
}

Status CheckValueShape(const ValueShape& shape, std::string_view value) {
  switch (shape.form) {
    case ValueForm::kHex:
      return CheckHex(shape, value);
    case ValueForm::kInteger:
      return CheckInteger(value);
    case ValueForm::kBoolean:
      if (value == "true" || value == "false") return {};
      return Fail(InvalidArgument("value " + Shown(value) + ": expected true or false"));
    case ValueForm::kOneOf:
      return CheckChoice(shape, value);
    case ValueForm::kText:
      return {};
  }
  return {};
}

Status CheckReferenceValue(const ReferenceValue& reference, const CatalogueCheck& check) {
  const std::optional<ValueShape> shape = KnownReferenceShape(reference.name);
  if (!shape && HasTeePrefix(reference.name) && !check.force)
    return Fail(InvalidArgument(UnknownNameMessage(reference.name)));
  VEIL_TRY(CheckExpiry(reference, check.now));
  if (!shape) return {};
  for (const std::string& value : reference.values) {
    if (auto checked = CheckValueShape(*shape, value); !checked) {
      return Fail(
          InvalidArgument("reference value " + reference.name + ": " + checked.error().message));
    }
  }
  return {};
}

}  // namespace veil::policy
