#include "veil/crypto/jose/base64url.h"

#include "veil/base/base64.h"

namespace veil::crypto::jose {

Result<Bytes> DecodeBase64UrlField(std::string_view text, std::string_view what) {
  if (text.find('=') != std::string_view::npos) {
    return Fail(Malformed(std::string(what) + ": base64url must not be padded with '='"));
  }
  auto decoded = Base64UrlDecode(text);
  if (!decoded) return Fail(Malformed(std::string(what) + ": " + decoded.error().message));
  return std::move(*decoded);
}

}  // namespace veil::crypto::jose
