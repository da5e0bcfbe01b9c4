#include "token_command.h"

#include <iostream>
#include <iterator>
#include <memory>

#include "veil/base/file.h"
#include "veil/base/rfc3339.h"
#include "veil/passport/passport_verifier.h"
#include "veil/token/ear_token.h"

namespace veil::cli {
namespace {

struct TokenVerifyOptions {
  std::string token;
  std::string jwks;
  std::string certificates;
  std::string at;
  bool json = false;
};

std::string Trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == '\r' || text.back() == ' '))
    text.pop_back();
  return text;
}

Result<std::string> ReadToken(const std::string& argument) {
  if (argument == "-") {
    return Trimmed(std::string(std::istreambuf_iterator<char>(std::cin), {}));
  }
  if (argument.starts_with('@')) {
    VEIL_ASSIGN_OR_RETURN(std::string text, ReadFileText(argument.substr(1), 1u << 20));
    return Trimmed(std::move(text));
  }
  return argument;
}

void PrintAppraisal(const passport::PassportToken& token) {
  std::cout << "valid: signed by a key " << token.trusted_by << " vouches for\n";
  auto view = token::ReadEarView(token.claims);
  if (!view) {
    std::cout << "not an EAR appraisal: " << view.error().message << "\n";
    return;
  }
  std::cout << "status: " << view->status << "\n"
            << "tee: " << view->tee << "\n"
            << "policy: " << view->policy_id << "\n"
            << "trust vector: " << view->trust_vector.dump() << "\n";
  const auto& reasons =
      token.claims["submods"]["cpu0"].value("veil.denial-reasons", nlohmann::json::array());
  for (const auto& reason : reasons) std::cout << "  denied: " << reason.get<std::string>() << "\n";
}

int Verify(const TokenVerifyOptions& options) {
  auto fail = [](const Error& error, int code) {
    std::cerr << "veil token verify: " << error.ToString() << "\n";
    return code;
  };
  if (options.jwks.empty() && options.certificates.empty())
    return fail(InvalidArgument("give --jwks URL|FILE or --certificates PEM"), 2);
  auto token = ReadToken(options.token);
  if (!token) return fail(token.error(), 2);
  TimePoint at = SystemClock().Now();
  if (!options.at.empty()) {
    auto parsed = ParseRfc3339(options.at);
    if (!parsed) return fail(parsed.error(), 2);
    at = *parsed;
  }
  passport::PassportOptions trust;
  if (!options.jwks.empty()) trust.jwks.push_back(options.jwks);
  if (!options.certificates.empty()) trust.certificates.emplace_back(options.certificates);
  auto verifier = passport::PassportVerifier::Create(std::move(trust), at);
  if (!verifier) return fail(verifier.error(), 2);
  auto verified = (*verifier)->Verify(*token, at);
  if (!verified) return fail(verified.error(), 1);
  if (options.json) {
    std::cout << nlohmann::json{{"trusted_by", verified->trusted_by}, {"claims", verified->claims}}
                     .dump(2)
              << "\n";
  } else {
    PrintAppraisal(*verified);
  }
  return 0;
}

}  // namespace

void RegisterTokenCommands(CLI::App& app, int& exit_code) {
  CLI::App* token = app.add_subcommand("token", "Attestation tokens (EAR): verify");
  token->require_subcommand(1);
  auto options = std::make_shared<TokenVerifyOptions>();
  CLI::App* verify = token->add_subcommand(
      "verify", "Verify an EAR token's signature and expiry and print its appraisal");
  verify->add_option("token", options->token, "The JWT, @FILE, or - for stdin")->required();
  verify->add_option("--jwks", options->jwks,
                     "The issuer's JWKS: a file, an https:// URL, or http:// on loopback (e.g. "
                     "http://127.0.0.1:8080/.well-known/jwks.json)");
  verify->add_option("--certificates", options->certificates,
                     "PEM trust anchors for a token that carries an x5c chain");
  verify->add_option("--at", options->at, "Check validity at this RFC 3339 time (default: now)");
  verify->add_flag("--json", options->json, "Print {trusted_by, claims} as JSON");
  verify->footer(
      "Exit status: 0 valid, 1 invalid (signature, key, chain, expiry), 2 usage error "
      "or a JWKS that cannot be read.");
  verify->callback([options, &exit_code] { exit_code = Verify(*options); });
}

}  // namespace veil::cli
