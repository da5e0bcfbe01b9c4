// Secrets changed while they are being released: an admin replaces and deletes the secret while
// attested guests fetch it and new guests attest. Every release is one complete stored version,
// encrypted to the fetching guest's key; a deleted secret is refused the documented way (401);
// nothing answers 500; every release is in the audit log, whose hash chain stays intact.

#include <atomic>
#include <mutex>
#include <set>
#include <thread>

#include "hostile_fixture.h"
#include "veil/audit/verify_chain.h"

namespace veil::hostile {
namespace {

using std::chrono::milliseconds;

class HostileConcurrency : public HostileTrustee {
 protected:
  std::size_t AuditedReleases() {
    const auto entries = admin().ListAuditEntries(1, 10000).value();  // the API's page limit
    EXPECT_LT(entries.size(), 10000u);
    EXPECT_TRUE(audit::VerifyAuditChain(entries).intact) << audit::VerifyAuditChain(entries).reason;
    std::size_t releases = 0;
    for (const audit::AuditEntry& entry : entries) releases += entry.action == "resource.release";
    return releases;
  }
};

TEST_F(HostileConcurrency, SecretUpdatesWhileReleasesRunNeverMixVersions) {
  const std::size_t audited_before = AuditedReleases();
  std::mutex mutex;
  std::set<std::string> written = {secret_};  // every value the secret ever had
  std::atomic<bool> done{false};
  std::atomic<int> released{0};
  std::atomic<int> missing{0};
  std::atomic<int> unexpected{0};
  std::vector<std::string> failures;
  const auto fail = [&](std::string what) {
    ++unexpected;
    std::lock_guard lock(mutex);
    if (failures.size() < 5) failures.push_back(std::move(what));
  };

  // Guests that attested once and fetch in a loop, with the cookie and with the Bearer token.
  std::vector<std::thread> threads;
  for (int g = 0; g < 3; ++g) {
    threads.emplace_back([&, g] {
      testing::KbsGuest guest =
          NewGuest(g == 2 ? crypto::KeyAlgorithm::kRsa2048 : crypto::KeyAlgorithm::kEcP256);
      const testing::KbsAnswer attested = AttestSample(guest);
      if (attested.status != 200) return fail("attest: " + attested.raw);
      const std::string token = attested.body.value("token", "");
      for (int i = 0; !done; ++i) {
        const testing::KbsAnswer answer =
            Keep(i % 2 == 0 ? guest.GetResource(std::string(kSecretPath))
                            : guest.GetResource(std::string(kSecretPath), token));
        if (answer.status == 401 && answer.raw.find("ResourceNotFound") != std::string::npos) {
          ++missing;  // between a delete and the next put
          continue;
        }
        if (answer.status != 200) return fail(std::to_string(answer.status) + " " + answer.raw);
        auto value = guest.Decrypt(answer.body);
        if (!value) return fail("decrypt: " + value.error().ToString());
        std::lock_guard lock(mutex);
        if (!written.contains(*value)) return fail("a value never written: " + *value);
        ++released;
      }
    });
  }
  // New guests attesting all along.
  threads.emplace_back([&] {
    while (!done) {
      testing::KbsGuest guest = NewGuest();
      const testing::KbsAnswer attested = AttestSample(guest);
      if (attested.status != 200) return fail("attest: " + attested.raw);
    }
  });

  // The admin: 40 new versions (each written before it can be released), and a delete every
  // tenth.
  const auto path = protocol::ResourcePath::Parse(kSecretPath).value();
  for (int version = 1; version <= 40; ++version) {
    const std::string value = secret_stem_ + "-v" + std::to_string(version);
    {
      std::lock_guard lock(mutex);
      written.insert(value);
    }
    // EXPECT, not ASSERT: returning would leave the threads running.
    if (version % 10 == 0) {
      EXPECT_TRUE(admin().DeleteSecret(path));
    }
    const auto stored = admin().PutSecret(path, AsBytes(value));
    EXPECT_TRUE(stored) << stored.error().ToString();
    secret_ = value;
    std::this_thread::sleep_for(milliseconds(20));  // lets releases run between versions
  }
  done = true;
  for (std::thread& thread : threads) thread.join();

  EXPECT_EQ(unexpected.load(), 0) << (failures.empty() ? "" : failures.front());
  EXPECT_GE(released.load(), 20);
  RecordProperty("releases", released.load());
  RecordProperty("refused_while_deleted", missing.load());
  // Every release is in the audit log (the fixture's own checks come after this count).
  EXPECT_EQ(AuditedReleases() - audited_before, static_cast<std::size_t>(released.load()));
  ExpectResidentUnderBound("after concurrent updates and releases");
}

}  // namespace
}  // namespace veil::hostile
