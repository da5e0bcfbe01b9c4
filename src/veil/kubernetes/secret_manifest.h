#pragma once
// A Kubernetes Secret (core v1) as `veil pod secret` writes it and reads it back: the values are
// opaque text here (CoCo sealed secrets, src/veil/sealed_secret/), carried base64-encoded in
// `data` as the API server stores them. Written by hand, not by a YAML emitter, so the bytes are
// the same on every run: every field is validated to a form that needs no quoting.

#include <string>
#include <string_view>
#include <vector>

#include "veil/base/result.h"

namespace veil::kubernetes {

struct SecretEntry {
  std::string key;    // the data key: [-._a-zA-Z0-9]+, at most 253 characters
  std::string value;  // written as standard base64
};

// apiVersion v1, kind Secret, type Opaque, metadata name (a DNS subdomain: at most 253
// characters of [a-z0-9.-], alphanumeric at both ends) and namespace when not empty (a DNS
// label: at most 63 of [a-z0-9-]), then `data` with the entries sorted by key. `header` lines
// are written first as YAML comments. kInvalidArgument naming the offending field for an
// invalid name, namespace or key, a key given twice, or no entry at all.
Result<std::string> RenderSecretManifest(std::string_view name, std::string_view ns,
                                         std::vector<SecretEntry> entries,
                                         const std::vector<std::string>& header = {});

struct ManifestSecretValue {
  std::string secret;  // the Secret's metadata.name
  std::string key;
  std::string value;  // decoded from data (base64) or taken from stringData as is
};

// Every value of every `kind: Secret` document, in document order and, within one, data before
// stringData in key order. Other documents are skipped. kMalformed for YAML that does not
// parse, a data value that is not a string of valid base64.
Result<std::vector<ManifestSecretValue>> SecretValuesIn(std::string_view yaml);

}  // namespace veil::kubernetes
