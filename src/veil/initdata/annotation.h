#pragma once
// The Kata pod annotation that carries init-data to the runtime:
// `io.katacontainers.config.hypervisor.cc_init_data` = base64 (RFC 4648 §4, padded) of the gzip
// (RFC 1952) of the init-data TOML. Kata's runtime decodes it back to the exact TOML bytes and
// digests those (src/runtime/pkg/oci/utils.go, addHypervisorInitdataOverrides), so the digest is
// the TOML's, never the annotation's.

#include <string>
#include <string_view>

#include "veil/base/result.h"

namespace veil::initdata {

inline constexpr std::string_view kAnnotationKey =
    "io.katacontainers.config.hypervisor.cc_init_data";

// Deterministic: the same TOML always gives the same annotation (gzip header with mtime 0, no file
// name, OS 3 "Unix", compression level 9), so re-sealing a manifest does not change it.
std::string EncodeAnnotation(std::string_view toml);

// The TOML an annotation carries. kMalformed for text that is not base64, not a single gzip member
// or holds trailing bytes; kInvalidArgument when it would inflate past 1 MiB (ParseInitData's
// limit).
Result<std::string> DecodeAnnotation(std::string_view annotation);

}  // namespace veil::initdata
