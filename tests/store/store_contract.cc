// The contract of store/store.h as parameterised tests (store_contract.h), instantiated for
// each backend by store_contract_test.cc (SQLite, the fake) and
// postgres/store_contract_postgres_test.cc.

#include "store_contract.h"

#include <gtest/gtest.h>

#include <optional>
#include <string>

#include "store_test_values.h"
#include "veil/audit/verify_chain.h"

namespace veil::store {
namespace {

using nlohmann::json;

using test_values::Event;
using test_values::kT0;
using test_values::Path;

// Reseals "x" as "x+"; fails on `fail_at` when given.
Store::Resealer AppendPlus(std::optional<std::string> fail_at = std::nullopt) {
  return [fail_at](std::string_view sealed_for, ByteSpan sealed) -> Result<Bytes> {
    if (fail_at && sealed_for == *fail_at) return Fail(VerificationFailed("does not open"));
    Bytes resealed = ToBytes(sealed);
    resealed.push_back('+');
    return resealed;
  };
}

}  // namespace

// --- resources -----------------------------------------------------------------------------------

TEST_P(StoreContract, ResourcesPutGetListDelete) {
  EXPECT_EQ(store().GetResource(Path("default/key/one")).value(), std::nullopt);
  const Bytes sealed = {0x00, 0x01, 0xfe, 0xff, 0x00};
  ASSERT_TRUE(store().PutResource(Path("default/key/two"), AsBytes("x"),
                                  Event("resource.put", "default/key/two")));
  clock_.Set(kT0 + std::chrono::seconds(5));
  ASSERT_TRUE(store().PutResource(Path("default/key/one"), sealed,
                                  Event("resource.put", "default/key/one")));

  EXPECT_EQ(store().GetResource(Path("default/key/one")).value(), sealed);
  auto listed = store().ListResources().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].path.str(), "default/key/one");  // ordered by path, not by insertion
  EXPECT_EQ(listed[0].created_at, kT0 + std::chrono::seconds(5));
  EXPECT_EQ(listed[1].path.str(), "default/key/two");
  EXPECT_EQ(listed[1].created_at, kT0);

  ASSERT_TRUE(
      store().DeleteResource(Path("default/key/one"), Event("resource.delete", "default/key/one")));
  EXPECT_EQ(store().GetResource(Path("default/key/one")).value(), std::nullopt);
  EXPECT_EQ(store().ListResources().value().size(), 1u);
}

TEST_P(StoreContract, ReplacingAResourceKeepsItsCreationTime) {
  ASSERT_TRUE(store().PutResource(Path("a/b/c"), AsBytes("v1"), Event("resource.put", "a/b/c")));
  clock_.Set(kT0 + std::chrono::minutes(3) + std::chrono::milliseconds(400));
  ASSERT_TRUE(store().PutResource(Path("a/b/c"), AsBytes("v2"), Event("resource.put", "a/b/c")));
  EXPECT_EQ(store().GetResource(Path("a/b/c")).value(), ToBytes(AsBytes("v2")));
  auto listed = store().ListResources().value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].created_at, kT0);
  EXPECT_EQ(listed[0].updated_at, kT0 + std::chrono::minutes(3));  // whole seconds
}

TEST_P(StoreContract, DeletingAnAbsentResourceIsNotFoundAndNotAudited) {
  auto result = store().DeleteResource(Path("a/b/c"), Event("resource.delete", "a/b/c"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().ToString(), "store: resource a/b/c does not exist");
  EXPECT_TRUE(Audit().empty());
}

TEST_P(StoreContract, RefusesEmptySealedBytes) {
  auto result = store().PutResource(Path("a/b/c"), ByteSpan(), Event("resource.put", "a/b/c"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(store().ListResources().value().empty());
  EXPECT_TRUE(Audit().empty());
}

// --- policies ------------------------------------------------------------------------------------

TEST_P(StoreContract, PoliciesAreReplacedPerKind) {
  EXPECT_EQ(store().GetPolicy(PolicyKind::kResource).value(), std::nullopt);
  ASSERT_TRUE(store().PutPolicy({PolicyKind::kResource, "default", "allow = false"},
                                Event("policy.set", "resource")));
  ASSERT_TRUE(store().PutPolicy({PolicyKind::kAttestation, "snp", "measurement"},
                                Event("policy.set", "attestation")));
  clock_.Set(kT0 + std::chrono::seconds(30));
  ASSERT_TRUE(store().PutPolicy({PolicyKind::kResource, "v2", "allow = true"},
                                Event("policy.set", "resource")));

  auto resource = store().GetPolicy(PolicyKind::kResource).value();
  ASSERT_TRUE(resource);
  EXPECT_EQ(resource->policy, (Policy{PolicyKind::kResource, "v2", "allow = true"}));
  EXPECT_EQ(resource->updated_at, kT0 + std::chrono::seconds(30));
  auto attestation = store().GetPolicy(PolicyKind::kAttestation).value();
  ASSERT_TRUE(attestation);
  EXPECT_EQ(attestation->policy, (Policy{PolicyKind::kAttestation, "snp", "measurement"}));
  EXPECT_EQ(attestation->updated_at, kT0);
}

// The identity policy (workload certificates) is a third kind beside the other two.
TEST_P(StoreContract, KeepsTheIdentityPolicyApartFromTheOthers) {
  ASSERT_TRUE(store().PutPolicy({PolicyKind::kResource, "r", "resource text"},
                                Event("policy.set", "resource")));
  EXPECT_EQ(store().GetPolicy(PolicyKind::kIdentity).value(), std::nullopt);
  ASSERT_TRUE(store().PutPolicy({PolicyKind::kIdentity, "web-identities", "identity text"},
                                Event("policy.set", "identity")));
  auto identity = store().GetPolicy(PolicyKind::kIdentity).value();
  ASSERT_TRUE(identity);
  EXPECT_EQ(identity->policy, (Policy{PolicyKind::kIdentity, "web-identities", "identity text"}));
  EXPECT_EQ(store().GetPolicy(PolicyKind::kResource).value()->policy.text, "resource text");
}

TEST_P(StoreContract, RefusesAnInvalidPolicyWithoutAuditing) {
  auto result =
      store().PutPolicy({PolicyKind::kResource, "bad id", "x"}, Event("policy.set", "resource"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().GetPolicy(PolicyKind::kResource).value(), std::nullopt);
  EXPECT_TRUE(Audit().empty());
}

// --- reference values ----------------------------------------------------------------------------

TEST_P(StoreContract, ReferenceValuesPutReplaceListDelete) {
  const ReferenceValue pcr{"tpm.pcrs.sha256.23", {"00ff"}, std::nullopt, ""};
  const ReferenceValue measurement{"snp.measurement",
                                   {"9c02", "3f1a", "77aa"},
                                   kT0 + std::chrono::hours(24) + std::chrono::milliseconds(900),
                                   "CI run 7"};
  ASSERT_TRUE(store().PutReferenceValue(pcr, Event("refval.put", pcr.name)));
  ASSERT_TRUE(store().PutReferenceValue(measurement, Event("refval.put", measurement.name)));

  auto listed = store().ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference.name, "snp.measurement");  // ordered by name
  EXPECT_EQ(listed[0].reference.values,
            (std::vector<std::string>{"9c02", "3f1a", "77aa"}));            // order kept
  EXPECT_EQ(listed[0].reference.expires_at, kT0 + std::chrono::hours(24));  // whole seconds
  EXPECT_EQ(listed[0].reference.provenance, "CI run 7");
  EXPECT_EQ(listed[0].updated_at, kT0);
  EXPECT_EQ(listed[1].reference, pcr);

  const ReferenceValue replaced{"snp.measurement", {"3f1a"}, std::nullopt, "CI run 8"};
  ASSERT_TRUE(store().PutReferenceValue(replaced, Event("refval.put", replaced.name)));
  listed = store().ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference, replaced);

  ASSERT_TRUE(
      store().DeleteReferenceValue("snp.measurement", Event("refval.delete", "snp.measurement")));
  listed = store().ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].reference.name, "tpm.pcrs.sha256.23");
}

// How each value was written (its JSON kind) and whether its entry was one value rather than a
// list are kept: CoCo's query_reference_value answers them (base/reference_value.h).
TEST_P(StoreContract, ReferenceValuesKeepTheKindsAndScalarFormTheyWereWrittenIn) {
  ReferenceValue smt{"snp_smt_enabled", {}, std::nullopt, "rvps"};
  smt.Add("true", ReferenceValueKind::kBoolean);
  smt.scalar = true;
  ReferenceValue bootloader{"snp_bootloader", {}, std::nullopt, "rvps"};
  bootloader.Add("3", ReferenceValueKind::kInteger);
  bootloader.Add("abc", ReferenceValueKind::kString);
  bootloader.Add("1.5", ReferenceValueKind::kNumber);
  ReferenceValue major{"major_version", {}, std::nullopt, "rvps"};
  major.Add("-1", ReferenceValueKind::kInteger);
  major.scalar = true;
  const std::vector<ReferenceValue> entries = {smt, bootloader, major};
  ASSERT_TRUE(store().ReplaceReferenceValues(entries, Event("refval.import", "3 names")));

  auto listed = store().ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].reference, major);
  EXPECT_EQ(listed[1].reference, bootloader);
  EXPECT_EQ(
      listed[1].reference.kinds,
      (std::vector<ReferenceValueKind>{ReferenceValueKind::kInteger, ReferenceValueKind::kString,
                                       ReferenceValueKind::kNumber}));
  EXPECT_EQ(listed[2].reference, smt);
  EXPECT_TRUE(listed[2].reference.scalar);
  EXPECT_FALSE(listed[1].reference.scalar);

  // A value appended beside the scalar, with the same provenance and time, is an entry of its own:
  // the scalar stays one value.
  ReferenceValue more{"snp_smt_enabled", {}, std::nullopt, "rvps"};
  more.Add("false", ReferenceValueKind::kBoolean);
  ASSERT_TRUE(store().AppendReferenceValue(more, Event("refval.append", more.name)));
  listed = store().ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[2].reference, smt);
  EXPECT_EQ(listed[3].reference, more);
}

// Rotation without a window: a second value is appended with its own expiry and provenance, the
// old one is removed on its own.
TEST_P(StoreContract, ReferenceValuesAppendAndRemoveOneByOne) {
  const ReferenceValue old_image{
      "snp.measurement", {"9c02"}, kT0 + std::chrono::hours(24), "release 41"};
  ASSERT_TRUE(store().PutReferenceValue(old_image, Event("refval.put", old_image.name)));
  clock_.Set(kT0 + std::chrono::seconds(5));
  const ReferenceValue new_image{"snp.measurement", {"3f1a", "77aa"}, std::nullopt, "release 42"};
  ASSERT_TRUE(store().AppendReferenceValue(new_image, Event("refval.append", new_image.name)));

  auto listed = store().ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference, old_image);
  EXPECT_EQ(listed[0].updated_at, kT0);
  EXPECT_EQ(listed[1].reference, new_image);
  EXPECT_EQ(listed[1].updated_at, kT0 + std::chrono::seconds(5));

  // Appending a value the name has gives it the new expiry and provenance and moves it last.
  clock_.Set(kT0 + std::chrono::seconds(9));
  const ReferenceValue extended{
      "snp.measurement", {"9c02"}, kT0 + std::chrono::hours(48), "release 41, extended"};
  ASSERT_TRUE(store().AppendReferenceValue(extended, Event("refval.append", extended.name)));
  listed = store().ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference, new_image);
  EXPECT_EQ(listed[1].reference, extended);

  const std::vector<std::string> one = {"3f1a"};
  ASSERT_TRUE(store().RemoveReferenceValues("snp.measurement", one,
                                            Event("refval.remove", "snp.measurement")));
  listed = store().ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].reference.values, std::vector<std::string>{"77aa"});
  EXPECT_EQ(listed[0].reference.provenance, "release 42");

  // Removing what the name lacks removes nothing, even beside a value it has.
  const std::vector<std::string> partly_absent = {"77aa", "ffff"};
  auto absent = store().RemoveReferenceValues("snp.measurement", partly_absent,
                                              Event("refval.remove", "snp.measurement"));
  ASSERT_FALSE(absent);
  EXPECT_EQ(absent.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(absent.error().ToString(),
            "store: reference value snp.measurement has no value \"ffff\"");
  EXPECT_EQ(store().ListReferenceValues().value().size(), 2u);

  // The last value takes the name with it.
  const std::vector<std::string> rest = {"77aa", "9c02"};
  ASSERT_TRUE(store().RemoveReferenceValues("snp.measurement", rest,
                                            Event("refval.remove", "snp.measurement")));
  EXPECT_TRUE(store().ListReferenceValues().value().empty());
  EXPECT_EQ(Audit().size(), 5u);  // put, append, append, remove, remove: not the refused one
}

TEST_P(StoreContract, ReplacingSeveralNamesAtOnceLeavesOthersAlone) {
  ASSERT_TRUE(store().PutReferenceValue({"tpm.ak", {"5d2a"}, std::nullopt, ""},
                                        Event("refval.put", "tpm.ak")));
  ASSERT_TRUE(
      store().PutReferenceValue({"web", {"a", "b"}, std::nullopt, ""}, Event("refval.put", "web")));
  const std::vector<ReferenceValue> imported = {
      {"web", {"c"}, kT0 + std::chrono::hours(1), "old"},
      {"snp.measurement", {"3f1a"}, std::nullopt, ""},
      {"web", {"d"}, std::nullopt, "new"},
  };
  ASSERT_TRUE(store().ReplaceReferenceValues(imported, Event("refval.import", "3 entries")));
  const auto listed = store().ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[0].reference, imported[1]);
  EXPECT_EQ(listed[1].reference.name, "tpm.ak");
  EXPECT_EQ(listed[2].reference, imported[0]);
  EXPECT_EQ(listed[3].reference, imported[2]);

  // All or nothing: a value listed twice for one name refuses the whole set.
  const std::vector<ReferenceValue> twice = {{"tpm.ak", {"ffff"}, std::nullopt, ""},
                                             {"web", {"e"}, std::nullopt, ""},
                                             {"web", {"e"}, std::nullopt, ""}};
  auto refused = store().ReplaceReferenceValues(twice, Event("refval.import", "3 entries"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().ListReferenceValues().value(), listed);
  EXPECT_FALSE(store().ReplaceReferenceValues({}, Event("refval.import", "nothing")));
  EXPECT_EQ(Audit().size(), 3u);
}

TEST_P(StoreContract, AppendingPastTheValueLimitChangesNothing) {
  ReferenceValue many{"web", {}, std::nullopt, ""};
  for (std::size_t i = 0; i < kMaxReferenceValueCount; ++i)
    many.values.push_back(std::to_string(i));
  ASSERT_TRUE(store().PutReferenceValue(many, Event("refval.put", "web")));
  auto refused =
      store().AppendReferenceValue({"web", {"one more"}, std::nullopt, ""}, Event("x", "web"));
  ASSERT_FALSE(refused);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().ListReferenceValues().value().at(0).reference.values.size(),
            kMaxReferenceValueCount);
  // A value it has is moved, not counted twice.
  EXPECT_TRUE(store().AppendReferenceValue({"web", {"0"}, std::nullopt, ""}, Event("x", "web")));
  EXPECT_EQ(Audit().size(), 2u);
}

TEST_P(StoreContract, RefusesInvalidReferenceValuesWithoutAuditing) {
  for (const char* name : {"SNP.measurement", "snp measurement", "", "snp/x"}) {
    auto put =
        store().PutReferenceValue({name, {"3f1a"}, std::nullopt, ""}, Event("refval.put", "x"));
    ASSERT_FALSE(put) << name;
    EXPECT_EQ(put.error().code, ErrorCode::kInvalidArgument);
    auto removed = store().DeleteReferenceValue(name, Event("refval.delete", "x"));
    ASSERT_FALSE(removed) << name;
    EXPECT_EQ(removed.error().code, ErrorCode::kInvalidArgument);
  }
  EXPECT_FALSE(store().PutReferenceValue({"snp.measurement", {}, std::nullopt, ""},
                                         Event("refval.put", "x")));
  EXPECT_FALSE(store().PutReferenceValue({"snp.measurement", {"a", "a"}, std::nullopt, ""},
                                         Event("refval.put", "x")));
  EXPECT_TRUE(store().ListReferenceValues().value().empty());
  EXPECT_TRUE(Audit().empty());
}

TEST_P(StoreContract, DeletingAnAbsentReferenceValueIsNotFoundAndNotAudited) {
  auto result =
      store().DeleteReferenceValue("snp.measurement", Event("refval.delete", "snp.measurement"));
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(result.error().ToString(), "store: reference value snp.measurement does not exist");
  EXPECT_TRUE(Audit().empty());
}

// --- audit ---------------------------------------------------------------------------------------

TEST_P(StoreContract, EveryMutationIsAuditedInOrder) {
  ASSERT_TRUE(store().PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put", "a/b/c")));
  clock_.Set(kT0 + std::chrono::seconds(1) + std::chrono::milliseconds(700));
  ASSERT_TRUE(
      store().PutPolicy({PolicyKind::kResource, "p", "t"}, Event("policy.set", "resource")));
  ASSERT_TRUE(store().PutReferenceValue({"snp.measurement", {"3f1a"}, std::nullopt, ""},
                                        Event("refval.put", "snp.measurement")));
  ASSERT_TRUE(
      store().DeleteReferenceValue("snp.measurement", Event("refval.delete", "snp.measurement")));
  const auto released =
      store().AppendAudit({"tee:snp:9c02", "resource.release", "a/b/c", json()}).value();
  ASSERT_TRUE(store().DeleteResource(Path("a/b/c"), Event("resource.delete", "a/b/c")));

  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 6u);
  const std::vector<std::string> actions = {"resource.put",  "policy.set",       "refval.put",
                                            "refval.delete", "resource.release", "resource.delete"};
  for (std::size_t i = 0; i < entries.size(); ++i) {
    EXPECT_EQ(entries[i].sequence, i + 1);
    EXPECT_EQ(entries[i].action, actions[i]);
  }
  EXPECT_EQ(entries[0].time, kT0);
  EXPECT_EQ(entries[1].time, kT0 + std::chrono::seconds(1));  // whole seconds
  EXPECT_EQ(entries[0].details, R"({"request":"r1"})");
  EXPECT_EQ(entries[4], released);
  EXPECT_EQ(released.actor, "tee:snp:9c02");
  EXPECT_EQ(released.details, "{}");
  EXPECT_TRUE(audit::VerifyAuditChain(entries).intact);
}

TEST_P(StoreContract, RefusesAnInvalidAuditEventAndChangesNothing) {
  audit::AuditEvent no_actor = Event("resource.put", "a/b/c");
  no_actor.actor.clear();
  auto result = store().PutResource(Path("a/b/c"), AsBytes("s"), no_actor);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(store().GetResource(Path("a/b/c")).value(), std::nullopt);
  EXPECT_FALSE(store().AppendAudit({"admin", "Bad Action", "", json()}));
  EXPECT_TRUE(Audit().empty());
}

TEST_P(StoreContract, ReadAuditPagesBySequence) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(store().AppendAudit(Event("resource.release", "a/b/c")));
  auto page = store().ReadAudit(4, 3).value();
  ASSERT_EQ(page.size(), 3u);
  EXPECT_EQ(page[0].sequence, 4u);
  EXPECT_EQ(page[2].sequence, 6u);
  EXPECT_TRUE(store().ReadAudit(4, 0).value().empty());
  EXPECT_TRUE(store().ReadAudit(11, 5).value().empty());
  EXPECT_TRUE(store().ReadAudit(UINT64_MAX, 5).value().empty());
  EXPECT_EQ(ReadAllAudit(store(), 3).value().size(), 10u);
  EXPECT_EQ(ReadAllAudit(store(), 10).value().size(), 10u);
  EXPECT_FALSE(ReadAllAudit(store(), 0));
}

// --- one transaction: the change and its audit entry, both or neither ----------------------------

TEST_P(StoreContract, AMutationWhoseAuditAppendFailsLeavesNothingBehind) {
  ASSERT_TRUE(
      store().PutPolicy({PolicyKind::kResource, "v1", "old"}, Event("policy.set", "resource")));
  backend_->BreakAuditAppends();

  auto put = store().PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put", "a/b/c"));
  ASSERT_FALSE(put);
  EXPECT_NE(put.error().message.find("injected audit failure"), std::string::npos)
      << put.error().ToString();
  EXPECT_FALSE(
      store().PutPolicy({PolicyKind::kResource, "v2", "new"}, Event("policy.set", "resource")));
  EXPECT_FALSE(store().PutReferenceValue({"snp.measurement", {"3f1a"}, std::nullopt, ""},
                                         Event("refval.put", "snp.measurement")));
  EXPECT_FALSE(store().AppendAudit(Event("resource.release", "a/b/c")));

  EXPECT_EQ(store().GetResource(Path("a/b/c")).value(), std::nullopt);
  EXPECT_EQ(store().GetPolicy(PolicyKind::kResource).value()->policy.text, "old");
  EXPECT_TRUE(store().ListReferenceValues().value().empty());
  EXPECT_EQ(Audit().size(), 1u);

  // Once the fault is gone the same store works and the chain is whole.
  backend_->Heal();
  ASSERT_TRUE(store().PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put", "a/b/c")));
  const auto entries = Audit();
  EXPECT_EQ(entries.size(), 2u);
  EXPECT_TRUE(audit::VerifyAuditChain(entries).intact);
}

TEST_P(StoreContract, AChangeThatFailsAppendsNoAuditEntry) {
  backend_->BreakResourceWrites();
  ASSERT_FALSE(store().PutResource(Path("a/b/c"), AsBytes("s"), Event("resource.put", "a/b/c")));
  EXPECT_EQ(store().GetResource(Path("a/b/c")).value(), std::nullopt);
  EXPECT_TRUE(Audit().empty());
}

// --- key check and resealing (KEK rotation) ------------------------------------------------------

TEST_P(StoreContract, TheFirstKeyCheckStoredIsKeptAndNotAudited) {
  EXPECT_EQ(store().GetKeyCheck().value(), std::nullopt);
  EXPECT_EQ(store().InitKeyCheck(AsBytes("first")).value(), ToBytes(AsBytes("first")));
  // A second trustee starting at once gets the first one's value back, not its own.
  EXPECT_EQ(store().InitKeyCheck(AsBytes("second")).value(), ToBytes(AsBytes("first")));
  EXPECT_EQ(store().GetKeyCheck().value(), ToBytes(AsBytes("first")));
  EXPECT_TRUE(Audit().empty());
  auto empty = store().InitKeyCheck(ByteSpan());
  ASSERT_FALSE(empty);
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(StoreContract, ResealingReplacesEverySecretAndTheKeyCheckWithOneAuditEntry) {
  ASSERT_TRUE(store().PutResource(Path("a/b/one"), AsBytes("1"), Event("resource.put", "a/b/one")));
  ASSERT_TRUE(store().PutResource(Path("a/b/two"), AsBytes("2"), Event("resource.put", "a/b/two")));
  ASSERT_TRUE(store().InitKeyCheck(AsBytes("old")));
  clock_.Set(kT0 + std::chrono::seconds(9));
  ASSERT_TRUE(store().ResealResources(AsBytes("old"), AppendPlus(), AsBytes("new"),
                                      Event("kek.rotate", "")));
  EXPECT_EQ(store().GetResource(Path("a/b/one")).value(), ToBytes(AsBytes("1+")));
  EXPECT_EQ(store().GetResource(Path("a/b/two")).value(), ToBytes(AsBytes("2+")));
  EXPECT_EQ(store().GetKeyCheck().value(), ToBytes(AsBytes("new")));
  const auto listed = store().ListResources().value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].updated_at, kT0);  // the secret did not change, only its wrapping
  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[2].action, "kek.rotate");
  EXPECT_TRUE(audit::VerifyAuditChain(entries).intact);
}

TEST_P(StoreContract, ResealingThatFailsForOneSecretChangesNothing) {
  ASSERT_TRUE(store().PutResource(Path("a/b/one"), AsBytes("1"), Event("resource.put", "a/b/one")));
  ASSERT_TRUE(store().PutResource(Path("a/b/two"), AsBytes("2"), Event("resource.put", "a/b/two")));
  ASSERT_TRUE(store().InitKeyCheck(AsBytes("old")));
  auto failed = store().ResealResources(AsBytes("old"), AppendPlus("a/b/two"), AsBytes("new"),
                                        Event("kek.rotate", ""));
  ASSERT_FALSE(failed);
  EXPECT_EQ(failed.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(store().GetResource(Path("a/b/one")).value(), ToBytes(AsBytes("1")));
  EXPECT_EQ(store().GetKeyCheck().value(), ToBytes(AsBytes("old")));
  EXPECT_EQ(Audit().size(), 2u);
}

TEST_P(StoreContract, ResealingRequiresTheExpectedKeyCheck) {
  ASSERT_TRUE(store().PutResource(Path("a/b/one"), AsBytes("1"), Event("resource.put", "a/b/one")));
  auto without = store().ResealResources(AsBytes("old"), AppendPlus(), AsBytes("new"),
                                         Event("kek.rotate", ""));
  ASSERT_FALSE(without);
  EXPECT_EQ(without.error().code, ErrorCode::kVerificationFailed);
  ASSERT_TRUE(store().InitKeyCheck(AsBytes("current")));
  auto stale = store().ResealResources(AsBytes("old"), AppendPlus(), AsBytes("new"),
                                       Event("kek.rotate", ""));
  ASSERT_FALSE(stale);
  EXPECT_EQ(stale.error().code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(stale.error().ToString(),
            "store: the stored key check value is not the expected one (another rotation ran "
            "first?)");
  EXPECT_EQ(store().GetResource(Path("a/b/one")).value(), ToBytes(AsBytes("1")));
  EXPECT_EQ(store().GetKeyCheck().value(), ToBytes(AsBytes("current")));
  EXPECT_EQ(Audit().size(), 1u);
}

}  // namespace veil::store
