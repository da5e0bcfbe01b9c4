#pragma once
// Init-data: the TOML document a Kata pod carries (CoCo "initdata" spec: `version`, `algorithm`,
// `[data]`) whose digest the host binds into the TEE (SNP HOST_DATA, TDX MRCONFIGID, TPM PCR 8).

#include <map>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::initdata {

struct InitData {
  std::string version;
  std::string algorithm;  // sha256 | sha384 | sha512
  std::map<std::string, std::string> data;
  Bytes digest;  // `algorithm` over the raw TOML bytes
};

// Parses the TOML text and digests its exact bytes.
Result<InitData> ParseInitData(std::string_view toml_text);

// The digest placed into a TEE field of `field_size` bytes: truncated or zero-padded.
Bytes InitDataFieldValue(const InitData& init_data, std::size_t field_size);

// TPM binding: PCR 8 after one SHA-256 extend from zero with the digest padded/cut to 32 bytes.
Bytes InitDataTpmPcr8(const InitData& init_data);

}  // namespace veil::initdata
