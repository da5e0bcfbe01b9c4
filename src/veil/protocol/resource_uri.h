#pragma once
// Resource URIs as CoCo workloads name secrets: kbs:///<repository>/<type>/<tag>. The authority
// is empty because the agent asks the one trustee it attested to.

#include <string_view>

#include "veil/base/result.h"
#include "veil/protocol/resource_path.h"

namespace veil::protocol {

// kInvalidArgument (naming the URI and what is wrong) for any other scheme, a host, a query or
// fragment, or a path that is not a valid repository/type/tag.
Result<protocol::ResourcePath> ParseResourceUri(std::string_view uri);

}  // namespace veil::protocol
