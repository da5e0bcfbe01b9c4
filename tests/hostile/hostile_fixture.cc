#include "hostile_fixture.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "veil/base/base64.h"
#include "veil/base/hex.h"
#include "veil/crypto/jose/jwt.h"
#include "veil/crypto/random.h"

namespace veil::hostile {
namespace {

std::string ConfigText(const HostileLimits& limits) {
  std::ostringstream text;
  text << "[server]\n"
       << "max_connections = " << limits.max_connections << "\n"
       << "read_timeout_seconds = " << limits.read_timeout_seconds << "\n"
       << "idle_timeout_seconds = " << limits.idle_timeout_seconds << "\n"
       << "max_body_bytes = " << limits.max_body_bytes << "\n"
       << "max_header_bytes = " << limits.max_header_bytes << "\n"
       << "[kbs]\n"
       << "max_sessions = " << limits.max_sessions << "\n"
       << "max_unattested_sessions_per_client = " << limits.max_unattested_sessions_per_client
       << "\n"
       << "token_ttl_seconds = " << limits.token_ttl_seconds << "\n"
       << "max_token_bytes = " << limits.max_token_bytes << "\n"
       << "auth_rate_per_second = " << limits.auth_rate_per_second << "\n"
       << "auth_rate_burst = " << limits.auth_rate_burst << "\n"
       << "[admin]\n"
       << "public_keys = [\"admin.pub\"]\n"
       << "rate_per_second = " << limits.admin_rate_per_second << "\n"
       << "rate_burst = " << limits.admin_rate_burst << "\n";
  return text.str();
}

constexpr std::string_view kAllowSamplePolicy =
    "id: allow-sample-for-hostile-tests\n"
    "rules:\n"
    "  - name: sample-allowed\n"
    "    tee: [sample]\n"
    "    check: {always: true}\n"
    "    pass: {hardware: 2}\n";

}  // namespace

std::string Request(std::string_view method, std::string_view path, std::string_view body,
                    std::string_view extra_headers) {
  std::string request = std::string(method) + " " + std::string(path) + " HTTP/1.1\r\nHost: t\r\n";
  request += extra_headers;
  if (!body.empty() || method == "POST")
    request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  request += "\r\n";
  request += body;
  return request;
}

std::string Post(std::string_view path, std::string_view body, std::string_view extra_headers) {
  return Request("POST", path, body,
                 std::string("Content-Type: application/json\r\n") + std::string(extra_headers));
}

std::string Get(std::string_view path, std::string_view extra_headers) {
  return Request("GET", path, {}, extra_headers);
}

nlohmann::json ProblemOf(std::string_view response) {
  nlohmann::json body = nlohmann::json::parse(BodyOf(response), nullptr, false);
  return body.is_discarded() ? nlohmann::json() : body;
}

void HostileTrustee::SetUp() {
  // 13 + 44 characters: a multiple of 3.
  secret_stem_ = "veil-hostile-" + HexEncode(crypto::RandomBytes(22));
  ASSERT_EQ(secret_stem_.size() % 3, 0u);
  auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519);
  ASSERT_TRUE(key) << key.error().ToString();
  admin_key_.emplace(std::move(*key));
  std::ofstream(dir_.path() / "admin.pub") << admin_key_->GetPublicKey().ToPem();
  StartTrustee(InitialLimits());
}

void HostileTrustee::StartTrustee(const HostileLimits& limits) {
  trustee_.reset();
  admin_.reset();
  const std::filesystem::path config = dir_.path() / "trustee.toml";
  std::ofstream(config) << ConfigText(limits);
  auto trustee =
      testing::TrusteeProcess::Start(dir_.path() / "data", {"--config", config.string()});
  ASSERT_TRUE(trustee) << trustee.error().ToString();
  trustee_ = std::move(*trustee);
  const crypto::SecretBytes pem = admin_key_->ToPem();
  auto key = crypto::PrivateKey::FromPem(
      std::string_view(reinterpret_cast<const char*>(pem.span().data()), pem.size()));
  ASSERT_TRUE(key) << key.error().ToString();
  admin_ = std::make_unique<admin_client::AdminClient>(trustee_->url(), std::move(*key), clock_);
  const auto policy = admin_->SetPolicy(protocol::PolicyKind::kAttestation,
                                        AsBytes(std::string_view(kAllowSamplePolicy)));
  ASSERT_TRUE(policy) << policy.error().ToString();
  PutSecret(secret_stem_);
}

void HostileTrustee::PutSecret(const std::string& value) {
  const auto path = protocol::ResourcePath::Parse(kSecretPath).value();
  const auto stored = admin_->PutSecret(path, AsBytes(value));
  ASSERT_TRUE(stored) << stored.error().ToString();
  secret_ = value;
}

void HostileTrustee::TearDown() {
  if (!trustee_) return;
  ExpectServing();
  ExpectNoSecretIn("the trustee's log", trustee_->Log());
  for (const std::string& response : received_) ExpectNoSecretIn("a response", response);
}

void HostileTrustee::ExpectNoSecretIn(std::string_view where, std::string_view text) const {
  const Bytes stem(secret_stem_.begin(), secret_stem_.end());
  for (const std::string& form :
       {secret_stem_, HexEncode(stem), Base64Encode(stem), Base64UrlEncode(stem)}) {
    EXPECT_EQ(text.find(form), std::string::npos)
        << "the secret (as " << form << ") is in " << where << ":\n"
        << text.substr(0, 2000);
  }
}

std::string HostileTrustee::Exchange(std::string_view request) {
  RawConnection connection(trustee_->port());
  EXPECT_TRUE(connection.Send(request));
  return Keep(connection.ReadResponse());
}

std::string HostileTrustee::ExchangeFrom(const char* source, std::string_view request) {
  RawConnection connection(trustee_->port(), source);
  EXPECT_TRUE(connection.connected()) << source;
  EXPECT_TRUE(connection.Send(request));
  return Keep(connection.ReadResponse());
}

std::string HostileTrustee::Keep(std::string raw) {
  std::lock_guard lock(received_mutex_);
  received_.push_back(raw);
  return raw;
}

testing::KbsAnswer HostileTrustee::Keep(testing::KbsAnswer answer) {
  std::lock_guard lock(received_mutex_);
  received_.push_back(answer.raw);
  return answer;
}

std::string HostileTrustee::Metrics() {
  return BodyOf(Exchange("GET /metrics HTTP/1.1\r\nHost: t\r\n\r\n"));
}

double HostileTrustee::Counter(std::string_view series) {
  const std::string metrics = Metrics();
  const std::string prefix = std::string(series) + " ";
  for (std::size_t at = metrics.find(prefix); at != std::string::npos;
       at = metrics.find(prefix, at + 1)) {
    if (at != 0 && metrics[at - 1] != '\n') continue;
    return std::stod(metrics.substr(at + prefix.size()));
  }
  return 0;
}

testing::KbsAnswer HostileTrustee::AttestSample(testing::KbsGuest& guest) {
  const auto nonce = guest.Auth("sample");
  if (!nonce) return {0, nullptr, nonce.error().ToString()};
  const nlohmann::json evidence = {{"svn", "1"},
                                   {"report_data", Base64Encode(guest.ReportData(*nonce).value())}};
  return Keep(guest.Attest(guest.AttestBody(*nonce, evidence)));
}

std::string HostileTrustee::AttestAndFetch(testing::KbsGuest& guest) {
  const testing::KbsAnswer attested = AttestSample(guest);
  if (attested.status != 200) return "attest: " + std::to_string(attested.status) + attested.raw;
  const testing::KbsAnswer released = Keep(guest.GetResource(std::string(kSecretPath)));
  if (released.status != 200) return "release: " + std::to_string(released.status) + released.raw;
  auto secret = guest.Decrypt(released.body);
  return secret ? *secret : "decrypt: " + secret.error().ToString();
}

void HostileTrustee::ExpectServing() {
  const std::string health = Exchange(kGetHealthz);
  EXPECT_EQ(StatusOf(health), 200u) << health;
  testing::KbsGuest guest = NewGuest();
  EXPECT_EQ(AttestAndFetch(guest), secret_);
  ExpectResidentUnderBound("after the case");
}

void HostileTrustee::ExpectResidentUnderBound(std::string_view when) {
  const std::size_t resident = trustee_->ResidentBytes();
  max_resident_ = std::max(max_resident_, resident);
  RecordProperty("max_resident_kib", std::to_string(max_resident_ / 1024));  // --gtest_output=xml
  EXPECT_GT(resident, 0u);
  EXPECT_LT(resident, kMaxResidentBytes)
      << "veil-trustee holds " << resident / 1024 << " KiB " << when << ", more than the "
      << kMaxResidentBytes / 1024 << " KiB bound";
}

std::string HostileTrustee::AdminToken(const nlohmann::json& claims,
                                       const nlohmann::json& header) const {
  const std::int64_t now = UnixSeconds(clock_.Now());
  nlohmann::json all = {{"iat", now},
                        {"exp", now + 60},
                        {"jti", HexEncode(crypto::RandomBytes(16))},
                        {"sub", "hostile-test"}};
  all.update(claims);
  return crypto::jose::SignJwt(*admin_key_, header, all).value();
}

}  // namespace veil::hostile
