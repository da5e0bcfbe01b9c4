#include "veil/crypto/general_names.h"

#include <algorithm>
#include <cstdio>
#include <string>

#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

std::string Ia5Text(const ASN1_IA5STRING* text) {
  return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(text)),
                     static_cast<std::size_t>(ASN1_STRING_length(text)));
}

// At most this many characters of a refused name are echoed, non-printable ones as '?'.
std::string Echoed(std::string text) {
  constexpr std::size_t kMaxEchoedChars = 128;
  if (text.size() > kMaxEchoedChars) text = text.substr(0, kMaxEchoedChars) + "...";
  std::replace_if(
      text.begin(), text.end(), [](char c) { return c < ' ' || c >= 0x7f; }, '?');
  return text;
}

std::string IpAddressText(const ASN1_OCTET_STRING* address) {
  const unsigned char* bytes = ASN1_STRING_get0_data(address);
  const int length = ASN1_STRING_length(address);
  std::string text;
  char part[8];
  for (int i = 0; length == 4 && i < 4; ++i) {
    std::snprintf(part, sizeof part, i == 0 ? "%u" : ".%u", static_cast<unsigned>(bytes[i]));
    text += part;
  }
  for (int i = 0; length == 16 && i < 16; i += 2) {
    std::snprintf(part, sizeof part, i == 0 ? "%x" : ":%x",
                  static_cast<unsigned>(bytes[i] << 8 | bytes[i + 1]));
    text += part;
  }
  return text.empty() ? "of " + std::to_string(length) + " bytes" : text;
}

// What a name of a refused type is, for the message.
std::string RefusedName(const GENERAL_NAME& name) {
  switch (name.type) {
    case GEN_EMAIL:
      return "email address " + Echoed(Ia5Text(name.d.rfc822Name));
    case GEN_IPADD:
      return "IP address " + IpAddressText(name.d.iPAddress);
    case GEN_DIRNAME:
      return "directory name";
    case GEN_OTHERNAME:
      return "otherName";
    case GEN_RID:
      return "registered ID";
    case GEN_X400:
      return "X.400 address";
    case GEN_EDIPARTY:
      return "EDI party name";
    default:
      return "name of type " + std::to_string(name.type);
  }
}

}  // namespace

Result<std::vector<SubjectAltName>> FromGeneralNames(const GENERAL_NAMES& names) {
  std::vector<SubjectAltName> out;
  for (int i = 0; i < sk_GENERAL_NAME_num(&names); ++i) {
    const GENERAL_NAME& name = *sk_GENERAL_NAME_value(&names, i);
    SubjectAltName parsed;
    if (name.type == GEN_DNS) {
      parsed = {SubjectAltName::Kind::kDns, Ia5Text(name.d.dNSName)};
    } else if (name.type == GEN_URI) {
      parsed = {SubjectAltName::Kind::kUri, Ia5Text(name.d.uniformResourceIdentifier)};
    } else {
      return Fail(InvalidArgument("subjectAltName: " + RefusedName(name) +
                                  " is not allowed (only DNS names and URIs are)"));
    }
    if (auto valid = ValidateSubjectAltName(parsed); !valid) {
      return Fail(InvalidArgument("subjectAltName: " + valid.error().message));
    }
    out.push_back(std::move(parsed));
  }
  return out;
}

Result<GeneralNamesPtr> ToGeneralNames(std::span<const SubjectAltName> names) {
  if (names.empty()) return Fail(InvalidArgument("subjectAltName: no names"));
  GeneralNamesPtr out(GENERAL_NAMES_new());
  if (!out) return Fail(OpensslError(ErrorCode::kInternal, "cannot allocate GeneralNames"));
  for (std::size_t i = 0; i < names.size(); ++i) {
    const SubjectAltName& name = names[i];
    VEIL_TRY(ValidateSubjectAltName(name));
    if (std::find(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(i), name) !=
        names.begin() + static_cast<std::ptrdiff_t>(i)) {
      return Fail(
          InvalidArgument("subjectAltName: " + SubjectAltNameText(name) + " is listed twice"));
    }
    using Ia5Ptr = std::unique_ptr<ASN1_IA5STRING, OsslDeleter<&ASN1_IA5STRING_free>>;
    using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, OsslDeleter<&GENERAL_NAME_free>>;
    Ia5Ptr text(ASN1_IA5STRING_new());
    GeneralNamePtr general(GENERAL_NAME_new());
    if (!text || !general ||
        ASN1_STRING_set(text.get(), name.value.data(), static_cast<int>(name.value.size())) != 1) {
      return Fail(OpensslError(ErrorCode::kInternal, "cannot hold a subjectAltName"));
    }
    GENERAL_NAME_set0_value(general.get(),
                            name.kind == SubjectAltName::Kind::kDns ? GEN_DNS : GEN_URI,
                            text.release());  // `general` owns it now
    if (sk_GENERAL_NAME_push(out.get(), general.get()) <= 0) {
      return Fail(OpensslError(ErrorCode::kInternal, "cannot list a subjectAltName"));
    }
    (void)general.release();  // `out` owns it now
  }
  return out;
}

}  // namespace veil::crypto
