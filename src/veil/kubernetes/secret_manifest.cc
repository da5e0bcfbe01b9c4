#include "veil/kubernetes/secret_manifest.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

#include "veil/base/base64.h"
#include "veil/kubernetes/manifest_document.h"
#include "veil/kubernetes/yaml_documents.h"

namespace veil::kubernetes {
namespace {

constexpr std::size_t kMaxSubdomain = 253;
constexpr std::size_t kMaxLabel = 63;

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// RFC 1123 as Kubernetes validates object names and namespaces (dots allowed or not).
Status CheckDnsName(std::string_view what, std::string_view text, std::size_t max, bool dots) {
  const bool chars_ok = std::all_of(text.begin(), text.end(), [dots](char c) {
    return IsLowerAlnum(c) || c == '-' || (dots && c == '.');
  });
  if (text.empty() || text.size() > max || !chars_ok || !IsLowerAlnum(text.front()) ||
      !IsLowerAlnum(text.back())) {
    return Fail(InvalidArgument(std::string(what) + " \"" + std::string(text) + "\" is not " +
                                (dots ? "a DNS subdomain" : "a DNS label") + " (at most " +
                                std::to_string(max) + " characters of a-z, 0-9, '-'" +
                                (dots ? ", '.'" : "") + ", alphanumeric at both ends)"));
  }
  return {};
}

// Kubernetes' IsConfigMapKey: [-._a-zA-Z0-9]+, at most 253, not "." or "..".
Status CheckKey(std::string_view key) {
  const bool chars_ok = std::all_of(key.begin(), key.end(), [](char c) {
    return IsLowerAlnum(c) || (c >= 'A' && c <= 'Z') || c == '-' || c == '_' || c == '.';
  });
  if (key.empty() || key.size() > kMaxSubdomain || !chars_ok || key == "." || key == "..") {
    return Fail(InvalidArgument("Secret key \"" + std::string(key) +
                                "\" is not a valid data key (1 to 253 characters of a-z, A-Z, "
                                "0-9, '-', '_', '.'; not \".\" or \"..\")"));
  }
  return {};
}

// `text` (already validated: no quote, no space) as a YAML scalar that reads back as a string:
// plain when it starts with a letter and is no YAML 1.1 boolean or null, else single-quoted
// (so "123", "1e3", "true" or "null" stay strings for every YAML reader).
std::string YamlString(std::string_view text) {
  std::string lower;
  for (const char c : text) lower += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  constexpr std::string_view kWords[] = {"y",   "n",    "yes",   "no",  "on",
                                         "off", "true", "false", "null"};
  const bool letter =
      (text.front() >= 'a' && text.front() <= 'z') || (text.front() >= 'A' && text.front() <= 'Z');
  const bool word = std::find(std::begin(kWords), std::end(kWords), lower) != std::end(kWords);
  return letter && !word ? std::string(text) : "'" + std::string(text) + "'";
}

Error ManifestError(std::size_t index, std::string message) {
  return Error{ErrorCode::kMalformed,
               "document " + std::to_string(index + 1) + ": " + std::move(message), "kubernetes"};
}

std::string ScalarOf(const YAML::Node& map, const char* key) {
  if (!map.IsDefined() || !map.IsMap()) return "";
  const YAML::Node value = map[key];
  return value.IsDefined() && value.IsScalar() ? value.Scalar() : "";
}

// The entries of one map (`data` or `stringData`); yaml-cpp keeps document order, so sort.
Result<std::vector<ManifestSecretValue>> ValuesOf(const YAML::Node& map, const std::string& name,
                                                  bool base64, std::size_t index) {
  std::vector<ManifestSecretValue> values;
  if (!map.IsDefined() || map.IsNull()) return values;
  if (!map.IsMap()) return Fail(ManifestError(index, name + ": data is not a map"));
  for (const auto& item : map) {
    if (!item.first.IsScalar() || !item.second.IsScalar()) {
      return Fail(ManifestError(index, name + ": a data entry is not a string"));
    }
    ManifestSecretValue value{name, item.first.Scalar(), item.second.Scalar()};
    if (base64) {
      auto decoded = Base64Decode(value.value);
      if (!decoded) {
        return Fail(ManifestError(
            index, name + ": data." + value.key + " is not base64: " + decoded.error().message));
      }
      value.value.assign(decoded->begin(), decoded->end());
    }
    values.push_back(std::move(value));
  }
  std::sort(values.begin(), values.end(),
            [](const auto& a, const auto& b) { return a.key < b.key; });
  return values;
}

Result<std::vector<ManifestSecretValue>> DocumentValues(const YamlDocumentText& document,
                                                        std::size_t index) {
  VEIL_ASSIGN_OR_RETURN(YAML::Node object, LoadManifestDocument(document, index));
  if (!object.IsMap() || ScalarOf(object, "kind") != "Secret") {
    return std::vector<ManifestSecretValue>();
  }
  const std::string name = "Secret/" + ScalarOf(object["metadata"], "name");
  VEIL_ASSIGN_OR_RETURN(std::vector<ManifestSecretValue> values,
                        ValuesOf(object["data"], name, true, index));
  VEIL_ASSIGN_OR_RETURN(std::vector<ManifestSecretValue> plain,
                        ValuesOf(object["stringData"], name, false, index));
  values.insert(values.end(), plain.begin(), plain.end());
  return values;
}

}  // namespace

Result<std::string> RenderSecretManifest(std::string_view name, std::string_view ns,
                                         std::vector<SecretEntry> entries,
                                         const std::vector<std::string>& header) {
  VEIL_TRY(CheckDnsName("Secret name", name, kMaxSubdomain, true));
  if (!ns.empty()) VEIL_TRY(CheckDnsName("namespace", ns, kMaxLabel, false));
  if (entries.empty()) return Fail(InvalidArgument("a Secret needs at least one entry"));
  std::sort(entries.begin(), entries.end(),
            [](const SecretEntry& a, const SecretEntry& b) { return a.key < b.key; });
  for (std::size_t i = 0; i < entries.size(); ++i) {
    VEIL_TRY(CheckKey(entries[i].key));
    if (i > 0 && entries[i].key == entries[i - 1].key) {
      return Fail(InvalidArgument("Secret key \"" + entries[i].key + "\" is given twice"));
    }
  }
  std::string yaml;
  for (const std::string& line : header) yaml += line.empty() ? "#\n" : "# " + line + "\n";
  yaml += "apiVersion: v1\nkind: Secret\nmetadata:\n  name: " + YamlString(name) + "\n";
  if (!ns.empty()) yaml += "  namespace: " + YamlString(ns) + "\n";
  yaml += "type: Opaque\ndata:\n";
  for (const SecretEntry& entry : entries) {
    yaml += "  " + YamlString(entry.key) + ": " + Base64Encode(AsBytes(entry.value)) + "\n";
  }
  return yaml;
}

Result<std::vector<ManifestSecretValue>> SecretValuesIn(std::string_view yaml) {
  std::vector<ManifestSecretValue> values;
  const std::vector<YamlDocumentText> documents = SplitYamlDocuments(yaml);
  for (std::size_t i = 0; i < documents.size(); ++i) {
    VEIL_ASSIGN_OR_RETURN(std::vector<ManifestSecretValue> more, DocumentValues(documents[i], i));
    values.insert(values.end(), std::make_move_iterator(more.begin()),
                  std::make_move_iterator(more.end()));
  }
  return values;
}

}  // namespace veil::kubernetes
