#include "veil/evidence/ima/entry.h"

#include <algorithm>
#include <array>
#include <utility>

namespace veil::evidence::ima {
namespace {

void AppendU32Le(Bytes& out, std::size_t value) {
  const auto v = static_cast<std::uint32_t>(value);
  for (int shift = 0; shift < 32; shift += 8) {
    out.push_back(static_cast<std::uint8_t>(v >> shift));
  }
}

void AppendField(Bytes& out, const Bytes& field) {
  AppendU32Le(out, field.size());
  out.insert(out.end(), field.begin(), field.end());
}

}  // namespace

std::string_view TemplateName(Template t) {
  switch (t) {
    case Template::kIma:
      return "ima";
    case Template::kImaNg:
      return "ima-ng";
    case Template::kImaSig:
      return "ima-sig";
  }
  return "?";
}

std::size_t FileDigestSize(std::string_view algorithm) {
  // The subset of the kernel's hash_algo_name[] that IMA can be configured with and that has a
  // fixed, known size.
  static constexpr std::array<std::pair<std::string_view, std::size_t>, 12> kSizes = {{
      {"md5", 16},
      {"sha1", 20},
      {"sha224", 28},
      {"sha256", 32},
      {"sha384", 48},
      {"sha512", 64},
      {"sm3", 32},
      {"streebog256", 32},
      {"streebog512", 64},
      {"sha3-256", 32},
      {"sha3-384", 48},
      {"sha3-512", 64},
  }};
  for (const auto& [name, size] : kSizes) {
    if (name == algorithm) return size;
  }
  return 0;
}

bool Entry::IsViolation() const {
  return std::all_of(template_hash.begin(), template_hash.end(),
                     [](std::uint8_t b) { return b == 0; });
}

Bytes TemplateData(const Entry& entry) {
  Bytes out;
  if (entry.template_kind == Template::kIma) {
    out = entry.file_digest;
    const std::size_t start = out.size();
    out.insert(out.end(), entry.path.begin(), entry.path.end());
    out.resize(start + std::max(kImaNameFieldSize, entry.path.size()), 0);
    return out;
  }
  Bytes digest_field(entry.digest_algorithm.begin(), entry.digest_algorithm.end());
  digest_field.push_back(':');
  digest_field.push_back(0);
  digest_field.insert(digest_field.end(), entry.file_digest.begin(), entry.file_digest.end());
  AppendField(out, digest_field);
  Bytes name_field(entry.path.begin(), entry.path.end());
  name_field.push_back(0);
  AppendField(out, name_field);
  if (entry.template_kind == Template::kImaSig) AppendField(out, entry.signature);
  return out;
}

}  // namespace veil::evidence::ima
