#include "veil/agent/workload_certificate/certificate_renewal.h"

#include <gtest/gtest.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "fake_issuer.h"

#include "veil/agent/workload_certificate/certificate_files.h"

namespace veil::agent {
namespace {

std::string ReadText(const std::filesystem::path& path) {
  std::ifstream in(path);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Log lines go to `lines` while this lives.
class CapturedLog {
 public:
  CapturedLog() : previous_(spdlog::default_logger()) {
    auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(lines_);
    spdlog::set_default_logger(std::make_shared<spdlog::logger>("captured", sink));
  }
  ~CapturedLog() { spdlog::set_default_logger(previous_); }
  CapturedLog(const CapturedLog&) = delete;
  CapturedLog& operator=(const CapturedLog&) = delete;
  std::string text() const { return lines_.str(); }

 private:
  std::ostringstream lines_;
  std::shared_ptr<spdlog::logger> previous_;
};

// The files live in a secrets volume on tmpfs, as in the agent: a mounted one as root (in this
// test's own mount namespace), one on /dev/shm otherwise.
class CertificateRenewalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    (void)SecretVolume::EnterPrivateMountNamespace();
    char pattern[] = "/dev/shm/veil-certificate-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr) << std::strerror(errno);
    root_ = pattern;
    auto volume = SecretVolume::Open(root_ / "secrets", 1 << 20, CurrentUser());
    ASSERT_TRUE(volume) << volume.error().ToString();
    volume_.emplace(std::move(*volume));
    config_.names = {{crypto::SubjectAltName::Kind::kUri, "spiffe://veil.example/a"}};
  }
  void TearDown() override {
    volume_.reset();
    std::error_code ignored;
    if (!root_.empty()) std::filesystem::remove_all(root_, ignored);
  }

  Result<WorkloadCertificate> Obtain(FakeIssuer& issuer) {
    VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey key, crypto::PrivateKey::Generate(config_.key));
    return WorkloadCertificate::Obtain(std::move(key), config_.names, issuer.AsIssuer(), clock_);
  }

  std::filesystem::path root_;
  std::optional<SecretVolume> volume_;
  WorkloadCertificateConfig config_;
  // Whole seconds, as certificates keep their validity.
  FixedClock clock_{std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())};
};

TEST_F(CertificateRenewalTest, WritesTheKeyOnceAndReadableOnlyByTheWorkloadUser) {
  FakeIssuer issuer(clock_);
  auto certificate = Obtain(issuer);
  ASSERT_TRUE(certificate) << certificate.error().ToString();
  CertificateFiles files(*volume_, config_);
  ASSERT_TRUE(files.WriteAll(*certificate));
  EXPECT_EQ(files.key_path(), volume_->dir() / "tls.key");
  for (const auto& path : {files.key_path(), files.cert_path(), files.ca_path()}) {
    struct stat info {};
    ASSERT_EQ(stat(path.c_str(), &info), 0) << path;
    EXPECT_EQ(info.st_mode & 07777, 0400u) << path;
    EXPECT_EQ(info.st_uid, geteuid()) << path;
  }
  auto key = crypto::PrivateKey::FromPem(ReadText(files.key_path()));
  ASSERT_TRUE(key) << key.error().ToString();
  EXPECT_TRUE(key->GetPublicKey().Equals(certificate->key().GetPublicKey()));
  EXPECT_EQ(ReadText(files.cert_path()), certificate->issued().certificate);
  EXPECT_EQ(ReadText(files.ca_path()), certificate->CaBundlePem());
  EXPECT_FALSE(files.WriteAll(*certificate));  // the key is written once, never replaced
}

TEST_F(CertificateRenewalTest, RenewalReplacesTheCertificateKeepsTheKeyAndRetriesAFailure) {
  FakeIssuer issuer(clock_);
  auto certificate = Obtain(issuer);
  ASSERT_TRUE(certificate) << certificate.error().ToString();
  CertificateFiles files(*volume_, config_);
  ASSERT_TRUE(files.WriteAll(*certificate));
  const std::string key_before = ReadText(files.key_path());
  const std::string cert_before = ReadText(files.cert_path());
  const std::string ca_before = ReadText(files.ca_path());

  // The first renewal is refused (as a trustee whose policy no longer allows the name would),
  // the retry succeeds; the loop is stopped at the pause before the renewal after that.
  issuer.failures.push_back(PolicyDenied(
      "the trustee refused the certificate request (403 PolicyDeny): identity policy rule "
      "\"a-workloads\" refuses uri:spiffe://veil.example/a"));
  std::vector<std::chrono::milliseconds> pauses;
  const RenewalContext context{RenewBefore{}, issuer.AsIssuer(), &clock_,
                               [&](std::chrono::milliseconds pause) -> Status {
                                 pauses.push_back(pause);
                                 if (pauses.size() == 3)
                                   return Fail(Unavailable("the workload exited"));
                                 clock_.Set(clock_.Now() + pause);
                                 return {};
                               }};
  const CapturedLog log;
  RenewUntilStopped(*certificate, files, context);

  // Valid from an hour ago until a day from now: a third of those 25 hours is left 15 h 40 min
  // from now.
  constexpr auto kThirdLeft = std::chrono::hours(15) + std::chrono::minutes(40);
  ASSERT_EQ(pauses.size(), 3u);
  EXPECT_EQ(pauses[0], kThirdLeft);
  EXPECT_EQ(pauses[1], std::chrono::minutes(1));  // the retry after the refusal
  EXPECT_EQ(pauses[2], kThirdLeft);               // the renewed certificate's own third left
  EXPECT_EQ(issuer.requests, 3);                  // the first issuance, a refusal, a renewal
  EXPECT_EQ(ReadText(files.key_path()), key_before);
  EXPECT_NE(ReadText(files.cert_path()), cert_before);
  EXPECT_EQ(ReadText(files.cert_path()), certificate->issued().certificate);
  EXPECT_NE(ReadText(files.ca_path()), ca_before);
  auto renewed = crypto::Certificate::ChainFromPem(ReadText(files.cert_path()));
  ASSERT_TRUE(renewed) << renewed.error().ToString();
  EXPECT_TRUE(renewed->front().GetPublicKey()->Equals(certificate->key().GetPublicKey()));
  EXPECT_EQ(renewed->front().NotBefore(), clock_.Now() - std::chrono::hours(1));

  const std::string lines = log.text();
  EXPECT_NE(lines.find("renewing the workload certificate failed (1 in a row)"), std::string::npos)
      << lines;
  EXPECT_NE(lines.find("identity policy rule \"a-workloads\" refuses"), std::string::npos) << lines;
  EXPECT_NE(lines.find("retrying in 60 s"), std::string::npos) << lines;
  EXPECT_NE(lines.find("renewed the workload certificate: serial 3"), std::string::npos) << lines;
}

TEST_F(CertificateRenewalTest, RetriesWithBackoffPastTheExpiryAndSaysItExpired) {
  FakeIssuer issuer(clock_);
  auto certificate = Obtain(issuer);
  ASSERT_TRUE(certificate) << certificate.error().ToString();
  CertificateFiles files(*volume_, config_);
  ASSERT_TRUE(files.WriteAll(*certificate));
  for (int i = 0; i < 40; ++i) issuer.failures.push_back(Unavailable("the trustee is down"));
  std::vector<std::chrono::milliseconds> pauses;
  const RenewalContext context{RenewBefore{}, issuer.AsIssuer(), &clock_,
                               [&](std::chrono::milliseconds pause) -> Status {
                                 pauses.push_back(pause);
                                 if (pauses.size() == 40)
                                   return Fail(Unavailable("the workload exited"));
                                 clock_.Set(clock_.Now() + pause);
                                 return {};
                               }};
  const CapturedLog log;
  RenewUntilStopped(*certificate, files, context);
  ASSERT_EQ(pauses.size(), 40u);
  EXPECT_EQ(pauses[1], std::chrono::minutes(1));
  EXPECT_EQ(pauses[2], std::chrono::minutes(2));
  EXPECT_EQ(pauses[39], std::chrono::minutes(15));
  EXPECT_NE(log.text().find("(the current certificate has expired)"), std::string::npos);
}

TEST_F(CertificateRenewalTest, ARenewBeforeLongerThanTheLifetimeRenewsAtOnceThenOncePerMinute) {
  FakeIssuer issuer(clock_);
  auto certificate = Obtain(issuer);
  ASSERT_TRUE(certificate) << certificate.error().ToString();
  CertificateFiles files(*volume_, config_);
  ASSERT_TRUE(files.WriteAll(*certificate));
  std::vector<std::chrono::milliseconds> pauses;
  const RenewalContext context{RenewBefore{std::chrono::hours(48)}, issuer.AsIssuer(), &clock_,
                               [&](std::chrono::milliseconds pause) -> Status {
                                 pauses.push_back(pause);
                                 if (pauses.size() == 3) return Fail(Unavailable("stop"));
                                 clock_.Set(clock_.Now() + pause);
                                 return {};
                               }};
  RenewUntilStopped(*certificate, files, context);
  EXPECT_EQ(pauses,
            (std::vector<std::chrono::milliseconds>{
                std::chrono::milliseconds(0), std::chrono::minutes(1), std::chrono::minutes(1)}));
  EXPECT_EQ(issuer.requests, 3);
}

TEST(StopTokenSleeper, EndsAPauseWhenStopIsRequested) {
  std::optional<Status> slept;
  {
    std::jthread thread(
        [&slept](std::stop_token stop) { slept = StopTokenSleeper(stop)(std::chrono::hours(1)); });
  }  // the jthread requests stop and joins
  ASSERT_TRUE(slept);
  EXPECT_FALSE(*slept);
  std::stop_source never;
  EXPECT_TRUE(StopTokenSleeper(never.get_token())(std::chrono::milliseconds(1)));
}

TEST(StartSignalFreeThread, TheThreadReceivesNoSignalTheLauncherWaitsFor) {
  sigset_t mask;
  sigemptyset(&mask);
  {
    std::jthread thread = StartSignalFreeThread(
        [&mask](std::stop_token) { pthread_sigmask(SIG_SETMASK, nullptr, &mask); });
  }
  for (int signal : {SIGTERM, SIGINT, SIGHUP, SIGCHLD, SIGUSR1})
    EXPECT_EQ(sigismember(&mask, signal), 1) << signal;
  sigset_t mine;
  pthread_sigmask(SIG_SETMASK, nullptr, &mine);
  EXPECT_EQ(sigismember(&mine, SIGTERM), 0);  // the caller's own mask is restored
}

}  // namespace
}  // namespace veil::agent
