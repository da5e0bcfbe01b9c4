#include "eventlog_command.h"

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "quoted_pcrs_file.h"
#include "veil/appraisal/tdx/ccel_replay.h"
#include "veil/appraisal/tpm_eventlog/boot_claims_json.h"
#include "veil/appraisal/tpm_eventlog/quoted_pcrs.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/evidence/tdx/quote.h"
#include "veil/evidence/tpm/pcr_values.h"
#include "veil/evidence/tpm_eventlog/boot_claims.h"
#include "veil/evidence/tpm_eventlog/event_log.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::cli {
namespace {

namespace el = evidence::tpm_eventlog;
namespace tpm = evidence::tpm;
using nlohmann::json;

constexpr std::size_t kMaxLogBytes = std::size_t{16} << 20;  // firmware logs are tens of KiB

struct EventLogFlags {
  std::string file;
  std::string pcrs;
  std::string tdx_quote;  // replay: a TDX quote whose RTMRs the CCEL log area FILE must give
  bool ccel = false;      // show: FILE is a CCEL log area
  bool json = false;
};

struct ParsedLog {
  el::EventLog log;
  el::BootClaims claims;
};

Result<ParsedLog> ReadLog(const std::string& path, bool ccel) {
  VEIL_ASSIGN_OR_RETURN(const Bytes bytes, ReadFileBytes(path, kMaxLogBytes));
  ParsedLog parsed;
  VEIL_ASSIGN_OR_RETURN(parsed.log, ccel ? el::ParseCcEventLog(bytes) : el::ParseEventLog(bytes));
  VEIL_ASSIGN_OR_RETURN(parsed.claims, el::ExtractBootClaims(parsed.log));
  return parsed;
}

json LogJson(const ParsedLog& parsed) {
  json out;
  out["format"] = el::EventLogFormatName(parsed.log.format);
  out["banks"] = json::array();
  for (std::uint16_t alg : parsed.log.Banks()) out["banks"].push_back(el::AlgorithmName(alg));
  out["startup_locality"] = parsed.log.startup_locality;
  out["events"] = json::array();
  for (const el::Event& e : parsed.log.events) {
    out["events"].push_back({{"index", e.index},
                             {"offset", e.offset},
                             {"pcr", e.pcr},
                             {"type", el::EventTypeName(e.type)},
                             {"digests", appraisal::tpm_eventlog::DigestsJson(e.digests)},
                             {"data_size", e.data.size()}});
  }
  out["claims"] = appraisal::tpm_eventlog::BootClaimsJson(parsed.claims);
  return out;
}

// The digest shown in text output: SHA-256 when the log has it, else its first bank.
std::string ShownDigest(const std::vector<el::EventDigest>& digests) {
  for (const el::EventDigest& d : digests) {
    if (d.alg_id == tpm::kAlgSha256) return "sha256:" + HexEncode(d.digest);
  }
  return digests.empty()
             ? "-"
             : el::AlgorithmName(digests[0].alg_id) + ":" + HexEncode(digests[0].digest);
}

// "PCR" for a TPM log, "MR" (CC measurement register index) for a CCEL log.
std::string_view RegisterWord(const el::EventLog& log) {
  return log.registers == el::RegisterSpace::kCcMr ? "MR" : "PCR";
}

void PrintClaims(const el::BootClaims& claims, std::string_view reg) {
  std::cout << "secure boot: "
            << (claims.secure_boot ? (*claims.secure_boot ? "on" : "off") : "not measured") << "\n";
  for (const el::SecureBootVariable& v : claims.secure_boot_variables) {
    std::cout << "  " << v.name << " (event " << v.event_index << ", " << v.data_size << " bytes) "
              << ShownDigest(v.digests) << "\n";
  }
  for (const el::BootApplication& app : claims.boot_applications) {
    std::cout << "boot application (event " << app.event_index << ") "
              << (app.file_path.empty() ? "<from memory>" : app.file_path) << " "
              << ShownDigest(app.digests) << "\n";
  }
  if (claims.kernel_image) {
    std::cout << "kernel (event " << claims.kernel_image->event_index << ") "
              << claims.kernel_image->path << " " << ShownDigest(claims.kernel_image->digests)
              << "\n";
  }
  if (claims.kernel_cmdline) {
    std::cout << "kernel command line (" << el::CommandLineSourceName(claims.kernel_cmdline->source)
              << ", " << reg << " " << claims.kernel_cmdline->pcr << ", event "
              << claims.kernel_cmdline->event_index << "): " << claims.kernel_cmdline->text << "\n";
  }
  for (const auto& [pcr, events] : claims.sequence) {
    std::cout << reg << " " << pcr << ":";
    for (std::size_t i = 0; i < events.size(); ++i) {
      std::cout << (i == 0 ? " " : ", ") << el::EventTypeName(events[i].type);
    }
    std::cout << "\n";
  }
}

void PrintLog(const ParsedLog& parsed) {
  std::cout << "format: " << el::EventLogFormatName(parsed.log.format) << ", banks:";
  for (std::uint16_t alg : parsed.log.Banks()) std::cout << " " << el::AlgorithmName(alg);
  std::cout << ", " << parsed.log.events.size() << " records, startup locality "
            << static_cast<int>(parsed.log.startup_locality) << "\n";
  for (const el::Event& e : parsed.log.events) {
    std::cout << e.index << "\t" << RegisterWord(parsed.log) << " " << e.pcr << "\t"
              << el::EventTypeName(e.type) << "\t" << ShownDigest(e.digests) << "\t"
              << e.data.size() << " bytes\n";
  }
  PrintClaims(parsed.claims, RegisterWord(parsed.log));
}

int Show(const EventLogFlags& flags) {
  auto parsed = ReadLog(flags.file, flags.ccel);
  if (!parsed) {
    std::cerr << "veil evidence eventlog show: " << flags.file << ": " << parsed.error().ToString()
              << "\n";
    return 2;
  }
  if (flags.json) {
    std::cout << LogJson(*parsed).dump(2) << "\n";
  } else {
    PrintLog(*parsed);
  }
  return 0;
}

json PcrRefs(const std::vector<appraisal::tpm_eventlog::PcrRef>& refs) {
  json out = json::array();
  for (const auto& ref : refs) {
    out.push_back({{"bank", tpm::HashAlgName(ref.hash)}, {"pcr", ref.pcr}});
  }
  return out;
}

// A CCEL log area against a TDX quote's RTMRs, through the trustee's own step
// (appraisal/tdx/ccel_replay.h). The quote is parsed, not verified.
int ReplayTdx(const EventLogFlags& flags) {
  const auto fail = [](const std::string& file, const Error& error) {
    std::cerr << "veil evidence eventlog replay: " << file << ": " << error.ToString() << "\n";
    return 2;
  };
  auto area = ReadFileBytes(flags.file, kMaxLogBytes);
  if (!area) return fail(flags.file, area.error());
  auto quote_bytes = ReadFileBytes(flags.tdx_quote);
  if (!quote_bytes) return fail(flags.tdx_quote, quote_bytes.error());
  auto quote = evidence::tdx::ParseQuote(*quote_bytes);
  if (!quote) return fail(flags.tdx_quote, quote.error());
  auto replay = appraisal::tdx::ReplayCcel(*area, quote->body.rtmr);
  if (!replay && replay.error().code == ErrorCode::kMalformed)
    return fail(flags.file, replay.error());
  if (flags.json) {
    json out = replay ? json{{"result", "match"}, {"rtmrs_replayed", replay->rtmrs_matched}}
                      : json{{"result", "mismatch"}, {"reason", replay.error().message}};
    std::cout << out.dump(2) << "\n";
    return replay ? 0 : 1;
  }
  if (!replay) {
    std::cout << "mismatch: " << replay.error().message << "\n";
    return 1;
  }
  std::cout << "match: " << replay->rtmrs_matched.size() << " RTMRs";
  for (std::size_t i = 0; i < replay->rtmrs_matched.size(); ++i) {
    std::cout << (i == 0 ? " (" : ", ") << "RTMR" << replay->rtmrs_matched[i];
  }
  std::cout << (replay->rtmrs_matched.empty() ? "" : ")")
            << "; the quote's signature was not checked (veil evidence verify --tee tdx "
               "--eventlog does)\n";
  return 0;
}

int Replay(const EventLogFlags& flags) {
  if (!flags.tdx_quote.empty()) return ReplayTdx(flags);
  if (flags.pcrs.empty()) {
    std::cerr << "veil evidence eventlog replay: give --pcrs FILE (TPM) or --tdx-quote FILE "
                 "(TDX CCEL)\n";
    return 2;
  }
  auto parsed = ReadLog(flags.file, false);
  if (!parsed) {
    std::cerr << "veil evidence eventlog replay: " << flags.file << ": "
              << parsed.error().ToString() << "\n";
    return 2;
  }
  auto quoted = ReadQuotedPcrs(flags.pcrs);
  if (!quoted) {
    std::cerr << "veil evidence eventlog replay: " << flags.pcrs << ": "
              << quoted.error().ToString() << "\n";
    return 2;
  }
  auto check = appraisal::tpm_eventlog::CheckAgainstQuotedPcrs(parsed->log, *quoted);
  if (flags.json) {
    json out = check ? json{{"result", "match"},
                            {"matched", PcrRefs(check->matched)},
                            {"not_quoted", PcrRefs(check->not_quoted)}}
                     : json{{"result", "mismatch"}, {"reason", check.error().message}};
    std::cout << out.dump(2) << "\n";
    return check ? 0 : 1;
  }
  if (!check) {
    std::cout << "mismatch: " << check.error().message << "\n";
    return 1;
  }
  std::cout << "match: " << check->matched.size() << " PCRs";
  for (std::size_t i = 0; i < check->matched.size(); ++i) {
    const auto& ref = check->matched[i];
    std::cout << (i == 0 ? " (" : ", ") << tpm::HashAlgName(ref.hash) << ":" << ref.pcr;
  }
  std::cout << (check->matched.empty() ? "" : ")") << "\n";
  for (const auto& ref : check->not_quoted) {
    std::cout << "not quoted: " << tpm::HashAlgName(ref.hash) << ":" << ref.pcr << "\n";
  }
  return 0;
}

}  // namespace

void RegisterEventLogCommands(CLI::App& parent, int& exit_code) {
  CLI::App* eventlog = parent.add_subcommand(
      "eventlog", "Read a TCG PC Client event log (measured boot): show it, replay it");
  eventlog->require_subcommand(1);

  auto show_flags = std::make_shared<EventLogFlags>();
  CLI::App* show = eventlog->add_subcommand(
      "show", "Print the events and boot claims of an event log (SHA-1 or crypto-agile)");
  show->add_option("FILE", show_flags->file,
                   "The binary log, e.g. /sys/kernel/security/tpm0/binary_bios_measurements")
      ->required()
      ->check(CLI::ExistingFile);
  show->add_flag("--json", show_flags->json, "Print JSON: format, banks, events and claims");
  show->add_flag("--ccel", show_flags->ccel,
                 "FILE is a TDX CCEL log area (/sys/firmware/acpi/tables/data/CCEL): PCR numbers "
                 "are CC MR indexes (1..4 = RTMR0..3) and the unused tail is skipped");
  show->footer(
      "Claims: Secure Boot state, PK/KEK/db/dbx event digests, PCR 4 boot applications, the\n"
      "kernel GRUB loaded and the kernel command line, and the event types of each PCR. They are\n"
      "the log's word only: trust them after `replay` matches a verified quote.\n"
      "Exit status: 0 parsed, 2 usage error, unreadable or malformed log (the message names the\n"
      "event index and byte offset).\n\n"
      "Example:\n  veil evidence eventlog show binary_bios_measurements --json");
  show->callback([show_flags, &exit_code] { exit_code = Show(*show_flags); });

  auto replay_flags = std::make_shared<EventLogFlags>();
  CLI::App* replay = eventlog->add_subcommand(
      "replay", "Replay an event log and compare it with quoted PCR values");
  replay->add_option("FILE", replay_flags->file, "The binary event log")
      ->required()
      ->check(CLI::ExistingFile);
  CLI::Option* pcrs =
      replay
          ->add_option("--pcrs", replay_flags->pcrs,
                       "Quoted PCR values: JSON {\"sha256\": {\"0\": \"<hex>\", ...}, ...} or "
                       "CoCo's array of 24 SHA-256 values")
          ->check(CLI::ExistingFile);
  CLI::Option* tdx_quote =
      replay
          ->add_option("--tdx-quote", replay_flags->tdx_quote,
                       "A TDX quote (v4, v5): FILE is then a CCEL log area, replayed into RTMR0..3 "
                       "(MR index n extends RTMR n-1) as the trustee replays CoCo's cc_eventlog")
          ->check(CLI::ExistingFile);
  pcrs->excludes(tdx_quote);
  replay->add_flag("--json", replay_flags->json, "Print the result as JSON");
  replay->footer(
      "Compares every PCR the log extends and the file quotes, in every bank both have. PCRs the\n"
      "log never extends (e.g. IMA's PCR 10) are not compared.\n"
      "Exit status: 0 all compared PCRs match, 1 mismatch (names the bank, the PCR and the event\n"
      "that diverges, or the PCR's events when digests cannot tell), 2 usage error, unreadable\n"
      "or malformed input.\n\n"
      "With --tdx-quote, every RTMR the log extends must equal the quote's (RTMR3, which the OS\n"
      "extends at run time, is compared only when the log extends it); the quote's signature is\n"
      "not checked: `veil evidence verify --tee tdx --eventlog` checks both.\n\n"
      "Examples:\n  veil evidence eventlog replay binary_bios_measurements --pcrs pcrs.json\n"
      "  veil evidence eventlog replay ccel.bin --tdx-quote quote.dat");
  replay->callback([replay_flags, &exit_code] { exit_code = Replay(*replay_flags); });
}

}  // namespace veil::cli
