#include "veil/trustee/trustee.h"

#include <spdlog/spdlog.h>

#include "veil/admin/admin_service.h"
#include "veil/admin/workload_ca_admin.h"
#include "veil/appraisal/snp/verified_chain_cache.h"
#include "veil/base/duration.h"
#include "veil/base/file.h"
#include "veil/base/log_safe.h"
#include "veil/base/rfc3339.h"
#include "veil/endorsement/intel/collateral_directory.h"
#include "veil/http/server/router.h"
#include "veil/http/server/server.h"
#include "veil/kbs/http_mapping.h"
#include "veil/kbs/policy_inputs.h"
#include "veil/kbs/rcar_service.h"
#include "veil/kbs/resource_service.h"
#include "veil/metrics/registry.h"
#include "veil/node/enrolment_service.h"
#include "veil/passport/passport_verifier.h"
#include "veil/policy/enrolment.h"
#include "veil/ratelimit/rate_limiter.h"
#include "veil/trustee/data_dir.h"
#include "veil/trustee/data_dir_lock.h"
#include "veil/trustee/key_check.h"
#include "veil/trustee/key_sources.h"
#include "veil/trustee/trustee_store.h"
#include "veil/workload_ca/workload_ca_service.h"

namespace veil::trustee {
namespace {

Result<std::vector<crypto::PublicKey>> LoadAdminKeys(const TrusteeConfig& config) {
  std::vector<crypto::PublicKey> keys;
  for (const auto& path : config.admin_public_keys) {
    VEIL_ASSIGN_OR_RETURN(Bytes pem, ReadFileBytes(path, 64u << 10));
    auto key = crypto::PublicKey::FromDerOrPem(pem);
    if (!key) return Fail(std::move(key).error().WithContext("admin key " + path.string()));
    if (key->type() != crypto::KeyType::kEd25519 && !key->IsEc(crypto::EcCurve::kP256)) {
      return Fail(InvalidArgument("admin key " + path.string() + " is " + key->Describe() +
                                  "; use Ed25519 or EC P-256"));
    }
    keys.push_back(std::move(*key));
  }
  return keys;
}

admin::AdminTokenRules AdminTokenRulesFrom(const TrusteeConfig& config) {
  if (config.admin_reusable_tokens) {
    spdlog::warn(
        "[admin] reusable_tokens = true: admin tokens without \"jti\" are accepted on every "
        "request until they expire or are older than {} s",
        config.admin_token_max_age.count());
  }
  return {.max_age = config.admin_token_max_age,
          .reusable_tokens = config.admin_reusable_tokens,
          .issuer = config.admin_issuer,
          .audience = config.admin_audience};
}

// The default policies refuse every TEE kind whose launch reference is not enrolled; an owner who
// starts a trustee learns at once what to enrol instead of from a refused guest.
Status WarnAboutMissingLaunchReferences(store::Store& store, const Clock& clock) {
  VEIL_ASSIGN_OR_RETURN(const policy::ReferenceValueSet references,
                        kbs::CurrentReferenceValues(store));
  for (const std::string& line : policy::MissingLaunchReferenceLines(references, clock.Now()))
    spdlog::warn("{}", line);
  return {};
}

// Requests are counted by route family, not raw path, so secret names never become label values.
std::string RouteFamily(const std::string& path) {
  for (const char* family :
       {"/kbs/v0/auth", "/kbs/v0/attest", "/kbs/v0/resource/", "/kbs/v0/resources",
        "/kbs/v0/resource-policy", "/kbs/v0/attestation-policy", "/kbs/v0/reference-value",
        "/kbs/v0/audit", "/veil/v0/nodes/enrol", "/veil/v0/nodes/activate", "/veil/v0/nodes",
        "/veil/v0/workload/certificate", "/veil/v0/workload/", "/healthz", "/metrics",
        "/.well-known/jwks.json"}) {
    if (path.rfind(family, 0) == 0) return family;
  }
  return "other";
}

std::string_view ServerLimitName(http::ServerLimit limit) {
  switch (limit) {
    case http::ServerLimit::kBodySize:
      return "body_size";
    case http::ServerLimit::kHeaderSize:
      return "header_size";
    case http::ServerLimit::kConnections:
      return "connections";
    case http::ServerLimit::kReadTimeout:
      return "read_timeout";
  }
  return "other";
}

// `handler` behind a per-client-address rate limit: a client over it gets 429 RateLimited with
// Retry-After, counted as veil_limit_refusals_total{limit=`limit_name`}. The check comes before
// anything the handler does (parsing, signature verification, session creation).
http::Handler RateLimited(ratelimit::RateLimiter& limiter, metrics::Registry& metrics,
                          std::string limit_name, std::string what, http::Handler handler) {
  return [&limiter, &metrics, limit_name = std::move(limit_name), what = std::move(what),
          handler = std::move(handler)](const http::Request& request) {
    const std::string client = kbs::ClientAddress(request.peer);
    const ratelimit::Decision decision = limiter.Admit(client);
    if (decision.admitted) return handler(request);
    metrics::CountLimitRefusal(metrics, limit_name);
    const ratelimit::RateLimit& limit = limiter.limit();
    spdlog::debug("{} from {} refused: over {} per second", what, LogSafe(client),
                  limit.per_second);
    http::Response response = kbs::ErrorResponse(
        {kbs::KbsErrorKind::kRateLimited,
         "expected at most " + std::to_string(static_cast<unsigned>(limit.per_second)) + " " +
             what + " per second from one address (burst " +
             std::to_string(static_cast<unsigned>(limit.burst)) + "), got more from " + client +
             "; retry after " + std::to_string(decision.retry_after.count()) + " s"});
    response.headers.Set("Retry-After", std::to_string(decision.retry_after.count()));
    return response;
  };
}

endorsement::vcek::VcekSources VcekSourcesFrom(const TrusteeConfig& config) {
  endorsement::vcek::VcekSources sources;
  if (config.vcek_store) sources.store.emplace(*config.vcek_store);
  if (!config.kds_url.empty()) {
    sources.kds =
        endorsement::vcek::KdsOptions{.base_url = config.kds_url, .timeout = config.kds_timeout};
    spdlog::info("SNP reports without a VCEK: looked up in {}, then fetched from {}",
                 config.vcek_store ? config.vcek_store->string() : "(no store)", config.kds_url);
  }
  return sources;
}

// The EAR signer; with [kbs] token_certificate_chain its tokens carry the chain as x5c.
Result<token::EarSigner> MakeTokenSigner(crypto::PrivateKey key,
                                         const std::optional<std::filesystem::path>& chain_file) {
  if (!chain_file) return token::EarSigner(std::move(key));
  VEIL_ASSIGN_OR_RETURN(const std::string pem, ReadFileText(*chain_file));
  auto chain = crypto::Certificate::ChainFromPem(pem);
  if (!chain) return Fail(InvalidArgument(chain_file->string() + ": " + chain.error().message));
  auto signer = token::EarSigner::WithCertificateChain(std::move(key), std::move(*chain));
  if (!signer) return Fail(InvalidArgument(chain_file->string() + ": " + signer.error().message));
  spdlog::info("attestation tokens carry the certificate chain {} (x5c)", chain_file->string());
  return signer;
}

// The attestation services whose tokens the resource endpoint also accepts; none when the
// configuration names none.
Result<std::unique_ptr<passport::PassportVerifier>> MakePassportVerifier(
    const TrusteeConfig& config, TimePoint now) {
  if (config.trusted_jwks.empty() && config.trusted_token_certificates.empty())
    return std::unique_ptr<passport::PassportVerifier>();
  auto verifier =
      passport::PassportVerifier::Create({.jwks = config.trusted_jwks,
                                          .certificates = config.trusted_token_certificates,
                                          .refresh_interval = config.trusted_jwks_refresh},
                                         now);
  if (!verifier)
    return Fail(std::move(verifier).error().WithContext("[trusted_attestation_services]"));
  spdlog::info(
      "also accepting attestation tokens vouched for by {} JWKS and {} certificate file(s)",
      config.trusted_jwks.size(), config.trusted_token_certificates.size());
  return verifier;
}

// The test-only SNP chain (TrusteeConfig::insecure_test_snp_ca_chain): exactly [ASK, ARK], with
// a warning that stays in the log for as long as anyone reads it.
Result<std::optional<std::vector<crypto::Certificate>>> LoadInsecureTestSnpCaChain(
    const TrusteeConfig& config) {
  if (!config.insecure_test_snp_ca_chain) return std::nullopt;
  const auto& path = *config.insecure_test_snp_ca_chain;
  VEIL_ASSIGN_OR_RETURN(Bytes pem, ReadFileBytes(path));
  VEIL_ASSIGN_OR_RETURN(auto chain, crypto::Certificate::ChainFromPem(std::string_view(
                                        reinterpret_cast<const char*>(pem.data()), pem.size())));
  if (chain.size() != 2) {
    return Fail(InvalidArgument("--insecure-test-snp-ca-chain " + path.string() +
                                ": expected 2 certificates (ASK, then ARK), got " +
                                std::to_string(chain.size())));
  }
  spdlog::warn(
      "INSECURE TEST MODE: SNP evidence is verified against the test chain in {} instead of "
      "AMD's roots; whoever holds its keys can forge SNP attestations. Never use this outside a "
      "test.",
      path.string());
  return chain;
}

// The DCAP collateral of [dcap] collateral, loaded once at start (shapes checked here; signatures
// and validity are checked at each quote's evaluation time). A changed bundle needs a restart.
Result<std::optional<endorsement::intel::Collateral>> LoadDcapCollateral(
    const TrusteeConfig& config) {
  if (!config.dcap_collateral) {
    spdlog::info("no [dcap] collateral configured: TDX and SGX evidence is refused");
    return std::nullopt;
  }
  auto collateral = endorsement::intel::LoadCollateral(*config.dcap_collateral);
  if (!collateral) return Fail(std::move(collateral).error().WithContext("[dcap] collateral"));
  spdlog::info(
      "TDX quotes are verified against the DCAP collateral in {} ({} TCB info, {} QE "
      "identities), and SGX quotes too",
      config.dcap_collateral->string(), collateral->tcb_infos.size(),
      collateral->qe_identities.size());
  return std::optional<endorsement::intel::Collateral>(*std::move(collateral));
}

// The EK trust store of [tpm] ek_trust_store, loaded once at start; none: only EKs an admin
// registered enrol.
Result<std::optional<endorsement::tpm::EkTrustStore>> LoadEkTrustStore(
    const TrusteeConfig& config) {
  if (!config.ek_trust_store) {
    spdlog::info(
        "no [tpm] ek_trust_store configured: only nodes an admin registered (veil node add) "
        "enrol");
    return std::nullopt;
  }
  auto store = endorsement::tpm::EkTrustStore::FromDirectory(*config.ek_trust_store);
  if (!store) return Fail(std::move(store).error().WithContext("[tpm] ek_trust_store"));
  spdlog::info("nodes enrol with EK certificates that chain to {} ({} roots, {} intermediates)",
               config.ek_trust_store->string(), store->roots().size(),
               store->intermediates().size());
  return std::optional<endorsement::tpm::EkTrustStore>(*std::move(store));
}

}  // namespace

struct Trustee::Parts {
  explicit Parts(const Clock& c) : clock(c) {}
  const Clock& clock;
  std::optional<DataDirLock> lock;  // held while the trustee runs
  std::unique_ptr<store::Store> store;
  std::optional<kbs::SecretSealer> sealer;
  std::optional<token::EarSigner> signer;
  std::unique_ptr<passport::PassportVerifier> passport;
  std::unique_ptr<store::SessionRecords> session_records;  // PostgreSQL only
  std::unique_ptr<kbs::SessionStore> sessions;
  metrics::Registry metrics;
  appraisal::snp::VerifiedChainCache snp_chains;
  appraisal::tpm::AttestationKeyCache tpm_aks;
  kbs::PolicyCache policies;
  std::optional<std::vector<crypto::Certificate>> insecure_test_snp_ca_chain;
  std::optional<endorsement::intel::Collateral> dcap_collateral;
  std::optional<kbs::KbsContext> context;
  std::optional<admin::AdminAuthenticator> authenticator;
  std::optional<kbs::RcarService> rcar;
  std::optional<kbs::ResourceService> resources;
  std::optional<admin::AdminService> admin;
  std::optional<workload_ca::CaKeyring> ca_keyring;
  std::optional<workload_ca::CertificateIssuer> certificate_issuer;
  std::optional<workload_ca::WorkloadCaService> workload_ca;
  std::optional<admin::WorkloadCaAdmin> workload_ca_admin;
  std::optional<endorsement::tpm::EkTrustStore> ek_trust_store;
  std::optional<node::EnrolmentTable> enrolments;
  std::optional<node::EnrolmentService> enrolment;
  std::optional<ratelimit::RateLimiter> auth_rate;
  std::optional<ratelimit::RateLimiter> admin_rate;
  std::unique_ptr<http::Server> server;
};

Trustee::Trustee(std::unique_ptr<Parts> parts) : parts_(std::move(parts)) {}
Trustee::~Trustee() { Stop(); }
std::uint16_t Trustee::port() const { return parts_->server->port(); }

void Trustee::Stop() {
  if (parts_ && parts_->server) parts_->server->Stop();
}

Result<std::unique_ptr<Trustee>> Trustee::Start(const TrusteeConfig& config, const Clock& clock,
                                                std::optional<std::string_view> kek_environment) {
  auto parts = std::make_unique<Parts>(clock);
  Parts& p = *parts;
  VEIL_TRY(EnsureDataDir(config.data_dir));
  VEIL_ASSIGN_OR_RETURN(DataDirLock lock, DataDirLock::Acquire(config.data_dir));
  p.lock.emplace(std::move(lock));
  VEIL_ASSIGN_OR_RETURN(crypto::PrivateKey signing_key, LoadSigningKey(config));
  VEIL_ASSIGN_OR_RETURN(KeyEncryptionKey kek, LoadKeyEncryptionKey(config, kek_environment));
  VEIL_ASSIGN_OR_RETURN(auto sealer, kbs::SecretSealer::Create(std::move(kek.bytes)));
  p.sealer.emplace(std::move(sealer));
  VEIL_ASSIGN_OR_RETURN(token::EarSigner signer,
                        MakeTokenSigner(std::move(signing_key), config.token_certificate_chain));
  p.signer.emplace(std::move(signer));
  VEIL_ASSIGN_OR_RETURN(p.store, OpenTrusteeStore(config, clock));
  VEIL_TRY(CheckKeyEncryptionKey(*p.store, *p.sealer, kek.origin));
  spdlog::info("secrets are sealed under the key-encryption key from the {}", kek.origin);
  VEIL_TRY(WarnAboutMissingLaunchReferences(*p.store, clock));
  VEIL_ASSIGN_OR_RETURN(p.passport, MakePassportVerifier(config, clock.Now()));
  VEIL_ASSIGN_OR_RETURN(auto admin_keys, LoadAdminKeys(config));
  if (admin_keys.empty())
    spdlog::warn("no admin key configured: the admin API refuses every request");
  VEIL_ASSIGN_OR_RETURN(p.sessions, OpenTrusteeSessions(config, clock, p.session_records));
  p.context.emplace(kbs::KbsContext{clock, *p.store, *p.sessions, *p.signer, *p.sealer, p.metrics,
                                    config.token_ttl, config.max_token_bytes,
                                    VcekSourcesFrom(config), p.passport.get(), &p.snp_chains});
  p.context->tpm_aks = &p.tpm_aks;
  p.context->policies = &p.policies;
  VEIL_ASSIGN_OR_RETURN(p.insecure_test_snp_ca_chain, LoadInsecureTestSnpCaChain(config));
  if (p.insecure_test_snp_ca_chain) {
    p.context->insecure_test_snp_ca_chain = &*p.insecure_test_snp_ca_chain;
  }
  VEIL_ASSIGN_OR_RETURN(p.dcap_collateral, LoadDcapCollateral(config));
  if (p.dcap_collateral) p.context->dcap_collateral = &*p.dcap_collateral;
  p.authenticator.emplace(std::move(admin_keys), clock, AdminTokenRulesFrom(config),
                          config.admin_max_remembered_tokens);
  p.rcar.emplace(*p.context);
  p.resources.emplace(*p.context);
  p.admin.emplace(*p.authenticator, *p.store, *p.sealer, clock);
  // [workload_ca]: the CA (created on first start, its key sealed like the secrets), the issuer,
  // the public and the admin endpoints; nothing when disabled.
  const auto start_workload_ca = [&]() -> Status {
    if (!config.workload_ca.enabled) {
      spdlog::info("[workload_ca] enabled = false: no workload certificates are issued");
      return {};
    }
    p.ca_keyring.emplace(*p.store, *p.sealer, p.clock, config.workload_ca);
    auto current = p.ca_keyring->EnsureCurrent();
    if (!current) return Fail(std::move(current).error().WithContext("[workload_ca]"));
    spdlog::info("workload CA {} (SHA-256 {}), valid until {}; certificates live {}",
                 current->certificate.Subject(), current->record.id,
                 FormatRfc3339(current->certificate.NotAfter()),
                 FormatDuration(config.workload_ca.certificate_ttl));
    p.certificate_issuer.emplace(*p.ca_keyring, *p.store, p.clock);
    p.workload_ca.emplace(*p.context, *p.ca_keyring, *p.certificate_issuer);
    p.workload_ca_admin.emplace(*p.authenticator, *p.store, *p.ca_keyring, p.clock);
    return {};
  };
  VEIL_TRY(start_workload_ca());
  VEIL_ASSIGN_OR_RETURN(p.ek_trust_store, LoadEkTrustStore(config));
  p.enrolments.emplace(clock, config.enrolment_ttl);
  p.enrolment.emplace(*p.store, p.ek_trust_store ? &*p.ek_trust_store : nullptr, *p.enrolments,
                      clock);

  p.auth_rate.emplace(
      clock, ratelimit::RateLimit{.per_second = static_cast<double>(config.auth_rate_per_second),
                                  .burst = static_cast<double>(config.auth_rate_burst)});
  p.admin_rate.emplace(
      clock, ratelimit::RateLimit{.per_second = static_cast<double>(config.admin_rate_per_second),
                                  .burst = static_cast<double>(config.admin_rate_burst)});

  http::Router router;
  router.Add("POST", "/kbs/v0/auth",
             RateLimited(*p.auth_rate, p.metrics, "auth_rate", "/auth requests",
                         [&p](const http::Request& r) { return p.rcar->Auth(r); }));
  router.Add("POST", "/kbs/v0/attest", [&p](const http::Request& r) { return p.rcar->Attest(r); });
  // Enrolment is unauthenticated (the TPM proves itself), so it shares /auth's rate limit.
  router.Add("POST", std::string(node::kEnrolPath),
             RateLimited(*p.auth_rate, p.metrics, "auth_rate", "enrolment requests",
                         [&p](const http::Request& r) { return p.enrolment->Enrol(r); }));
  router.Add("POST", std::string(node::kActivatePath),
             RateLimited(*p.auth_rate, p.metrics, "auth_rate", "enrolment requests",
                         [&p](const http::Request& r) { return p.enrolment->Activate(r); }));
  router.AddPrefix("GET", std::string(kbs::kResourcePrefix),
                   [&p](const http::Request& r) { return p.resources->Get(r); });
  p.admin->Register(router, [&p](http::Handler handler) {
    return RateLimited(*p.admin_rate, p.metrics, "admin_rate", "admin requests",
                       std::move(handler));
  });
  if (p.workload_ca) {
    // Unauthenticated, so behind /auth's per-address rate limit.
    p.workload_ca->Register(router, [&p](http::Handler handler) {
      return RateLimited(*p.auth_rate, p.metrics, "auth_rate", "workload CA requests",
                         std::move(handler));
    });
    p.workload_ca_admin->Register(router, [&p](http::Handler handler) {
      return RateLimited(*p.admin_rate, p.metrics, "admin_rate", "admin requests",
                         std::move(handler));
    });
  }
  router.Add("GET", "/healthz", [](const http::Request&) {
    return http::Response::Json(200, {{"status", "ok"}});
  });
  router.Add("GET", "/metrics", [&p](const http::Request&) {
    http::Response response = http::Response::Text(200, p.metrics.Render());
    response.headers.Set("Content-Type", "text/plain; version=0.0.4");
    return response;
  });
  router.Add("GET", "/.well-known/jwks.json",
             [&p](const http::Request&) { return http::Response::Json(200, p.signer->Jwks()); });
  // Unknown paths and methods answer in the KBS error vocabulary, as every other refusal does.
  router.SetUnrouted([](const http::Router::Unrouted& unrouted) {
    http::Response response =
        kbs::ErrorResponse({kbs::KbsErrorKind::kInvalidRequestPath, unrouted.detail});
    response.status = unrouted.status;
    return response;
  });

  http::ServerOptions options;
  options.host = config.listen.host;
  options.port = config.listen.port;
  options.max_body_bytes = config.max_body_bytes;
  options.max_header_bytes = config.max_header_bytes;
  options.read_timeout = config.read_timeout;
  options.idle_timeout = config.idle_timeout;
  options.max_connections = config.max_connections;
  options.limit_reached = [&p](http::ServerLimit limit) {
    metrics::CountLimitRefusal(p.metrics, ServerLimitName(limit));
    if (limit != http::ServerLimit::kConnections) return;
    p.metrics.Increment("veil_http_connections_refused_total",
                        "Connections closed at once because max_connections were open", {});
  };
  options.threads = config.threads;
  if (config.tls)
    options.tls = http::TlsFiles{config.tls->certificate_chain, config.tls->private_key,
                                 config.tls->min_version};
  options.access_log = [&p](const http::AccessLogEntry& entry) {
    const std::string family = RouteFamily(entry.path);
    p.metrics.Increment("veil_http_requests_total", "HTTP requests by route and status",
                        {{"route", family}, {"status", std::to_string(entry.status)}});
    p.metrics.Observe("veil_http_request_seconds", "HTTP request latency", entry.duration,
                      {{"route", family}});
    spdlog::debug("{} {} {} -> {} ({} bytes, {} us){}", entry.peer, LogSafe(entry.method),
                  LogSafe(entry.path), entry.status, entry.response_bytes, entry.duration.count(),
                  entry.error.empty() ? "" : " " + LogSafe(entry.error, 2048));
  };
  VEIL_ASSIGN_OR_RETURN(p.server, http::Server::Start(options, std::move(router).IntoHandler()));
  return std::unique_ptr<Trustee>(new Trustee(std::move(parts)));
}

}  // namespace veil::trustee
