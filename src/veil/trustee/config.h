#pragma once
// veil-trustee configuration. Every option has a default, so no file is needed; see
// docs/trustee-config.md for the file format (TOML) and each option's meaning.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"
#include "veil/http/server/server_options.h"
#include "veil/workload_ca/options.h"

namespace veil::trustee {

struct ListenAddress {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0 picks a free port
};

struct TlsConfig {
  std::filesystem::path certificate_chain;                        // PEM
  std::filesystem::path private_key;                              // PEM
  http::TlsMinVersion min_version = http::TlsMinVersion::kTls13;  // server.tls_min_version
};

struct TrusteeConfig {
  ListenAddress listen;
  std::optional<TlsConfig> tls;
  std::size_t max_body_bytes = 1u << 20;     // larger bodies: 413
  std::size_t max_header_bytes = 16u << 10;  // larger request line + fields: 431
  std::chrono::seconds read_timeout{10};
  std::chrono::seconds idle_timeout{15};
  std::size_t max_connections = 512;  // further connections are closed at once (and counted)
  unsigned threads = 2;
  std::filesystem::path data_dir = "veil-data";
  // [store] url / --store: a PostgreSQL connection URL (ParseStoreUrl); unset: the SQLite
  // database in data_dir. The keys stay in data_dir either way.
  std::optional<std::string> store_url;
  // [keys]: keys kept outside the data directory (a Kubernetes Secret mount), so replicas share
  // them and a copy of the database alone opens no secret (trustee/key_sources.h). Unset: the
  // data directory's generated keys.
  std::optional<std::filesystem::path> key_encryption_key_file;  // 32 bytes, raw or base64
  std::optional<std::filesystem::path> token_signing_key_file;   // PEM, EC P-256
  std::chrono::seconds session_ttl{300};
  std::chrono::seconds token_ttl{300};
  std::size_t max_sessions = 10000;                     // /auth beyond it: 503
  std::size_t max_unattested_sessions_per_client = 64;  // per peer address; beyond it: 429
  std::size_t max_token_bytes = 64u << 10;              // a larger EAR token refuses /attest
  // POST /kbs/v0/auth per peer address (token bucket); beyond it: 429 + Retry-After.
  unsigned auth_rate_per_second = 20;
  unsigned auth_rate_burst = 40;
  // PEM: a certificate for the token signing key, then its issuers; tokens then carry it as x5c.
  std::optional<std::filesystem::path> token_certificate_chain;
  std::vector<std::filesystem::path>
      admin_public_keys;                          // PEM SubjectPublicKeyInfo (Ed25519 or P-256)
  std::chrono::seconds admin_token_max_age{300};  // at most 315360000 (10 years)
  // Admin tokens without "jti" are accepted, again and again (CoCo's kbs-client admin token).
  bool admin_reusable_tokens = false;
  std::optional<std::string> admin_issuer;    // when set, an admin token's "iss" must equal it
  std::optional<std::string> admin_audience;  // when set, its "aud" must be or contain it
  std::size_t admin_max_remembered_tokens = 10000;  // used jti values kept against replay
  // Admin API requests per peer address (token bucket, before authentication); beyond: 429.
  unsigned admin_rate_per_second = 10;
  unsigned admin_rate_burst = 20;
  std::string log_level = "info";  // trace, debug, info, warn, error
  // [snp]: where to find the VCEK of a report sent without one (cert_chain null).
  std::optional<std::filesystem::path> vcek_store;  // offline store (veil vcek fetch)
  std::string kds_url;                              // AMD KDS or a mirror; empty: never asked
  std::chrono::seconds kds_timeout{10};
  // [dcap]: Intel DCAP collateral (a bundle directory or one dcap-qvl JSON file, docs/formats/
  // dcap-collateral.md) TDX and SGX quotes are verified against; unset: both are refused.
  std::optional<std::filesystem::path> dcap_collateral;
  // [tpm] ek_trust_store: a directory of TPM manufacturer CA certificates (endorsement/tpm/
  // ek_trust_store.h) that vouch for the EK certificates nodes enrol with; unset: only EKs an
  // admin registered (veil node add) enrol.
  std::optional<std::filesystem::path> ek_trust_store;
  // [tpm] enrolment_ttl_seconds: how long a node has to answer its enrolment challenge.
  std::chrono::seconds enrolment_ttl{120};
  // TEST ONLY, from the command line alone (never from TOML): a PEM bundle [ASK, ARK] that SNP
  // chains end at instead of AMD's roots, for load tests with a minted VCEK chain. Anyone holding
  // that chain's keys can forge SNP evidence the trustee then believes.
  std::optional<std::filesystem::path> insecure_test_snp_ca_chain;
  // [trusted_attestation_services]: other attestation services whose tokens the resource
  // endpoint accepts (passport/). JWKS locations are paths (resolved) or URLs (as written).
  std::vector<std::string> trusted_jwks;
  std::vector<std::filesystem::path> trusted_token_certificates;  // PEM trust anchors
  std::chrono::seconds trusted_jwks_refresh{60};

  // [workload_ca]: certificates for attested workloads (workload_ca/options.h).
  workload_ca::WorkloadCaOptions workload_ca;
};

// "HOST:PORT" or "[IPv6]:PORT".
Result<ListenAddress> ParseListenAddress(std::string_view text);

// A store URL as [store] url and --store take it: "postgresql://…" or "postgres://…" (libpq's
// URI form). kInvalidArgument otherwise; the message never repeats the URL (it may hold a
// password).
Result<std::string> ParseStoreUrl(std::string_view text);

// Parses a TOML document; relative paths are resolved against `base_dir` (the config file's
// directory). Unknown sections or keys are errors, so a typo never silently falls back to a
// default.
Result<TrusteeConfig> ParseTrusteeConfig(std::string_view toml_text,
                                         const std::filesystem::path& base_dir);

Result<TrusteeConfig> LoadTrusteeConfig(const std::filesystem::path& file);

}  // namespace veil::trustee
