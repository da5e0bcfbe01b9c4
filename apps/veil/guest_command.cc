#include "guest_command.h"

#include <iostream>
#include <memory>
#include <string>

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "veil/agent/attester/sample/sample_attester.h"
#include "veil/agent/attester/tpm/tpm_attester.h"
#include "veil/agent/kbs_client/kbs_client.h"
#include "veil/base/private_file.h"
#include "veil/protocol/resource_uri.h"

namespace veil::cli {
namespace {

struct GuestOptions {
  std::string url = "http://127.0.0.1:8080";
  std::string tee = "sample";
  std::string tcti;
  std::string ca_file;
  std::string token_out;
  bool json = false;
  std::string resource;  // get-resource: kbs:///repo/type/tag
  std::string out;       // get-resource: file for the secret; stdout when empty
};

Result<std::unique_ptr<agent::Attester>> OpenAttester(const GuestOptions& options) {
  if (options.tee == "sample") return agent::sample::MakeSampleAttester();
  if (options.tee != "tpm")
    return Fail(InvalidArgument("--tee: expected sample or tpm, got \"" + options.tee + "\""));
  if (options.tcti.empty())
    return Fail(InvalidArgument("--tee tpm needs --tcti (e.g. swtpm:host=127.0.0.1,port=2321)"));
  VEIL_ASSIGN_OR_RETURN(auto tpm, agent::tpm::TpmAttester::Open({.tcti = options.tcti}));
  return std::unique_ptr<agent::Attester>(std::move(tpm));
}

Result<agent::KbsClient> MakeClient(const GuestOptions& options, agent::Attester& attester,
                                    const Clock& clock) {
  agent::KbsClientOptions client{.url = options.url};
  if (!options.ca_file.empty()) client.ca_file = options.ca_file;
  client.retry.attempts = 2;  // a person is waiting: fail fast on an unreachable trustee
  return agent::KbsClient::Create(std::move(client), attester, clock);
}

void PrintAppraisal(const agent::AttestationToken& token, bool json) {
  if (json) {
    std::cout << token.claims.dump(2) << "\n";
    return;
  }
  const nlohmann::json& cpu0 = token.claims["submods"]["cpu0"];
  std::cout << "status: " << token.status << "\n"
            << "policy: " << cpu0.value("ear.appraisal-policy-id", "") << "\n"
            << "trust vector: " << cpu0.value("ear.trustworthiness-vector", nlohmann::json()).dump()
            << "\n";
  for (const std::string& reason : token.denial_reasons)
    std::cout << "  denied: " << reason << "\n";
}

// The KBS client logs its progress; stdout carries the appraisal or the secret alone.
void LogToStderr() {
  static const bool routed = [] {
    spdlog::set_default_logger(spdlog::stderr_logger_mt("veil-guest"));
    return true;
  }();
  (void)routed;
}

int Exit(const Error& error) {
  std::cerr << "veil guest: " << error.ToString() << "\n";
  return error.code == ErrorCode::kPolicyDenied || error.code == ErrorCode::kNotFound ? 1 : 2;
}

// Attests and prints the appraisal; 0 when the trustee affirms (or warns about) this TEE.
int Attest(const GuestOptions& options) {
  LogToStderr();
  const SystemClock clock;
  auto attester = OpenAttester(options);
  if (!attester) return Exit(attester.error());
  auto client = MakeClient(options, **attester, clock);
  if (!client) return Exit(client.error());
  auto token = client->Attest();
  if (!token) return Exit(token.error());
  PrintAppraisal(*token, options.json);
  if (!options.token_out.empty()) {
    if (auto written = WriteNewFile(options.token_out, AsBytes(token->jwt), 0600); !written)
      return Exit(written.error());
  }
  return agent::RequireTrustworthy(*token) ? 0 : 1;
}

int GetResource(const GuestOptions& options) {
  LogToStderr();
  const SystemClock clock;
  auto path = protocol::ParseResourceUri(options.resource);
  if (!path) return Exit(path.error());
  auto attester = OpenAttester(options);
  if (!attester) return Exit(attester.error());
  auto client = MakeClient(options, **attester, clock);
  if (!client) return Exit(client.error());
  auto secret = client->GetResource(*path);
  if (!secret) return Exit(secret.error());
  if (options.out.empty()) {
    std::cout.write(reinterpret_cast<const char*>(secret->span().data()),
                    static_cast<std::streamsize>(secret->size()));
    std::cout.flush();
    return 0;
  }
  if (auto written = WriteNewFile(options.out, secret->span(), 0600); !written)
    return Exit(written.error());
  std::cerr << "wrote " << secret->size() << " bytes of " << path->str() << " to " << options.out
            << " (0600)\n";
  return 0;
}

void AddCommonOptions(CLI::App* command, GuestOptions& options) {
  command->add_option("--url", options.url, "The trustee's base URL")
      ->envname("VEIL_URL")
      ->capture_default_str();
  command->add_option("--tee", options.tee, "The TEE to attest as: sample (unsigned) or tpm")
      ->capture_default_str();
  command->add_option("--tcti", options.tcti,
                      "The TPM for --tee tpm: swtpm:host=H,port=P or device:/dev/tpmrm0");
  command->add_option("--ca", options.ca_file, "PEM CA certificate of an https trustee");
}

}  // namespace

void RegisterGuestCommands(CLI::App& app, int& exit_code) {
  CLI::App* guest = app.add_subcommand(
      "guest", "Act as a guest against a live trustee: attest, fetch a resource (for testing)");
  guest->require_subcommand(1);
  auto options = std::make_shared<GuestOptions>();

  CLI::App* attest =
      guest->add_subcommand("attest", "Attest and print the appraisal (status, trust vector, why)");
  AddCommonOptions(attest, *options);
  attest->add_option("--token-out", options->token_out, "Also write the token to FILE (0600)");
  attest->add_flag("--json", options->json, "Print the token's claims as JSON");
  attest->footer(
      "Exit status: 0 affirmed or warning, 1 the trustee does not trust this TEE, 2 usage error "
      "or unreachable trustee or TPM.\nExample:\n  veil guest attest --url http://127.0.0.1:8080 "
      "--tee tpm --tcti swtpm:host=127.0.0.1,port=2321");
  attest->callback([options, &exit_code] { exit_code = Attest(*options); });

  CLI::App* get = guest->add_subcommand(
      "get-resource", "Attest, then fetch and decrypt a secret as the workload would");
  AddCommonOptions(get, *options);
  get->add_option("resource", options->resource, "The secret: kbs:///<repository>/<type>/<tag>")
      ->required();
  get->add_option("--out", options->out, "Write the secret to FILE (0600) instead of stdout");
  get->footer(
      "Exit status: 0 released, 1 refused by the trustee (appraisal or resource policy) or no such "
      "secret, 2 usage error or unreachable trustee or TPM.");
  get->callback([options, &exit_code] { exit_code = GetResource(*options); });
}

}  // namespace veil::cli
