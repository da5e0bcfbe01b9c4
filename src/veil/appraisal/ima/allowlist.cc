#include "veil/appraisal/ima/allowlist.h"

#include <nlohmann/json.hpp>

#include "veil/base/hex.h"
#include "veil/evidence/ima/entry.h"
#include "veil/json/parse.h"

namespace veil::appraisal::ima {
namespace {

using nlohmann::json;

Error Invalid(const std::string& where, const std::string& why) {
  return InvalidArgument("allowlist: " + where + ": " + why);
}

Result<AllowedDigest> ParseDigest(const json& value, const std::string& path) {
  if (!value.is_string()) return Fail(Invalid("digests[\"" + path + "\"]", "not a string"));
  const std::string& text = value.get_ref<const std::string&>();
  const std::size_t colon = text.find(':');
  AllowedDigest out;
  if (colon != std::string::npos) out.algorithm = text.substr(0, colon);
  const std::size_t size = evidence::ima::FileDigestSize(out.algorithm);
  if (size == 0) {
    return Fail(Invalid("digests[\"" + path + "\"]",
                        "expected \"<algorithm>:<hex>\" with a known algorithm, found \"" +
                            text.substr(0, 80) + "\""));
  }
  auto digest = HexDecode(std::string_view(text).substr(colon + 1));
  if (!digest || digest->size() != size) {
    return Fail(Invalid("digests[\"" + path + "\"]", "\"" + text.substr(0, 80) + "\" is not " +
                                                         std::to_string(size) + " bytes of hex"));
  }
  out.digest = *std::move(digest);
  return out;
}

Status ParseDigests(const json& digests, Allowlist& out) {
  if (!digests.is_object()) return Fail(Invalid("digests", "not an object"));
  if (digests.size() > kMaxAllowlistPaths) {
    return Fail(Invalid("digests", "more than " + std::to_string(kMaxAllowlistPaths) + " paths"));
  }
  for (const auto& [path, list] : digests.items()) {
    if (path.empty() || path[0] != '/' || path.size() > kMaxAllowlistPathLength ||
        path.find('\0') != std::string::npos) {
      return Fail(Invalid("digests", "path \"" + path.substr(0, 80) +
                                         "\" is not an absolute path of at most 4096 bytes"));
    }
    if (!list.is_array() || list.empty() || list.size() > kMaxDigestsPerPath) {
      return Fail(Invalid("digests[\"" + path + "\"]", "expected an array of 1-64 digests"));
    }
    std::vector<AllowedDigest>& allowed = out.digests[path];
    for (const json& value : list) {
      VEIL_ASSIGN_OR_RETURN(AllowedDigest digest, ParseDigest(value, path));
      allowed.push_back(std::move(digest));
    }
  }
  return {};
}

Status ParseExcludes(const json& excludes, Allowlist& out) {
  if (!excludes.is_array() || excludes.size() > kMaxExcludes) {
    return Fail(Invalid(
        "excludes", "expected an array of at most " + std::to_string(kMaxExcludes) + " patterns"));
  }
  for (const json& value : excludes) {
    if (!value.is_string()) return Fail(Invalid("excludes", "a pattern is not a string"));
    auto glob = PathGlob::Parse(value.get_ref<const std::string&>());
    if (!glob) return Fail(Invalid("excludes", glob.error().message));
    out.excludes.push_back(*std::move(glob));
  }
  return {};
}

}  // namespace

const PathGlob* Allowlist::ExcludedBy(const std::string& path) const {
  for (const PathGlob& glob : excludes) {
    if (glob.Matches(path)) return &glob;
  }
  return nullptr;
}

Result<Allowlist> ParseAllowlist(std::string_view text) {
  VEIL_ASSIGN_OR_RETURN(const json document, veil::json::ParseJsonObject(text, "allowlist"));
  for (const auto& [name, value] : document.items()) {
    if (name != "version" && name != "digests" && name != "excludes") {
      return Fail(Invalid(name, "unknown member (version, digests, excludes)"));
    }
  }
  const auto version = document.find("version");
  if (version == document.end() || !version->is_number_unsigned() || *version != 1) {
    return Fail(Invalid("version", "expected 1"));
  }
  Allowlist out;
  const auto digests = document.find("digests");
  if (digests == document.end()) return Fail(Invalid("digests", "missing"));
  VEIL_TRY(ParseDigests(*digests, out));
  if (const auto excludes = document.find("excludes"); excludes != document.end()) {
    VEIL_TRY(ParseExcludes(*excludes, out));
  }
  return out;
}

std::string SerializeAllowlist(const Allowlist& allowlist) {
  json digests = json::object();
  for (const auto& [path, allowed] : allowlist.digests) {
    json list = json::array();
    for (const AllowedDigest& d : allowed) list.push_back(d.algorithm + ":" + HexEncode(d.digest));
    digests[path] = std::move(list);
  }
  json excludes = json::array();
  for (const PathGlob& glob : allowlist.excludes) excludes.push_back(glob.pattern());
  const json document = {{"version", 1}, {"digests", digests}, {"excludes", excludes}};
  return document.dump(2, ' ', false, json::error_handler_t::replace) + "\n";
}

}  // namespace veil::appraisal::ima
