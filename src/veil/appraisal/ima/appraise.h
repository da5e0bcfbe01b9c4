#pragma once
// Incremental appraisal of an IMA measurement list against a quoted PCR 10 and an allowlist, as
// a verifier that keeps each node's running state does it (a node sends only the entries after
// the last one appraised). In order:
//  1. every entry extends PCR 10 (other PCRs: kUnsupported, Veil replays PCR 10 only);
//  2. every entry's listed SHA-1 template hash equals the SHA-1 of its template data (violations
//     excepted), else kVerificationFailed naming the entry: the first entry that cannot match;
//  3. replaying from `previous`, PCR 10 (SHA-1 bank: the listed hashes; SHA-256 bank: the
//     template data hashed with SHA-256, as Linux 5.8 and later extend it; violations all-0xFF)
//     reaches the quoted value of every quoted bank (SHA-1, SHA-256) at one position: before the
//     first new entry or after entry k. Entries after k were measured after the quote and stay
//     pending. When no position matches, kVerificationFailed naming the bank and the last entry;
//  4. each covered entry gets a Verdict (below); the first failing one is named.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "veil/appraisal/ima/allowlist.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/ima/entry.h"
#include "veil/evidence/tpm/pcr_values.h"

namespace veil::appraisal::ima {

inline constexpr std::uint32_t kImaPcr = 10;

// What the verifier keeps between two appraisals of one node's list.
struct ImaState {
  std::size_t entries = 0;    // entries appraised so far: the index of the next one
  Bytes pcr10_sha1;           // PCR 10 after them, SHA-1 bank
  Bytes pcr10_sha256;         // and SHA-256 bank
  static ImaState Initial();  // no entries; PCR 10 all zero, as after TPM2_Startup
  friend bool operator==(const ImaState&, const ImaState&) = default;
};

enum class Verdict {
  kAccepted,               // the path is listed with this digest
  kExcluded,               // an exclusion pattern matches the path (violations included)
  kBootAggregate,          // entry 0, boot_aggregate: matches the quoted PCRs or none were quoted
  kUnknownPath,            // the path is not in the allowlist
  kDigestMismatch,         // the path is listed, not with this digest
  kViolation,              // a violation on a path no pattern excludes
  kBootAggregateMismatch,  // boot_aggregate differs from the quoted PCRs 0-7 (SHA-1) / 0-9
};
std::string_view VerdictName(Verdict verdict);  // "accepted", "unknown-path", ...
bool IsFailure(Verdict verdict);

struct EntryResult {
  std::size_t index = 0;  // in the whole list, from 0
  std::size_t line = 0;   // evidence/ima Entry::line of the increment
  std::string path;
  Verdict verdict = Verdict::kAccepted;
  std::string detail;  // what matched, or what was expected and found
};

struct Appraisal {
  ImaState state;                    // after the last entry the quote covers
  std::vector<EntryResult> results;  // the covered new entries, in order
  std::size_t pending = 0;           // new entries after the quoted value, to resend next time
  std::optional<std::string> first_failure;  // "entry I (line L, PATH): VERDICT: DETAIL"
  bool passed() const { return !first_failure; }
};

// `quoted` holds the quote's PCR values (verified elsewhere); PCR 10 of its SHA-1 and/or SHA-256
// bank is compared, PCRs 0-9 check boot_aggregate when present. kInvalidArgument when it has no
// PCR 10 in either bank or `previous` is not a state this function produced.
Result<Appraisal> AppraiseIncrement(const ImaState& previous,
                                    std::span<const evidence::ima::Entry> entries,
                                    const Allowlist& allowlist,
                                    const evidence::tpm::PcrValues& quoted);

// PCR 10 after extending `entries` onto `previous` (no checks); `entries` counted in.
ImaState Replay(const ImaState& previous, std::span<const evidence::ima::Entry> entries);

}  // namespace veil::appraisal::ima
