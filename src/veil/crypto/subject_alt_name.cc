#include "veil/crypto/subject_alt_name.h"

#include <algorithm>

namespace veil::crypto {
namespace {

constexpr std::size_t kMaxLabelSize = 63;

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// Empty when `label` is an RFC 1123 label in lower case, else what is wrong with it.
std::string LabelProblem(std::string_view label) {
  if (label.empty()) return "has an empty label";
  if (label.size() > kMaxLabelSize) return "has a label longer than 63 characters";
  for (const char c : label) {
    if (c >= 'A' && c <= 'Z') return "is not lower case";
    if (c == '*') return "is a wildcard (only exact names are issued)";
    if (!IsLowerAlnum(c) && c != '-') return "has a character other than a-z, 0-9, '-' and '.'";
  }
  if (label.front() == '-' || label.back() == '-')
    return "has a label that starts or ends with '-'";
  return "";
}

std::string DnsProblem(std::string_view name) {
  if (name.empty()) return "is empty";
  if (name.size() > kMaxDnsNameSize) return "is longer than 253 characters";
  std::size_t start = 0;
  while (true) {
    const std::size_t dot = name.find('.', start);
    const std::string_view label =
        name.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start);
    if (std::string problem = LabelProblem(label); !problem.empty()) return problem;
    if (dot == std::string_view::npos) return "";
    start = dot + 1;
  }
}

std::string UriProblem(std::string_view uri) {
  if (uri.size() > kMaxUriSize) return "is longer than 2048 characters";
  if (!std::all_of(uri.begin(), uri.end(), [](char c) { return c > ' ' && c < 0x7f; })) {
    return "has a character that is not printable ASCII or is a space";
  }
  const std::size_t colon = uri.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == uri.size()) {
    return "is not <scheme>:<rest>";
  }
  const std::string_view scheme = uri.substr(0, colon);
  const bool scheme_ok = scheme.front() >= 'a' && scheme.front() <= 'z' &&
                         std::all_of(scheme.begin(), scheme.end(), [](char c) {
                           return IsLowerAlnum(c) || c == '+' || c == '.' || c == '-';
                         });
  return scheme_ok ? "" : "has a scheme other than [a-z][a-z0-9+.-]*";
}

// At most this many characters of a refused name are echoed.
constexpr std::size_t kMaxEchoedChars = 128;

}  // namespace

std::string SubjectAltNameText(const SubjectAltName& name) {
  return (name.kind == SubjectAltName::Kind::kDns ? "dns:" : "uri:") + name.value;
}

Status ValidateSubjectAltName(const SubjectAltName& name) {
  const std::string problem =
      name.kind == SubjectAltName::Kind::kDns ? DnsProblem(name.value) : UriProblem(name.value);
  if (problem.empty()) return {};
  // The name is the requester's: echoed bounded and printable.
  std::string text = SubjectAltNameText(name);
  if (text.size() > kMaxEchoedChars) text = text.substr(0, kMaxEchoedChars) + "...";
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c < ' ' || c >= 0x7f; }, '?');
  return Fail(
      InvalidArgument(std::string(name.kind == SubjectAltName::Kind::kDns ? "DNS name" : "URI") +
                      " \"" + text + "\" " + problem));
}

}  // namespace veil::crypto
