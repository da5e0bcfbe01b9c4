#include "veil/appraisal/ima/appraise.h"

#include <algorithm>
#include <string>

#include "veil/appraisal/ima/boot_aggregate.h"
#include "veil/appraisal/ima/template_hash.h"
#include "veil/appraisal/tpm_eventlog/extend.h"
#include "veil/base/hex.h"

namespace veil::appraisal::ima {
namespace {

namespace tpm = evidence::tpm;
using evidence::ima::Entry;

std::string Describe(std::size_t index, const Entry& entry) {
  return "entry " + std::to_string(index) + " (line " + std::to_string(entry.line) + ", " +
         entry.path + ")";
}

// The quote's PCR 10 per compared bank; nullopt for a bank it does not quote.
struct QuotedPcr10 {
  std::optional<Bytes> sha1;
  std::optional<Bytes> sha256;
};

std::optional<Bytes> QuotedValue(const tpm::PcrValues& quoted, tpm::HashAlg bank) {
  const auto values = quoted.find(bank);
  if (values == quoted.end()) return std::nullopt;
  const auto value = values->second.find(kImaPcr);
  if (value == values->second.end()) return std::nullopt;
  return value->second;
}

bool Reaches(const ImaState& state, const QuotedPcr10& quoted) {
  return (!quoted.sha1 || *quoted.sha1 == state.pcr10_sha1) &&
         (!quoted.sha256 || *quoted.sha256 == state.pcr10_sha256);
}

ImaState ExtendOne(ImaState state, const Entry& entry) {
  // The SHA-1 bank gets the listed template hash, which step 2 checked against the fields.
  const Bytes sha1 =
      entry.IsViolation() ? ExtendedDigest(entry, tpm::HashAlg::kSha1) : entry.template_hash;
  state.pcr10_sha1 = tpm_eventlog::Extend(tpm::HashAlg::kSha1, state.pcr10_sha1, sha1);
  state.pcr10_sha256 = tpm_eventlog::Extend(tpm::HashAlg::kSha256, state.pcr10_sha256,
                                            ExtendedDigest(entry, tpm::HashAlg::kSha256));
  ++state.entries;
  return state;
}

Status CheckEntry(std::size_t index, const Entry& entry) {
  if (entry.pcr != kImaPcr) {
    return Fail(Unsupported(Describe(index, entry) + ": extends PCR " + std::to_string(entry.pcr) +
                            "; Veil replays PCR 10 only"));
  }
  if (entry.IsViolation()) return {};
  const Bytes computed = TemplateHash(entry, crypto::DigestAlgorithm::kSha1);
  if (computed != entry.template_hash) {
    return Fail(VerificationFailed(Describe(index, entry) + ": the listed template hash " +
                                   HexEncode(entry.template_hash) + " is not the SHA-1 of its " +
                                   std::string(evidence::ima::TemplateName(entry.template_kind)) +
                                   " template data " + HexEncode(computed) +
                                   ": a field of the entry was altered"));
  }
  return {};
}

Error NoPrefixMatches(const ImaState& previous, std::span<const Entry> entries, const ImaState& end,
                      const QuotedPcr10& quoted) {
  const bool sha1_differs = quoted.sha1 && *quoted.sha1 != end.pcr10_sha1;
  const std::string bank = sha1_differs ? "sha1" : "sha256";
  const Bytes& replayed = sha1_differs ? end.pcr10_sha1 : end.pcr10_sha256;
  const Bytes& expected = sha1_differs ? *quoted.sha1 : *quoted.sha256;
  std::string where = entries.empty()
                          ? "with no new entries after entry " + std::to_string(previous.entries)
                          : "after its last entry, " +
                                Describe(previous.entries + entries.size() - 1, entries.back());
  return VerificationFailed("PCR 10 (" + bank + "): the list replays to " + HexEncode(replayed) +
                            " " + where + ", the quote has " + HexEncode(expected) +
                            ", and no earlier entry since entry " +
                            std::to_string(previous.entries) +
                            " reproduces it: the list is not the one the TPM measured");
}

EntryResult Judge(std::size_t index, const Entry& entry, const Allowlist& allowlist,
                  const tpm::PcrValues& quoted) {
  EntryResult result{index, entry.line, entry.path, Verdict::kAccepted, ""};
  if (index == 0 && entry.IsBootAggregate() && !entry.IsViolation()) {
    const auto expected = ExpectedBootAggregate(quoted, entry.digest_algorithm);
    if (!expected) {
      result.verdict = Verdict::kBootAggregate;
      result.detail = "not checked: the quote lacks the " + entry.digest_algorithm + " PCRs";
    } else if (*expected == entry.file_digest) {
      result.verdict = Verdict::kBootAggregate;
      result.detail = "matches the quoted PCRs";
    } else {
      result.verdict = Verdict::kBootAggregateMismatch;
      result.detail = "the entry has " + entry.digest_algorithm + ":" +
                      HexEncode(entry.file_digest) + ", the quoted PCRs give " +
                      HexEncode(*expected);
    }
    return result;
  }
  if (const PathGlob* glob = allowlist.ExcludedBy(entry.path)) {
    result.verdict = Verdict::kExcluded;
    result.detail = "matches \"" + glob->pattern() + "\"";
    return result;
  }
  if (entry.IsViolation()) {
    result.verdict = Verdict::kViolation;
    result.detail = "measured while open for writing; its content is unknown";
    return result;
  }
  const auto listed = allowlist.digests.find(entry.path);
  if (listed == allowlist.digests.end()) {
    result.verdict = Verdict::kUnknownPath;
    result.detail = "not in the allowlist";
    return result;
  }
  std::size_t same_algorithm = 0;
  for (const AllowedDigest& allowed : listed->second) {
    if (allowed.algorithm != entry.digest_algorithm) continue;
    ++same_algorithm;
    if (allowed.digest == entry.file_digest) {
      result.detail = entry.digest_algorithm + ":" + HexEncode(entry.file_digest);
      return result;
    }
  }
  result.verdict = Verdict::kDigestMismatch;
  result.detail = entry.digest_algorithm + ":" + HexEncode(entry.file_digest) +
                  (same_algorithm == 0
                       ? " but the allowlist has no " + entry.digest_algorithm + " digest for it"
                       : " is not among its " + std::to_string(same_algorithm) + " allowed " +
                             entry.digest_algorithm + " digests");
  return result;
}

Status CheckState(const ImaState& state) {
  if (state.pcr10_sha1.size() != 20 || state.pcr10_sha256.size() != 32) {
    return Fail(InvalidArgument(
        "IMA state: PCR 10 values of " + std::to_string(state.pcr10_sha1.size()) + " and " +
        std::to_string(state.pcr10_sha256.size()) + " bytes, expected 20 (sha1) and 32 (sha256)"));
  }
  return {};
}

}  // namespace

ImaState ImaState::Initial() { return ImaState{0, Bytes(20, 0), Bytes(32, 0)}; }

std::string_view VerdictName(Verdict verdict) {
  switch (verdict) {
    case Verdict::kAccepted:
      return "accepted";
    case Verdict::kExcluded:
      return "excluded";
    case Verdict::kBootAggregate:
      return "boot-aggregate";
    case Verdict::kUnknownPath:
      return "unknown-path";
    case Verdict::kDigestMismatch:
      return "digest-mismatch";
    case Verdict::kViolation:
      return "violation";
    case Verdict::kBootAggregateMismatch:
      return "boot-aggregate-mismatch";
  }
  return "?";
}

bool IsFailure(Verdict verdict) {
  return verdict != Verdict::kAccepted && verdict != Verdict::kExcluded &&
         verdict != Verdict::kBootAggregate;
}

ImaState Replay(const ImaState& previous, std::span<const Entry> entries) {
  ImaState state = previous;
  for (const Entry& entry : entries) state = ExtendOne(std::move(state), entry);
  return state;
}

Result<Appraisal> AppraiseIncrement(const ImaState& previous, std::span<const Entry> entries,
                                    const Allowlist& allowlist, const tpm::PcrValues& quoted) {
  VEIL_TRY(CheckState(previous));
  const QuotedPcr10 pcr10{QuotedValue(quoted, tpm::HashAlg::kSha1),
                          QuotedValue(quoted, tpm::HashAlg::kSha256)};
  if (!pcr10.sha1 && !pcr10.sha256) {
    return Fail(InvalidArgument("the quote has no PCR 10 in its sha1 or sha256 bank"));
  }
  for (std::size_t i = 0; i < entries.size(); ++i) {
    VEIL_TRY(CheckEntry(previous.entries + i, entries[i]));
  }
  // The first position whose running value is the quoted one: entries after it are pending.
  ImaState state = previous;
  std::optional<std::size_t> covered;
  if (Reaches(state, pcr10)) covered = 0;
  for (std::size_t i = 0; i < entries.size() && !covered; ++i) {
    state = ExtendOne(std::move(state), entries[i]);
    if (Reaches(state, pcr10)) covered = i + 1;
  }
  if (!covered) return Fail(NoPrefixMatches(previous, entries, state, pcr10));

  Appraisal out;
  out.state = std::move(state);
  out.pending = entries.size() - *covered;
  for (std::size_t i = 0; i < *covered; ++i) {
    EntryResult result = Judge(previous.entries + i, entries[i], allowlist, quoted);
    if (!out.first_failure && IsFailure(result.verdict)) {
      out.first_failure = Describe(result.index, entries[i]) + ": " +
                          std::string(VerdictName(result.verdict)) + ": " + result.detail;
    }
    out.results.push_back(std::move(result));
  }
  return out;
}

}  // namespace veil::appraisal::ima
