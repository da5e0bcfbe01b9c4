#include "veil/crypto/certificate_names.h"

#include <openssl/asn1.h>
#include <openssl/objects.h>
#include <openssl/x509v3.h>

#include <memory>

#include "veil/crypto/openssl_error.h"

namespace veil::crypto {
namespace {

inline void FreeEku(EXTENDED_KEY_USAGE* eku) { sk_ASN1_OBJECT_pop_free(eku, ASN1_OBJECT_free); }
inline void FreeGeneralNames(GENERAL_NAMES* names) { GENERAL_NAMES_free(names); }
using EkuPtr = std::unique_ptr<EXTENDED_KEY_USAGE, OsslDeleter<&FreeEku>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, OsslDeleter<&FreeGeneralNames>>;

// The decoded extension `nid`, or null with `*absent` set when the certificate lacks it.
// kMalformed when it occurs twice (crit == -2) or does not decode (crit >= 0 with null).
template <class T>
Result<T*> DecodeExtension(const Certificate& cert, int nid, std::string_view what, bool* absent) {
  int critical = 0;
  void* decoded = X509_get_ext_d2i(cert.get(), nid, &critical, nullptr);
  *absent = decoded == nullptr && critical == -1;
  if (decoded == nullptr && !*absent) {
    return Fail(OpensslError(ErrorCode::kMalformed,
                             critical == -2 ? std::string(what) + " extension occurs twice"
                                            : std::string(what) + " extension does not decode"));
  }
  return static_cast<T*>(decoded);
}

std::string DottedOid(const ASN1_OBJECT* object) {
  char text[128];
  const int length = OBJ_obj2txt(text, sizeof text, object, 1);
  if (length <= 0 || static_cast<std::size_t>(length) >= sizeof text) return {};
  return std::string(text, static_cast<std::size_t>(length));
}

Result<std::string> Utf8Text(const ASN1_STRING* value, std::string_view oid) {
  unsigned char* utf8 = nullptr;
  const int length = ASN1_STRING_to_UTF8(&utf8, value);
  if (length < 0) {
    return Fail(OpensslError(ErrorCode::kMalformed, "subject alternative name attribute " +
                                                        std::string(oid) + " is not text"));
  }
  std::string text(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(length));
  OPENSSL_free(utf8);
  return text;
}

Status AppendAttributes(const X509_NAME* name, std::vector<NameAttribute>& out) {
  for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
    const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
    const std::string oid = DottedOid(X509_NAME_ENTRY_get_object(entry));
    VEIL_ASSIGN_OR_RETURN(std::string value, Utf8Text(X509_NAME_ENTRY_get_data(entry), oid));
    out.push_back({oid, std::move(value)});
  }
  return {};
}

}  // namespace

Result<std::vector<std::string>> ExtendedKeyUsages(const Certificate& cert) {
  bool absent = false;
  VEIL_ASSIGN_OR_RETURN(
      EXTENDED_KEY_USAGE * raw,
      DecodeExtension<EXTENDED_KEY_USAGE>(cert, NID_ext_key_usage, "extended key usage", &absent));
  const EkuPtr eku(raw);
  std::vector<std::string> oids;
  if (absent) return oids;
  for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
    oids.push_back(DottedOid(sk_ASN1_OBJECT_value(eku.get(), i)));
  }
  return oids;
}

Result<std::vector<NameAttribute>> SubjectAltDirectoryAttributes(const Certificate& cert) {
  bool absent = false;
  VEIL_ASSIGN_OR_RETURN(GENERAL_NAMES * raw,
                        DecodeExtension<GENERAL_NAMES>(cert, NID_subject_alt_name,
                                                       "subject alternative name", &absent));
  const GeneralNamesPtr names(raw);
  std::vector<NameAttribute> attributes;
  if (absent) return attributes;
  for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* name = sk_GENERAL_NAME_value(names.get(), i);
    if (name->type != GEN_DIRNAME) continue;
    VEIL_TRY(AppendAttributes(name->d.directoryName, attributes));
  }
  return attributes;
}

}  // namespace veil::crypto
