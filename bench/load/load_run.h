#pragma once
// veil-load's workers: N clients, each a veil-agent KbsClient with its own TEE key and attester,
// doing full KBS handshakes (auth → attest → resource, no token reuse) back to back, or at a
// fixed rate, until a shared count is used up or a deadline passes. Nothing is retried: a failure
// is counted under its step and error code, and the client goes on with the next handshake.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "veil/agent/attester/attester.h"
#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"

namespace veil::bench {

struct LoadOptions {
  std::string url;
  std::optional<std::filesystem::path> trustee_ca{};
  protocol::ResourcePath resource;
  std::size_t clients = 1;
  std::optional<std::size_t> count{};            // handshakes in all, over every client
  std::chrono::duration<double> duration{10.0};  // when `count` is not set
  // Handshakes per second over all clients (open loop): the n-th handshake is due at
  // start + n / rate and its latency counts from then, so time spent waiting for a free client
  // is included. None: each client starts its next handshake as soon as the last one ended.
  std::optional<double> rate{};
  // Makes one client's attester (called once per client, on the main thread).
  std::function<Result<std::unique_ptr<agent::Attester>>()> make_attester{};
};

struct ErrorKind {
  std::size_t count = 0;
  std::string first_message;
};

struct LoadResult {
  std::size_t succeeded = 0;
  std::size_t failed = 0;
  std::chrono::duration<double> elapsed{0};
  // Milliseconds per successful handshake, and per step: "attest" is /auth + /attest,
  // "resource" the GET of the resource with the fresh token and its decryption.
  std::vector<double> handshake_ms;
  std::vector<double> attest_ms;
  std::vector<double> resource_ms;
  std::map<std::string, ErrorKind> errors;  // "<step>: <error code>"
};

// kInvalidArgument for no clients or an unusable URL; the attesters' and clients' set-up errors
// as they are. Failed handshakes are in the result, not an error.
Result<LoadResult> RunLoad(const LoadOptions& options);

}  // namespace veil::bench
