#pragma once
// SnpTestCa: an AMD-shaped SEV-SNP endorsement chain minted for tests, so that the verifier's
// branches (TCB mismatch, hwID mismatch, Turin, foreign chains) are reached on purpose rather than
// only by whatever real fixtures happen to contain:
//   ARK  self-signed RSA-2048, RSASSA-PSS SHA-384 (AMD's is RSA-4096; the verifier takes any size)
//        (fixed keys from snp_test_keys.h: generating them cost seconds per test)
//   ASK  RSA-2048 signed by the ARK, RSASSA-PSS SHA-384
//   VCEK EC P-384 signed by the ASK, with AMD's VCEK extensions (AMD VCEK/KDS specification,
//        "VCEK Certificate Extensions"): 1.3.6.1.4.1.3704.1.3.{1,2,3,8,9} SPLs, .1.2 productName,
//        .1.4 hwID (OCTET STRING)
// and 1184-byte ATTESTATION_REPORTs built by spec offset (SEV-SNP ABI rev 1.58,
// "ATTESTATION_REPORT Structure"; docs/formats/snp_report.md), signed over 0x000–0x29F with the
// VCEK key (ECDSA P-384, SHA-384, r and s little-endian at 0x2A0 and 0x2E8).
// Pass CaChain() as appraisal::snp::ReportInput::ca_chain: the test ARK is then the trust anchor.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/private_key.h"
#include "veil/evidence/snp/product.h"
#include "veil/evidence/snp/tcb_version.h"

namespace veil::testing {

// What a VCEK certifies. Defaults are a plausible Milan VCEK.
struct VcekProfile {
  std::string product_name = "Milan-B0";                      // productName; omitted when empty
  evidence::snp::TcbVersion tcb{3, 0, 8, 115, std::nullopt};  // bl, tee, snp, ucode, fmc
  std::optional<Bytes> hw_id = Bytes(64, 0xc1);  // 64 bytes (8 on Turin); omitted when nullopt
};

struct IssuedVcek {
  crypto::Certificate certificate;
  crypto::PrivateKey key;  // EC P-384, signs reports
};

class SnpTestCa {
 public:
  // Certificates valid from `now` - 1 day to `now` + 1 year; the CN says which product.
  static Result<SnpTestCa> Create(TimePoint now, const std::string& product = "Milan");

  const crypto::Certificate& ark() const { return ark_; }
  const crypto::Certificate& ask() const { return ask_; }
  // [ASK, ARK], as ReportInput::ca_chain and `--ca-chain` expect.
  std::vector<crypto::Certificate> CaChain() const { return {ask_, ark_}; }
  // The same chain as a PEM bundle, for `veil evidence verify --ca-chain`.
  std::string CaChainPem() const;
  Result<IssuedVcek> IssueVcek(const VcekProfile& profile) const;

 private:
  SnpTestCa(crypto::PrivateKey ask_key, crypto::Certificate ark, crypto::Certificate ask,
            TimePoint now)
      : ask_key_(std::move(ask_key)), ark_(std::move(ark)), ask_(std::move(ask)), now_(now) {}

  crypto::PrivateKey ask_key_;
  crypto::Certificate ark_;
  crypto::Certificate ask_;
  TimePoint now_;
};

// The fields of an ATTESTATION_REPORT a test wants to choose; everything else is zero.
struct SnpReportFields {
  std::uint32_t version = 2;             // 0x000: 2, 3 or 5
  std::uint32_t guest_svn = 1;           // 0x004
  std::uint64_t policy = 0x30000;        // 0x008: SMT allowed, reserved bit 17 set
  std::uint32_t vmpl = 0;                // 0x030
  std::uint32_t signature_algo = 1;      // 0x034: ECDSA P-384 with SHA-384
  std::uint32_t signing_key = 0;         // 0x048 bits 4:2: 0 VCEK, 1 VLEK, 7 none
  Bytes report_data = Bytes(64, 0);      // 0x050, at most 64 bytes, zero-padded
  Bytes measurement = Bytes(48, 0x4d);   // 0x090, 48 bytes
  std::uint64_t reported_tcb = 0;        // 0x180 (also CURRENT, COMMITTED and LAUNCH_TCB)
  std::array<std::uint8_t, 3> cpuid{};   // 0x188 family, model, stepping (version 3+)
  Bytes chip_id = Bytes(64, 0xc1);       // 0x1A0, 64 bytes
  std::uint64_t launch_mit_vector = 0;   // 0x1F8 (version 5)
  std::uint64_t current_mit_vector = 0;  // 0x200 (version 5)
};

// One certificate as a PEM block ("-----BEGIN CERTIFICATE-----", base64 in 64-column lines).
std::string CertificatePem(const crypto::Certificate& certificate);
// TCB_VERSION packed as `product` lays it out (Turin differs; tcb_version.h).
std::uint64_t EncodeTcbVersion(const evidence::snp::TcbVersion& tcb,
                               evidence::snp::Product product);
// The unsigned 1184-byte report (the signature fields zero).
Bytes BuildSnpReport(const SnpReportFields& fields);
// Signs bytes 0x000–0x29F of `report` with `key` and writes r and s little-endian, zero-padded to
// 72 bytes, at 0x2A0 and 0x2E8. kInvalidArgument unless `report` is 1184 bytes.
Status SignSnpReport(Bytes& report, const crypto::PrivateKey& key);

}  // namespace veil::testing
