#include "ima_command.h"

#include <algorithm>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "quoted_pcrs_file.h"
#include "veil/appraisal/ima/appraise.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/evidence/ima/ascii_list.h"
#include "veil/evidence/ima/binary_list.h"

namespace veil::cli {
namespace {

namespace ima = evidence::ima;
namespace aima = appraisal::ima;
using nlohmann::json;

// 2^20 entries of at most 8192 bytes would be 8 GiB; real lists are a few MiB.
constexpr std::size_t kMaxListBytes = std::size_t{256} << 20;
constexpr std::size_t kMaxAllowlistBytes = std::size_t{64} << 20;

struct ImaFlags {
  std::string file;
  std::string allowlist;
  std::string pcrs;
  bool json = false;
};

struct ParsedList {
  std::string_view form;
  std::vector<ima::Entry> entries;
};

Result<ParsedList> ReadList(const std::string& path) {
  VEIL_ASSIGN_OR_RETURN(const Bytes bytes, ReadFileBytes(path, kMaxListBytes));
  ParsedList out;
  if (std::find(bytes.begin(), bytes.end(), 0) != bytes.end()) {
    out.form = "binary";
    VEIL_ASSIGN_OR_RETURN(out.entries, ima::ParseBinaryList(bytes));
  } else {
    out.form = "ascii";
    VEIL_ASSIGN_OR_RETURN(out.entries,
                          ima::ParseAsciiList(std::string_view(
                              reinterpret_cast<const char*>(bytes.data()), bytes.size())));
  }
  return out;
}

json EntryJson(const ima::Entry& e) {
  return {{"line", e.line},
          {"pcr", e.pcr},
          {"template_hash", HexEncode(e.template_hash)},
          {"template", ima::TemplateName(e.template_kind)},
          {"digest", e.digest_algorithm + ":" + HexEncode(e.file_digest)},
          {"path", e.path},
          {"signature", HexEncode(e.signature)},
          {"violation", e.IsViolation()}};
}

int Show(const ImaFlags& flags) {
  auto list = ReadList(flags.file);
  if (!list) {
    std::cerr << "veil evidence ima show: " << flags.file << ": " << list.error().ToString()
              << "\n";
    return 2;
  }
  const aima::ImaState replayed = aima::Replay(aima::ImaState::Initial(), list->entries);
  if (flags.json) {
    json out = {
        {"form", list->form},
        {"entries", json::array()},
        {"pcr10",
         {{"sha1", HexEncode(replayed.pcr10_sha1)}, {"sha256", HexEncode(replayed.pcr10_sha256)}}}};
    for (const ima::Entry& e : list->entries) out["entries"].push_back(EntryJson(e));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << list->form << " list, " << list->entries.size() << " entries\n";
  for (const ima::Entry& e : list->entries) {
    std::cout << e.line << "\tPCR " << e.pcr << "\t" << ima::TemplateName(e.template_kind) << "\t"
              << (e.IsViolation() ? "violation"
                                  : e.digest_algorithm + ":" + HexEncode(e.file_digest))
              << "\t" << e.path << "\n";
  }
  std::cout << "PCR 10 replays to sha1:" << HexEncode(replayed.pcr10_sha1)
            << " sha256:" << HexEncode(replayed.pcr10_sha256) << "\n";
  return 0;
}

json AppraisalJson(const aima::Appraisal& appraisal) {
  json out = {{"result", appraisal.passed() ? "pass" : "fail"},
              {"entries_appraised", appraisal.state.entries},
              {"pending", appraisal.pending},
              {"pcr10",
               {{"sha1", HexEncode(appraisal.state.pcr10_sha1)},
                {"sha256", HexEncode(appraisal.state.pcr10_sha256)}}},
              {"entries", json::array()}};
  if (appraisal.first_failure) out["first_failure"] = *appraisal.first_failure;
  for (const aima::EntryResult& r : appraisal.results) {
    out["entries"].push_back({{"index", r.index},
                              {"line", r.line},
                              {"path", r.path},
                              {"verdict", aima::VerdictName(r.verdict)},
                              {"detail", r.detail}});
  }
  return out;
}

int Appraise(const ImaFlags& flags) {
  const auto usage = [](const std::string& file, const Error& error) {
    std::cerr << "veil evidence ima appraise: " << file << ": " << error.ToString() << "\n";
    return 2;
  };
  auto list = ReadList(flags.file);
  if (!list) return usage(flags.file, list.error());
  auto text = ReadFileText(flags.allowlist, kMaxAllowlistBytes);
  if (!text) return usage(flags.allowlist, text.error());
  auto allowlist = aima::ParseAllowlist(*text);
  if (!allowlist) return usage(flags.allowlist, allowlist.error());
  auto quoted = ReadQuotedPcrs(flags.pcrs);
  if (!quoted) return usage(flags.pcrs, quoted.error());

  auto appraisal =
      aima::AppraiseIncrement(aima::ImaState::Initial(), list->entries, *allowlist, *quoted);
  if (!appraisal) {
    if (appraisal.error().code == ErrorCode::kInvalidArgument) {
      return usage(flags.pcrs, appraisal.error());
    }
    if (flags.json) {
      std::cout << json{{"result", "fail"}, {"reason", appraisal.error().message}}.dump(2) << "\n";
    } else {
      std::cout << "fail: " << appraisal.error().message << "\n";
    }
    return 1;
  }
  if (flags.json) {
    std::cout << AppraisalJson(*appraisal).dump(2) << "\n";
    return appraisal->passed() ? 0 : 1;
  }
  for (const aima::EntryResult& r : appraisal->results) {
    std::cout << r.index << "\t" << aima::VerdictName(r.verdict) << "\t" << r.path << "\t"
              << r.detail << "\n";
  }
  if (appraisal->pending != 0) {
    std::cout << appraisal->pending << " entries after the quoted PCR 10 are not appraised\n";
  }
  std::cout << (appraisal->passed() ? "pass: " + std::to_string(appraisal->state.entries) +
                                          " entries replay to the quoted PCR 10 and are allowed"
                                    : "fail: " + *appraisal->first_failure)
            << "\n";
  return appraisal->passed() ? 0 : 1;
}

}  // namespace

void RegisterImaCommands(CLI::App& parent, int& exit_code) {
  CLI::App* ima = parent.add_subcommand(
      "ima", "Read a Linux IMA measurement list (runtime integrity): show it, appraise it");
  ima->require_subcommand(1);

  auto show_flags = std::make_shared<ImaFlags>();
  CLI::App* show = ima->add_subcommand(
      "show", "Print the entries of an IMA measurement list and the PCR 10 they replay to");
  show->add_option("FILE", show_flags->file,
                   "The list, e.g. /sys/kernel/security/ima/ascii_runtime_measurements (or the "
                   "binary_runtime_measurements form)")
      ->required()
      ->check(CLI::ExistingFile);
  show->add_flag("--json", show_flags->json, "Print JSON: form, entries and PCR 10 values");
  show->footer(
      "Templates: ima-ng, ima-sig and ima. PCR 10 is replayed in the SHA-1 and SHA-256 banks as\n"
      "Linux 5.8 and later extend them (violations as all-0xFF).\n"
      "Exit status: 0 parsed, 2 usage error, unreadable or malformed list (the message names\n"
      "the line and field).\n\n"
      "Example:\n  veil evidence ima show ascii_runtime_measurements --json");
  show->callback([show_flags, &exit_code] { exit_code = Show(*show_flags); });

  auto appraise_flags = std::make_shared<ImaFlags>();
  CLI::App* appraise = ima->add_subcommand(
      "appraise", "Replay an IMA list against a quoted PCR 10 and judge it with an allowlist");
  appraise->add_option("FILE", appraise_flags->file, "The measurement list (ASCII or binary)")
      ->required()
      ->check(CLI::ExistingFile);
  appraise
      ->add_option("--allowlist", appraise_flags->allowlist,
                   "The allowlist (JSON, docs/formats/ima-allowlist.md; `veil allowlist build` "
                   "writes one)")
      ->required()
      ->check(CLI::ExistingFile);
  appraise
      ->add_option("--pcrs", appraise_flags->pcrs,
                   "Quoted PCR values: JSON {\"sha256\": {\"10\": \"<hex>\", ...}, ...}; PCR 10 "
                   "in sha1 and/or sha256, PCRs 0-9 to check boot_aggregate")
      ->required()
      ->check(CLI::ExistingFile);
  appraise->add_flag("--json", appraise_flags->json, "Print the result as JSON");
  appraise->footer(
      "Entries after the quoted PCR 10 value (measured after the quote) are left pending.\n"
      "Verdicts: accepted, excluded, boot-aggregate, and the failures unknown-path,\n"
      "digest-mismatch, violation, boot-aggregate-mismatch.\n"
      "Exit status: 0 pass, 1 fail (names the first failing entry, or the entry whose template\n"
      "hash was altered, or the last entry when PCR 10 differs), 2 usage error, unreadable or\n"
      "malformed input.\n\n"
      "Example:\n  veil evidence ima appraise ascii_runtime_measurements --allowlist allow.json "
      "--pcrs pcrs.json");
  appraise->callback([appraise_flags, &exit_code] { exit_code = Appraise(*appraise_flags); });
}

}  // namespace veil::cli
