#include "ca_commands.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "admin_connection.h"

namespace veil::cli {
namespace {

using nlohmann::json;

std::string TextOr(const json& entry, const char* key, std::string_view absent = "-") {
  const json value = entry.value(key, json());
  return value.is_string() ? value.get<std::string>() : std::string(absent);
}

// "AB:CD:..." as `openssl x509 -fingerprint -sha256` prints it, from the CA id (hex SHA-256).
std::string Fingerprint(const std::string& hex) {
  std::string text;
  for (std::size_t at = 0; at + 1 < hex.size(); at += 2) {
    if (!text.empty()) text += ':';
    text += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[at])));
    text += static_cast<char>(std::toupper(static_cast<unsigned char>(hex[at + 1])));
  }
  return text;
}

void PrintCa(const json& ca) {
  const bool current = ca.value("current", false);
  std::cout << (current ? "current CA" : "retired CA") << "\n"
            << "  subject:          " << TextOr(ca, "subject") << "\n"
            << "  SHA-256:          " << Fingerprint(TextOr(ca, "id", "")) << "\n"
            << "  valid:            " << TextOr(ca, "not_before") << " .. "
            << TextOr(ca, "not_after") << "\n";
  if (!current) {
    std::cout << "  retired:          " << TextOr(ca, "retired_at") << "\n"
              << "  published until:  " << TextOr(ca, "published_until") << "\n";
  }
  std::cout << TextOr(ca, "pem", "");
}

void RegisterShow(CLI::App& ca, int& exit_code) {
  auto connection = std::make_shared<Connection>();
  auto json_output = std::make_shared<bool>(false);
  auto all = std::make_shared<bool>(false);
  auto pem_only = std::make_shared<bool>(false);
  CLI::App* show = ca.add_subcommand("show", "Show the published workload CA certificates");
  show->footer(
      "The current CA first, then CAs a rotation retired that are still published (peers must "
      "trust all of them). Each with its subject, SHA-256 fingerprint, validity, and PEM.");
  show->add_flag("--json", *json_output, "Print the trustee's JSON answer instead");
  show->add_flag("--all", *all, "Also list retired CAs that are no longer published");
  show->add_flag("--pem", *pem_only, "Print only the PEM certificates (a trust bundle)");
  AddConnectionOptions(show, *connection);
  show->callback([connection, json_output, all, pem_only, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(json answer, client.ListWorkloadCas());
      if (*json_output) {
        std::cout << answer.dump(2) << "\n";
        return {};
      }
      for (const json& entry : answer.value("cas", json::array())) {
        if (!*all && !entry.value("published", false)) continue;
        if (*pem_only) {
          std::cout << TextOr(entry, "pem", "");
        } else {
          PrintCa(entry);
        }
      }
      return {};
    });
  });
}

void RegisterRotate(CLI::App& ca, int& exit_code) {
  auto connection = std::make_shared<Connection>();
  auto overlap = std::make_shared<std::string>();
  CLI::App* rotate = ca.add_subcommand("rotate", "Replace the current workload CA by a new one");
  rotate->footer(
      "The old CA stays published (CA bundle, CRL) for the overlap, at least the certificate "
      "lifetime, so certificates it issued keep verifying until they expire. Workloads renewing "
      "after the rotation get certificates of the new CA and the bundle of both.\n\n"
      "Example:\n  veil ca rotate --overlap 48h");
  rotate->add_option("--overlap", *overlap,
                     "How long the old CA stays published (e.g. 48h; default: [workload_ca] "
                     "rotation_overlap)");
  AddConnectionOptions(rotate, *connection);
  rotate->callback([connection, overlap, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(
          json answer,
          client.RotateWorkloadCa(overlap->empty() ? std::nullopt
                                                   : std::optional<std::string_view>(*overlap)));
      PrintCa(answer.value("ca", json::object()));
      std::cout << "previous CA " << TextOr(answer, "previous") << " published until "
                << TextOr(answer, "previous_published_until") << "\n";
      return {};
    });
  });
}

void RegisterCerts(CLI::App& ca, int& exit_code) {
  auto connection = std::make_shared<Connection>();
  auto json_output = std::make_shared<bool>(false);
  CLI::App* certs = ca.add_subcommand("certs", "List the workload certificates issued");
  certs->footer(
      "One line per certificate, in issue order: SERIAL STATUS NOT_AFTER TEE NAMES (status good, "
      "revoked or expired).");
  certs->add_flag("--json", *json_output, "Print the trustee's JSON answer instead");
  AddConnectionOptions(certs, *connection);
  certs->callback([connection, json_output, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(json answer, client.ListWorkloadCertificates());
      if (*json_output) {
        std::cout << answer.dump(2) << "\n";
        return {};
      }
      for (const json& entry : answer.value("certificates", json::array())) {
        std::string names;
        for (const json& name : entry.value("names", json::array()))
          names += (names.empty() ? "" : ",") + name.get<std::string>();
        std::cout << TextOr(entry, "serial") << "  " << TextOr(entry, "status") << "  "
                  << TextOr(entry, "not_after") << "  " << TextOr(entry, "tee_identity") << "  "
                  << names << "\n";
      }
      return {};
    });
  });
}

void RegisterRevoke(CLI::App& ca, int& exit_code) {
  auto connection = std::make_shared<Connection>();
  auto serial = std::make_shared<std::string>();
  auto tee = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  CLI::App* revoke = ca.add_subcommand(
      "revoke", "Revoke certificate SERIAL, or every certificate of a TEE identity (--tee)");
  revoke->footer(
      "Revoked certificates are listed in the CRL (veil ca crl, GET /veil/v0/workload/crl) "
      "from the next fetch on, and their status query answers \"revoked\".\n"
      "Reasons (RFC 5280): unspecified, keyCompromise, cACompromise, affiliationChanged, "
      "superseded, cessationOfOperation, privilegeWithdrawn.\n\n"
      "Examples:\n  veil ca revoke 3f1a9c02d4e5b6a7 --reason keyCompromise\n"
      "  veil ca revoke --tee tpm:5e1c...");
  auto* by_serial = revoke->add_option("serial", *serial, "Serial (hex, as veil ca certs prints)");
  auto* by_tee = revoke->add_option("--tee", *tee, "TEE identity (as veil ca certs prints)");
  by_serial->excludes(by_tee);
  by_tee->excludes(by_serial);
  revoke->add_option("--reason", *reason, "RFC 5280 reason (default: unspecified)");
  AddConnectionOptions(revoke, *connection);
  revoke->callback([connection, serial, tee, reason, &exit_code] {
    if (serial->empty() == tee->empty()) {
      exit_code = Report(InvalidArgument("veil ca revoke: give a SERIAL or --tee IDENTITY"));
      return;
    }
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(
          json answer,
          client.RevokeWorkloadCertificates(
              serial->empty() ? "tee_identity" : "serial", serial->empty() ? *tee : *serial,
              reason->empty() ? std::nullopt : std::optional<std::string_view>(*reason)));
      const json revoked = answer.value("revoked", json::array());
      std::cout << "revoked " << revoked.size() << " certificate(s)";
      for (const json& one : revoked) std::cout << " " << one.get<std::string>();
      std::cout << "\n";
      return {};
    });
  });
}

void RegisterCrl(CLI::App& ca, int& exit_code) {
  auto connection = std::make_shared<Connection>();
  auto out = std::make_shared<std::string>();
  CLI::App* crl = ca.add_subcommand("crl", "Fetch the CRLs of the published workload CAs (PEM)");
  crl->footer(
      "Fresh CRLs, valid for one hour (nextUpdate), one per published CA, the current CA's "
      "first. Check a certificate with:\n"
      "  veil ca crl --out crl.pem && veil ca show --pem > ca.pem && "
      "openssl verify -crl_check -CRLfile crl.pem -CAfile ca.pem tls.crt");
  crl->add_option("--out", *out, "Write them to FILE instead of standard output");
  AddConnectionOptions(crl, *connection);
  crl->callback([connection, out, &exit_code] {
    exit_code = WithClient(*connection, [&](const auto& client) -> Status {
      VEIL_ASSIGN_OR_RETURN(std::string pem, client.FetchWorkloadCrls());
      if (out->empty()) {
        std::cout << pem;
        return {};
      }
      std::ofstream file(*out, std::ios::binary | std::ios::trunc);
      file << pem;
      file.close();
      if (!file) return Fail(Unavailable("cannot write " + *out));
      return {};
    });
  });
}

}  // namespace

void RegisterCaCommands(CLI::App& app, int& exit_code) {
  CLI::App* ca = app.add_subcommand(
      "ca", "Workload CA: show and rotate the CA, list and revoke certificates, fetch the CRLs");
  ca->require_subcommand(1);
  RegisterShow(*ca, exit_code);
  RegisterRotate(*ca, exit_code);
  RegisterCerts(*ca, exit_code);
  RegisterRevoke(*ca, exit_code);
  RegisterCrl(*ca, exit_code);
}

}  // namespace veil::cli
