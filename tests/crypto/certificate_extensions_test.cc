// End-entity extensions as a workload CA issues them: each encodes to the DER RFC 5280 gives,
// with RFC 5280's criticality, and a leaf carrying them all verifies under its CA and gives back
// its names. CRLs carry per-entry revocation times and reasons, a number and the CA's key id.

#include "veil/crypto/certificate_extensions.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/chain.h"
#include "veil/crypto/crl.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/revocation_reason.h"

namespace veil::crypto {
namespace {

using Kind = SubjectAltName::Kind;

Bytes Hex(std::string_view hex) { return HexDecode(hex).value(); }

TEST(CertificateExtensions, EncodeWhatRfc5280Gives) {
  const CertificateExtension ec_usage = EndEntityKeyUsageExtension(KeyType::kEc);
  EXPECT_EQ(ec_usage.oid, "2.5.29.15");
  EXPECT_TRUE(ec_usage.critical);
  EXPECT_EQ(ec_usage.der_value, Hex("03020780"));  // digitalSignature
  EXPECT_EQ(EndEntityKeyUsageExtension(KeyType::kRsa).der_value,
            Hex("030205a0"));  // digitalSignature, keyEncipherment

  const CertificateExtension usage = ServerAndClientAuthExtension();
  EXPECT_EQ(usage.oid, "2.5.29.37");
  EXPECT_FALSE(usage.critical);
  EXPECT_EQ(usage.der_value, Hex("301406082b0601050507030106082b06010505070302"));

  const CertificateExtension constraints = EndEntityBasicConstraintsExtension();
  EXPECT_EQ(constraints.oid, "2.5.29.19");
  EXPECT_TRUE(constraints.critical);
  EXPECT_EQ(constraints.der_value, Hex("3000"));  // cA DEFAULT FALSE is omitted

  const std::vector<SubjectAltName> names = {{Kind::kDns, "a.b"}, {Kind::kUri, "x:y"}};
  const CertificateExtension san = SubjectAltNameExtension(names).value();
  EXPECT_EQ(san.oid, "2.5.29.17");
  EXPECT_FALSE(san.critical);
  EXPECT_EQ(san.der_value, Hex("300a8203612e62860378"
                               "3a79"));
  EXPECT_TRUE(SubjectAltNameExtension(names, /*critical=*/true).value().critical);

  const CertificateExtension crl_point =
      CrlDistributionPointExtension("https://t.example/veil/v0/workload/crl").value();
  EXPECT_EQ(crl_point.oid, "2.5.29.31");
  EXPECT_FALSE(crl_point.critical);
  // DistributionPoint { distributionPoint [0] { fullName [0] { [6] uniformResourceIdentifier } } }
  EXPECT_EQ(HexEncode(crl_point.der_value),
            "302e302ca02aa028862668747470733a2f2f742e6578616d706c652f7665696c2f76302f776f726b6c"
            "6f61642f63726c");
}

TEST(CertificateExtensions, RefusesWhatCannotBeEncoded) {
  EXPECT_EQ(SubjectAltNameExtension({}).error().message, "subjectAltName: no names");
  const std::vector<SubjectAltName> wildcard = {{Kind::kDns, "*.b"}};
  EXPECT_FALSE(SubjectAltNameExtension(wildcard));
  EXPECT_EQ(CrlDistributionPointExtension("ldap://x/crl").error().message,
            "CRL distribution point \"ldap://x/crl\": expected an http:// or https:// URI");
  EXPECT_FALSE(CrlDistributionPointExtension("https://x/a b"));
}

TEST(CertificateExtensions, KeyIdentifiersAre160BitsOfSha256OverTheKey) {
  const PrivateKey key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const Bytes id = KeyIdentifier(key.GetPublicKey());
  EXPECT_EQ(id.size(), 20u);
  // The uncompressed point is the SPKI's last 65 bytes (the BIT STRING's contents).
  const Bytes spki = key.GetPublicKey().SpkiDer();
  Bytes expected = Sha256(ByteSpan(spki).last(65));
  expected.resize(20);
  EXPECT_EQ(id, expected);
  const CertificateExtension subject_id = SubjectKeyIdentifierExtension(key.GetPublicKey());
  EXPECT_EQ(subject_id.oid, "2.5.29.14");
  EXPECT_EQ(HexEncode(subject_id.der_value), "0414" + HexEncode(id));
}

struct WorkloadCa {
  PrivateKey key = PrivateKey::Generate(KeyAlgorithm::kEcP384).value();
  PublicKey key_public = key.GetPublicKey();
  TimePoint now = ParseRfc3339("2026-12-05T00:00:00Z").value();
  Certificate certificate =
      IssueCertificate({.common_name = "Veil workload CA",
                        .organization = "Veil",
                        .subject_key = key_public,
                        .serial = 1,
                        .not_before = now,
                        .not_after = now + std::chrono::hours(24 * 365),
                        .is_ca = true,
                        .extensions = {SubjectKeyIdentifierExtension(key_public)}},
                       {.key = key, .issuer = nullptr})
          .value();
};

TEST(CertificateExtensions, ALeafCarryingThemAllVerifiesUnderItsCa) {
  const WorkloadCa ca;
  const PrivateKey leaf_key = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  const PublicKey leaf_public = leaf_key.GetPublicKey();
  const std::vector<SubjectAltName> names = {{Kind::kUri, "spiffe://veil.example/web/frontend"},
                                             {Kind::kDns, "frontend.prod.svc.cluster.local"}};
  const auto leaf = IssueCertificate(
      {.common_name = "",
       .organization = "",
       .subject_key = leaf_public,
       .serial = 0x1234567890abcdef >> 1,
       .not_before = ca.now,
       .not_after = ca.now + std::chrono::hours(24),
       .is_ca = false,
       .extensions =
           {SubjectAltNameExtension(names, /*critical=*/true).value(),
            EndEntityKeyUsageExtension(leaf_public.type()), ServerAndClientAuthExtension(),
            EndEntityBasicConstraintsExtension(), SubjectKeyIdentifierExtension(leaf_public),
            AuthorityKeyIdentifierExtension(ca.certificate).value(),
            CrlDistributionPointExtension("https://t.example/veil/v0/workload/crl").value()}},
      {.key = ca.key, .issuer = &ca.certificate});
  ASSERT_TRUE(leaf) << leaf.error().ToString();
  EXPECT_EQ(leaf->Subject(), "");
  EXPECT_EQ(leaf->SubjectAltNames().value(), names);
  EXPECT_EQ(leaf->ExtensionValue("2.5.29.35").value(),
            Hex("30168014" + HexEncode(KeyIdentifier(ca.key_public))));
  const std::vector<Certificate> roots = {ca.certificate};
  EXPECT_TRUE(VerifyChain(
      {.leaf = *leaf, .intermediates = {}, .roots = roots, .at = ca.now + std::chrono::hours(1)}));
  EXPECT_TRUE(ca.certificate.SubjectAltNames().value().empty());
}

TEST(IssueCrl, CarriesEachEntrysTimeAndReasonItsNumberAndTheCasKeyId) {
  const WorkloadCa ca;
  const std::vector<CrlEntry> entries = {
      {.serial = 7,
       .revoked_at = ca.now - std::chrono::hours(2),
       .reason = RevocationReason::kKeyCompromise},
      {.serial = 9,
       .revoked_at = ca.now - std::chrono::hours(1),
       .reason = RevocationReason::kUnspecified},
      {.serial = 11, .revoked_at = ca.now, .reason = RevocationReason::kCessationOfOperation}};
  const auto crl = IssueCrl({.this_update = ca.now,
                             .next_update = ca.now + std::chrono::hours(1),
                             .revoked_serials = {},
                             .entries = entries,
                             .number = 42},
                            {.key = ca.key, .issuer = &ca.certificate});
  ASSERT_TRUE(crl) << crl.error().ToString();
  EXPECT_TRUE(crl->VerifyIssuedBy(ca.certificate));
  EXPECT_EQ(crl->Entries().value(), entries);
  EXPECT_EQ(crl->Number(), 42u);
  // The old form: serials revoked at this_update, no reason, no number.
  const auto plain = IssueCrl({.this_update = ca.now,
                               .next_update = ca.now + std::chrono::hours(1),
                               .revoked_serials = {5}},
                              {.key = ca.key, .issuer = &ca.certificate})
                         .value();
  EXPECT_EQ(plain.Entries().value(),
            (std::vector<CrlEntry>{
                {.serial = 5, .revoked_at = ca.now, .reason = RevocationReason::kUnspecified}}));
  EXPECT_EQ(plain.Number(), std::nullopt);
}

TEST(RevocationReason, NamesRoundTripAsRfc5280SpellsThem) {
  for (long code = 0; code <= 10; ++code) {
    const auto reason = RevocationReasonFromCode(code);
    if (code == 7) {
      EXPECT_EQ(reason, std::nullopt);
      continue;
    }
    ASSERT_TRUE(reason) << code;
    EXPECT_EQ(RevocationReasonFromName(RevocationReasonName(*reason)), reason);
  }
  EXPECT_EQ(RevocationReasonName(RevocationReason::kKeyCompromise), "keyCompromise");
  EXPECT_EQ(RevocationReasonName(RevocationReason::kCaCompromise), "cACompromise");
  EXPECT_EQ(RevocationReasonFromName("key_compromise"), std::nullopt);
  EXPECT_EQ(RevocationReasonFromCode(11), std::nullopt);
}

}  // namespace
}  // namespace veil::crypto
