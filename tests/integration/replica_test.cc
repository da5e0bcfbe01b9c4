// Three veil-trustee replicas on one PostgreSQL database (issue 14 items 2 and 5), as the
// postgres-replicas overlay runs them: one key-encryption key file and one token signing key file
// shared, a data directory each. Guests go to a different replica at every step of the KBS
// handshake (/auth on one, /attest on the next, the resource on the third); three admin writers,
// one per replica, write concurrently; one replica is killed with SIGKILL mid-load and restarted
// on the same database. At the end every acknowledged write is in the database, every guest got
// its secret, a nonce consumed at one replica is refused at another, and `veil audit verify`
// passes on one chain with one entry per change.

#include <gtest/gtest.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kbs_guest.h"
#include "veil/admin_client/admin_client.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/private_key.h"
#include "veil/crypto/random.h"
#include "veil/store/postgres/connection.h"
#include "veil/testing/command.h"
#include "veil/testing/postgres_server.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using admin_client::AdminClient;
using nlohmann::json;
using testing::KbsAnswer;
using testing::KbsGuest;

constexpr std::size_t kReplicas = 3;
constexpr std::size_t kGuests = 4;
constexpr int kProgressPerPhase = 30;  // writes acknowledged and secrets received
// A handshake lost to the killed replica (every handshake uses all three) is begun again until it
// succeeds or this long has passed: the restart may be slow on a loaded machine.
constexpr std::chrono::seconds kRetryHandshakeFor{60};
constexpr const char* kSecretPath = "prod/key/db";
constexpr const char* kSecret = "released by whichever replica is asked";

// Owner-only, as the trustee requires of key files.
void WritePrivateFile(const std::filesystem::path& path, std::string_view content) {
  std::ofstream(path, std::ios::binary) << content;
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
}

class Replicas : public ::testing::Test {
 protected:
  void SetUp() override {
    auto server = testing::SharedPostgresServer();
    ASSERT_TRUE(server) << "PostgreSQL test server: " << server.error().ToString();
    auto url = (*server)->CreateDatabase();
    ASSERT_TRUE(url) << url.error().ToString();
    url_ = *url;
    ASSERT_EQ(testing::RunCommand({testing::BuiltBinary("veil"), "admin", "keygen", "--out",
                                   (dir_ / "admin").string()})
                  .exit_code,
              0);
    admin_key_pem_ = ReadFileText(dir_ / "admin" / "admin.key").value();
    WritePrivateFile(dir_ / "kek", Base64Encode(crypto::RandomBytes(32)) + "\n");
    const crypto::SecretBytes signing =
        crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEcP256).value().ToPem();
    WritePrivateFile(
        dir_ / "token-signing-key.pem",
        std::string_view(reinterpret_cast<const char*>(signing.span().data()), signing.size()));
    // The load is far beyond the default per-address rate limits, which this test is not about;
    // and every guest is 127.0.0.1, so the unattested sessions of handshakes lost to the killed
    // replica (counted over all replicas) would soon reach the per-client quota.
    std::ofstream(dir_ / "trustee.toml")
        << "[admin]\nrate_per_second = 1000000\nrate_burst = 1000000\n"
        << "[kbs]\nauth_rate_per_second = 1000000\nauth_rate_burst = 1000000\n"
        << "max_unattested_sessions_per_client = 1000000\n";
    for (std::size_t i = 0; i < kReplicas; ++i) ASSERT_TRUE(StartReplica(static_cast<int>(i)));
  }

  Status StartReplica(int i) {
    const std::filesystem::path data = dir_ / ("replica-" + std::to_string(i));
    VEIL_ASSIGN_OR_RETURN(
        auto process,
        testing::TrusteeProcess::Start(
            data, {"--store", url_, "--admin-key", (dir_ / "admin" / "admin.pub").string(),
                   "--kek-file", (dir_ / "kek").string(), "--token-signing-key-file",
                   (dir_ / "token-signing-key.pem").string(), "--config",
                   (dir_ / "trustee.toml").string()}));
    std::lock_guard lock(mutex_);
    urls_[static_cast<std::size_t>(i)] = process->url();
    replicas_[static_cast<std::size_t>(i)] = std::move(process);
    return {};
  }

  std::string Url(int i) {
    std::lock_guard lock(mutex_);
    return urls_[static_cast<std::size_t>(i) % kReplicas];
  }

  AdminClient Admin(int i) {
    return AdminClient(Url(i), crypto::PrivateKey::FromPem(admin_key_pem_).value(), clock_);
  }

  std::vector<std::string> Column(const std::string& sql) {
    auto connection = store::postgres::Connection::Open(url_).value();
    const auto rows = connection.Execute(sql).value();
    std::vector<std::string> values;
    for (int row = 0; row < rows.rows(); ++row) values.push_back(rows.Text(row, 0));
    return values;
  }

  std::int64_t Count(const std::string& sql) {
    auto connection = store::postgres::Connection::Open(url_).value();
    return connection.Execute(sql).value().Int64(0, 0, "count").value();
  }

  // One writer, on replica `i` whichever process serves it: the paths acknowledged.
  std::vector<std::string> RunWriter(int i, std::string& failure) {
    std::vector<std::string> acknowledged;
    for (int n = 0; !stop_.load(); ++n) {
      const std::string path = "replica/w" + std::to_string(i) + "/s" + std::to_string(n);
      const auto put = Admin(i).PutSecret(protocol::ResourcePath::Parse(path).value(),
                                          AsBytes("value of " + path));
      if (put) {
        acknowledged.push_back(path);
        ++progress_;
      } else if (put.error().code != ErrorCode::kUnavailable) {
        failure = path + ": " + put.error().ToString();
        return acknowledged;
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));  // its replica is down
      }
    }
    return acknowledged;
  }

  // One handshake, each step on the next replica from `first`; "" on success, else what failed.
  // `lost` is set when a step lost its connection (the killed replica), which may be retried.
  std::string Handshake(int first, bool& lost) {
    KbsGuest guest(Url(first));
    const auto nonce = guest.Auth("sample");
    if (!nonce) {
      lost = nonce.error().message.find("auth failed: 0 ") != std::string::npos;
      return "auth: " + nonce.error().ToString();
    }
    const std::string cookie = guest.cookie();
    guest.set_base_url(Url(first + 1));
    guest.set_cookie(cookie);
    const json evidence = {{"svn", "1"},
                           {"report_data", Base64Encode(guest.ReportData(*nonce).value())}};
    const KbsAnswer attested = guest.Attest(guest.AttestBody(*nonce, evidence));
    if (attested.status != 200) {
      lost = attested.status == 0;
      return "attest at " + guest.base_url() + ": " + attested.raw;
    }
    guest.set_base_url(Url(first + 2));
    guest.set_cookie(cookie);
    const KbsAnswer released = guest.GetResource(kSecretPath);
    if (released.status != 200) {
      lost = released.status == 0;
      return "resource at " + guest.base_url() + ": " + released.raw;
    }
    const auto secret = guest.Decrypt(released.body);
    if (!secret || *secret != kSecret) return "resource: not the secret: " + released.raw;
    return {};
  }

  // One guest's handshakes, rotating the first replica, until stopped: how many were begun and
  // how many ended with the secret.
  std::pair<int, int> RunGuest(int g, std::string& failure) {
    int begun = 0;
    int released = 0;
    for (int h = 0; !stop_.load(); ++h) {
      ++begun;
      const auto give_up = std::chrono::steady_clock::now() + kRetryHandshakeFor;
      for (int attempt = 0;; ++attempt) {
        bool lost = false;
        const std::string error = Handshake(g + h + attempt, lost);
        if (error.empty()) {
          ++released;
          ++progress_;
          break;
        }
        if (!lost || std::chrono::steady_clock::now() > give_up) {
          failure = error;
          return {begun, released};
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    return {begun, released};
  }

  // Waits (at most a minute) until `more` writes or secrets were added to `progress_`.
  bool AwaitProgress(int more) {
    const int target = progress_.load() + more;
    for (int i = 0; i < 600 && progress_.load() < target; ++i)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return progress_.load() >= target;
  }

  testing::ScratchDir dir_{"replicas"};
  SystemClock clock_;
  std::string url_;
  std::string admin_key_pem_;
  std::atomic<bool> stop_ = false;
  std::atomic<int> progress_ = 0;
  std::mutex mutex_;
  std::array<std::string, kReplicas> urls_;
  std::array<std::unique_ptr<testing::TrusteeProcess>, kReplicas> replicas_;
};

TEST_F(Replicas, GuestsAndWritersSpreadOverThreeReplicasSurviveAKillNine) {
  ASSERT_TRUE(
      Admin(0).SetPolicy(admin_client::PolicyKind::kAttestation,
                         AsBytes(std::string("id: allow-sample\nrules:\n  - name: sample\n"
                                             "    tee: [sample]\n    check: {always: true}\n"
                                             "    pass: {hardware: 2}\n"))));
  ASSERT_TRUE(Admin(1).PutSecret(protocol::ResourcePath::Parse(kSecretPath).value(),
                                 AsBytes(std::string(kSecret))));
  for (std::size_t i = 0; i < kReplicas; ++i) {
    EXPECT_NE(replicas_[i]->Log().find("KBS sessions: in the PostgreSQL store"), std::string::npos)
        << replicas_[i]->Log();
  }

  std::array<std::vector<std::string>, kReplicas> acknowledged;
  std::array<std::string, kReplicas> writer_failures;
  std::array<std::pair<int, int>, kGuests> handshakes{};  // begun, released
  std::array<std::string, kGuests> guest_failures;
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < kReplicas; ++i) {
    threads.emplace_back(
        [&, i] { acknowledged[i] = RunWriter(static_cast<int>(i), writer_failures[i]); });
  }
  for (std::size_t g = 0; g < kGuests; ++g) {
    threads.emplace_back(
        [&, g] { handshakes[g] = RunGuest(static_cast<int>(g), guest_failures[g]); });
  }

  // Mid-load: kill -9 the second replica, then start it again on the same database, and let the
  // load go on over all three.
  EXPECT_TRUE(AwaitProgress(kProgressPerPhase));
  EXPECT_TRUE(replicas_[1]->Kill());
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const Status restarted = StartReplica(1);
  const auto written_by_1_before = static_cast<std::size_t>(
      Count("SELECT count(*) FROM resources WHERE path LIKE 'replica/w1/%'"));
  EXPECT_TRUE(restarted && AwaitProgress(kProgressPerPhase));
  stop_ = true;
  for (std::thread& thread : threads) thread.join();
  ASSERT_TRUE(restarted) << restarted.error().ToString();

  for (std::size_t i = 0; i < kReplicas; ++i) EXPECT_EQ(writer_failures[i], "") << "writer " << i;
  for (std::size_t g = 0; g < kGuests; ++g) {
    EXPECT_EQ(guest_failures[g], "") << "guest " << g;
    EXPECT_GT(handshakes[g].second, 0) << "guest " << g;
    EXPECT_EQ(handshakes[g].second, handshakes[g].first) << "guest " << g;
  }
  const std::vector<std::string> stored = Column("SELECT path FROM resources");
  const std::set<std::string> present(stored.begin(), stored.end());
  std::size_t acknowledged_writes = 0;
  for (std::size_t i = 0; i < kReplicas; ++i) {
    EXPECT_GT(acknowledged[i].size(), 0u) << "writer " << i;
    for (const std::string& path : acknowledged[i]) {
      EXPECT_TRUE(present.contains(path)) << path << " was acknowledged but is not stored";
      ++acknowledged_writes;
    }
  }
  // Writers 0 and 2 never lost their replica: all their writes were acknowledged.
  // The restarted replica took writes again.
  EXPECT_GT(acknowledged[1].size(), written_by_1_before);
  EXPECT_GE(present.size(), acknowledged_writes + 1);

  // One audit entry per change, on one chain: a put per stored secret (each path was written
  // once; a write in flight at the kill is in both or in neither), the policy, a release per
  // secret received (at least: a release whose answer the kill lost is audited too).
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'resource.put'"),
            static_cast<std::int64_t>(present.size()));
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'policy.set'"), 1);
  EXPECT_GE(Count("SELECT count(*) FROM audit_log WHERE action = 'resource.release'"), [&] {
    std::int64_t received = 0;
    for (const auto& [begun, released] : handshakes) received += released;
    return received;
  }());
  // The replicas share one workload CA: the first to start made it.
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action = 'workload_ca.create'"), 1);
  EXPECT_EQ(Count("SELECT count(*) FROM audit_log WHERE action NOT IN "
                  "('resource.put', 'policy.set', 'resource.release', 'workload_ca.create')"),
            0);
  EXPECT_EQ(Count("SELECT count(DISTINCT sequence) FROM audit_log"),
            Count("SELECT max(sequence) FROM audit_log"));
  const testing::CommandResult verified =
      testing::RunCommand({testing::BuiltBinary("veil"), "audit", "verify", "--url", Url(2),
                           "--key", (dir_ / "admin" / "admin.key").string()});
  EXPECT_EQ(verified.exit_code, 0) << verified.out << verified.err;
}

// A nonce consumed at one replica (by an attestation that then failed) is refused at another,
// even with the right evidence: the database, not the replica, remembers it.
TEST_F(Replicas, ANonceConsumedAtOneReplicaIsRefusedAtAnother) {
  ASSERT_TRUE(
      Admin(0).SetPolicy(admin_client::PolicyKind::kAttestation,
                         AsBytes(std::string("id: allow-sample\nrules:\n  - name: sample\n"
                                             "    tee: [sample]\n    check: {always: true}\n"
                                             "    pass: {hardware: 2}\n"))));
  KbsGuest guest(Url(0));
  const std::string nonce = guest.Auth("sample").value();
  const std::string cookie = guest.cookie();
  const json evidence = {{"svn", "1"},
                         {"report_data", Base64Encode(guest.ReportData(nonce).value())}};
  json spoiled = guest.AttestBody(nonce, evidence);
  // Well-formed, but (0, 0) is not a point of P-256: refused after the nonce was consumed.
  const std::string zero = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
  spoiled["runtime-data"]["tee-pubkey"] = {
      {"kty", "EC"}, {"crv", "P-256"}, {"x", zero}, {"y", zero}};
  guest.set_base_url(Url(1));
  guest.set_cookie(cookie);
  const KbsAnswer first = guest.Attest(spoiled);
  ASSERT_NE(first.status, 200u) << first.raw;
  ASSERT_NE(first.status, 0u) << first.raw;

  guest.set_base_url(Url(2));
  guest.set_cookie(cookie);
  const KbsAnswer replayed = guest.Attest(guest.AttestBody(nonce, evidence));
  EXPECT_EQ(replayed.status, 401u) << replayed.raw;
  EXPECT_NE(replayed.raw.find("already used"), std::string::npos) << replayed.raw;
  // The replica that issued it refuses it too.
  guest.set_base_url(Url(0));
  guest.set_cookie(cookie);
  EXPECT_NE(guest.Attest(guest.AttestBody(nonce, evidence)).raw.find("already used"),
            std::string::npos);
}

}  // namespace
}  // namespace veil
