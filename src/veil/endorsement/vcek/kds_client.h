#pragma once
// Fetching a VCEK from AMD's Key Distribution Service (or a mirror that serves the same paths).
// Opt-in: a trustee configured without a KDS URL never leaves its network. Each fetch is one GET
// with a timeout; every failure names the URL and what came back (AMD KDS answers 429 when
// asked too often, 404 for an unknown chip or TCB).

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/endorsement/vcek/vcek_id.h"

namespace veil::endorsement::vcek {

inline constexpr std::string_view kAmdKdsUrl = "https://kdsintf.amd.com";

struct KdsOptions {
  std::string base_url{kAmdKdsUrl};                // scheme://host[:port], no trailing path
  std::chrono::milliseconds timeout{10'000};       // per request, connecting included
  std::optional<std::filesystem::path> ca_file{};  // PEM CAs instead of the system store
};

// The certificate KDS serves for `id`, as DER (KDS answers DER; PEM is accepted and converted).
// kUnavailable naming the URL for transport failures and non-200 answers; kMalformed when the
// body is no certificate.
Result<Bytes> FetchVcek(const KdsOptions& options, const VcekId& id);

}  // namespace veil::endorsement::vcek
