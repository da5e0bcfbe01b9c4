#include "veil/evidence/ima/ascii_list.h"

#include <string>

#include "veil/base/hex.h"

namespace veil::evidence::ima {
namespace {

Error LineError(std::size_t line, std::string_view field, std::string message) {
  return Malformed("line " + std::to_string(line) + ", field " + std::string(field) + ": " +
                   std::move(message));
}

bool IsLowerHex(std::string_view text) {
  for (const char c : text) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// Hex as the kernel prints it (ima_print_digest: "%02x" per byte): lower case, even length.
Result<Bytes> ParseHex(std::string_view text, std::size_t line, std::string_view field) {
  if (!IsLowerHex(text) || text.size() % 2 != 0) {
    return Fail(LineError(line, field,
                          "expected lower-case hex digits in pairs, found \"" +
                              std::string(text.substr(0, 80)) + "\""));
  }
  return HexDecode(text);
}

// "%2d": one or two digits, a single-digit value preceded by a space (stripped by the caller).
Result<std::uint32_t> ParsePcr(std::string_view text, bool padded, std::size_t line) {
  const bool digits = !text.empty() && text.size() <= 2 &&
                      text.find_first_not_of("0123456789") == std::string_view::npos;
  if (!digits || (padded != (text.size() == 1))) {
    return Fail(LineError(line, "pcr",
                          "expected a PCR index printed as \"%2d\", found \"" +
                              std::string(text.substr(0, 16)) + "\""));
  }
  std::uint32_t value = 0;
  for (const char c : text) value = value * 10 + static_cast<std::uint32_t>(c - '0');
  if (text.size() == 2 && text[0] == '0') {
    return Fail(LineError(line, "pcr", "leading zero in \"" + std::string(text) + "\""));
  }
  if (value > kMaxPcr) {
    return Fail(LineError(line, "pcr", "PCR " + std::to_string(value) + " is not 0-23"));
  }
  return value;
}

Result<Template> ParseTemplate(std::string_view text, std::size_t line) {
  if (text == "ima-ng") return Template::kImaNg;
  if (text == "ima-sig") return Template::kImaSig;
  if (text == "ima") return Template::kIma;
  return Fail(Unsupported("line " + std::to_string(line) + ", field template: template \"" +
                          std::string(text.substr(0, 64)) +
                          "\" is not supported (ima-ng, ima-sig, ima)"));
}

// The size a file digest must have: its algorithm's, except that a violation's digest field
// holds IMA_DIGEST_SIZE (20) zero bytes whatever the algorithm (ima_eventdigest_init_common).
std::size_t ExpectedDigestSize(const Entry& entry) {
  return entry.IsViolation() ? kTemplateHashSize : FileDigestSize(entry.digest_algorithm);
}

Status ParseDigestField(std::string_view text, Entry& entry) {
  if (entry.template_kind == Template::kIma) {
    entry.digest_algorithm = "sha1";
    VEIL_ASSIGN_OR_RETURN(entry.file_digest, ParseHex(text, entry.line, "digest"));
  } else {
    const std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) {
      return Fail(LineError(
          entry.line, "digest",
          "expected \"<algorithm>:<hex>\", found \"" + std::string(text.substr(0, 80)) + "\""));
    }
    entry.digest_algorithm = std::string(text.substr(0, colon));
    if (FileDigestSize(entry.digest_algorithm) == 0) {
      return Fail(LineError(entry.line, "digest",
                            "unknown digest algorithm \"" +
                                std::string(text.substr(0, std::min<std::size_t>(colon, 32))) +
                                "\""));
    }
    VEIL_ASSIGN_OR_RETURN(entry.file_digest,
                          ParseHex(text.substr(colon + 1), entry.line, "digest"));
  }
  const std::size_t expected = ExpectedDigestSize(entry);
  if (entry.file_digest.size() != expected) {
    return Fail(LineError(entry.line, "digest",
                          entry.digest_algorithm + " digest of " +
                              std::to_string(entry.file_digest.size()) + " bytes, expected " +
                              std::to_string(expected)));
  }
  return {};
}

Status ParsePath(std::string_view text, Entry& entry) {
  if (text.empty()) return Fail(LineError(entry.line, "path", "empty"));
  if (text.find('\0') != std::string_view::npos) {
    return Fail(LineError(entry.line, "path", "contains a NUL byte"));
  }
  if (entry.template_kind == Template::kIma && text.size() >= kImaNameFieldSize) {
    return Fail(
        LineError(entry.line, "path",
                  std::to_string(text.size()) + " bytes, but the ima template keeps at most 255"));
  }
  entry.path = std::string(text);
  return {};
}

std::vector<std::string_view> SplitFields(std::string_view text) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t space = text.find(' ', start);
    if (space == std::string_view::npos) {
      fields.push_back(text.substr(start));
      return fields;
    }
    fields.push_back(text.substr(start, space - start));
    start = space + 1;
    if (fields.size() > 8) return fields;  // more than any template has; the caller rejects it
  }
}

Result<Entry> ParseLine(std::string_view text, std::size_t line) {
  Entry entry;
  entry.line = line;
  const bool padded = !text.empty() && text[0] == ' ';
  if (padded) text.remove_prefix(1);
  const std::vector<std::string_view> fields = SplitFields(text);
  if (fields.size() < 3) {
    return Fail(Malformed("line " + std::to_string(line) + ": " + std::to_string(fields.size()) +
                          " fields, expected PCR, template hash, template name and its fields"));
  }
  VEIL_ASSIGN_OR_RETURN(entry.pcr, ParsePcr(fields[0], padded, line));
  VEIL_ASSIGN_OR_RETURN(entry.template_hash, ParseHex(fields[1], line, "template-hash"));
  if (entry.template_hash.size() != kTemplateHashSize) {
    return Fail(LineError(line, "template-hash",
                          std::to_string(entry.template_hash.size()) +
                              " bytes, expected 20 (the SHA-1 template hash)"));
  }
  VEIL_ASSIGN_OR_RETURN(entry.template_kind, ParseTemplate(fields[2], line));
  const std::size_t expected = entry.template_kind == Template::kImaSig ? 6 : 5;
  if (fields.size() != expected) {
    return Fail(Malformed("line " + std::to_string(line) + ": " + std::to_string(fields.size()) +
                          " fields, the " + std::string(TemplateName(entry.template_kind)) +
                          " template has " + std::to_string(expected)));
  }
  VEIL_TRY(ParseDigestField(fields[3], entry));
  VEIL_TRY(ParsePath(fields[4], entry));
  if (entry.template_kind == Template::kImaSig) {
    VEIL_ASSIGN_OR_RETURN(entry.signature, ParseHex(fields[5], line, "signature"));
  }
  return entry;
}

}  // namespace

Result<std::vector<Entry>> ParseAsciiList(std::string_view text, std::size_t max_entries) {
  std::vector<Entry> entries;
  std::size_t start = 0;
  std::size_t line = 0;
  while (start < text.size()) {
    ++line;
    if (entries.size() == max_entries) {
      return Fail(Malformed("line " + std::to_string(line) + ": more than " +
                            std::to_string(max_entries) + " entries"));
    }
    const std::size_t newline = text.find('\n', start);
    const std::size_t end = newline == std::string_view::npos ? text.size() : newline;
    if (end - start > kMaxLineLength) {
      return Fail(Malformed("line " + std::to_string(line) + ": longer than " +
                            std::to_string(kMaxLineLength) + " bytes"));
    }
    if (newline == std::string_view::npos) {
      return Fail(Malformed("line " + std::to_string(line) +
                            ": not terminated by a newline (the list is cut)"));
    }
    VEIL_ASSIGN_OR_RETURN(Entry entry, ParseLine(text.substr(start, end - start), line));
    entries.push_back(std::move(entry));
    start = end + 1;
  }
  return entries;
}

}  // namespace veil::evidence::ima
