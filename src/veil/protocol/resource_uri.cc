#include "veil/protocol/resource_uri.h"

#include <string>

namespace veil::protocol {
namespace {

constexpr std::string_view kScheme = "kbs:///";

Error UriError(std::string_view uri, std::string_view why) {
  return InvalidArgument("resource URI \"" + std::string(uri) + "\": " + std::string(why) +
                         " (expected kbs:///<repository>/<type>/<tag>)");
}

}  // namespace

Result<protocol::ResourcePath> ParseResourceUri(std::string_view uri) {
  if (uri.substr(0, kScheme.size()) != kScheme) {
    if (uri.substr(0, 6) == "kbs://")
      return Fail(UriError(uri, "names a host; only the attested trustee is asked"));
    return Fail(UriError(uri, "is not a kbs:/// URI"));
  }
  const std::string_view path = uri.substr(kScheme.size());
  if (path.find_first_of("?#") != std::string_view::npos)
    return Fail(UriError(uri, "has a query or fragment"));
  auto parsed = protocol::ResourcePath::Parse(path);
  if (!parsed) return Fail(UriError(uri, parsed.error().message));
  return parsed;
}

}  // namespace veil::protocol
