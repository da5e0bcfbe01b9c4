#include "veil/kubernetes/registration/init_data_reference.h"

#include <algorithm>
#include <set>

#include "veil/protocol/resource_uri.h"

namespace veil::kubernetes {
namespace {

// The trustee's limit on a reference value name (store/reference_value.h).
constexpr std::size_t kMaxNameSize = 128;

std::string_view NamePrefix(ReferenceBinding binding) {
  return binding == ReferenceBinding::kInitData ? "init-data." : "veil-agent-pcr23.";
}

void AppendEscaped(std::string& out, std::string_view segment) {
  for (const char c : segment) {
    if (c == '_' || c == '.') {
      out += '_';
      out += c;
    } else if (c >= 'A' && c <= 'Z') {
      out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t' || text.front() == '\n'))
    text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\n'))
    text.remove_suffix(1);
  return text;
}

std::string Provenance(const SealedWorkload& workload) {
  return "veil pod seal: " + workload.manifest + ": " + workload.object +
         (workload.ns.empty() ? " (no namespace in the manifest)"
                              : " (namespace " + workload.ns + ")");
}

}  // namespace

Result<std::string> InitDataReferenceName(const protocol::ResourcePath& resource,
                                          ReferenceBinding binding) {
  std::string name(NamePrefix(binding));
  AppendEscaped(name, resource.repository());
  name += '.';
  AppendEscaped(name, resource.type());
  name += '.';
  AppendEscaped(name, resource.tag());
  if (name.size() > kMaxNameSize) {
    return Fail(InvalidArgument("resource " + resource.str() + ": its reference value name " +
                                "would be " + std::to_string(name.size()) +
                                " characters, more than the trustee's " +
                                std::to_string(kMaxNameSize) + ": use a shorter path"));
  }
  return name;
}

Result<std::vector<protocol::ResourcePath>> ParseResourceList(std::string_view text) {
  std::vector<protocol::ResourcePath> resources;
  while (!Trim(text).empty()) {
    const std::size_t comma = std::min(text.find(','), text.size());
    const std::string_view uri = Trim(text.substr(0, comma));
    text.remove_prefix(std::min(comma + 1, text.size()));
    if (uri.empty()) continue;
    VEIL_ASSIGN_OR_RETURN(protocol::ResourcePath path, protocol::ParseResourceUri(uri));
    if (std::find(resources.begin(), resources.end(), path) == resources.end())
      resources.push_back(std::move(path));
  }
  return resources;
}

Result<std::vector<InitDataReference>> PlanInitDataReferences(
    const std::vector<SealedWorkload>& workloads) {
  std::vector<InitDataReference> references;
  std::set<std::pair<std::string, std::string>> seen;  // (name, value)
  for (const SealedWorkload& workload : workloads) {
    std::string value = workload.digest_hex;
    std::transform(value.begin(), value.end(), value.begin(), [](char c) {
      return c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    for (const protocol::ResourcePath& resource : workload.resources) {
      VEIL_ASSIGN_OR_RETURN(std::string name, InitDataReferenceName(resource, workload.binding));
      if (!seen.emplace(name, value).second) continue;
      references.push_back(
          {resource, workload.binding, std::move(name), value, Provenance(workload)});
    }
  }
  return references;
}

std::vector<BoundResource> ReferencedResources(const std::vector<InitDataReference>& references) {
  std::vector<BoundResource> resources;
  resources.reserve(references.size());
  for (const InitDataReference& reference : references)
    resources.push_back({reference.resource, reference.binding});
  std::sort(resources.begin(), resources.end(), [](const BoundResource& a, const BoundResource& b) {
    return a.resource != b.resource ? a.resource < b.resource : a.binding < b.binding;
  });
  resources.erase(std::unique(resources.begin(), resources.end()), resources.end());
  return resources;
}

}  // namespace veil::kubernetes
