#include "veil/evidence/ima/binary_list.h"

#include <algorithm>
#include <string>

#include "veil/base/byte_reader.h"

namespace veil::evidence::ima {
namespace {

// Longer than any template name the kernel defines (IMA_TEMPLATE_NAME_LEN_MAX is 15).
constexpr std::uint32_t kMaxTemplateNameLength = 15;

std::string_view AsText(ByteSpan bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

Result<Template> TemplateFromName(std::string_view name) {
  if (name == "ima-ng") return Template::kImaNg;
  if (name == "ima-sig") return Template::kImaSig;
  if (name == "ima") return Template::kIma;
  return Fail(Unsupported("template \"" + std::string(name) +
                          "\" is not supported (ima-ng, ima-sig, ima)"));
}

// A u32 length-prefixed field of the template data.
Result<ByteSpan> Field(ByteReader& reader, std::string_view field) {
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t length, reader.U32Le(field));
  return reader.Bytes(length, field);
}

// d-ng: "<alg>:\0" then the digest.
Status DecodeDigestNg(ByteSpan field, Entry& entry) {
  const std::string_view text = AsText(field);
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos || colon + 1 >= text.size() || text[colon + 1] != '\0') {
    return Fail(Malformed("field d-ng: expected \"<algorithm>:\\0\" and the digest"));
  }
  entry.digest_algorithm = std::string(text.substr(0, colon));
  if (FileDigestSize(entry.digest_algorithm) == 0) {
    return Fail(Malformed("field d-ng: unknown digest algorithm \"" +
                          std::string(text.substr(0, std::min<std::size_t>(colon, 32))) + "\""));
  }
  entry.file_digest.assign(field.begin() + static_cast<std::ptrdiff_t>(colon + 2), field.end());
  return {};
}

// n-ng: the path and its NUL, no other NUL.
Status DecodeNameNg(ByteSpan field, Entry& entry) {
  const std::string_view text = AsText(field);
  if (text.empty() || text.back() != '\0' || text.find('\0') != text.size() - 1) {
    return Fail(Malformed("field n-ng: expected a path ending in its only NUL"));
  }
  entry.path = std::string(text.substr(0, text.size() - 1));
  return {};
}

Status DecodeTemplateData(ByteSpan data, Entry& entry) {
  ByteReader reader(data);
  VEIL_ASSIGN_OR_RETURN(const ByteSpan digest, Field(reader, "d-ng"));
  VEIL_TRY(DecodeDigestNg(digest, entry));
  VEIL_ASSIGN_OR_RETURN(const ByteSpan name, Field(reader, "n-ng"));
  VEIL_TRY(DecodeNameNg(name, entry));
  if (entry.template_kind == Template::kImaSig) {
    VEIL_ASSIGN_OR_RETURN(const ByteSpan sig, Field(reader, "sig"));
    entry.signature.assign(sig.begin(), sig.end());
  }
  if (reader.remaining() != 0) {
    return Fail(
        Malformed(std::to_string(reader.remaining()) + " bytes after the template's last field"));
  }
  return {};
}

Status DecodeImaTemplate(ByteReader& reader, Entry& entry) {
  entry.digest_algorithm = "sha1";
  VEIL_ASSIGN_OR_RETURN(const ByteSpan digest, reader.Bytes(kTemplateHashSize, "d"));
  entry.file_digest.assign(digest.begin(), digest.end());
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t length, reader.U32Le("n length"));
  if (length == 0 || length >= kImaNameFieldSize) {
    return Fail(Malformed("name of " + std::to_string(length) + " bytes, expected 1-255"));
  }
  VEIL_ASSIGN_OR_RETURN(const ByteSpan name, reader.Bytes(length, "n"));
  entry.path = std::string(AsText(name));
  if (entry.path.find('\0') != std::string::npos) return Fail(Malformed("name contains a NUL"));
  return {};
}

Result<Entry> ParseRecord(ByteReader& reader, std::size_t record) {
  Entry entry;
  entry.line = record;
  VEIL_ASSIGN_OR_RETURN(entry.pcr, reader.U32Le("pcr"));
  if (entry.pcr > kMaxPcr) {
    return Fail(Malformed("PCR " + std::to_string(entry.pcr) + " is not 0-23"));
  }
  VEIL_ASSIGN_OR_RETURN(const ByteSpan hash, reader.Bytes(kTemplateHashSize, "template hash"));
  entry.template_hash.assign(hash.begin(), hash.end());
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t name_length, reader.U32Le("template name length"));
  if (name_length == 0 || name_length > kMaxTemplateNameLength) {
    return Fail(
        Malformed("template name of " + std::to_string(name_length) + " bytes, expected 1-15"));
  }
  VEIL_ASSIGN_OR_RETURN(const ByteSpan name, reader.Bytes(name_length, "template name"));
  VEIL_ASSIGN_OR_RETURN(entry.template_kind, TemplateFromName(AsText(name)));
  if (entry.template_kind == Template::kIma) {
    VEIL_TRY(DecodeImaTemplate(reader, entry));
  } else {
    VEIL_ASSIGN_OR_RETURN(const ByteSpan data, Field(reader, "template data"));
    VEIL_TRY(DecodeTemplateData(data, entry));
  }
  const std::size_t expected =
      entry.IsViolation() ? kTemplateHashSize : FileDigestSize(entry.digest_algorithm);
  if (entry.file_digest.size() != expected) {
    return Fail(Malformed(entry.digest_algorithm + " digest of " +
                          std::to_string(entry.file_digest.size()) + " bytes, expected " +
                          std::to_string(expected)));
  }
  return entry;
}

}  // namespace

Result<std::vector<Entry>> ParseBinaryList(ByteSpan bytes) {
  std::vector<Entry> entries;
  ByteReader reader(bytes);
  while (reader.remaining() != 0) {
    const std::size_t record = entries.size() + 1;
    const std::size_t offset = reader.position();
    const auto prefix = [&] {
      return "record " + std::to_string(record) + " at offset " + std::to_string(offset) + ": ";
    };
    if (entries.size() == kMaxEntries) {
      return Fail(Malformed(prefix() + "more than " + std::to_string(kMaxEntries) + " entries"));
    }
    auto entry = ParseRecord(reader, record);
    if (!entry) {
      Error error = std::move(entry).error();
      error.message = prefix() + error.message;
      return Fail(std::move(error));
    }
    entries.push_back(*std::move(entry));
  }
  return entries;
}

}  // namespace veil::evidence::ima
