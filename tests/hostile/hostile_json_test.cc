// Hostile JSON at the trustee's JSON endpoints (/auth, /attest, the admin API): truncated and
// malformed documents, wrong types, deep nesting, huge numbers and strings, invalid UTF-8. Each
// is refused with a problem document (never a 500, never a crash), and the fixture's TearDown
// then checks that a real guest still attests and receives the secret, within the memory bound.

#include <initializer_list>

#include "hostile_fixture.h"
#include "veil/base/base64.h"

namespace veil::hostile {
namespace {

class HostileJson : public HostileTrustee {
 protected:
  // A refusal the documented way: a 4xx status (never 200, never 5xx) with a problem document.
  void ExpectRefused(const std::string& response, std::string_view what) {
    const unsigned status = StatusOf(response);
    EXPECT_TRUE(status == 400 || status == 401 || status == 404)
        << what << ": " << response.substr(0, 600);
    EXPECT_TRUE(ProblemOf(response).contains("detail")) << what << ": " << response.substr(0, 600);
  }

  // A valid /attest body for a fresh session of `guest` (its cookie set).
  nlohmann::json FreshAttestBody(testing::KbsGuest& guest) {
    const std::string nonce = guest.Auth("sample").value();
    return guest.AttestBody(
        nonce, {{"svn", "1"}, {"report_data", Base64Encode(guest.ReportData(nonce).value())}});
  }

  std::string Attest(const testing::KbsGuest& guest, std::string_view body) {
    return Exchange(
        Post("/kbs/v0/attest", body, "Cookie: kbs-session-id=" + guest.cookie() + "\r\n"));
  }

  std::string AdminPost(std::string_view path, std::string_view body) {
    return Exchange(Post(path, body, "Authorization: Bearer " + AdminToken() + "\r\n"));
  }
};

TEST_F(HostileJson, TruncatedDocumentsAreRefusedAtEveryLength) {
  const std::string auth(kAuthBody);
  for (std::size_t length = 0; length < auth.size(); ++length)
    ExpectRefused(Exchange(Post("/kbs/v0/auth", auth.substr(0, length))),
                  "auth cut at " + std::to_string(length));

  // Every cut of a real attestation body, on one session: a refused body never consumes its nonce,
  // so the whole body attests afterwards.
  testing::KbsGuest guest = NewGuest();
  const std::string attest = FreshAttestBody(guest).dump();
  for (std::size_t length = 0; length < attest.size(); length += 3)
    ExpectRefused(Attest(guest, attest.substr(0, length)),
                  "attest cut at " + std::to_string(length));
  EXPECT_EQ(StatusOf(Attest(guest, attest)), 200u);
}

TEST_F(HostileJson, MalformedDocumentsAreRefused) {
  const std::string auth(kAuthBody);
  for (const std::string& body : std::initializer_list<std::string>{
           auth + "x",
           auth + auth,
           auth + ",",
           "/*c*/" + auth,
           R"({'version':'0.4.0','tee':'sample'})",
           R"({"version":"0.4.0","tee":"sample",})",
           R"({"version":"0.4.0","tee":"sample","tee":"snp"})",  // duplicate member
           R"({"version":"0.4.0","tee":"sample"} {"tee":"snp"})",
           R"({"version":NaN,"tee":"sample"})",
           R"({"version":"0.4.0","tee":"samp\le"})",
           R"({"version":"0.4.0","tee":"sample\u00"})",
           "null",
           "[]",
           "\"0.4.0\"",
           "1",
           "{",
           "}",
           "{{}}",
           "{\"version\"}",
           std::string(1000, '{'),
           std::string("{\"version\":\"0.4.0\",\"tee\":\"sample\0\"}", 35)}) {
    ExpectRefused(Exchange(Post("/kbs/v0/auth", body)), body.substr(0, 80));
  }
}

TEST_F(HostileJson, WrongTypesAreRefused) {
  const std::vector<nlohmann::json> wrong = {nullptr,
                                             0,
                                             -1,
                                             1.5,
                                             true,
                                             nlohmann::json::array(),
                                             nlohmann::json::object(),
                                             "",
                                             std::string(5000, 'w')};
  for (const char* member : {"version", "tee"}) {
    for (const nlohmann::json& value : wrong) {
      nlohmann::json body = nlohmann::json::parse(kAuthBody);
      body[member] = value;
      ExpectRefused(Exchange(Post("/kbs/v0/auth", body.dump())), body.dump().substr(0, 80));
    }
  }
  // Each member of a real attestation body replaced by each wrong type, on a fresh session. What
  // the protocol allows is accepted on purpose: null for the optional init-data and
  // additional_evidence (absent, as serde reads an Option), and the sample TEE's svn as a number.
  const auto allowed = [](const std::string& member, const nlohmann::json& value) {
    if (value.is_null())
      return member == "/init-data" || member == "/tee-evidence/additional_evidence";
    return member == "/tee-evidence/primary_evidence/svn" && value.is_number_integer();
  };
  testing::KbsGuest guest = NewGuest();
  const std::vector<nlohmann::json::json_pointer> members = {
      nlohmann::json::json_pointer("/runtime-data"),
      nlohmann::json::json_pointer("/runtime-data/nonce"),
      nlohmann::json::json_pointer("/runtime-data/tee-pubkey"),
      nlohmann::json::json_pointer("/runtime-data/tee-pubkey/x"),
      nlohmann::json::json_pointer("/runtime-data/tee-pubkey/crv"),
      nlohmann::json::json_pointer("/tee-evidence"),
      nlohmann::json::json_pointer("/tee-evidence/primary_evidence"),
      nlohmann::json::json_pointer("/tee-evidence/primary_evidence/svn"),
      nlohmann::json::json_pointer("/tee-evidence/primary_evidence/report_data"),
      nlohmann::json::json_pointer("/tee-evidence/additional_evidence"),
      nlohmann::json::json_pointer("/init-data")};
  for (const auto& member : members) {
    for (const nlohmann::json& value : {nlohmann::json(nullptr), nlohmann::json(7),
                                        nlohmann::json::array(), nlohmann::json("zz")}) {
      nlohmann::json body = FreshAttestBody(guest);
      body[member] = value;
      const std::string response = Attest(guest, body.dump());
      if (allowed(member.to_string(), value)) {
        EXPECT_EQ(StatusOf(response), 200u) << member.to_string() << response.substr(0, 300);
      } else {
        ExpectRefused(response, member.to_string() + " = " + value.dump());
      }
    }
  }
}

TEST_F(HostileJson, DeepNestingIsRefusedWithoutExhaustingTheStack) {
  // Half a million levels: just under the 1 MiB body limit.
  const std::string deep_array = std::string(500000, '[') + std::string(500000, ']');
  const std::string deep_object = [] {
    std::string text;
    for (int i = 0; i < 100000; ++i) text += "{\"a\":";
    text += "1";
    text += std::string(100000, '}');
    return text;
  }();
  for (const std::string* deep : {&deep_array, &deep_object}) {
    ExpectRefused(Exchange(Post("/kbs/v0/auth", R"({"version":"0.4.0","tee":)" + *deep + "}")),
                  "deep auth");
    testing::KbsGuest guest = NewGuest();
    nlohmann::json body = FreshAttestBody(guest);
    std::string text = body.dump();
    text.insert(text.size() - 1, ",\"deep\":" + *deep);
    ExpectRefused(Attest(guest, text), "deep attest");
    ExpectRefused(AdminPost("/kbs/v0/reference-value", *deep), "deep reference value");
    ExpectRefused(AdminPost("/kbs/v0/resource-policy", "{\"policy\":" + *deep + "}"),
                  "deep policy");
  }
}

TEST_F(HostileJson, HugeNumbersAndStringsAreRefused) {
  for (const std::string& version :
       {std::string("1e999999"), std::string("-1e999999"), std::string("1e-999999"),
        std::string("18446744073709551617"), std::string("-9223372036854775809"),
        std::string(200000, '9'), "\"" + std::string(900000, 'v') + "\"",
        "\"" + std::string(60000, '\\') + std::string(60000, '\\') + "\"", "\"" + [] {
          std::string escapes;
          for (int i = 0; i < 100000; ++i) escapes += "\\u0000";
          return escapes;
        }() + "\""}) {
    ExpectRefused(
        Exchange(Post("/kbs/v0/auth", "{\"version\":" + version + ",\"tee\":\"sample\"}")),
        "version " + version.substr(0, 40));
  }
  testing::KbsGuest guest = NewGuest();
  for (const nlohmann::json& svn :
       {nlohmann::json("99999999999999999999999999999999"), nlohmann::json(1e308),
        nlohmann::json(std::string(900000, '1')), nlohmann::json(-1)}) {
    nlohmann::json body = FreshAttestBody(guest);
    body["tee-evidence"]["primary_evidence"]["svn"] = svn;
    const std::string response = Attest(guest, body.dump());
    EXPECT_NE(StatusOf(response), 500u) << response.substr(0, 300);
    EXPECT_NE(StatusOf(response), 0u);
  }
  nlohmann::json body = FreshAttestBody(guest);
  body["runtime-data"]["nonce"] = std::string(900000, 'n');
  ExpectRefused(Attest(guest, body.dump()), "huge nonce");
  body = FreshAttestBody(guest);
  body["tee-evidence"]["additional_evidence"] = std::string(900000, 'e');
  ExpectRefused(Attest(guest, body.dump()), "huge additional evidence");
}

TEST_F(HostileJson, InvalidUtf8IsRefusedAndNeverEchoedRaw) {
  for (const std::string& tee :
       {std::string("\xff"), std::string("sample\xfe"),
        std::string("\xc0\xaf"),          // overlong '/'
        std::string("\xed\xa0\x80"),      // an encoded surrogate
        std::string("\xf4\x90\x80\x80"),  // beyond U+10FFFF
        std::string("\xe2\x82"),          // cut short
        std::string("\\ud800"), std::string("\\udc00\\ud800"), std::string("\\ud800\\u0041")}) {
    const std::string response =
        Exchange(Post("/kbs/v0/auth", "{\"version\":\"0.4.0\",\"tee\":\"" + tee + "\"}"));
    ExpectRefused(response, "tee " + tee);
    for (const char byte : {'\xff', '\xfe', '\xc0', '\xed', '\xf4', '\xe2'})
      EXPECT_EQ(BodyOf(response).find(byte), std::string::npos) << response;
  }
  const std::string log = trustee_->Log();
  for (const char byte : {'\xff', '\xfe', '\xc0', '\xed', '\xf4'})
    EXPECT_EQ(log.find(byte), std::string::npos) << "raw byte in the log";
}

TEST_F(HostileJson, AdminBodiesOfTheWrongShapeChangeNothing) {
  const nlohmann::json before = admin().GetPolicy(protocol::PolicyKind::kResource).value();
  for (const std::string& body :
       {std::string("{"), std::string("[]"), std::string(R"({"policy": 5})"),
        std::string(R"({"policy": "%%%not base64%%%"})"), std::string(R"({"policy": null})"),
        R"({"policy": ")" + Base64UrlEncode(AsBytes(std::string_view("\xff\xfe: ["))) + "\"}",
        std::string(R"({"policy": "e30", "policy": "e30"})")}) {
    ExpectRefused(AdminPost("/kbs/v0/resource-policy", body), "resource policy " + body);
  }
  for (const std::string& body :
       {std::string(R"({"name": 1, "values": ["a"]})"),
        std::string(R"({"name": "snp.measurement"})"),
        std::string(R"({"name": "snp.measurement", "values": "ab"})"),
        std::string(R"({"name": "snp.measurement", "values": [1, 2]})"),
        std::string(R"({"name": "snp.measurement", "values": ["ab"], "expires": "tomorrow"})"),
        std::string(R"({"name": "../../etc/passwd", "values": ["ab"]})"),
        std::string(R"({"name": ")") + std::string(100000, 'n') + R"(", "values": ["ab"]})"}) {
    ExpectRefused(AdminPost("/kbs/v0/reference-value", body),
                  "reference value " + body.substr(0, 80));
  }
  EXPECT_EQ(admin().GetPolicy(protocol::PolicyKind::kResource).value(), before);
  EXPECT_TRUE(admin().ListReferenceValues().value().dump().find("etc/passwd") == std::string::npos);
}

}  // namespace
}  // namespace veil::hostile
