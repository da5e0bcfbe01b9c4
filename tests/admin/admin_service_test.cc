// The admin endpoints as units over testing::FakeStore: a change is made only by an authenticated
// admin, only when it validates, and only together with its audit entry.

#include "veil/admin/admin_service.h"

#include <gtest/gtest.h>

#include "admin_service_harness.h"

#include "veil/base/base64.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/random.h"
#include "veil/http/server/router.h"
#include "veil/kbs/policy_inputs.h"
#include "veil/policy/coco/rego_attestation_policy.h"
#include "veil/protocol/admin_identity.h"
#include "veil/testing/fake_store.h"
#include "veil/testing/fixtures.h"

namespace veil::admin {
namespace {

using nlohmann::json;

protocol::ResourcePath Path(std::string_view text) {
  return protocol::ResourcePath::Parse(text).value();
}

std::string Variant(const http::Response& response) {
  const std::string type = Body(response).value("type", "");
  return type.substr(type.rfind('/') + 1);
}

class AdminServiceTest : public AdminServiceHarness {
 protected:
  http::Response SetResourcePolicy(std::string_view document) {
    const std::string body = json{{"policy", Base64UrlEncode(AsBytes(document))}}.dump();
    return service_.SetPolicy(Request("POST", "/kbs/v0/resource-policy", body),
                              store::PolicyKind::kResource);
  }
};

constexpr std::string_view kResourcePolicy =
    "id: only-affirming\n"
    "rules:\n"
    "  - name: affirming\n"
    "    resource: \"**\"\n"
    "    allow_if:\n"
    "      - {claim: status, equals: affirming}\n"
    "default: deny\n";

TEST_F(AdminServiceTest, PutResourceStoresTheSecretSealedAndAuditsTheAdmin) {
  const http::Response response =
      service_.PutResource(Request("POST", "/kbs/v0/resource/prod/key/web", "s3cret"));
  ASSERT_EQ(response.status, 200u) << response.body;
  EXPECT_EQ(Body(response), (json{{"resource", "prod/key/web"}, {"bytes", 6}}));

  const Bytes sealed = store_.GetResource(Path("prod/key/web")).value().value();
  EXPECT_EQ(std::string(sealed.begin(), sealed.end()).find("s3cret"), std::string::npos);
  const crypto::SecretBytes opened = sealer_.Open(sealed, "prod/key/web").value();
  EXPECT_EQ(std::string(opened.span().begin(), opened.span().end()), "s3cret");

  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].actor, Actor());
  EXPECT_EQ(entries[0].action, "resource.put");
  EXPECT_EQ(entries[0].subject, "prod/key/web");
  EXPECT_EQ(entries[0].details, R"({"bytes":6})");
}

TEST_F(AdminServiceTest, AnUnauthenticatedRequestChangesNothing) {
  const http::Response response = service_.PutResource(
      Request("POST", "/kbs/v0/resource/prod/key/web", "s3cret", /*anonymous=*/true));
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(Variant(response), "AdminAuthAccess") << response.body;
  EXPECT_EQ(store_.GetResource(Path("prod/key/web")).value(), std::nullopt);
  EXPECT_TRUE(Audit().empty());
}

TEST_F(AdminServiceTest, AChangeWhoseAuditEntryCannotBeWrittenIsNotMade) {
  store_.FailAuditAppends(2);
  const http::Response put =
      service_.PutResource(Request("POST", "/kbs/v0/resource/prod/key/web", "s3cret"));
  EXPECT_EQ(put.status, 500u);
  EXPECT_EQ(Variant(put), "InternalError") << put.body;
  EXPECT_EQ(store_.GetResource(Path("prod/key/web")).value(), std::nullopt);

  EXPECT_EQ(SetResourcePolicy(kResourcePolicy).status, 500u);
  EXPECT_EQ(store_.GetPolicy(store::PolicyKind::kResource).value(), std::nullopt);
  EXPECT_TRUE(Audit().empty());

  ASSERT_EQ(SetResourcePolicy(kResourcePolicy).status, 200u);
  EXPECT_EQ(store_.GetPolicy(store::PolicyKind::kResource).value()->policy.id, "only-affirming");
  EXPECT_EQ(Audit().size(), 1u);
}

TEST_F(AdminServiceTest, AnInvalidPolicyIsNeverStored) {
  const http::Response response = SetResourcePolicy("id: broken\nrules: [");
  EXPECT_EQ(response.status, 400u);
  EXPECT_EQ(Variant(response), "BadRequest") << response.body;
  EXPECT_EQ(store_.GetPolicy(store::PolicyKind::kResource).value(), std::nullopt);
  EXPECT_TRUE(Audit().empty());

  const http::Response current =
      service_.GetPolicy(Request("GET", "/kbs/v0/resource-policy"), store::PolicyKind::kResource);
  ASSERT_EQ(current.status, 200u);
  EXPECT_EQ(Body(current)["default"], true);
}

constexpr std::string_view kIdentityPolicy =
    "id: web-identities\n"
    "rules:\n"
    "  - name: frontend\n"
    "    names: [\"uri:spiffe://veil.example/web/*\"]\n"
    "    allow_if:\n"
    "      - {claim: status, equals: affirming}\n";

// /kbs/v0/identity-policy: the built-in default (deny every name) until one is set; only a valid
// identity policy is stored, and setting it is audited.
TEST_F(AdminServiceTest, TheIdentityPolicyIsServedValidatedAndAudited) {
  const auto get = [&] {
    return service_.GetPolicy(Request("GET", "/kbs/v0/identity-policy"),
                              store::PolicyKind::kIdentity);
  };
  const auto set = [&](std::string_view document) {
    const std::string body = json{{"policy", Base64UrlEncode(AsBytes(document))}}.dump();
    return service_.SetPolicy(Request("POST", "/kbs/v0/identity-policy", body),
                              store::PolicyKind::kIdentity);
  };
  const http::Response initial = get();
  ASSERT_EQ(initial.status, 200u) << initial.body;
  EXPECT_EQ(Body(initial)["kind"], "identity");
  EXPECT_EQ(Body(initial)["id"], "default-identity");
  EXPECT_EQ(Body(initial)["default"], true);

  const http::Response wrong_kind = set(kResourcePolicy);
  EXPECT_EQ(wrong_kind.status, 400u);
  EXPECT_NE(wrong_kind.body.find("missing \\\"names\\\""), std::string::npos) << wrong_kind.body;
  EXPECT_TRUE(Audit().empty());

  const http::Response stored = set(kIdentityPolicy);
  ASSERT_EQ(stored.status, 200u) << stored.body;
  EXPECT_EQ(Body(stored), (json{{"kind", "identity"}, {"id", "web-identities"}}));
  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "policy.set");
  EXPECT_EQ(entries[0].subject, "identity");
  EXPECT_EQ(Body(get())["policy"], kIdentityPolicy);
  EXPECT_EQ(Body(get())["default"], false);
  EXPECT_EQ(store_.GetPolicy(store::PolicyKind::kResource).value(), std::nullopt);
}

const std::string kImageA(96, 'a');  // snp.measurement: 48 bytes
const std::string kImageB(96, 'b');

TEST_F(AdminServiceTest, ReferenceValuesAreValidatedAndAudited) {
  const json good = {{"name", "snp.measurement"},
                     {"values", {kImageA, kImageB}},
                     {"expires", "2026-04-01T00:00:00Z"},
                     {"provenance", "CI run 7"}};
  ASSERT_EQ(
      service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", good.dump())).status,
      200u);
  const json bad = {{"name", "SNP measurement"}, {"values", {"3f1a"}}};
  const http::Response refused =
      service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", bad.dump()));
  EXPECT_EQ(refused.status, 400u);

  const auto listed = store_.ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].reference.values, (std::vector<std::string>{kImageA, kImageB}));
  EXPECT_EQ(listed[0].reference.expires_at, ParseRfc3339("2026-04-01T00:00:00Z").value());
  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_EQ(entries[0].action, "refval.put");
  EXPECT_EQ(entries[0].subject, "snp.measurement");
}

// Issue 20: the admin API stores no value the catalogue refuses, whichever client sends it.
TEST_F(AdminServiceTest, MalformedAndMisnamedReferenceValuesAreRefusedSayingWhy) {
  const struct {
    json body;
    std::string detail;
  } cases[] = {
      {{{"name", "tpm.ak"}, {"values", {"6a114d75…d5b6"}}},
       "value \"6a114d75…d5b6\": character 9 is \"…\", not a hex digit"},
      {{{"name", "snp.measurement"}, {"values", {std::string(92, 'a')}}},
       "expected 96 hex digits (48 bytes), found 92 hex digits"},
      {{{"name", "snp.measurment"}, {"values", {kImageA}}}, "did you mean snp.measurement?"},
      {{{"name", "tpm.akk"}, {"values", {std::string(64, 'a')}}}, "did you mean tpm.ak?"},
      {{{"name", "snp.guest_svn"}, {"values", {"07"}}}, "expected a decimal integer"},
      {{{"name", "snp.measurement"}, {"values", {kImageA}}, {"expires", "2026-02-01T00:00:00Z"}},
       "expires 2026-02-01T00:00:00Z, which is not after now (2026-03-01T12:00:00Z)"},
      {{{"name", "snp.measurement"}, {"values", {kImageA}}, {"mode", "merge"}},
       "\"mode\": expected \"replace\", \"append\" or \"remove\", got \"merge\""},
      {{{"name", "snp.measurement"}, {"values", {kImageA}}, {"forse", true}},
       "unknown member \"forse\""},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.body.dump());
    const http::Response response =
        service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", c.body.dump()));
    EXPECT_EQ(response.status, 400u);
    EXPECT_NE(Body(response).value("detail", "").find(c.detail), std::string::npos)
        << response.body;
  }
  EXPECT_TRUE(store_.ListReferenceValues().value().empty());
  EXPECT_TRUE(Audit().empty());

  // "force" stores an unknown name under a TEE prefix, never a malformed value of a known one.
  const json forced = {{"name", "tdx.rtmr4"}, {"values", {"anything"}}, {"force", true}};
  EXPECT_EQ(
      service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", forced.dump())).status,
      200u);
  const json forced_bad = {{"name", "tpm.ak"}, {"values", {"6a11…"}}, {"force", true}};
  EXPECT_EQ(
      service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", forced_bad.dump()))
          .status,
      400u);
  // A free set name is the policy's business: not form-checked.
  const json free = {{"name", "web"}, {"values", {"release 42"}}};
  EXPECT_EQ(
      service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", free.dump())).status,
      200u);
  EXPECT_EQ(store_.ListReferenceValues().value().size(), 2u);
}

// Rotation: "mode": "append" adds a value beside the current one, "remove" takes one away, DELETE
// takes the name; each is audited under its own action.
TEST_F(AdminServiceTest, ReferenceValuesAreAppendedAndRemovedOneByOne) {
  http::Router router;
  service_.Register(router);
  const auto post = [&](const json& body) {
    return router.Dispatch(Request("POST", "/kbs/v0/reference-value", body.dump()));
  };
  ASSERT_EQ(post({{"name", "snp.measurement"},
                  {"values", {kImageA}},
                  {"mode", "append"},
                  {"expires", "2026-03-08T00:00:00Z"},
                  {"provenance", "release 41"}})
                .status,
            200u);
  clock_.Set(kT0 + std::chrono::seconds(10));
  ASSERT_EQ(post({{"name", "snp.measurement"},
                  {"values", {kImageB}},
                  {"mode", "append"},
                  {"provenance", "release 42"}})
                .status,
            200u);
  const json listed = Body(router.Dispatch(Request("GET", "/kbs/v0/reference-values")));
  ASSERT_EQ(listed["reference_values"].size(), 2u) << listed.dump();
  EXPECT_EQ(listed["reference_values"][0]["values"], json::array({kImageA}));
  EXPECT_EQ(listed["reference_values"][0]["expires"], "2026-03-08T00:00:00Z");
  EXPECT_EQ(listed["reference_values"][1]["values"], json::array({kImageB}));
  EXPECT_EQ(listed["reference_values"][1]["provenance"], "release 42");
  EXPECT_EQ(Body(router.Dispatch(Request("GET", "/kbs/v0/reference-value/snp.measurement"))),
            json::array({kImageA, kImageB}));

  const http::Response removed =
      post({{"name", "snp.measurement"}, {"values", {kImageA}}, {"mode", "remove"}});
  ASSERT_EQ(removed.status, 200u) << removed.body;
  EXPECT_EQ(Body(router.Dispatch(Request("GET", "/kbs/v0/reference-value/snp.measurement"))),
            json::array({kImageB}));
  const http::Response absent =
      post({{"name", "snp.measurement"}, {"values", {kImageA}}, {"mode", "remove"}});
  EXPECT_EQ(Variant(absent), "ResourceNotFound") << absent.body;
  EXPECT_EQ(post({{"name", "snp.measurement"},
                  {"values", {kImageB}},
                  {"mode", "remove"},
                  {"provenance", "x"}})
                .status,
            400u);

  ASSERT_EQ(router.Dispatch(Request("DELETE", "/kbs/v0/reference-value/snp.measurement")).status,
            200u);
  EXPECT_TRUE(store_.ListReferenceValues().value().empty());
  std::vector<std::string> actions;
  for (const auto& entry : Audit()) actions.push_back(entry.action);
  EXPECT_EQ(actions, (std::vector<std::string>{"refval.append", "refval.append", "refval.remove",
                                               "refval.delete"}));
}

TEST_F(AdminServiceTest, AnImportIsCheckedWholeAndStoredAllOrNothing) {
  http::Router router;
  service_.Register(router);
  ASSERT_TRUE(store_.PutReferenceValue({"tpm.ak", {std::string(64, 'c')}, std::nullopt, ""},
                                       {"admin:x", "refval.put", "tpm.ak", json::object()}));
  const json set = {{"reference_values",
                     {{{"name", "snp.measurement"},
                       {"values", {kImageA}},
                       {"expires", "2026-03-08T00:00:00Z"},
                       {"provenance", "release 41"}},
                      {{"name", "snp.measurement"}, {"values", {kImageB}}},
                      {{"name", "web"}, {"values", {"x"}}}}}};
  const http::Response imported =
      router.Dispatch(Request("POST", "/kbs/v0/reference-values", set.dump()));
  ASSERT_EQ(imported.status, 200u) << imported.body;
  const auto listed = store_.ListReferenceValues().value();
  ASSERT_EQ(listed.size(), 4u);
  EXPECT_EQ(listed[0].reference.values, std::vector<std::string>{kImageA});
  EXPECT_EQ(listed[1].reference.values, std::vector<std::string>{kImageB});
  EXPECT_EQ(listed[2].reference.name, "tpm.ak");  // not in the set: left alone
  EXPECT_EQ(Audit().back().action, "refval.import");
  EXPECT_EQ(Audit().back().subject, "2 names");

  json bad = set;
  bad["reference_values"][2] = {{"name", "snp.host_data"}, {"values", {"abc…"}}};
  const http::Response refused =
      router.Dispatch(Request("POST", "/kbs/v0/reference-values", bad.dump()));
  EXPECT_EQ(refused.status, 400u);
  EXPECT_NE(Body(refused).value("detail", "").find("reference value snp.host_data"),
            std::string::npos)
      << refused.body;
  EXPECT_EQ(store_.ListReferenceValues().value(), listed);
  EXPECT_EQ(Audit().size(), 2u);
}

// CoCo's RVPS message goes through the same catalogue: kbs-client cannot store a misspelt
// "<tee>." name either, while its free names and well-formed known ones work as before.
TEST_F(AdminServiceTest, AnRvpsMessageIsCheckedAgainstTheCatalogue) {
  const auto send = [&](const json& payload) {
    const json message = {{"version", "0.1.0"},
                          {"type", "sample"},
                          {"payload", Base64Encode(AsBytes(payload.dump()))}};
    return service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", message.dump()));
  };
  EXPECT_EQ(send({{"sample.svn", json::array({"1"})}, {"snp_launch_measurement", "x"}}).status,
            200u);
  const http::Response refused = send({{"snp.measurment", json::array({kImageA})}});
  EXPECT_EQ(refused.status, 400u);
  EXPECT_NE(Body(refused).value("detail", "").find("did you mean snp.measurement?"),
            std::string::npos)
      << refused.body;
  EXPECT_EQ(store_.ListReferenceValues().value().size(), 2u);
}

// kbs-client config set-sample-reference-value svn 5 --as-integer: every name of the payload is
// stored with its canonical text and audited; GET /kbs/v0/reference-value/<name> returns the
// JSON registered. Routed as the trustee routes them.
TEST_F(AdminServiceTest, AnRvpsSampleMessageIsStoredAndReadBackThroughTheRoutes) {
  http::Router router;
  service_.Register(router);
  const json payload = {{"svn", json::array({5})}, {"debug", false}};
  const json message = {
      {"version", "0.1.0"}, {"type", "sample"}, {"payload", Base64Encode(AsBytes(payload.dump()))}};
  const http::Response put =
      router.Dispatch(Request("POST", "/kbs/v0/reference-value", message.dump()));
  ASSERT_EQ(put.status, 200u) << put.body;
  EXPECT_EQ(
      Body(put),
      (json{{"reference_values",
             {{{"name", "debug"}, {"values", {"false"}}}, {{"name", "svn"}, {"values", {"5"}}}}}}));
  const auto entries = Audit();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].action, "refval.put");
  EXPECT_EQ(entries[1].subject, "svn");
  EXPECT_NE(entries[1].details.find("CoCo RVPS message of type"), std::string::npos);

  const http::Response got = router.Dispatch(Request("GET", "/kbs/v0/reference-value/svn"));
  ASSERT_EQ(got.status, 200u) << got.body;
  EXPECT_EQ(Body(got), json::array({5}));  // as sent: CoCo's RVPS answers the JSON registered
  const http::Response debug = router.Dispatch(Request("GET", "/kbs/v0/reference-value/debug"));
  EXPECT_EQ(Body(debug), json(false));  // a single value, not a list
  const http::Response absent = router.Dispatch(Request("GET", "/kbs/v0/reference-value/none"));
  EXPECT_EQ(Variant(absent), "ResourceNotFound") << absent.body;
  const http::Response bad_name =
      router.Dispatch(Request("GET", "/kbs/v0/reference-value/Not%20A%20Name"));
  EXPECT_EQ(Variant(bad_name), "BadRequest") << bad_name.body;
  EXPECT_EQ(router.Dispatch(Request("GET", "/kbs/v0/reference-value/svn", "", true)).status, 401u);
}

TEST_F(AdminServiceTest, AnRvpsMessageWithOneBadNameStoresNothing) {
  const json payload = {{"good", 1}, {"bad", json::object()}};
  const json message = {{"type", "sample"}, {"payload", Base64Encode(AsBytes(payload.dump()))}};
  const http::Response response =
      service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", message.dump()));
  EXPECT_EQ(response.status, 400u);
  EXPECT_EQ(Variant(response), "BadRequest") << response.body;
  EXPECT_TRUE(store_.ListReferenceValues().value().empty());
  EXPECT_TRUE(Audit().empty());
}

// kbs-client config set-resource sends POST; CoCo's KBS also takes PUT on the same path.
TEST_F(AdminServiceTest, AResourceIsSetWithPutAsWithPostAndDeleted) {
  http::Router router;
  service_.Register(router);
  http::Request put = Request("PUT", "/kbs/v0/resource/prod/key/web", "v2");
  put.headers.Add("Content-Type", "application/octet-stream");
  ASSERT_EQ(router.Dispatch(put).status, 200u);
  const Bytes sealed = store_.GetResource(Path("prod/key/web")).value().value();
  const crypto::SecretBytes opened = sealer_.Open(sealed, "prod/key/web").value();
  EXPECT_EQ(std::string(opened.span().begin(), opened.span().end()), "v2");
  const http::Response deleted =
      router.Dispatch(Request("DELETE", "/kbs/v0/resource/prod/key/web"));
  ASSERT_EQ(deleted.status, 200u) << deleted.body;
  EXPECT_EQ(store_.GetResource(Path("prod/key/web")).value(), std::nullopt);
}

TEST_F(AdminServiceTest, ARegoPolicyIsStoredOnceItCompiles) {
  const std::string_view rego = "package policy\n\ndefault allow = false\n";
  const http::Response response = SetResourcePolicy(rego);
  ASSERT_EQ(response.status, 200u) << response.body;
  const auto stored = store_.GetPolicy(store::PolicyKind::kResource).value();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->policy.text, rego);
  EXPECT_EQ(stored->policy.id, "default");
}

TEST_F(AdminServiceTest, ARegoPolicyThatDoesNotCompileIsRefusedAndNothingIsStored) {
  const http::Response response = SetResourcePolicy("package policy\n\nallow if {\n  x\n}\n");
  EXPECT_EQ(response.status, 400u);
  EXPECT_EQ(Variant(response), "BadRequest") << response.body;
  EXPECT_NE(Body(response).value("detail", "").find("line 4"), std::string::npos) << response.body;
  EXPECT_EQ(store_.GetPolicy(store::PolicyKind::kResource).value(), std::nullopt);
  EXPECT_TRUE(Audit().empty());
}

TEST_F(AdminServiceTest, DeletingWhatIsAbsentIsNotFoundAndNotAudited) {
  const http::Response response =
      service_.DeleteResource(Request("DELETE", "/kbs/v0/resource/prod/key/none"));
  EXPECT_EQ(response.status, 401u);
  EXPECT_EQ(Variant(response), "ResourceNotFound") << response.body;
  EXPECT_TRUE(Audit().empty());
}

TEST_F(AdminServiceTest, TheAuditLogIsReadPageByPage) {
  for (const char* tag : {"a", "b", "c"}) {
    ASSERT_EQ(
        service_
            .PutResource(Request("POST", std::string("/kbs/v0/resource/prod/key/") + tag, "secret"))
            .status,
        200u);
  }
  http::Request request = Request("GET", "/kbs/v0/audit");
  request.query = "from=2&limit=1";
  const json page = Body(service_.ReadAudit(request));
  ASSERT_EQ(page["entries"].size(), 1u);
  EXPECT_EQ(page["entries"][0]["sequence"], 2);
  EXPECT_EQ(page["entries"][0]["subject"], "prod/key/b");
  EXPECT_EQ(page["entries"][0]["actor"], Actor());
}

// --- query_reference_value answers what CoCo's RVPS answers ------------------------------------

const TimePoint kQueryTime = kT0;

// CoCo's RVPS keeps the JSON value of each payload name (rvps/src/extractors/sample: {name:
// value}, rvps/src/reference_value.rs value: serde_json::Value) and query_reference_value answers
// it as it was registered (attestation-service/src/ear_token/broker.rs converts it to a Rego
// value), null for an unknown name.
class QueryReferenceValueTest : public AdminServiceTest {
 protected:
  http::Response PostRvpsMessage(const json& payload) {
    const json message = {{"version", "0.1.0"},
                          {"type", "sample"},
                          {"payload", Base64Encode(AsBytes(payload.dump()))}};
    return service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", message.dump()));
  }

  // True when query_reference_value(name) == expected in a compiled Rego policy over the store's
  // reference values, as the trustee hands them to a policy (kbs::CurrentReferenceValues).
  bool Answers(std::string_view name, const json& expected) {
    static const auto kPolicy = policy::coco::CompileRegoAttestationPolicy(
        "package policy\n"
        "import rego.v1\n"
        "default hardware := 0\n"
        "hardware := 2 if { query_reference_value(input.name) == input.expected }\n"
        "trust_claims := {\"executables\": 3, \"hardware\": hardware}\n",
        "answers");
    EXPECT_TRUE(kPolicy) << kPolicy.error().ToString();
    const auto references = kbs::CurrentReferenceValues(store_);
    EXPECT_TRUE(references) << references.error().ToString();
    const auto appraisal = policy::coco::AppraiseRecordedWithRego(
        *kPolicy, "sample", json{{"name", name}, {"expected", expected}}, *references, kQueryTime);
    EXPECT_TRUE(appraisal) << appraisal.error().ToString();
    return appraisal && appraisal->vector.Get(policy::Ar4siComponent::kHardware) == 2;
  }
};

// The message of the issue: each name answers the JSON it was registered as, of its own type.
TEST_F(QueryReferenceValueTest, AnRvpsMessageAnswersTheJsonItRegistered) {
  const http::Response put = PostRvpsMessage({{"snp_smt_enabled", true},
                                              {"snp_bootloader", json::array({3})},
                                              {"launch_digest", json::array({"abcde"})},
                                              {"major_version", 1}});
  ASSERT_EQ(put.status, 200u) << put.body;

  // "snp_smt_enabled": true is a boolean on its own: CoCo answers true, not "true" nor [true].
  EXPECT_TRUE(Answers("snp_smt_enabled", true));
  EXPECT_FALSE(Answers("snp_smt_enabled", "true"));
  EXPECT_FALSE(Answers("snp_smt_enabled", json::array({true})));
  // "snp_bootloader": [3] is a list of one number: CoCo answers [3], not ["3"] nor 3.
  EXPECT_TRUE(Answers("snp_bootloader", json::array({3})));
  EXPECT_FALSE(Answers("snp_bootloader", json::array({"3"})));
  EXPECT_FALSE(Answers("snp_bootloader", 3));
  // "launch_digest": ["abcde"] is a list of one string: CoCo answers ["abcde"].
  EXPECT_TRUE(Answers("launch_digest", json::array({"abcde"})));
  EXPECT_FALSE(Answers("launch_digest", "abcde"));
  // "major_version": 1 is a number on its own: CoCo answers 1, not "1" nor [1].
  EXPECT_TRUE(Answers("major_version", 1));
  EXPECT_FALSE(Answers("major_version", "1"));
  EXPECT_FALSE(Answers("major_version", json::array({1})));
  // A name the RVPS never registered: null.
  EXPECT_TRUE(Answers("snp_microcode", nullptr));
}

// CoCo's own EAR policy (as-ear_default_policy_cpu.rego, byte-identical) over SNP claims whose
// reference values were registered the way CoCo documents them: `in` a list of numbers and `==`
// a boolean or number. Each comparison needs the registered JSON type: "3" is not 3 in Rego.
TEST_F(QueryReferenceValueTest, CocosEarPolicyAffirmsSnpClaimsAgainstTypedRvpsValues) {
  const std::string measurement(96, 'a');
  const http::Response put =
      PostRvpsMessage({{"snp_launch_measurement", json::array({measurement})},
                       {"snp_bootloader", json::array({3})},
                       {"snp_microcode", json::array({209})},
                       {"snp_snp_svn", json::array({20})},
                       {"snp_tee_svn", json::array({0})},
                       {"snp_smt_enabled", true},
                       {"snp_tsme_enabled", false},
                       {"snp_guest_abi_major", 0},
                       {"snp_guest_abi_minor", 31},
                       {"snp_single_socket", false},
                       {"snp_smt_allowed", true}});
  ASSERT_EQ(put.status, 200u) << put.body;
  const auto policy = policy::coco::CompileRegoAttestationPolicy(
      [] {
        const Bytes text = testing::ReadFixture("rego/trustee/as-ear_default_policy_cpu.rego");
        return std::string(text.begin(), text.end());
      }(),
      "default");
  ASSERT_TRUE(policy) << policy.error().ToString();
  const json snp = {{"measurement", measurement},     {"reported_tcb_bootloader", 3},
                    {"reported_tcb_microcode", 209},  {"reported_tcb_snp", 20},
                    {"reported_tcb_tee", 0},          {"policy_debug_allowed", false},
                    {"policy_migrate_ma", false},     {"platform_smt_enabled", true},
                    {"platform_tsme_enabled", false}, {"policy_abi_major", 0},
                    {"policy_abi_minor", 31},         {"policy_single_socket", false},
                    {"policy_smt_allowed", true}};
  const auto appraisal = policy::coco::AppraiseRecordedWithRego(
      *policy, "snp", json{{"snp", snp}}, kbs::CurrentReferenceValues(store_).value(), kQueryTime);
  ASSERT_TRUE(appraisal) << appraisal.error().ToString();
  EXPECT_EQ(appraisal->vector.Get(policy::Ar4siComponent::kExecutables), 3);
  EXPECT_EQ(appraisal->vector.Get(policy::Ar4siComponent::kHardware), 2);
  EXPECT_EQ(appraisal->vector.Get(policy::Ar4siComponent::kConfiguration), 2);
  EXPECT_EQ(appraisal->status, policy::ArStatus::kAffirming);
}

// Veil's own body always writes a list; integers and booleans in it stay integers and booleans.
TEST_F(QueryReferenceValueTest, VeilsBodyWithIntegersAnswersAListOfIntegers) {
  const json body = {{"name", "svn"}, {"values", {3, 4}}};
  ASSERT_EQ(
      service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", body.dump())).status,
      200u);
  EXPECT_TRUE(Answers("svn", json::array({3, 4})));
  EXPECT_FALSE(Answers("svn", json::array({"3", "4"})));
  EXPECT_FALSE(Answers("svn", 3));
  const json appended = {{"name", "svn"}, {"values", json::array({true})}, {"mode", "append"}};
  ASSERT_EQ(service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", appended.dump()))
                .status,
            200u);
  EXPECT_TRUE(Answers("svn", json::array({3, 4, true})));
}

// Entries that carry no kinds (every row stored before schema version 3) are strings in lists,
// and answer as they always did.
TEST_F(QueryReferenceValueTest, ValuesStoredAsTextAnswerStringsAsBefore) {
  ASSERT_TRUE(store_.PutReferenceValue({"major_version", {"1"}, std::nullopt, ""},
                                       {"test", "refval.put", "major_version", json::object()}));
  EXPECT_TRUE(Answers("major_version", json::array({"1"})));
  EXPECT_FALSE(Answers("major_version", 1));
}

// Several entries of one name answer all their values in one list, even when one was a scalar;
// an expired scalar is not answered.
TEST_F(QueryReferenceValueTest, ScalarsAnswerAloneOnlyAsTheNamesOneCurrentEntry) {
  ASSERT_EQ(PostRvpsMessage({{"major_version", 1}}).status, 200u);
  const json appended = {
      {"name", "major_version"}, {"values", json::array({2})}, {"mode", "append"}};
  ASSERT_EQ(service_.PutReferenceValue(Request("POST", "/kbs/v0/reference-value", appended.dump()))
                .status,
            200u);
  EXPECT_TRUE(Answers("major_version", json::array({1, 2})));

  ReferenceValue expiring{"minimum_minor_version", {}, kQueryTime, ""};
  expiring.Add("7", ReferenceValueKind::kInteger);
  expiring.scalar = true;
  ASSERT_TRUE(store_.PutReferenceValue(
      expiring, {"test", "refval.put", "minimum_minor_version", json::object()}));
  EXPECT_TRUE(Answers("minimum_minor_version", nullptr));
}

}  // namespace
}  // namespace veil::admin
