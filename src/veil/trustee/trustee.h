#pragma once
// A running veil-trustee: data directory and keys, SQLite store, KBS protocol and admin API,
// health, metrics and JWKS endpoints, served over HTTP(S). Stop() or destruction shuts it down.

#include <memory>

#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/trustee/config.h"

namespace veil::trustee {

class Trustee {
 public:
  // Everything that can fail at start (unreadable keys, locked database, port in use) fails here,
  // before any request is served.
  static Result<std::unique_ptr<Trustee>> Start(const TrusteeConfig& config, const Clock& clock);
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
