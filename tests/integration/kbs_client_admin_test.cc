// Issue 9 item 3: CoCo's kbs-client admin commands against a real veil-trustee. Each request is
// replayed exactly as kbs-client sends it (confidential-containers/trustee tools/kbs-client/src/
// lib.rs: method, path, Content-Type, bearer token, body shape), with the admin token made by
// openssl exactly as CoCo's kbs/config/docker-compose/setup.sh makes it: Ed25519, EdDSA, claims
// {iss, sub, aud, role, iat, exp = iat + 10 years}, no jti. The trustee takes it only under the
// configuration docs/coco-compatibility.md gives.

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "kbs_guest.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/policy/default_policies.h"
#include "veil/testing/command.h"
#include "veil/testing/fixtures.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using nlohmann::json;
using testing::KbsAnswer;
using testing::KbsGuest;

const std::string kProblemPrefix = "https://github.com/confidential-containers/kbs/errors/";

// setup.sh's admin-token steps, run by bash with the system openssl (the recipe in
// docs/coco-compatibility.md).
constexpr const char* kMakeCocoAdminToken = R"sh(set -eu
openssl genpkey -algorithm ed25519 > private.key
openssl pkey -in private.key -pubout -out public.pub
b64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
header='{"alg":"EdDSA","typ":"JWT"}'
iat="$(date +%s)"
exp="$((iat + 315360000))"
payload="{\"iss\":\"TrusteeInDocker\",\"sub\":\"admin\",\"aud\":[\"KBS\"],\"role\":\"admin\",\"iat\":${iat},\"exp\":${exp}}"
h64="$(printf '%s' "${header}" | b64url)"
p64="$(printf '%s' "${payload}" | b64url)"
printf '%s' "${h64}.${p64}" > signing-input
sig="$(openssl pkeyutl -sign -inkey private.key -rawin -in signing-input | b64url)"
printf '%s.%s.%s\n' "${h64}" "${p64}" "${sig}" > admin-token
)sh";

// The [admin] lines docs/coco-compatibility.md tells a CoCo user to set.
constexpr const char* kCocoAdminConfig = R"([admin]
public_keys = ["public.pub"]
reusable_tokens = true
token_max_age_seconds = 315360000
issuer = "TrusteeInDocker"
audience = "KBS"
)";

constexpr const char* kAllowSample =
    "id: allow-sample-with-reference\n"
    "rules:\n"
    "  - name: sample-svn\n"
    "    tee: [sample]\n"
    "    claim: svn\n"
    "    check: {in_reference: sample.svn}\n"
    "    pass: {hardware: 2}\n";

constexpr const char* kResourcePolicy =
    "id: affirming-only\n"
    "rules:\n"
    "  - name: affirming\n"
    "    resource: \"**\"\n"
    "    allow_if:\n"
    "      - {claim: status, equals: affirming}\n"
    "default: deny\n";

std::string Text(const Bytes& bytes) { return std::string(bytes.begin(), bytes.end()); }

// The code block of docs/coco-compatibility.md's recipe that starts with `first_line`, its
// three-space list indent removed.
std::string DocsBlock(const std::string& first_line) {
  const std::string markdown =
      Text(ReadFileBytes(std::string(VEIL_SOURCE_DIR) + "/docs/coco-compatibility.md").value());
  const std::size_t start = markdown.find("\n   " + first_line);
  if (start == std::string::npos) return "";
  const std::size_t end = markdown.find("   ```", start);
  std::stringstream lines(markdown.substr(start + 1, end - start - 1));
  std::string block;
  for (std::string line; std::getline(lines, line);)
    block += line.substr(std::min<std::size_t>(3, line.size())) + "\n";
  return block;
}

class KbsClientAdmin : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::ScratchDir("kbs-client");
    const auto made = testing::RunCommand(
        {"bash", "-c", "cd '" + dir_->path().string() + "' && " + kMakeCocoAdminToken});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    token_ = new std::string(Text(ReadFileBytes(*dir_ / "admin-token").value()));
    while (!token_->empty() && token_->back() == '\n') token_->pop_back();  // kbs-client trims
    {
      // The test sends its requests faster than the default admin rate limit allows.
      std::ofstream(*dir_ / "trustee.toml")
          << kCocoAdminConfig << "rate_per_second = 1000\nrate_burst = 1000\n";
    }
    auto trustee = testing::TrusteeProcess::Start(*dir_ / "data",
                                                  {"--config", (*dir_ / "trustee.toml").string()});
    ASSERT_TRUE(trustee) << trustee.error().ToString();
    trustee_ = std::move(*trustee).release();
  }

  static void TearDownTestSuite() {
    delete trustee_;
    delete token_;
    delete dir_;
  }

  // One kbs-client request: reqwest with its user agent, `Content-Type` as kbs-client sets it,
  // the token as bearer_auth.
  static http::ClientResponse KbsClient(const std::string& method, const std::string& path,
                                        const std::string& content_type, std::string body,
                                        const testing::TrusteeProcess& trustee = *trustee_) {
    http::ClientRequest request{.method = method, .url = trustee.url() + path};
    request.headers.Add("User-Agent", "kbs-client/0.1.0");
    if (!content_type.empty()) request.headers.Add("Content-Type", content_type);
    request.headers.Add("Authorization", "Bearer " + *token_);
    request.body = std::move(body);
    auto response = http::Send(request);
    EXPECT_TRUE(response) << response.error().ToString();
    return response.value_or(http::ClientResponse{});
  }

  // kbs-client config set-attestation-policy --policy-file F (type and id left to their
  // defaults "rego" and "default_cpu"): the document in base64url without padding.
  static http::ClientResponse SetAttestationPolicy(std::string_view document) {
    const json body = {{"type", "rego"},
                       {"policy_id", "default_cpu"},
                       {"policy", Base64UrlEncode(AsBytes(document))}};
    return KbsClient("POST", "/kbs/v0/attestation-policy", "application/json", body.dump());
  }

  // kbs-client config set-resource-policy --policy-file F (and its built-in flags).
  static http::ClientResponse SetResourcePolicy(std::string_view document) {
    const json body = {{"policy", Base64UrlEncode(AsBytes(document))}};
    return KbsClient("POST", "/kbs/v0/resource-policy", "application/json", body.dump());
  }

  // kbs-client config set-sample-reference-value NAME VALUE [--as-integer|--as-bool]
  // [--as-single-value]: {name: value} in standard base64, the message serialised by serde_json
  // (members sorted).
  static http::ClientResponse SetSampleReferenceValue(const std::string& name, const json& value) {
    const std::string payload = Base64Encode(AsBytes(json{{name, value}}.dump()));
    const json message = {{"version", "0.1.0"}, {"type", "sample"}, {"payload", payload}};
    return KbsClient("POST", "/kbs/v0/reference-value", "application/json", message.dump());
  }

  // kbs-client config get-reference-value --id NAME
  static http::ClientResponse GetReferenceValue(const std::string& name) {
    return KbsClient("GET", "/kbs/v0/reference-value/" + name, "application/json", "");
  }

  static void ExpectProblem(const http::ClientResponse& response, unsigned status,
                            const std::string& variant, const std::string& detail_part) {
    EXPECT_EQ(response.status, status) << response.body;
    const json body = json::parse(response.body, nullptr, false);
    ASSERT_TRUE(body.is_object()) << response.body;
    EXPECT_EQ(body.value("type", ""), kProblemPrefix + variant) << response.body;
    EXPECT_NE(body.value("detail", "").find(detail_part), std::string::npos) << response.body;
  }

  static KbsAnswer AttestSample(KbsGuest& guest) {
    const std::string nonce = guest.Auth("sample").value();
    const json evidence = {{"svn", "1"},
                           {"report_data", Base64Encode(guest.ReportData(nonce).value())}};
    return guest.Attest(guest.AttestBody(nonce, evidence));
  }

  static testing::ScratchDir* dir_;
  static std::string* token_;
  static testing::TrusteeProcess* trustee_;
};

testing::ScratchDir* KbsClientAdmin::dir_ = nullptr;
std::string* KbsClientAdmin::token_ = nullptr;
testing::TrusteeProcess* KbsClientAdmin::trustee_ = nullptr;

// The recipe in docs/coco-compatibility.md, run as written: its openssl steps make a key and token
// that a trustee with its [admin] lines accepts, request after request.
TEST_F(KbsClientAdmin, TheDocsRecipeMakesAKeyAndTokenThatWork) {
  const std::string script = DocsBlock("openssl genpkey");
  const std::string config = DocsBlock("[admin]");
  ASSERT_FALSE(script.empty());
  ASSERT_FALSE(config.empty());
  const std::filesystem::path recipe = *dir_ / "recipe";
  std::filesystem::create_directories(recipe);
  const auto made =
      testing::RunCommand({"bash", "-euc", "cd '" + recipe.string() + "' && " + script});
  ASSERT_EQ(made.exit_code, 0) << made.err << script;
  { std::ofstream(recipe / "trustee.toml") << config; }
  auto trustee = testing::TrusteeProcess::Start(recipe / "data",
                                                {"--config", (recipe / "trustee.toml").string()});
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  std::string token = Text(ReadFileBytes(recipe / "admin-token").value());
  while (!token.empty() && token.back() == '\n') token.pop_back();
  for (int i = 0; i < 2; ++i) {
    http::ClientRequest request{.method = "POST",
                                .url = (*trustee)->url() + "/kbs/v0/resource/prod/key/recipe"};
    request.headers.Add("Content-Type", "application/octet-stream");
    request.headers.Add("Authorization", "Bearer " + token);
    request.body = "from the recipe";
    const auto response = http::Send(request);
    ASSERT_TRUE(response) << response.error().ToString();
    EXPECT_EQ(response->status, 200u) << response->body;
  }
}

// Under the default [admin] settings the same token is refused, and the refusal names the option.
TEST_F(KbsClientAdmin, TheCocoTokenIsRefusedUnderDefaultConfigurationNamingTheOption) {
  auto plain = testing::TrusteeProcess::Start(*dir_ / "data-default",
                                              {"--admin-key", (*dir_ / "public.pub").string()});
  ASSERT_TRUE(plain) << plain.error().ToString();
  const http::ClientResponse response = KbsClient("POST", "/kbs/v0/resource/prod/key/web",
                                                  "application/octet-stream", "s3cret", **plain);
  ExpectProblem(response, 401, "AdminAuthAccess", "[admin] reusable_tokens = true");
}

// The token is accepted again and again (no jti): every command below uses the same one.
TEST_F(KbsClientAdmin, SetResourceWithPostOrPutAndDeleteResource) {
  // kbs-client config set-resource --path prod/key/web --resource-file F
  const auto posted =
      KbsClient("POST", "/kbs/v0/resource/prod/key/web", "application/octet-stream", "first");
  ASSERT_EQ(posted.status, 200u) << posted.body;
  // The same with PUT, which CoCo's KBS also routes to the resource plugin.
  const auto put = KbsClient("PUT", "/kbs/v0/resource/prod/key/web", "application/octet-stream",
                             "the database password is hunter2");
  ASSERT_EQ(put.status, 200u) << put.body;
  ASSERT_EQ(
      KbsClient("POST", "/kbs/v0/resource/prod/key/gone", "application/octet-stream", "x").status,
      200u);
  // kbs-client config delete-resource --path prod/key/gone: DELETE, no body, no Content-Type.
  const auto deleted = KbsClient("DELETE", "/kbs/v0/resource/prod/key/gone", "", "");
  ASSERT_EQ(deleted.status, 200u) << deleted.body;
  ExpectProblem(KbsClient("DELETE", "/kbs/v0/resource/prod/key/gone", "", ""), 401,
                "ResourceNotFound", "prod/key/gone");
}

// set-attestation-policy and set-resource-policy with Veil documents, a sample reference value,
// then a guest (attest, get-resource, get-resource --attestation-token) receives the PUT secret.
TEST_F(KbsClientAdmin, VeilPoliciesAndASampleReferenceValueReleaseTheSecret) {
  ASSERT_EQ(KbsClient("PUT", "/kbs/v0/resource/prod/key/db", "application/octet-stream", "hunter2")
                .status,
            200u);
  const auto attestation = SetAttestationPolicy(kAllowSample);
  ASSERT_EQ(attestation.status, 200u) << attestation.body;
  const auto resource = SetResourcePolicy(kResourcePolicy);
  ASSERT_EQ(resource.status, 200u) << resource.body;

  // kbs-client config set-sample-reference-value sample.svn 1 (a string in a list by default).
  const auto refval = SetSampleReferenceValue("sample.svn", json::array({"1"}));
  ASSERT_EQ(refval.status, 200u) << refval.body;
  const auto got = GetReferenceValue("sample.svn");
  ASSERT_EQ(got.status, 200u) << got.body;
  EXPECT_EQ(json::parse(got.body), json::array({"1"}));

  KbsGuest guest(trustee_->url());
  const KbsAnswer attested = AttestSample(guest);
  ASSERT_EQ(attested.status, 200u) << attested.raw;
  const KbsAnswer released = guest.GetResource("prod/key/db");
  ASSERT_EQ(released.status, 200u) << released.raw;
  EXPECT_EQ(guest.Decrypt(released.body).value(), "hunter2");
  // get-resource --attestation-token (with the TEE key the token names): the token as bearer.
  const std::string token = attested.body.value("token", "");
  ASSERT_FALSE(token.empty()) << attested.raw;
  KbsAnswer by_token = guest.GetResource("prod/key/db", token);
  ASSERT_EQ(by_token.status, 200u) << by_token.raw;
  EXPECT_EQ(guest.Decrypt(by_token.body).value(), "hunter2");

  // A reference value that no longer matches: the same guest evidence is now refused.
  ASSERT_EQ(SetSampleReferenceValue("sample.svn", 2).status, 200u);
  KbsGuest refused(trustee_->url());
  ASSERT_EQ(AttestSample(refused).status, 200u);
  EXPECT_EQ(refused.GetResource("prod/key/db").status, 401u);
}

// --as-integer, --as-bool, --as-single-value: stored with their JSON types and read back as sent.
TEST_F(KbsClientAdmin, SetSampleReferenceValueInEveryFormAndGetItBack) {
  const std::pair<json, json> cases[] = {
      {json::array({"abc"}), json::array({"abc"})},  // default: a string in a list
      {json::array({7}), json::array({7})},          // --as-integer
      {json::array({true}), json::array({true})},    // --as-bool
      {json(7), json(7)},                            // --as-integer --as-single-value
      {json("abc"), json("abc")},                    // --as-single-value
  };
  // As CoCo's RVPS: the JSON value as it was sent (json's == tells "7" from 7 and [7] from 7).
  for (const auto& [sent, stored] : cases) {
    ASSERT_EQ(SetSampleReferenceValue("cli.value", sent).status, 200u) << sent;
    const auto got = GetReferenceValue("cli.value");
    ASSERT_EQ(got.status, 200u) << got.body;
    EXPECT_EQ(json::parse(got.body), stored) << sent;
  }
  ExpectProblem(GetReferenceValue("never.set"), 401, "ResourceNotFound", "never.set");
  // Another RVPS message type is refused with what Veil takes.
  const json slsa = {{"version", "0.1.0"}, {"type", "slsa"}, {"payload", "e30="}};
  ExpectProblem(KbsClient("POST", "/kbs/v0/reference-value", "application/json", slsa.dump()), 400,
                "BadRequest", "type \"slsa\" is not supported");
}

// Rego from kbs-client: the built-ins --allow-all and --deny-all embed (CoCo's
// kbs/sample_policies) decide releases as in CoCo, and CoCo's EAR policy is taken as the
// attestation policy. A module that does not compile gets a 400 naming its line and column.
TEST_F(KbsClientAdmin, RegoPoliciesAreTakenAndDecide) {
  ASSERT_EQ(
      KbsClient("PUT", "/kbs/v0/resource/prod/key/rego", "application/octet-stream", "s3").status,
      200u);
  const auto allow_all =
      SetResourcePolicy(Text(testing::ReadFixture("rego/trustee/kbs-allow_all.rego")));
  ASSERT_EQ(allow_all.status, 200u) << allow_all.body;
  KbsGuest allowed(trustee_->url());
  ASSERT_EQ(AttestSample(allowed).status, 200u);
  const KbsAnswer released = allowed.GetResource("prod/key/rego");
  ASSERT_EQ(released.status, 200u) << released.raw;
  EXPECT_EQ(allowed.Decrypt(released.body).value(), "s3");

  for (const char* file : {"rego/trustee/kbs-deny_all.rego", "rego/trustee/kbs-affirming.rego",
                           "rego/trustee/kbs-default.rego"}) {
    const auto set = SetResourcePolicy(Text(testing::ReadFixture(file)));
    ASSERT_EQ(set.status, 200u) << file << ": " << set.body;
  }
  KbsGuest denied(trustee_->url());  // a sample guest under kbs-default.rego
  ASSERT_EQ(AttestSample(denied).status, 200u);
  EXPECT_EQ(denied.GetResource("prod/key/rego").status, 401u);

  const auto ear = SetAttestationPolicy(
      Text(testing::ReadFixture("rego/trustee/as-ear_default_policy_cpu.rego")));
  ASSERT_EQ(ear.status, 200u) << ear.body;
  ExpectProblem(SetResourcePolicy("package policy\n\nallow if {\n  x\n}\n"), 400, "BadRequest",
                "rego: line 4, column 3");
  // Back to Veil's policies for the tests that follow.
  ASSERT_EQ(SetAttestationPolicy(kAllowSample).status, 200u);
  ASSERT_EQ(SetResourcePolicy(kResourcePolicy).status, 200u);
  // --type other than rego/veil is named.
  const json body = {{"type", "opa"},
                     {"policy_id", "default_cpu"},
                     {"policy", Base64UrlEncode(AsBytes(policy::DefaultAttestationPolicyText()))}};
  ExpectProblem(KbsClient("POST", "/kbs/v0/attestation-policy", "application/json", body.dump()),
                400, "BadRequest", "\"opa\" is not supported");
}

}  // namespace
}  // namespace veil
