#include "node_commands.h"

#include <iostream>
#include <memory>

#include "admin_connection.h"
#include "veil/base/file.h"

namespace veil::cli {
namespace {

constexpr std::size_t kMaxEkFileSize = 64u << 10;

struct AddOptions {
  std::string name;
  std::string ek_certificate_file;
  std::string ek_public_file;
};

std::string TextOr(const nlohmann::json& value, std::string_view absent) {
  return value.is_string() ? value.get<std::string>() : std::string(absent);
}

void RegisterAdd(CLI::App& node, int& exit_code) {
  auto options = std::make_shared<AddOptions>();
  auto connection = std::make_shared<Connection>();
  CLI::App* add = node.add_subcommand("add", "Register node NAME by its TPM's endorsement key");
  add->footer(
      "The node can then enrol its attestation key by credential activation (veil-agent enrol) "
      "even when the trustee has no [tpm] ek_trust_store that vouches for its EK certificate. "
      "An EK certificate given here is not checked against a trust store: you vouch for it.\n"
      "Exit status: 0 registered, 1 refused by the trustee (name or EK taken, bad key), 2 an "
      "unreadable file or the trustee unreachable.\n\n"
      "Examples:\n"
      "  tpm2_nvread 0x01c00002 -o ek.der && veil node add edge-17 --ek-cert ek.der\n"
      "  tpm2_createek -c ek.ctx -G rsa -u ek.pub && veil node add edge-17 --ek-pub ek.pub");
  add->add_option("name", options->name,
                  "Node name: 1-64 letters, digits, '.', '_' or '-', starting with a letter or "
                  "digit (a host name fits)")
      ->required();
  auto* certificate = add->add_option("--ek-cert", options->ek_certificate_file,
                                      "The EK certificate (DER, as in TPM NV 0x01c00002, or PEM)");
  auto* ek_public = add->add_option(
      "--ek-pub", options->ek_public_file,
      "The EK public key: PEM or DER SubjectPublicKeyInfo, or TPM2B_PUBLIC (tpm2_createek -u)");
  certificate->excludes(ek_public);
  ek_public->excludes(certificate);
  AddConnectionOptions(add, *connection);
  add->callback([options, connection, &exit_code] {
    if (options->ek_certificate_file.empty() && options->ek_public_file.empty()) {
      exit_code =
          Report(InvalidArgument("veil node add: give the EK as --ek-cert FILE or --ek-pub FILE"));
      return;
    }
    const bool by_certificate = !options->ek_certificate_file.empty();
    const std::string& file =
        by_certificate ? options->ek_certificate_file : options->ek_public_file;
    auto bytes = ReadFileBytes(file, kMaxEkFileSize);
    if (!bytes) {  // an unreadable file is a usage error (2), whatever the reason
      exit_code = Report(InvalidArgument(bytes.error().ToString()));
      return;
    }
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(
          nlohmann::json answer,
          client.AddNode(options->name, by_certificate ? "ek_certificate" : "ek_public", *bytes));
      std::cout << answer.dump(2) << "\n";
      return {};
    });
  });
}

void RegisterLs(CLI::App& node, int& exit_code) {
  auto connection = std::make_shared<Connection>();
  auto json_output = std::make_shared<bool>(false);
  CLI::App* ls = node.add_subcommand("ls", "List the trustee's nodes, by name");
  ls->footer(
      "One line per node: NAME STATE EK AK ENROLLED, the digests whole (hex SHA-256 of the "
      "key's SubjectPublicKeyInfo; AK is the `tpm.ak` claim of its quotes), '-' when absent.");
  ls->add_flag("--json", *json_output, "Print the trustee's JSON answer instead");
  AddConnectionOptions(ls, *connection);
  ls->callback([connection, json_output, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(nlohmann::json answer, client.ListNodes());
      if (*json_output) {
        std::cout << answer.dump(2) << "\n";
        return {};
      }
      for (const nlohmann::json& entry : answer.value("nodes", nlohmann::json::array())) {
        std::cout << TextOr(entry.value("name", nlohmann::json()), "?") << "  "
                  << TextOr(entry.value("state", nlohmann::json()), "?") << "  "
                  << TextOr(entry.value("ek", nlohmann::json()), "-") << "  "
                  << TextOr(entry.value("ak", nlohmann::json()), "-") << "  "
                  << TextOr(entry.value("enrolled", nlohmann::json()), "-") << "\n";
      }
      return {};
    });
  });
}

void RegisterRm(CLI::App& node, int& exit_code) {
  auto connection = std::make_shared<Connection>();
  auto name = std::make_shared<std::string>();
  CLI::App* rm = node.add_subcommand(
      "rm", "Remove node NAME: its AK is no longer trusted, from the next attestation on");
  rm->add_option("name", *name, "Node name")->required();
  AddConnectionOptions(rm, *connection);
  rm->callback([connection, name, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(nlohmann::json answer, client.DeleteNode(*name));
      std::cout << answer.dump(2) << "\n";
      return {};
    });
  });
}

}  // namespace

void RegisterNodeCommands(CLI::App& app, int& exit_code) {
  CLI::App* node = app.add_subcommand(
      "node", "TPM nodes: register, list and remove the machines known by their TPM's EK");
  node->require_subcommand(1);
  RegisterAdd(*node, exit_code);
  RegisterLs(*node, exit_code);
  RegisterRm(*node, exit_code);
}

}  // namespace veil::cli
