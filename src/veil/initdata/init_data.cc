#include "veil/initdata/init_data.h"

#include <toml++/toml.h>

#include "veil/crypto/digest.h"

namespace veil::initdata {
namespace {

Error InitDataError(std::string message) {
  return Error{ErrorCode::kMalformed, std::move(message), "init-data"};
}

Result<toml::table> ParseToml(std::string_view text) {
  try {  // toml++ reports syntax errors only by exception
    return toml::parse(text);
  } catch (const toml::parse_error& error) {
    return Fail(InitDataError("TOML syntax error at line " +
                              std::to_string(error.source().begin.line) + ": " +
                              std::string(error.description())));
  }
}

}  // namespace

Result<InitData> ParseInitData(std::string_view toml_text) {
  if (toml_text.size() > (1u << 20)) return Fail(InitDataError("init-data larger than 1 MiB"));
  VEIL_ASSIGN_OR_RETURN(toml::table root, ParseToml(toml_text));
  InitData out;
  const auto version = root["version"].value<std::string>();
  const auto algorithm = root["algorithm"].value<std::string>();
  if (!version) return Fail(InitDataError("missing string \"version\""));
  if (!algorithm) return Fail(InitDataError("missing string \"algorithm\""));
  const auto digest_algorithm = crypto::DigestFromName(*algorithm);
  if (!digest_algorithm || *digest_algorithm == crypto::DigestAlgorithm::kSha1) {
    return Fail(InitDataError("algorithm \"" + *algorithm + "\" is not sha256, sha384 or sha512"));
  }
  out.version = *version;
  out.algorithm = *algorithm;
  if (const toml::table* data = root["data"].as_table()) {
    for (const auto& [key, value] : *data) {
      const auto text = value.value<std::string>();
      if (!text) return Fail(InitDataError("data." + std::string(key.str()) + " must be a string"));
      out.data.emplace(std::string(key.str()), *text);
    }
  }
  out.digest = crypto::Digest(*digest_algorithm, AsBytes(toml_text));
  return out;
}

Bytes InitDataFieldValue(const InitData& init_data, std::size_t field_size) {
  Bytes value = init_data.digest;
  value.resize(field_size, 0);
  return value;
}

Bytes InitDataTpmPcr8(const InitData& init_data) {
  Bytes extend(32, 0);
  const Bytes digest = InitDataFieldValue(init_data, 32);
  extend.insert(extend.end(), digest.begin(), digest.end());
  return crypto::Sha256(extend);
}

}  // namespace veil::initdata
