// Issue 11, crash safety: a real veil-trustee takes admin writes (secret put/delete, policy set,
// reference value add/delete) from two threads and releases a secret to an attested sample guest
// from a third, and is killed with SIGKILL after a random delay, VEIL_CRASH_KILLS times (10 by
// default; `VEIL_CRASH_KILLS=50 ctest --test-dir build -R CrashSafety` for the long run). After
// each kill, on the same data directory:
//   - `veil audit verify --data-dir` passes on the files as the kill left them;
//   - the trustee starts again (the store opens);
//   - every acknowledged write (a 2xx answer came back) is there with its exact value; a write in
//     flight at the kill (sent, no answer) is either wholly there or wholly absent — never half of
//     a secret or of a reference value's list;
//   - the audit entries appended since the previous check are, per writer, exactly one per
//     acknowledged write in the order sent, plus one for the in-flight write if and only if it
//     took effect; releases have one entry per release the guest received, plus at most one for
//     the fetch in flight at the kill (its entry is written before the secret is sent).
// The seed of the random choices is printed (VEIL_CRASH_SEED=N repeats them; thread timing still
// varies).

#include <gtest/gtest.h>

#include <signal.h>
#include <fstream>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "kbs_guest.h"
#include "veil/admin_client/admin_client.h"
#include "veil/audit/verify_chain.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/private_key.h"
#include "veil/testing/command.h"
#include "veil/testing/scratch_dir.h"
#include "veil/testing/trustee_process.h"

namespace veil {
namespace {

using admin_client::AdminClient;
using nlohmann::json;
using testing::KbsGuest;

constexpr int kSecretKeys = 4;
constexpr int kReferenceKeys = 4;
constexpr const char* kReleasePath = "crash/fixed/release";
constexpr const char* kReleaseValue = "the secret every guest fetch receives";

int KillsFromEnvironment() {
  const char* text = std::getenv("VEIL_CRASH_KILLS");
  return text != nullptr && std::atoi(text) > 0 ? std::atoi(text) : 10;
}

std::uint64_t SeedFromEnvironment() {
  const char* text = std::getenv("VEIL_CRASH_SEED");
  if (text != nullptr) return std::strtoull(text, nullptr, 10);
  return (std::uint64_t{std::random_device()()} << 32) | std::random_device()();
}

std::string SecretPath(int key) { return "crash/secret/k" + std::to_string(key); }
std::string ReferenceName(int key) { return "crash.refval." + std::to_string(key); }

std::string PolicyText(const std::string& id) {
  return "id: " + id +
         "\nrules:\n"
         "  - name: sample-allowed\n"
         "    tee: [sample]\n"
         "    check: {always: true}\n"
         "    pass: {hardware: 2}\n";
}

// What the writers control in the trustee: it must hold exactly this after a restart.
struct State {
  std::map<std::string, std::string> secrets;                        // path -> value
  std::map<std::string, std::vector<std::string>> reference_values;  // name -> values
  std::string policy_id;                                             // attestation policy

  friend bool operator==(const State&, const State&) = default;
};

std::string Describe(const State& state) {
  std::string text = "policy " + state.policy_id + "; secrets:";
  for (const auto& [path, value] : state.secrets) text += " " + path + "=" + value.substr(0, 24);
  text += "; reference values:";
  for (const auto& [name, values] : state.reference_values)
    text += " " + name + json(values).dump();
  return text;
}

// One admin write as it was sent.
struct Write {
  enum class Kind { kPutSecret, kDeleteSecret, kSetPolicy, kPutReference, kDeleteReference };
  Kind kind;
  std::string key;                  // resource path, reference value name, or the policy id
  std::string value;                // the secret
  std::vector<std::string> values;  // the reference values
};

void Apply(const Write& write, State& state) {
  switch (write.kind) {
    case Write::Kind::kPutSecret:
      state.secrets[write.key] = write.value;
      break;
    case Write::Kind::kDeleteSecret:
      state.secrets.erase(write.key);
      break;
    case Write::Kind::kSetPolicy:
      state.policy_id = write.key;
      break;
    case Write::Kind::kPutReference:
      state.reference_values[write.key] = write.values;
      break;
    case Write::Kind::kDeleteReference:
      state.reference_values.erase(write.key);
      break;
  }
}

// True when `entry` is the audit record of `write` (action, subject and the telling detail).
bool Records(const audit::AuditEntry& entry, const Write& write) {
  const json details = json::parse(entry.details, nullptr, false);
  switch (write.kind) {
    case Write::Kind::kPutSecret:
      return entry.action == "resource.put" && entry.subject == write.key &&
             details.value("bytes", std::size_t{0}) == write.value.size();
    case Write::Kind::kDeleteSecret:
      return entry.action == "resource.delete" && entry.subject == write.key;
    case Write::Kind::kSetPolicy:
      return entry.action == "policy.set" && entry.subject == "attestation" &&
             details.value("id", std::string()) == write.key;
    case Write::Kind::kPutReference:
      return entry.action == "refval.put" && entry.subject == write.key &&
             details.contains("values") && details["values"] == json(write.values);
    case Write::Kind::kDeleteReference:
      return entry.action == "refval.delete" && entry.subject == write.key;
  }
  return false;
}

Result<json> Send(const AdminClient& admin, const Write& write) {
  switch (write.kind) {
    case Write::Kind::kPutSecret:
      return admin.PutSecret(protocol::ResourcePath::Parse(write.key).value(),
                             AsBytes(write.value));
    case Write::Kind::kDeleteSecret:
      return admin.DeleteSecret(protocol::ResourcePath::Parse(write.key).value());
    case Write::Kind::kSetPolicy:
      return admin.SetPolicy(admin_client::PolicyKind::kAttestation,
                             AsBytes(PolicyText(write.key)));
    case Write::Kind::kPutReference:
      return admin.AddReferenceValue({write.key, write.values, "crash test", std::nullopt});
    case Write::Kind::kDeleteReference:
      return admin.DeleteReferenceValue(write.key);
  }
  return Fail(Internal("unknown write kind"));
}

std::string RandomText(std::mt19937_64& rng, std::size_t min, std::size_t max) {
  static constexpr std::string_view kAlphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  std::string text(std::uniform_int_distribution<std::size_t>(min, max)(rng), 'x');
  for (char& c : text) c = kAlphabet[rng() % kAlphabet.size()];
  return text;
}

// The two writers share nothing: one owns the secrets, the other the reference values and the
// attestation policy, so each one's writes are ordered and the model needs no global order.
enum class Part { kSecrets, kConfiguration };

// A write that changes the state: unique values, deletes only of what exists.
Write NextWrite(Part part, const State& state, std::mt19937_64& rng, const std::string& tag) {
  const auto percent = [&] { return rng() % 100; };
  if (part == Part::kSecrets) {
    const std::string path = SecretPath(static_cast<int>(rng() % kSecretKeys));
    if (state.secrets.contains(path) && percent() < 30)
      return {Write::Kind::kDeleteSecret, path, {}, {}};
    return {Write::Kind::kPutSecret, path, tag + "-" + RandomText(rng, 8, 2000), {}};
  }
  if (percent() < 20) return {Write::Kind::kSetPolicy, "crash-" + tag, {}, {}};
  const std::string name = ReferenceName(static_cast<int>(rng() % kReferenceKeys));
  if (state.reference_values.contains(name) && percent() < 30)
    return {Write::Kind::kDeleteReference, name, {}, {}};
  std::vector<std::string> values;
  const std::size_t count = 1 + rng() % 5;
  for (std::size_t i = 0; i < count; ++i) values.push_back(tag + "-" + std::to_string(i));
  return {Write::Kind::kPutReference, name, {}, values};
}

// What one writer thread saw in one run.
struct WriterLog {
  std::vector<Write> acknowledged;  // in the order sent
  std::optional<Write> in_flight;   // sent when the trustee died; no answer came back
  std::string failure;              // any answer other than 2xx or a lost connection
};

// What the guest thread saw in one run.
struct FetchLog {
  int released = 0;        // secrets received and decrypted
  bool in_flight = false;  // a resource request lost its connection
  int attestations = 0;
  std::string failure;
};

class CrashSafety : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(testing::RunCommand({testing::BuiltBinary("veil"), "admin", "keygen", "--out",
                                   (dir_ / "admin").string()})
                  .exit_code,
              0);
    admin_key_ = crypto::PrivateKey::FromPem(ReadFileText(dir_ / "admin" / "admin.key").value())
                     .value()
                     .ToPem();
  }

  // The writers send admin requests as fast as answers come: far beyond the default per-address
  // admin rate limit, which this test is not about.
  Status StartTrustee() {
    trustee_.reset();
    const std::filesystem::path config = dir_ / "trustee.toml";
    std::ofstream(config) << "[admin]\nrate_per_second = 1000000\nrate_burst = 1000000\n"
                          << "[kbs]\nauth_rate_per_second = 1000000\nauth_rate_burst = 1000000\n";
    VEIL_ASSIGN_OR_RETURN(
        trustee_, testing::TrusteeProcess::Start(
                      dir_ / "data", {"--admin-key", (dir_ / "admin" / "admin.pub").string(),
                                      "--config", config.string()}));
    return {};
  }

  AdminClient Admin() const {
    return AdminClient(trustee_->url(),
                       crypto::PrivateKey::FromPem(
                           std::string_view(reinterpret_cast<const char*>(admin_key_.span().data()),
                                            admin_key_.size()))
                           .value(),
                       clock_);
  }

  void RunWriter(Part part, State model, const std::string& cycle, std::uint64_t seed,
                 WriterLog& log) {
    const AdminClient admin = Admin();
    std::mt19937_64 rng(seed);
    for (int n = 0; !stop_.load(); ++n) {
      const Write write = NextWrite(part, model, rng, cycle + "w" + std::to_string(n));
      const Result<json> answer = Send(admin, write);
      if (answer) {
        Apply(write, model);
        log.acknowledged.push_back(write);
        continue;
      }
      if (answer.error().code == ErrorCode::kUnavailable && killed_.load()) {
        log.in_flight = write;
      } else {
        log.failure = answer.error().ToString();
      }
      return;
    }
  }

  void RunGuest(FetchLog& log) {
    while (!stop_.load()) {
      KbsGuest guest(trustee_->url());
      const auto lost = [&](const std::string& what, const std::string& detail) {
        if (!killed_.load()) log.failure = what + ": " + detail;
      };
      const auto nonce = guest.Auth("sample");
      if (!nonce) return lost("auth", nonce.error().ToString());
      const json evidence = {{"svn", "1"},
                             {"report_data", Base64Encode(guest.ReportData(*nonce).value())}};
      const testing::KbsAnswer attested = guest.Attest(guest.AttestBody(*nonce, evidence));
      if (attested.status == 0) return lost("attest", attested.raw);
      if (attested.status != 200) {
        log.failure = "attest: " + attested.raw;
        return;
      }
      ++log.attestations;
      for (int i = 0; i < 8 && !stop_.load(); ++i) {
        const testing::KbsAnswer answer = guest.GetResource(kReleasePath);
        if (answer.status == 0) {
          log.in_flight = true;
          return lost("resource", answer.raw);
        }
        const auto secret = guest.Decrypt(answer.body);
        if (answer.status != 200 || !secret || *secret != kReleaseValue) {
          log.failure = "resource: " + answer.raw;
          return;
        }
        ++log.released;
      }
    }
  }

  // The state the restarted trustee holds, secrets read back through an attested guest (each
  // read is a release, counted in `releases`).
  Result<State> ReadState(int& releases) const {
    const AdminClient admin = Admin();
    State state;
    VEIL_ASSIGN_OR_RETURN(json policy, admin.GetPolicy(admin_client::PolicyKind::kAttestation));
    state.policy_id = policy.value("id", std::string());
    VEIL_ASSIGN_OR_RETURN(json references, admin.ListReferenceValues());
    for (const json& record : references["reference_values"]) {
      state.reference_values[record["name"].get<std::string>()] =
          record["values"].get<std::vector<std::string>>();
    }
    VEIL_ASSIGN_OR_RETURN(json secrets, admin.ListSecrets());
    KbsGuest guest(trustee_->url());
    VEIL_ASSIGN_OR_RETURN(std::string nonce, guest.Auth("sample"));
    const json evidence = {{"svn", "1"},
                           {"report_data", Base64Encode(guest.ReportData(nonce).value())}};
    const testing::KbsAnswer attested = guest.Attest(guest.AttestBody(nonce, evidence));
    if (attested.status != 200) return Fail(Unavailable("attest after restart: " + attested.raw));
    for (const json& info : secrets["resources"]) {
      const std::string path = info["resource"].get<std::string>();
      const testing::KbsAnswer answer = guest.GetResource(path);
      if (answer.status != 200) return Fail(Unavailable("fetch " + path + ": " + answer.raw));
      ++releases;
      VEIL_ASSIGN_OR_RETURN(std::string value, guest.Decrypt(answer.body));
      if (path == kReleasePath) {
        if (value != kReleaseValue) return Fail(Malformed(path + " changed: " + value));
        continue;
      }
      state.secrets[path] = value;
    }
    return state;
  }

  Result<std::vector<audit::AuditEntry>> AuditSince(std::uint64_t sequence) const {
    const AdminClient admin = Admin();
    std::vector<audit::AuditEntry> all;
    while (true) {
      VEIL_ASSIGN_OR_RETURN(auto page, admin.ListAuditEntries(sequence + 1, 1000));
      if (page.empty()) return all;
      sequence = page.back().sequence;
      for (auto& entry : page) all.push_back(std::move(entry));
    }
  }

  testing::ScratchDir dir_{"crash-safety"};
  crypto::SecretBytes admin_key_;
  SystemClock clock_;
  std::unique_ptr<testing::TrusteeProcess> trustee_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> killed_{false};  // set before the kill: an error seen while false is real
};

TEST_F(CrashSafety, KillNineUnderLoadLosesNoAcknowledgedWriteAndHalfAppliesNone) {
  const int kills = KillsFromEnvironment();
  const std::uint64_t seed = SeedFromEnvironment();
  std::cout << "crash safety: " << kills << " kills, VEIL_CRASH_SEED=" << seed << std::endl;
  std::mt19937_64 rng(seed);

  ASSERT_TRUE(StartTrustee());
  State model;
  model.policy_id = "crash-initial";
  ASSERT_TRUE(Admin().SetPolicy(admin_client::PolicyKind::kAttestation,
                                AsBytes(PolicyText(model.policy_id))));
  ASSERT_TRUE(Admin().PutSecret(protocol::ResourcePath::Parse(kReleasePath).value(),
                                AsBytes(std::string(kReleaseValue))));
  auto setup = AuditSince(0);
  // The workload CA the trustee made on its first start, the policy, the secret.
  ASSERT_TRUE(setup && setup->size() == 3u);
  EXPECT_EQ(setup->front().action, "workload_ca.create");
  std::uint64_t checked = setup->back().sequence;  // the audit entries checked so far

  int acknowledged = 0;
  int released = 0;
  int committed_in_flight = 0;
  int lost_in_flight = 0;
  int attestations = 0;
  int unanswered_fetches = 0;
  const auto started = std::chrono::steady_clock::now();
  for (int cycle = 0; cycle < kills; ++cycle) {
    SCOPED_TRACE("kill " + std::to_string(cycle + 1) + " of " + std::to_string(kills) +
                 ", VEIL_CRASH_SEED=" + std::to_string(seed));
    stop_ = false;
    killed_ = false;
    const std::string tag = "c" + std::to_string(cycle);
    WriterLog secrets_log;
    WriterLog configuration_log;
    FetchLog guest_log;
    std::thread secrets([&, s = rng()] { RunWriter(Part::kSecrets, model, tag, s, secrets_log); });
    std::thread configuration(
        [&, s = rng()] { RunWriter(Part::kConfiguration, model, tag, s, configuration_log); });
    std::thread guest([&] { RunGuest(guest_log); });
    std::this_thread::sleep_for(
        std::chrono::milliseconds(std::uniform_int_distribution<int>(20, 700)(rng)));
    killed_ = true;
    const bool died = trustee_->Kill();
    stop_ = true;
    secrets.join();
    configuration.join();
    guest.join();
    ASSERT_TRUE(died) << "the trustee was not killed by SIGKILL";
    ASSERT_EQ(secrets_log.failure, "");
    ASSERT_EQ(configuration_log.failure, "");
    ASSERT_EQ(guest_log.failure, "");

    // The files exactly as the kill left them.
    const testing::CommandResult verify = testing::RunCommand(
        {testing::BuiltBinary("veil"), "audit", "verify", "--data-dir", (dir_ / "data").string()});
    ASSERT_EQ(verify.exit_code, 0) << verify.out << verify.err;

    const Status restarted = StartTrustee();
    ASSERT_TRUE(restarted) << restarted.error().ToString();
    int verifier_releases = 0;
    const Result<State> seen = ReadState(verifier_releases);
    ASSERT_TRUE(seen) << seen.error().ToString();

    // Everything acknowledged, and each in-flight write wholly applied or wholly absent.
    State expected = model;
    for (const WriterLog* log : {&secrets_log, &configuration_log}) {
      for (const Write& write : log->acknowledged) Apply(write, expected);
    }
    std::optional<State> matched;
    bool secrets_applied = false;
    bool configuration_applied = false;
    for (int combination = 0; combination < 4 && !matched; ++combination) {
      const bool with_secret = (combination & 1) != 0;
      const bool with_configuration = (combination & 2) != 0;
      if ((with_secret && !secrets_log.in_flight) ||
          (with_configuration && !configuration_log.in_flight))
        continue;
      State candidate = expected;
      if (with_secret) Apply(*secrets_log.in_flight, candidate);
      if (with_configuration) Apply(*configuration_log.in_flight, candidate);
      if (candidate == *seen) {
        matched = candidate;
        secrets_applied = with_secret;
        configuration_applied = with_configuration;
      }
    }
    ASSERT_TRUE(matched) << "expected " << Describe(expected) << "\ngot " << Describe(*seen);
    model = *matched;

    // One audit entry per acknowledged write, in order; one for an in-flight write iff applied.
    auto entries = AuditSince(checked);
    ASSERT_TRUE(entries) << entries.error().ToString();
    std::vector<audit::AuditEntry> secret_entries;
    std::vector<audit::AuditEntry> configuration_entries;
    int release_entries = 0;
    for (const audit::AuditEntry& entry : *entries) {
      if (entry.action == "resource.release") {
        ++release_entries;
      } else if (entry.action == "resource.put" || entry.action == "resource.delete") {
        secret_entries.push_back(entry);
      } else {
        configuration_entries.push_back(entry);
      }
    }
    const auto check_writer = [](const std::vector<audit::AuditEntry>& found, const WriterLog& log,
                                 bool applied) {
      std::vector<Write> writes = log.acknowledged;
      if (applied) writes.push_back(*log.in_flight);
      ASSERT_EQ(found.size(), writes.size())
          << "audit entries for " << writes.size() << " writes, in flight applied: " << applied;
      for (std::size_t i = 0; i < writes.size(); ++i) {
        EXPECT_TRUE(Records(found[i], writes[i]))
            << "entry " << found[i].sequence << " " << found[i].action << " " << found[i].subject
            << " " << found[i].details << " records write " << i;
      }
    };
    check_writer(secret_entries, secrets_log, secrets_applied);
    check_writer(configuration_entries, configuration_log, configuration_applied);
    const int acknowledged_releases = guest_log.released + verifier_releases;
    EXPECT_GE(release_entries, acknowledged_releases);
    EXPECT_LE(release_entries, acknowledged_releases + (guest_log.in_flight ? 1 : 0));
    if (::testing::Test::HasFailure()) return;
    if (!entries->empty()) checked = entries->back().sequence;

    acknowledged +=
        static_cast<int>(secrets_log.acknowledged.size() + configuration_log.acknowledged.size());
    if (secrets_log.in_flight) ++(secrets_applied ? committed_in_flight : lost_in_flight);
    if (configuration_log.in_flight)
      ++(configuration_applied ? committed_in_flight : lost_in_flight);
    released += guest_log.released;
    attestations += guest_log.attestations;
    unanswered_fetches += guest_log.in_flight ? 1 : 0;
  }
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "crash safety: " << kills << " kills in " << seconds << " s; " << acknowledged
            << " admin writes acknowledged, " << committed_in_flight + lost_in_flight
            << " in flight at a kill (" << committed_in_flight << " committed, " << lost_in_flight
            << " not); " << released << " releases received by " << attestations
            << " attested guests, " << unanswered_fetches << " fetches cut by a kill; " << checked
            << " audit entries; failures: 0" << std::endl;
  EXPECT_GT(acknowledged, kills);  // the load was real
  EXPECT_GT(released, 0);
}

}  // namespace
}  // namespace veil
