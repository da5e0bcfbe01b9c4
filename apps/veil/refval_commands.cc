#include "refval_commands.h"

#include <iostream>
#include <memory>

#include "admin_connection.h"
#include "veil/base/file.h"
#include "veil/base/rfc3339.h"
#include "veil/policy/reference_value_catalogue.h"
#include "veil/policy/reference_values.h"
#include "veil/store/reference_value.h"

namespace veil::cli {
namespace {

constexpr std::size_t kMaxImportFileSize = 1u << 20;

struct AddOptions {
  std::string name;
  std::vector<std::string> values;
  std::string expires;
  std::string provenance;
  bool force = false;
  bool replace = false;
};

// What the trustee would refuse, refused here first with the same words: the store's rules and
// the catalogue's, at this machine's time.
Status CheckLocally(std::span<const ReferenceValue> entries, bool force) {
  VEIL_TRY(store::ValidateReferenceValueEntries(entries));
  const SystemClock clock;
  for (const ReferenceValue& entry : entries)
    VEIL_TRY(policy::CheckReferenceValue(entry, {clock.Now(), force}));
  return {};
}

Result<admin_client::ReferenceValueUpdate> CheckedUpdate(const AddOptions& options) {
  ReferenceValue reference{options.name, options.values, std::nullopt, options.provenance};
  if (!options.expires.empty()) {
    auto expires = ParseRfc3339(options.expires);
    if (!expires) return Fail(InvalidArgument("--expires: " + expires.error().message));
    reference.expires_at = *expires;
  }
  VEIL_TRY(CheckLocally(std::span(&reference, 1), options.force));
  admin_client::ReferenceValueUpdate update{options.name, options.values, options.provenance,
                                            std::nullopt};
  if (!options.expires.empty()) update.expires = options.expires;
  update.mode = options.replace ? admin_client::ReferenceValueMode::kReplace
                                : admin_client::ReferenceValueMode::kAppend;
  update.force = options.force;
  return update;
}

// "<value>  expires <time|never>  provenance <"text"|none>", one line per value of `name`.
Status PrintValuesOf(const std::vector<ReferenceValue>& entries, const std::string& name) {
  bool found = false;
  for (const ReferenceValue& entry : entries) {
    if (entry.name != name) continue;
    found = true;
    const std::string expires = entry.expires_at ? FormatRfc3339(*entry.expires_at) : "never";
    const std::string provenance =
        entry.provenance.empty()
            ? "none"
            : nlohmann::json(entry.provenance)
                  .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    for (const std::string& value : entry.values)
      std::cout << value << "  expires " << expires << "  provenance " << provenance << "\n";
  }
  if (!found) return Fail(NotFound("reference value " + name + " has no values"));
  return {};
}

Result<std::vector<ReferenceValue>> ReadImportFile(const std::string& file, bool force) {
  VEIL_ASSIGN_OR_RETURN(std::string text, ReadFileText(file, kMaxImportFileSize));
  auto entries = policy::ParseReferenceValueEntries(text);
  if (!entries) return Fail(InvalidArgument(file + ": " + entries.error().ToString()));
  if (auto checked = CheckLocally(*entries, force); !checked)
    return Fail(InvalidArgument(file + ": " + checked.error().ToString()));
  return entries;
}

void RegisterAdd(CLI::App& refval, int& exit_code) {
  auto options = std::make_shared<AddOptions>();
  auto connection = std::make_shared<Connection>();
  CLI::App* add = refval.add_subcommand(
      "add", "Accept VALUE(s) for NAME beside its earlier values (--replace: instead of them)");
  add->footer(
      "Each value keeps its own --expires and --provenance, so a key or an image rotates without "
      "a window: add the new value, move the workloads, then `veil refval rm NAME OLD`. A value "
      "NAME already has takes the new expiry and provenance.\n"
      "Every value must have the form of NAME's claim, given whole (never shortened with …): "
      "snp.measurement 96 hex digits, snp.host_data 64, tpm.ak 64 (SHA-256 of the AK's "
      "SubjectPublicKeyInfo), tpm.pcrs.<bank>.<n> the bank's digest size, snp.guest_svn a "
      "decimal integer, snp.policy.debug true or false (docs/trustee.md lists them all). NAME "
      "under snp., tpm., sample. or tdx. must be a claim Veil knows; --force stores another. A "
      "NAME without such a prefix is a free set name for `in_reference`, not checked.\n"
      "Exit status: 0 stored, 1 refused by the trustee, 2 refused here (with the reason) or "
      "the trustee unreachable.\n\n"
      "Examples:\n"
      "  veil refval add tpm.ak \"$AK_DIGEST\" --provenance \"node-17, enrolled 2026-11-23\"\n"
      "  veil refval add snp.measurement \"$NEW\" --provenance \"release 42\"\n"
      "  veil refval add snp.measurement \"$OLD\" --expires 2027-01-01T00:00:00Z");
  add->add_option("name", options->name,
                  "Reference value name: <tee>.<claim path> as `veil evidence verify --json` "
                  "prints it (snp.measurement, tpm.ak, tpm.pcrs.sha256.23) or a free set name")
      ->required();
  add->add_option("values", options->values, "Accepted values, whole (never shortened with …)")
      ->required();
  add->add_option("--expires", options->expires,
                  "RFC 3339 time, in the future, from which these values are no longer accepted "
                  "(default: never)");
  add->add_option("--provenance", options->provenance,
                  "Where these values come from (free text, stored and audited)");
  add->add_flag("--force", options->force,
                "Store a NAME under a TEE prefix that no appraisal emits (values unchecked)");
  add->add_flag("--replace", options->replace,
                "Drop NAME's earlier values: these become its only ones");
  AddConnectionOptions(add, *connection);
  add->callback([options, connection, &exit_code] {
    auto update = CheckedUpdate(*options);
    if (!update) {
      exit_code = Report(update.error());
      return;
    }
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(nlohmann::json answer, client.AddReferenceValue(*update));
      std::cout << answer.dump(2) << "\n";
      return {};
    });
  });
}

void RegisterRm(CLI::App& refval, int& exit_code) {
  auto name = std::make_shared<std::string>();
  auto values = std::make_shared<std::vector<std::string>>();
  auto connection = std::make_shared<Connection>();
  CLI::App* rm = refval.add_subcommand(
      "rm", "Remove VALUE(s) from NAME, or without VALUE, NAME with all its values");
  rm->footer(
      "With VALUEs, only those go; NAME's other values stay. Refused, removing nothing, when "
      "NAME lacks one of them. Without VALUE, NAME goes with every value it has (what `rm NAME` "
      "always did).\n"
      "Exit status: 0 removed, 1 refused by the trustee (e.g. no such value), 2 the trustee "
      "unreachable.");
  rm->add_option("name", *name, "Reference value name")->required();
  rm->add_option("values", *values, "Values to remove (default: all of NAME's)");
  AddConnectionOptions(rm, *connection);
  rm->callback([name, values, connection, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(nlohmann::json answer,
                            values->empty() ? client.DeleteReferenceValue(*name)
                                            : client.RemoveReferenceValues(*name, *values));
      std::cout << answer.dump(2) << "\n";
      return {};
    });
  });
}

void RegisterGet(CLI::App& refval, int& exit_code) {
  auto name = std::make_shared<std::string>();
  auto connection = std::make_shared<Connection>();
  CLI::App* get = refval.add_subcommand("get", "Print NAME's values with expiry and provenance");
  get->footer(
      "One line per value, in order of addition: VALUE  expires <RFC 3339 time|never>  "
      "provenance <\"text\"|none>.\n"
      "Exit status: 0 printed, 1 NAME has no values, 2 the trustee unreachable.");
  get->add_option("name", *name, "Reference value name")->required();
  AddConnectionOptions(get, *connection);
  get->callback([name, connection, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(auto entries, client.ListReferenceValueEntries());
      return PrintValuesOf(entries, *name);
    });
  });
}

void RegisterListings(CLI::App& refval, int& exit_code) {
  auto connection = std::make_shared<Connection>();
  CLI::App* ls =
      refval.add_subcommand("ls", "Print every reference value as a JSON reference-value document");
  ls->footer(
      "A JSON list of {name, values, expires?, provenance?}, one object per entry (values added "
      "together), by name, then in order of addition: the document `veil policy eval --refvals` "
      "and `veil refval import` read (docs/policy.md, \"Reference values\").\n\n"
      "Example:\n"
      "  veil refval ls > refvals.json\n"
      "  veil policy eval --claims claims.json --refvals refvals.json");
  AddConnectionOptions(ls, *connection);
  ls->callback([connection, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(auto entries, client.ListReferenceValueEntries());
      std::cout << policy::ReferenceValuesDocument(entries).dump(
                       2, ' ', false, nlohmann::json::error_handler_t::replace)
                << "\n";
      return {};
    });
  });
  CLI::App* exported =
      refval.add_subcommand("export", "Print every reference value as a YAML document for import");
  exported->footer(
      "The document `veil refval ls` prints, in YAML, every scalar quoted so that it reads back "
      "as the same text.\n\n"
      "Example:\n"
      "  veil refval export > set.yaml      # edit, review, keep in version control\n"
      "  veil refval import set.yaml --url https://other-trustee:8080");
  AddConnectionOptions(exported, *connection);
  exported->callback([connection, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(auto entries, client.ListReferenceValueEntries());
      std::cout << policy::ReferenceValuesYaml(entries);
      return {};
    });
  });
}

void RegisterImport(CLI::App& refval, int& exit_code) {
  auto file = std::make_shared<std::string>();
  auto force = std::make_shared<bool>(false);
  auto connection = std::make_shared<Connection>();
  CLI::App* import = refval.add_subcommand(
      "import", "Store the reference values of FILE, all or nothing (as ls/export print them)");
  import->footer(
      "FILE is JSON or YAML, a list of {name, values, expires?, provenance?}. For every name "
      "FILE lists, its values become exactly FILE's entries; names FILE does not list are left "
      "alone. Every entry is checked as `veil refval add` checks it, here and again by the "
      "trustee, before any is stored: one bad entry stores nothing. An expiry in the past is "
      "refused: drop that entry from FILE.\n"
      "Exit status: 0 stored, 1 refused by the trustee, 2 FILE unreadable or refused here, or the "
      "trustee unreachable.");
  import->add_option("file", *file, "Reference value document (JSON or YAML)")
      ->required()
      ->check(CLI::ExistingFile);
  import->add_flag("--force", *force,
                   "Store names under a TEE prefix that no appraisal emits (values unchecked)");
  AddConnectionOptions(import, *connection);
  import->callback([file, force, connection, &exit_code] {
    auto entries = ReadImportFile(*file, *force);
  if (!entries) {
    exit_code = Report(entries.error());
    return;
  }
  exit_code = WithClient(*connection, [&](const auto& client) -> Status {
    VEIL_ASSIGN_OR_RETURN(nlohmann::json answer, client.ImportReferenceValues(*entries, *force));
    std::cout << answer.dump(2) << "\n";
    return {};
  });
});
}  // namespace

}  // namespace veil::cli

void RegisterRefvalCommands(CLI::App& app, int& exit_code) {
  CLI::App* refval = app.add_subcommand(
      "refval",
      "Reference values: the claim values the trustee accepts (e.g. snp.measurement, tpm.ak)");
  refval->require_subcommand(1);
  RegisterAdd(*refval, exit_code);
  RegisterRm(*refval, exit_code);
  RegisterGet(*refval, exit_code);
  RegisterListings(*refval, exit_code);
  RegisterImport(*refval, exit_code);
}

}  // namespace veil::cli
