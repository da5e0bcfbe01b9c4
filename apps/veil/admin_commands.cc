#include "admin_commands.h"

#include <unistd.h>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <memory>

#include "admin_connection.h"
#include "veil/admin_client/admin_client.h"
#include "veil/audit/verify_chain.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/base/private_file.h"
#include "veil/base/rfc3339.h"
#include "veil/crypto/private_key.h"
#include "veil/protocol/admin_identity.h"
#include "veil/protocol/policy_kind.h"
#include "veil/protocol/resource_uri.h"
#include "veil/store/sqlite/sqlite_store.h"

namespace veil::cli {
namespace {

// How a command prints the trustee's answer: for a person (`human`), or as JSON with --json.
using HumanPrinter = std::function<void(const nlohmann::json&)>;

// Runs `call` against the trustee and prints its answer.
template <class Call>
int RunRemote(const Connection& connection, bool json, Call call, const HumanPrinter& human) {
  const SystemClock clock;
  auto client = Connect(connection, clock);
  if (!client) return Report(client.error(), &connection);
  Result<nlohmann::json> answer = call(*client);
  if (!answer) return Report(answer.error(), &connection);
  if (json) {
    std::cout << answer->dump(2) << "\n";
  } else {
    human(*answer);
  }
  return 0;
}

void PrintStoredSecret(const nlohmann::json& answer) {
  std::cout << "stored the secret " << answer.value("resource", "") << " ("
            << answer.value("bytes", 0) << " bytes)\n";
}

void PrintDeletedSecret(const nlohmann::json& answer) {
  std::cout << "deleted the secret " << answer.value("deleted", "") << "\n";
}

// One line per secret: its path and when it was last set (never its value).
void PrintSecretList(const nlohmann::json& answer) {
  const nlohmann::json list = answer.value("resources", nlohmann::json::array());
  if (list.empty()) std::cout << "(no secrets)\n";
  for (const auto& item : list) {
    std::cout << item.value("resource", "") << "  updated " << item.value("updated", "") << "\n";
  }
}

void PrintStoredPolicy(const nlohmann::json& answer) {
  std::cout << "stored the " << answer.value("kind", "") << " policy \"" << answer.value("id", "")
            << "\"\n";
}

ByteSpan AsBytes(std::string_view text) {
  return {reinterpret_cast<const std::uint8_t*>(text.data()), text.size()};
}

// DIR is created 0700 (an existing one must be the user's and writable by nobody else); each key
// file is created with its final mode in the open call and never replaces anything, so an
// existing key is refused without being touched and the private key is never readable by others.
Status WriteKeyPair(const std::filesystem::path& dir, const crypto::PrivateKey& key) {
  VEIL_TRY(EnsurePrivateDirectory(dir));
  const std::filesystem::path private_path = dir / "admin.key";
  const std::filesystem::path public_path = dir / "admin.pub";
  const crypto::SecretBytes pem = key.ToPem();
  VEIL_TRY(WriteNewFile(private_path, pem.span(), 0600));
  if (auto written = WriteNewFile(public_path, AsBytes(key.GetPublicKey().ToPem()), 0644);
      !written) {
    ::unlink(private_path.c_str());  // ours: a key pair is written whole or not at all
    return Fail(std::move(written).error());
  }
  return {};
}

int Keygen(const std::string& dir) {
  auto key = crypto::PrivateKey::Generate(crypto::KeyAlgorithm::kEd25519);
  if (!key) return Report(key.error());
  if (auto written = WriteKeyPair(dir, *key); !written) return Report(written.error());
  const std::string public_path = (std::filesystem::path(dir) / "admin.pub").string();
  auto actor = protocol::AdminActor(key->GetPublicKey());
  std::cout << "wrote " << (std::filesystem::path(dir) / "admin.key").string()
            << " (private, 0600) and " << public_path << "\n"
            << "start the trustee with --admin-key " << public_path
            << "; audit entries will name you " << (actor ? *actor : "admin") << "\n";
  return 0;
}

Result<std::vector<audit::AuditEntry>> FetchAudit(const admin_client::AdminClient& client) {
  constexpr std::size_t kPageSize = 1000;
  std::vector<audit::AuditEntry> all;
  for (std::uint64_t from = 1;;) {
    VEIL_ASSIGN_OR_RETURN(auto entries, client.ListAuditEntries(from, kPageSize));
    if (entries.empty()) return all;
    from = entries.back().sequence + 1;
    for (auto& entry : entries) all.push_back(std::move(entry));
  }
}

constexpr std::size_t kMaxSecretSize = 1u << 20;

// REPO/TYPE/TAG, or the kbs:///REPO/TYPE/TAG form agent configurations and workloads use.
Result<protocol::ResourcePath> ParseResourceArgument(const std::string& argument) {
  if (argument.starts_with("kbs:")) return protocol::ParseResourceUri(argument);
  return protocol::ResourcePath::Parse(argument);
}

// The secret's bytes from FILE, or from stdin for "-" (at most 1 MiB either way).
Result<std::string> ReadSecretArgument(const std::string& argument) {
  if (argument != "-") return ReadFileText(argument, kMaxSecretSize);
  std::string secret;
  char buffer[4096];
  while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
    secret.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
    if (secret.size() > kMaxSecretSize)
      return Fail(InvalidArgument("the secret on stdin is larger than 1 MiB"));
  }
  if (secret.empty()) return Fail(InvalidArgument("the secret on stdin is empty"));
  return secret;
}

void AddJsonFlag(CLI::App* command, bool& json) {
  command->add_flag("--json", json, "Print the trustee's answer as JSON");
}

// `kind` is what CLI::IsMember(kPolicyKindNames) let through.
admin_client::PolicyKind PolicyKindOf(const std::string& kind) {
  const auto parsed = protocol::ParsePolicyKind(kind);
  VEIL_CHECK(parsed.has_value());
  return *parsed;
}

const std::vector<std::string> kPolicyKindNames = {"attestation", "resource", "identity"};

struct AuditPage {
  std::uint64_t from = 1;
  std::size_t limit = 100;
  bool json = false;
};

// One line per entry ("#3  2026-12-05T01:02:03Z  admin:ed25519:ab12…  resource.put  prod/key/db"),
// or JSON with every field and the hashes.
void PrintAuditEntries(const std::vector<audit::AuditEntry>& entries, bool json) {
  if (json) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& entry : entries) {
      list.push_back({{"sequence", entry.sequence},
                      {"time", FormatRfc3339(entry.time)},
                      {"actor", entry.actor},
                      {"action", entry.action},
                      {"subject", entry.subject},
                      {"details", nlohmann::json::parse(entry.details, nullptr, false)},
                      {"previous_hash", HexEncode(entry.previous_hash)},
                      {"hash", HexEncode(entry.hash)}});
    }
    std::cout << list.dump(2) << "\n";
    return;
  }
  if (entries.empty()) std::cout << "(no entries)\n";
  for (const auto& entry : entries) {
    std::cout << "#" << entry.sequence << "  " << FormatRfc3339(entry.time) << "  " << entry.actor
              << "  " << entry.action << "  " << entry.subject << "\n";
  }
}

int PrintVerdict(const std::vector<audit::AuditEntry>& entries, bool json) {
  const audit::ChainVerdict verdict = audit::VerifyAuditChain(entries);
  if (json) {
    nlohmann::json out = {
        {"intact", verdict.intact},
        {"entries", verdict.entries},
        {"head", {{"sequence", verdict.head.sequence}, {"hash", HexEncode(verdict.head.hash)}}}};
    if (!verdict.intact) {
      out["first_broken"] = verdict.first_broken.value_or(0);
      out["reason"] = verdict.reason;
    }
    std::cout << out.dump(2) << "\n";
    return verdict.intact ? 0 : 1;
  }
  if (verdict.intact) {
    // The head is what an owner writes down: a later verify that reaches the same sequence with
    // another hash proves the log was rewritten.
    std::cout << "audit log intact: " << verdict.entries << " entries, head "
              << (entries.empty() ? "(empty)"
                                  : "#" + std::to_string(verdict.head.sequence) + " " +
                                        HexEncode(verdict.head.hash))
              << "\n";
    for (const auto& entry : entries) {
      std::cout << "  #" << entry.sequence << " " << entry.actor << " " << entry.action << " "
                << entry.subject << " " << entry.details << "\n";
    }
    return 0;
  }
  std::cout << "audit log BROKEN at entry " << verdict.first_broken.value_or(0) << ": "
            << verdict.reason << "\n";
  return 1;
}

}  // namespace

void RegisterAdminCommands(CLI::App& app, CLI::App& policy_command, int& exit_code) {
  // veil admin keygen
  CLI::App* admin = app.add_subcommand("admin", "Administrator keys");
  admin->require_subcommand(1);
  auto keygen_dir = std::make_shared<std::string>();
  CLI::App* keygen = admin->add_subcommand(
      "keygen", "Create an Ed25519 admin key pair: DIR/admin.key (0600) and DIR/admin.pub");
  keygen->add_option("--out", *keygen_dir, "Directory for the key files")->required();
  keygen->callback([keygen_dir, &exit_code] { exit_code = Keygen(*keygen_dir); });

  // veil secret put|rm|ls
  CLI::App* secret =
      app.add_subcommand("secret", "Secrets held by the trustee (released only to attested TEEs)");
  secret->require_subcommand(1);
  auto connection = std::make_shared<Connection>();
  auto json = std::make_shared<bool>(false);
  auto path = std::make_shared<std::string>();
  auto file = std::make_shared<std::string>();
  CLI::App* put = secret->add_subcommand("put", "Store FILE's bytes as the secret REPO/TYPE/TAG");
  put->add_option("resource", *path, "REPO/TYPE/TAG, or kbs:///REPO/TYPE/TAG as agents name it")
      ->required();
  put->add_option("file", *file, "File holding the secret, or - to read it from stdin")->required();
  AddConnectionOptions(put, *connection);
  AddJsonFlag(put, *json);
  put->footer(
      "Examples:\n  veil secret put prod/key/db db-password.txt\n"
      "  printf %s \"$PASSWORD\" | veil secret put kbs:///prod/key/db -");
  put->callback([=, &exit_code] {
    auto resource = ParseResourceArgument(*path);
    if (!resource) {
      exit_code = Report(resource.error());
      return;
    }
    auto bytes = ReadSecretArgument(*file);
    if (!bytes) {
      exit_code = Report(bytes.error());
      return;
    }
    exit_code = RunRemote(
        *connection, *json,
        [&](const auto& client) { return client.PutSecret(*resource, AsBytes(*bytes)); },
        PrintStoredSecret);
  });
  CLI::App* rm = secret->add_subcommand("rm", "Delete the secret REPO/TYPE/TAG");
  rm->add_option("resource", *path, "REPO/TYPE/TAG, or kbs:///REPO/TYPE/TAG")->required();
  AddConnectionOptions(rm, *connection);
  AddJsonFlag(rm, *json);
  rm->callback([=, &exit_code] {
    exit_code = RunRemote(
        *connection, *json,
        [&](const auto& client) -> Result<nlohmann::json> {
          VEIL_ASSIGN_OR_RETURN(auto resource, ParseResourceArgument(*path));
          return client.DeleteSecret(resource);
        },
        PrintDeletedSecret);
  });
  CLI::App* ls = secret->add_subcommand("ls", "List secret paths (never values)");
  AddConnectionOptions(ls, *connection);
  AddJsonFlag(ls, *json);
  ls->callback([=, &exit_code] {
    exit_code = RunRemote(
        *connection, *json, [&](const auto& client) { return client.ListSecrets(); },
        PrintSecretList);
  });

  // veil policy set|get (veil policy eval is registered by policy_eval.cc)
  auto kind = std::make_shared<std::string>();
  CLI::App* set = policy_command.add_subcommand(
      "set", "Upload an attestation, resource or identity policy (validated before it is stored)");
  set->add_option("kind", *kind, "attestation, resource or identity")
      ->required()
      ->check(CLI::IsMember(kPolicyKindNames));
  set->add_option("file", *file, "Policy document (Veil's YAML or JSON, or Rego)")
      ->required()
      ->check(CLI::ExistingFile);
  AddConnectionOptions(set, *connection);
  AddJsonFlag(set, *json);
  set->callback([=, &exit_code] {
    auto text = ReadFileBytes(*file, 1u << 20);
    if (!text) {
      exit_code = Report(text.error());
      return;
    }
    exit_code = RunRemote(
        *connection, *json,
        [&](const auto& client) { return client.SetPolicy(PolicyKindOf(*kind), *text); },
        PrintStoredPolicy);
  });
  CLI::App* get = policy_command.add_subcommand(
      "get", "Show the current attestation, resource or identity policy");
  get->add_option("kind", *kind, "attestation, resource or identity")
      ->required()
      ->check(CLI::IsMember(kPolicyKindNames));
  AddConnectionOptions(get, *connection);
  AddJsonFlag(get, *json);
  get->callback([=, &exit_code] {
    const SystemClock clock;
    auto client = Connect(*connection, clock);
    if (!client) {
      exit_code = Report(client.error(), connection.get());
      return;
    }
    auto answer = client->GetPolicy(PolicyKindOf(*kind));
    if (!answer) {
      exit_code = Report(answer.error(), connection.get());
      return;
    }
    if (*json) {
      std::cout << answer->dump(2) << "\n";
      exit_code = 0;
      return;
    }
    std::cout << "# " << *kind << " policy \"" << answer->value("id", "") << "\""
              << (answer->value("default", false) ? " (built-in default)" : "") << "\n"
              << answer->value("policy", "") << "\n";
    exit_code = 0;
  });

  // veil audit verify|ls
  CLI::App* audit = app.add_subcommand("audit", "The trustee's hash-chained audit log");
  audit->require_subcommand(1);
  auto page = std::make_shared<AuditPage>();
  CLI::App* list = audit->add_subcommand("ls", "List audit entries: who did what, when");
  list->add_option("--from", page->from, "First sequence number to show")->capture_default_str();
  list->add_option("--limit", page->limit, "Entries to show at most (1..10000)")
      ->check(CLI::Range(1, 10000))
      ->capture_default_str();
  list->add_flag("--json", page->json, "Print the entries, with their hashes, as JSON");
  AddConnectionOptions(list, *connection);
  list->callback([=, &exit_code] {
    const SystemClock clock;
    auto client = Connect(*connection, clock);
    if (!client) {
      exit_code = Report(client.error(), connection.get());
      return;
    }
    auto entries = client->ListAuditEntries(page->from, page->limit);
    if (!entries) {
      exit_code = Report(entries.error(), connection.get());
      return;
    }
    PrintAuditEntries(*entries, page->json);
    exit_code = 0;
  });
  auto data_dir = std::make_shared<std::string>();
  CLI::App* verify =
      audit->add_subcommand("verify", "Recompute the audit chain and report the first broken link");
  verify->add_option("--data-dir", *data_dir,
                     "Verify offline from a trustee data directory instead of --url");
  AddConnectionOptions(verify, *connection);
  verify->add_flag("--json", *json, "Print {intact, entries, head: {sequence, hash}} as JSON");
  verify->callback([=, &exit_code] {
    if (!data_dir->empty()) {
      auto entries = store::sqlite::ReadSqliteAuditLog(store::sqlite::SqliteStoreFile(*data_dir));
      exit_code = entries ? PrintVerdict(*entries, *json) : Report(entries.error());
      return;
    }
    const SystemClock clock;
    auto client = Connect(*connection, clock);
    if (!client) {
      exit_code = Report(client.error(), connection.get());
      return;
    }
    auto entries = FetchAudit(*client);
    exit_code = entries ? PrintVerdict(*entries, *json) : Report(entries.error(), connection.get());
  });
}

}  // namespace veil::cli
