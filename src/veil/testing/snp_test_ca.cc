#include "veil/testing/snp_test_ca.h"

#include <algorithm>
#include <chrono>

#include "veil/base/base64.h"
#include "veil/crypto/certificate_issuer.h"
#include "veil/crypto/ecdsa_signature.h"
#include "veil/crypto/signer.h"
#include "veil/evidence/snp/report.h"
#include "veil/testing/snp_test_keys.h"

namespace veil::testing {
namespace {

namespace ev = evidence::snp;

constexpr std::string_view kAmd = "Advanced Micro Devices";
constexpr std::size_t kSignatureFieldSize = 72;  // 0x2A0 R, 0x2E8 S
constexpr std::size_t kP384CoordinateSize = 48;

void PutLe(Bytes& out, std::size_t offset, std::uint64_t value, std::size_t size) {
  for (std::size_t i = 0; i < size; ++i)
    out[offset + i] = static_cast<std::uint8_t>(value >> (8 * i));
}

void PutBytes(Bytes& out, std::size_t offset, ByteSpan bytes, std::size_t field_size) {
  VEIL_CHECK(bytes.size() <= field_size);
  std::copy(bytes.begin(), bytes.end(), out.begin() + static_cast<std::ptrdiff_t>(offset));
}

crypto::CertificateExtension Spl(std::string_view oid, std::uint8_t value) {
  return {std::string(oid), crypto::EncodeDerUnsigned(value)};
}

}  // namespace

Result<SnpTestCa> SnpTestCa::Create(TimePoint now, const std::string& product) {
  const TimePoint from = now - std::chrono::hours(24);
  const TimePoint until = now + std::chrono::hours(24 * 365);
  // Each CA of a process takes the next two fixed keys, so CAs made side by side differ.
  static std::size_t next_key = 0;
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey ark_key,
                        crypto::PrivateKey::FromPem(TestRsaKeyPem(next_key++)));
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey ask_key,
                        crypto::PrivateKey::FromPem(TestRsaKeyPem(next_key++)));
  const crypto::PublicKey ark_public = ark_key.GetPublicKey();
  VEIL_ASSIGN_OR_RETURN(
      crypto::Certificate ark,
      crypto::IssueCertificate({"ARK-" + product + " (Veil test CA)",
                                std::string(kAmd),
                                ark_public,
                                1,
                                from,
                                until,
                                true,
                                {}},
                               {ark_key, nullptr, crypto::DigestAlgorithm::kSha384, true}));
  const crypto::PublicKey ask_public = ask_key.GetPublicKey();
  VEIL_ASSIGN_OR_RETURN(
      crypto::Certificate ask,
      crypto::IssueCertificate({"SEV-" + product + " (Veil test CA)",
                                std::string(kAmd),
                                ask_public,
                                2,
                                from,
                                until,
                                true,
                                {}},
                               {ark_key, &ark, crypto::DigestAlgorithm::kSha384, true}));
  return SnpTestCa(std::move(ask_key), std::move(ark), std::move(ask), now);
}

Result<IssuedVcek> SnpTestCa::IssueVcek(const VcekProfile& profile) const {
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey key,
                        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP384));
  std::vector<crypto::CertificateExtension> extensions = {
      Spl("1.3.6.1.4.1.3704.1.3.1", profile.tcb.boot_loader),
      Spl("1.3.6.1.4.1.3704.1.3.2", profile.tcb.tee),
      Spl("1.3.6.1.4.1.3704.1.3.3", profile.tcb.snp),
      Spl("1.3.6.1.4.1.3704.1.3.8", profile.tcb.microcode)};
  if (profile.tcb.fmc) extensions.push_back(Spl("1.3.6.1.4.1.3704.1.3.9", *profile.tcb.fmc));
  if (!profile.product_name.empty()) {
    extensions.push_back(
        {"1.3.6.1.4.1.3704.1.2", crypto::EncodeDerIa5String(profile.product_name)});
  }
  if (profile.hw_id) {
    extensions.push_back({"1.3.6.1.4.1.3704.1.4", crypto::EncodeDerOctetString(*profile.hw_id)});
  }
  const crypto::PublicKey vcek_public = key.GetPublicKey();
  VEIL_ASSIGN_OR_RETURN(
      crypto::Certificate certificate,
      crypto::IssueCertificate(
          {"SEV-VCEK", std::string(kAmd), vcek_public, 3, now_ - std::chrono::hours(24),
           now_ + std::chrono::hours(24 * 365), false, std::move(extensions)},
          {ask_key_, &ask_, crypto::DigestAlgorithm::kSha384, true}));
  return IssuedVcek{std::move(certificate), std::move(key)};
}

std::string SnpTestCa::CaChainPem() const { return CertificatePem(ask_) + CertificatePem(ark_); }

std::string CertificatePem(const crypto::Certificate& certificate) {
  const std::string base64 = Base64Encode(certificate.Der());
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (std::size_t at = 0; at < base64.size(); at += 64) pem += base64.substr(at, 64) + "\n";
  return pem + "-----END CERTIFICATE-----\n";
}

std::uint64_t EncodeTcbVersion(const ev::TcbVersion& tcb, ev::Product product) {
  Bytes raw(8, 0);
  if (product == ev::Product::kTurin) {
    raw[0] = tcb.fmc.value_or(0);
    raw[1] = tcb.boot_loader;
    raw[2] = tcb.tee;
    raw[3] = tcb.snp;
  } else {
    raw[0] = tcb.boot_loader;
    raw[1] = tcb.tee;
    raw[6] = tcb.snp;
  }
  raw[7] = tcb.microcode;
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < raw.size(); ++i) value |= std::uint64_t{raw[i]} << (8 * i);
  return value;
}

Bytes BuildSnpReport(const SnpReportFields& fields) {
  // SEV-SNP ABI rev 1.58, ATTESTATION_REPORT Structure.
  Bytes report(ev::kReportSize, 0);
  PutLe(report, 0x000, fields.version, 4);
  PutLe(report, 0x004, fields.guest_svn, 4);
  PutLe(report, 0x008, fields.policy, 8);
  PutLe(report, 0x030, fields.vmpl, 4);
  PutLe(report, 0x034, fields.signature_algo, 4);
  PutLe(report, 0x038, fields.reported_tcb, 8);  // CURRENT_TCB
  PutLe(report, 0x048, std::uint64_t{fields.signing_key} << 2, 4);
  PutBytes(report, 0x050, fields.report_data, 64);
  PutBytes(report, 0x090, fields.measurement, 48);
  PutLe(report, 0x180, fields.reported_tcb, 8);
  if (fields.version >= 3) PutBytes(report, 0x188, fields.cpuid, 3);
  PutBytes(report, 0x1A0, fields.chip_id, 64);
  PutLe(report, 0x1E0, fields.reported_tcb, 8);  // COMMITTED_TCB
  PutLe(report, 0x1F0, fields.reported_tcb, 8);  // LAUNCH_TCB
  if (fields.version >= 5) {
    PutLe(report, 0x1F8, fields.launch_mit_vector, 8);
    PutLe(report, 0x200, fields.current_mit_vector, 8);
  }
  return report;
}

Status SignSnpReport(Bytes& report, const crypto::PrivateKey& key) {
  if (report.size() != ev::kReportSize) {
    return Fail(InvalidArgument("report must be " + std::to_string(ev::kReportSize) +
                                " bytes, got " + std::to_string(report.size())));
  }
  VEIL_ASSIGN_OR_RETURN(
      Bytes der, crypto::Sign(key, crypto::DigestAlgorithm::kSha384, ev::SignedPart(report)));
  VEIL_ASSIGN_OR_RETURN(Bytes raw, crypto::EcdsaDerToRaw(der, kP384CoordinateSize));
  // r||s big-endian -> each little-endian, zero-padded to 72 bytes.
  const auto at = [&](std::size_t offset) {
    return report.begin() + static_cast<std::ptrdiff_t>(offset);
  };
  std::fill(at(ev::kSignedSize), at(0x330), 0);
  const auto r = ByteSpan(raw).first(kP384CoordinateSize);
  const auto s = ByteSpan(raw).subspan(kP384CoordinateSize);
  std::reverse_copy(r.begin(), r.end(), at(0x2A0));
  std::reverse_copy(s.begin(), s.end(), at(0x2A0 + kSignatureFieldSize));
  return {};
}

}  // namespace veil::testing
