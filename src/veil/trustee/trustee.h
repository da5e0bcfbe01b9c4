#pragma once
// A running veil-trustee: data directory and keys, its store, KBS protocol and admin API,
// health, metrics and JWKS endpoints, served over HTTP(S). Stop() or destruction shuts it down.

#include <memory>
#include <optional>
#include <string_view>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/trustee/config.h"

namespace veil::trustee {

class Trustee {
 public:
  // Everything that can fail at start (unreadable keys, a key-encryption key that is not the one
  // the stored secrets are sealed under, locked database, port in use) fails here, before any
  // request is served. `kek_environment` is the value of VEIL_KEK when set (key_sources.h).
  static Result<std::unique_ptr<Trustee>> Start(
      const TrusteeConfig& config, const Clock& clock,
      std::optional<std::string_view> kek_environment = std::nullopt);
  ~Trustee();
  Trustee(const Trustee&) = delete;
  Trustee& operator=(const Trustee&) = delete;

  std::uint16_t port() const;
  void Stop();

 private:
  struct Parts;
  explicit Trustee(std::unique_ptr<Parts> parts);
  std::unique_ptr<Parts> parts_;
};

}  // namespace veil::trustee
