#include "bench/load/load_run.h"

#include <algorithm>
#include <atomic>
#include <thread>
#include <utility>

#include "veil/agent/kbs_client/kbs_client.h"
#include "veil/base/clock.h"

namespace veil::bench {
namespace {

using Steady = std::chrono::steady_clock;

double MillisecondsBetween(Steady::time_point from, Steady::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

// When the next handshake is due, if another should start: the shared count has one left, or
// the deadline has not passed. Without a rate it is due now; with one, the n-th is due at
// start + n / rate.
class Budget {
 public:
  Budget(std::optional<std::size_t> count, Steady::time_point start, Steady::time_point deadline,
         std::optional<double> rate)
      : remaining_(count.value_or(0)),
        counted_(count.has_value()),
        start_(start),
        deadline_(deadline),
        rate_(rate) {}

  std::optional<Steady::time_point> TakeOne() {
    const Steady::time_point due = Due();
    if (!counted_) {
      if (due < deadline_) return due;
      return std::nullopt;
    }
    std::size_t left = remaining_.load();
    while (left > 0) {
      if (remaining_.compare_exchange_weak(left, left - 1)) return due;
    }
    return std::nullopt;
  }

 private:
  Steady::time_point Due() {
    if (!rate_) return Steady::now();
    const auto n = static_cast<double>(issued_.fetch_add(1));
    return start_ +
           std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(n / *rate_));
  }

  std::atomic<std::size_t> remaining_;
  bool counted_;
  Steady::time_point start_;
  Steady::time_point deadline_;
  std::optional<double> rate_;
  std::atomic<std::size_t> issued_{0};
};

void CountError(LoadResult& result, const char* step, const Error& error) {
  ++result.failed;
  ErrorKind& kind =
      result.errors[std::string(step) + ": " + std::string(ErrorCodeName(error.code))];
  if (kind.count++ == 0) kind.first_message = error.ToString();
}

// One full handshake with a fresh token, started at `due` at the earliest; its timings (the whole
// handshake from `due`) or its error go into `result`.
void Handshake(agent::KbsClient& client, const protocol::ResourcePath& resource,
               Steady::time_point due, LoadResult& result) {
  client.ForgetToken();
  std::this_thread::sleep_until(due);
  const auto start = Steady::now();
  if (auto token = client.Attest(); !token) return CountError(result, "attest", token.error());
  const auto attested = Steady::now();
  if (auto secret = client.GetResource(resource); !secret) {
    return CountError(result, "resource", secret.error());
  }
  const auto done = Steady::now();
  ++result.succeeded;
  result.attest_ms.push_back(MillisecondsBetween(start, attested));
  result.resource_ms.push_back(MillisecondsBetween(attested, done));
  result.handshake_ms.push_back(MillisecondsBetween(std::min(start, due), done));
}

void Merge(LoadResult& into, LoadResult&& from) {
  into.succeeded += from.succeeded;
  into.failed += from.failed;
  into.handshake_ms.insert(into.handshake_ms.end(), from.handshake_ms.begin(),
                           from.handshake_ms.end());
  into.attest_ms.insert(into.attest_ms.end(), from.attest_ms.begin(), from.attest_ms.end());
  into.resource_ms.insert(into.resource_ms.end(), from.resource_ms.begin(), from.resource_ms.end());
  for (auto& [name, kind] : from.errors) {
    ErrorKind& merged = into.errors[name];
    if (merged.count == 0) merged.first_message = std::move(kind.first_message);
    merged.count += kind.count;
  }
}

agent::KbsClientOptions ClientOptions(const LoadOptions& options) {
  agent::KbsClientOptions client;
  client.url = options.url;
  client.ca_file = options.trustee_ca;
  client.retry.attempts = 1;  // a load generator counts failures; it does not hide them
  return client;
}

}  // namespace

Result<LoadResult> RunLoad(const LoadOptions& options) {
  if (options.clients == 0) return Fail(InvalidArgument("at least one client is needed"));
  if (options.rate && !(*options.rate > 0)) {
    return Fail(InvalidArgument("expected a positive rate, got " + std::to_string(*options.rate)));
  }
  const SystemClock clock;
  std::vector<std::unique_ptr<agent::Attester>> attesters;
  std::vector<agent::KbsClient> clients;
  attesters.reserve(options.clients);
  clients.reserve(options.clients);
  for (std::size_t i = 0; i < options.clients; ++i) {
    VEIL_ASSIGN_OR_RETURN(auto attester, options.make_attester());
    attesters.push_back(std::move(attester));
    VEIL_ASSIGN_OR_RETURN(
        auto client, agent::KbsClient::Create(ClientOptions(options), *attesters.back(), clock));
    clients.push_back(std::move(client));
  }

  const auto start = Steady::now();
  Budget budget(options.count, start,
                start + std::chrono::duration_cast<Steady::duration>(options.duration),
                options.rate);
  std::vector<LoadResult> per_client(options.clients);
  std::vector<std::thread> threads;
  threads.reserve(options.clients);
  for (std::size_t i = 0; i < options.clients; ++i) {
    threads.emplace_back([&, i] {
      while (const auto due = budget.TakeOne()) {
        Handshake(clients[i], options.resource, *due, per_client[i]);
      }
    });
  }
  for (auto& thread : threads) thread.join();

  LoadResult result;
  result.elapsed = Steady::now() - start;
  for (auto& one : per_client) Merge(result, std::move(one));
  return result;
}

}  // namespace veil::bench
