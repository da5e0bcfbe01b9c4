// The workload CA part of the store contract (store/store.h "workload CA"), run on every backend
// with the rest of store_contract.cc.

#include <gtest/gtest.h>

#include <string>

#include "store_contract.h"
#include "store_test_values.h"
#include "veil/audit/verify_chain.h"

namespace veil::store {
namespace {

using test_values::Event;
using test_values::kT0;

WorkloadCaRecord Ca(char id, std::string key = "sealed") {
  return {
      std::string(64, id), Bytes{0x30, 0x03, 0x02, 0x01, 0x01}, ToBytes(AsBytes(key)), {}, {}, {}};
}

WorkloadCertificateRecord Certificate(std::string serial, char ca, std::string tee = "tpm:ak1",
                                      char digest = 'e') {
  return {.serial = std::move(serial),
          .ca_id = std::string(64, ca),
          .tee_identity = std::move(tee),
          .names = {"uri:spiffe://veil.example/web", "dns:web.local"},
          .not_before = kT0,
          .not_after = kT0 + std::chrono::hours(24),
          .attestation_digest = "sha256:" + std::string(64, digest),
          .attestation_result = R"({"status":"affirming"})",
          .issued_at = {},
          .revoked_at = {},
          .revocation_reason = {}};
}

std::vector<std::string> Serials(const std::vector<WorkloadCertificateRecord>& certificates) {
  std::vector<std::string> serials;
  for (const auto& certificate : certificates) serials.push_back(certificate.serial);
  return serials;
}

}  // namespace

TEST_P(StoreContract, WorkloadCaIsCreatedOnceAndAuditedOnce) {
  EXPECT_TRUE(store().ListWorkloadCas().value().empty());
  const WorkloadCaRecord first =
      store().InitWorkloadCa(Ca('a'), Event("workload_ca.create", "a")).value();
  EXPECT_EQ(first.id, std::string(64, 'a'));
  EXPECT_EQ(first.created_at, kT0);
  EXPECT_EQ(first.sealed_key, ToBytes(AsBytes("sealed")));
  EXPECT_FALSE(first.retired_at);
  // A second trustee starting on the same store gets the first one's CA; only one entry.
  clock_.Set(kT0 + std::chrono::seconds(3));
  EXPECT_EQ(store().InitWorkloadCa(Ca('b'), Event("workload_ca.create", "b")).value(), first);
  EXPECT_EQ(store().ListWorkloadCas().value(), std::vector{first});
  EXPECT_EQ(Audit().size(), 1u);
  EXPECT_FALSE(store().InitWorkloadCa(Ca('X'), Event("workload_ca.create", "x")));  // not hex
}

TEST_P(StoreContract, WorkloadCaRotationRetiresTheCurrentCaOnce) {
  ASSERT_TRUE(store().InitWorkloadCa(Ca('a'), Event("workload_ca.create", "a")));
  clock_.Set(kT0 + std::chrono::seconds(10));
  const TimePoint until = kT0 + std::chrono::hours(48);
  ASSERT_TRUE(store().RotateWorkloadCa(std::string(64, 'a'), until, Ca('b'),
                                       Event("workload_ca.rotate", "b")));
  const auto cas = store().ListWorkloadCas().value();
  ASSERT_EQ(cas.size(), 2u);
  EXPECT_EQ(cas[0].id, std::string(64, 'b'));  // the current CA first
  EXPECT_FALSE(cas[0].retired_at);
  EXPECT_EQ(cas[0].created_at, kT0 + std::chrono::seconds(10));
  EXPECT_EQ(cas[1].id, std::string(64, 'a'));
  EXPECT_EQ(cas[1].retired_at, kT0 + std::chrono::seconds(10));
  EXPECT_EQ(cas[1].published_until, until);
  // A rotation that expected the old CA lost the race: nothing changes.
  auto stale = store().RotateWorkloadCa(std::string(64, 'a'), until, Ca('c'),
                                        Event("workload_ca.rotate", "c"));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(store().ListWorkloadCas().value(), cas);
  EXPECT_EQ(Audit().size(), 2u);
}

TEST_P(StoreContract, WorkloadCertificatesAddGetFindList) {
  ASSERT_TRUE(store().InitWorkloadCa(Ca('a'), Event("workload_ca.create", "a")));
  clock_.Set(kT0 + std::chrono::seconds(5));
  ASSERT_TRUE(
      store().AddWorkloadCertificate(Certificate("7f01", 'a'), Event("certificate.issue", "7f01")));
  clock_.Set(kT0 + std::chrono::seconds(6));
  ASSERT_TRUE(store().AddWorkloadCertificate(Certificate("1b", 'a', "tpm:ak2", 'f'),
                                             Event("certificate.issue", "1b")));
  const auto got = store().GetWorkloadCertificate("7f01").value();
  ASSERT_TRUE(got);
  WorkloadCertificateRecord expected = Certificate("7f01", 'a');
  expected.issued_at = kT0 + std::chrono::seconds(5);
  EXPECT_EQ(*got, expected);
  EXPECT_EQ(store().GetWorkloadCertificate("99").value(), std::nullopt);
  EXPECT_EQ(store()
                .FindWorkloadCertificateByAttestation("sha256:" + std::string(64, 'f'))
                .value()
                ->serial,
            "1b");
  EXPECT_EQ(Serials(store().ListWorkloadCertificates().value()),
            (std::vector<std::string>{"7f01", "1b"}));  // by issue time

  // A taken serial, an unknown CA, a bad serial: refused, nothing added, nothing audited.
  const std::size_t entries = Audit().size();
  EXPECT_EQ(store()
                .AddWorkloadCertificate(Certificate("7f01", 'a'), Event("certificate.issue", "x"))
                .error()
                .code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store()
                .AddWorkloadCertificate(Certificate("2", 'c'), Event("certificate.issue", "x"))
                .error()
                .code,
            ErrorCode::kInvalidArgument);
  EXPECT_FALSE(
      store().AddWorkloadCertificate(Certificate("0a", 'a'), Event("certificate.issue", "x")));
  EXPECT_FALSE(store().AddWorkloadCertificate(Certificate("8000000000000000", 'a'),
                                              Event("certificate.issue", "x")));
  EXPECT_EQ(Audit().size(), entries);
  EXPECT_EQ(store().ListWorkloadCertificates().value().size(), 2u);
}

TEST_P(StoreContract, WorkloadCertificatesAreRevokedBySerialOrIdentityOnce) {
  ASSERT_TRUE(store().InitWorkloadCa(Ca('a'), Event("workload_ca.create", "a")));
  for (const char* serial : {"11", "22", "33"}) {
    ASSERT_TRUE(store().AddWorkloadCertificate(
        Certificate(serial, 'a', std::string(serial) == "33" ? "tpm:other" : "tpm:ak1"),
        Event("certificate.issue", serial)));
  }
  clock_.Set(kT0 + std::chrono::seconds(30));
  EXPECT_EQ(
      store()
          .RevokeWorkloadCertificates(
              {.serial = "22", .tee_identity = {}, .reason = RevocationReason::kKeyCompromise},
              Event("certificate.revoke", "22"))
          .value(),
      std::vector<std::string>{"22"});
  clock_.Set(kT0 + std::chrono::seconds(40));
  // By identity: "22" is revoked already and keeps its first time and reason.
  EXPECT_EQ(
      store()
          .RevokeWorkloadCertificates(
              {.serial = {}, .tee_identity = "tpm:ak1", .reason = RevocationReason::kSuperseded},
              Event("certificate.revoke", "tpm:ak1"))
          .value(),
      std::vector<std::string>{"11"});
  const auto revoked = store().GetWorkloadCertificate("22").value().value();
  EXPECT_EQ(revoked.revoked_at, kT0 + std::chrono::seconds(30));
  EXPECT_EQ(revoked.revocation_reason, RevocationReason::kKeyCompromise);
  EXPECT_EQ(store().GetWorkloadCertificate("11").value()->revocation_reason,
            RevocationReason::kSuperseded);
  EXPECT_EQ(store().GetWorkloadCertificate("33").value()->revoked_at, std::nullopt);
  const auto audit = Audit();
  EXPECT_EQ(nlohmann::json::parse(audit.back().details).at("serials"),
            nlohmann::json::array({"11"}));

  const std::size_t entries = audit.size();
  auto unknown = store().RevokeWorkloadCertificates(
      {.serial = "44", .tee_identity = {}, .reason = {}}, Event("certificate.revoke", "44"));
  ASSERT_FALSE(unknown);
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  EXPECT_FALSE(store().RevokeWorkloadCertificates(
      {.serial = "11", .tee_identity = "tpm:ak1", .reason = {}}, Event("certificate.revoke", "x")));
  EXPECT_EQ(Audit().size(), entries);
}

TEST_P(StoreContract, KekRotationResealsWorkloadCaKeys) {
  ASSERT_TRUE(store().InitKeyCheck(AsBytes("old")));
  ASSERT_TRUE(store().InitWorkloadCa(Ca('a', "key-a"), Event("workload_ca.create", "a")));
  std::vector<std::string> sealed_for;
  const Store::Resealer reseal = [&](std::string_view what, ByteSpan sealed) -> Result<Bytes> {
    sealed_for.emplace_back(what);
    Bytes resealed = ToBytes(sealed);
    resealed.push_back('+');
    return resealed;
  };
  ASSERT_TRUE(
      store().ResealResources(AsBytes("old"), reseal, AsBytes("new"), Event("kek.rotate", "")));
  EXPECT_EQ(sealed_for, std::vector<std::string>{WorkloadCaKeySealedFor(std::string(64, 'a'))});
  EXPECT_EQ(store().ListWorkloadCas().value().front().sealed_key, ToBytes(AsBytes("key-a+")));
  // A CA key that does not open leaves every key as it was.
  const Store::Resealer failing = [](std::string_view, ByteSpan) -> Result<Bytes> {
    return Fail(VerificationFailed("does not open"));
  };
  EXPECT_FALSE(
      store().ResealResources(AsBytes("new"), failing, AsBytes("newer"), Event("kek.rotate", "")));
  EXPECT_EQ(store().ListWorkloadCas().value().front().sealed_key, ToBytes(AsBytes("key-a+")));
  EXPECT_EQ(store().GetKeyCheck().value(), ToBytes(AsBytes("new")));
}

}  // namespace veil::store
