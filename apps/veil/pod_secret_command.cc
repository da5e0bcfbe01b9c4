#include "pod_secret_command.h"

#include <fstream>
#include <iostream>
#include <memory>

#include "veil/base/file.h"
#include "veil/crypto/private_key.h"
#include "veil/kubernetes/secret_manifest.h"
#include "veil/protocol/resource_uri.h"
#include "veil/sealed_secret/seal.h"
#include "veil/sealed_secret/sealed_string.h"
#include "veil/sealed_secret/verify.h"

namespace veil::cli {
namespace {

constexpr std::size_t kMaxInputBytes = std::size_t{16} << 20;

struct SecretFlags {
  std::string name, ns, key, sign, kid, jwk_out, out;
  std::vector<std::string> resources, entries;
};

struct InspectFlags {
  std::string input, verify;
};

// One data key and the resource its sealed secret points at.
struct Entry {
  std::string key;
  protocol::ResourcePath resource;
};

// --resource URI (key: its tag, or --key with exactly one) and --entry KEY=URI.
Result<std::vector<Entry>> Entries(const SecretFlags& flags) {
  if (!flags.key.empty() && flags.resources.size() != 1) {
    return Fail(
        InvalidArgument("--key names the key of a single --resource; use --entry "
                        "KEY=kbs:///REPO/TYPE/TAG for several"));
  }
  std::vector<Entry> entries;
  for (const std::string& uri : flags.resources) {
    VEIL_ASSIGN_OR_RETURN(protocol::ResourcePath path, protocol::ParseResourceUri(uri));
    std::string key = flags.key.empty() ? std::string(path.tag()) : flags.key;
    entries.push_back(Entry{std::move(key), std::move(path)});
  }
  for (const std::string& entry : flags.entries) {
    const std::size_t equals = entry.find('=');
    if (equals == std::string::npos) {
      return Fail(InvalidArgument("--entry \"" + entry + "\" is not KEY=kbs:///REPO/TYPE/TAG"));
    }
    VEIL_ASSIGN_OR_RETURN(protocol::ResourcePath path,
                          protocol::ParseResourceUri(entry.substr(equals + 1)));
    entries.push_back(Entry{entry.substr(0, equals), std::move(path)});
  }
  if (entries.empty()) {
    return Fail(InvalidArgument("give at least one --resource or --entry KEY=URI"));
  }
  return entries;
}

// The signing key and the sealed string of each entry.
Result<std::vector<kubernetes::SecretEntry>> Seal(const SecretFlags& flags,
                                                  const std::vector<Entry>& entries,
                                                  const crypto::PrivateKey* key) {
  std::vector<kubernetes::SecretEntry> sealed;
  for (const Entry& entry : entries) {
    const sealed_secret::Secret secret = sealed_secret::KbsVaultSecret(entry.resource);
    VEIL_ASSIGN_OR_RETURN(std::string text,
                          key == nullptr ? sealed_secret::SealUnsigned(secret)
                                         : sealed_secret::SealSigned(secret, *key, flags.kid));
    sealed.push_back(kubernetes::SecretEntry{entry.key, std::move(text)});
  }
  return sealed;
}

Status WriteText(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << text;
  file.close();
  if (!file) return Fail(Error{ErrorCode::kUnavailable, "cannot write " + path, "pod"});
  return {};
}

Result<std::string> BuildManifest(const SecretFlags& flags) {
  if (flags.sign.empty() != flags.kid.empty()) {
    return Fail(
        InvalidArgument("--sign and --kid go together: the key signs, the kid tells the "
                        "guest where to find its public half"));
  }
  if (!flags.jwk_out.empty() && flags.sign.empty()) {
    return Fail(InvalidArgument("--jwk-out writes the public half of --sign's key"));
  }
  VEIL_ASSIGN_OR_RETURN(const std::vector<Entry> entries, Entries(flags));
  std::optional<crypto::PrivateKey> key;
  if (!flags.sign.empty()) {
    VEIL_ASSIGN_OR_RETURN(const std::string pem, ReadFileText(flags.sign, 1u << 20));
    auto parsed = crypto::PrivateKey::FromPem(pem);
    if (!parsed) return Fail(InvalidArgument(flags.sign + ": " + parsed.error().message));
    key = std::move(*parsed);
  }
  VEIL_ASSIGN_OR_RETURN(std::vector<kubernetes::SecretEntry> sealed,
                        Seal(flags, entries, key ? &*key : nullptr));
  const std::vector<std::string> header = {
      "Written by veil pod secret. Each value is a CoCo sealed secret that names a secret the",
      "trustee holds; only an attested pod's confidential-data-hub unseals it "
      "(docs/kubernetes.md).",
      key ? "Signed (ES256): the guest verifies it with the public key at " + flags.kid + "."
          : "Unsigned: the guest's confidential-data-hub must skip sealed-secret verification."};
  VEIL_ASSIGN_OR_RETURN(std::string manifest, kubernetes::RenderSecretManifest(
                                                  flags.name, flags.ns, std::move(sealed), header));
  if (!flags.jwk_out.empty()) {
    VEIL_ASSIGN_OR_RETURN(const std::string jwk,
                          sealed_secret::VerificationJwk(key->GetPublicKey(), flags.kid));
    VEIL_TRY(WriteText(flags.jwk_out, jwk));
  }
  return manifest;
}

int WriteSecret(const SecretFlags& flags) {
  auto manifest = BuildManifest(flags);
  if (!manifest) {
    std::cerr << "veil pod secret: " << manifest.error().ToString() << "\n";
    return 2;
  }
  if (flags.out.empty()) {
    std::cout << *manifest;
  } else if (auto written = WriteText(flags.out, *manifest); !written) {
    std::cerr << "veil pod secret: " << written.error().ToString() << "\n";
    return 2;
  }
  if (!flags.kid.empty() && flags.kid.starts_with("kbs:///")) {
    std::cerr << "veil pod secret: store the public key for the guest to verify with: veil secret "
                 "put "
              << flags.kid.substr(7) << " "
              << (flags.jwk_out.empty() ? "<the JWK from --jwk-out>" : flags.jwk_out) << "\n";
  }
  return 0;
}

// One sealed string: its fields, and whether its signature verifies under `key`; raises
// `exit_code` to 2 for a malformed string, to 1 for a signature that does not verify.
void Describe(std::ostream& out, std::string_view label, std::string_view text,
              const crypto::PublicKey* key, int& exit_code) {
  out << label << ":\n";
  auto sealed = sealed_secret::ParseSealedSecret(text);
  if (!sealed) {
    out << "  error: " << sealed.error().ToString() << "\n";
    exit_code = 2;
    return;
  }
  if (sealed->signature) {
    out << "  form: signed, alg " << sealed->signature->alg << ", kid " << sealed->signature->kid
        << "\n";
  } else {
    out << "  form: unsigned (confidential-data-hub unseals it only with "
           "skip_sealed_secret_verification)\n";
  }
  const sealed_secret::Secret& secret = sealed->secret;
  out << "  version: " << secret.version << "\n  type: " << sealed_secret::SecretTypeName(secret)
      << "\n";
  if (const auto* vault = std::get_if<sealed_secret::VaultSecret>(&secret.content)) {
    out << "  provider: " << vault->provider << "\n  name: " << vault->name
        << "\n  provider_settings: " << vault->provider_settings.dump()
        << "\n  annotations: " << vault->annotations.dump() << "\n";
  } else {
    const auto& envelope = std::get<sealed_secret::EnvelopeSecret>(secret.content);
    out << "  provider: " << envelope.provider << "\n  key_id: " << envelope.key_id
        << "\n  wrap_type: " << sealed_secret::WrapTypeName(envelope.wrap_type)
        << "\n  encrypted_data: " << envelope.encrypted_data.size() << " base64 characters\n";
  }
  if (key == nullptr) {
    if (sealed->signature) out << "  signature: not verified (give --verify KEY)\n";
    return;
  }
  if (auto verified = sealed_secret::VerifySealedSecret(*sealed, *key); !verified) {
    out << "  signature: REFUSED: " << verified.error().ToString() << "\n";
    exit_code = std::max(exit_code, 1);
    return;
  }
  out << "  signature: verified\n";
}

std::string_view Trim(std::string_view text) {
  const std::size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return {};
  return text.substr(start, text.find_last_not_of(" \t\r\n") - start + 1);
}

int Inspect(const InspectFlags& flags) {
  std::optional<crypto::PublicKey> key;
  if (!flags.verify.empty()) {
    auto text = ReadFileText(flags.verify, 1u << 20);
    auto parsed = text ? sealed_secret::ParseVerificationKey(*text)
                       : Result<crypto::PublicKey>(Fail(text.error()));
    if (!parsed) {
      std::cerr << "veil pod secret inspect: " << flags.verify << ": " << parsed.error().ToString()
                << "\n";
      return 2;
    }
    key = std::move(*parsed);
  }
  const crypto::PublicKey* verify = key ? &*key : nullptr;
  int exit_code = 0;
  if (flags.input.starts_with(sealed_secret::kSealedPrefix)) {
    Describe(std::cout, "sealed secret", flags.input, verify, exit_code);
    return exit_code;
  }
  auto text = ReadFileText(flags.input, kMaxInputBytes);
  if (!text) {
    std::cerr << "veil pod secret inspect: " << text.error().ToString() << "\n";
    return 2;
  }
  if (Trim(*text).starts_with(sealed_secret::kSealedPrefix)) {
    Describe(std::cout, flags.input, Trim(*text), verify, exit_code);
    return exit_code;
  }
  auto values = kubernetes::SecretValuesIn(*text);
  if (!values || values->empty()) {
    std::cerr << "veil pod secret inspect: " << flags.input << ": "
              << (values ? "neither a sealed secret nor a manifest with a Secret"
                         : values.error().ToString())
              << "\n";
    return 2;
  }
  for (const kubernetes::ManifestSecretValue& value : *values) {
    const std::string label = value.secret + " " + value.key;
    if (!value.value.starts_with(sealed_secret::kSealedPrefix)) {
      std::cout << label << ":\n  NOT SEALED: this value is in the cluster in clear\n";
      exit_code = std::max(exit_code, 1);
      continue;
    }
    Describe(std::cout, label, value.value, verify, exit_code);
  }
  return exit_code;
}

void RegisterInspect(CLI::App& secret, int& exit_code) {
  auto flags = std::make_shared<InspectFlags>();
  CLI::App* inspect = secret.add_subcommand(
      "inspect",
      "Print a sealed secret's fields and, with --verify, check its signature as the guest does");
  inspect
      ->add_option("input", flags->input,
                   "A sealed secret (sealed.…), a file holding one, or a manifest whose Secrets "
                   "are checked value by value")
      ->required();
  inspect
      ->add_option("--verify", flags->verify,
                   "The signer's public key: the JWK stored at the kid, or a PEM public key")
      ->check(CLI::ExistingFile);
  inspect->footer(
      "Examples:\n  veil pod secret inspect db-secret.yaml --verify signer.jwk\n"
      "  veil pod secret inspect sealed.fakejwsheader.eyJ2….fakesignature");
  inspect->callback([flags, &exit_code] { exit_code = Inspect(*flags); });
}

}  // namespace

void RegisterPodSecretCommands(CLI::App& pod, int& exit_code) {
  auto flags = std::make_shared<SecretFlags>();
  CLI::App* secret = pod.add_subcommand(
      "secret",
      "Write a Kubernetes Secret whose values are CoCo sealed secrets: references to secrets "
      "the trustee holds, unsealed only inside an attested pod");
  secret->require_subcommand(0, 1);
  secret->add_option("name", flags->name, "The Secret's name (metadata.name)");
  secret->add_option("--resource", flags->resources,
                     "kbs:///REPO/TYPE/TAG of a secret in the trustee; its data key is TAG "
                     "(repeatable)");
  secret->add_option("--key", flags->key, "The data key of the one --resource (default: TAG)");
  secret->add_option("--entry", flags->entries,
                     "KEY=kbs:///REPO/TYPE/TAG: a data key and its secret (repeatable)");
  secret->add_option("--namespace", flags->ns, "The Secret's namespace (default: none written)");
  secret
      ->add_option("--sign", flags->sign,
                   "EC P-256 private key (PEM) to sign each sealed secret with (ES256, the one "
                   "algorithm the guest verifies)")
      ->check(CLI::ExistingFile);
  secret->add_option("--kid", flags->kid,
                     "With --sign: where the guest finds the public key, a kbs:///REPO/TYPE/TAG "
                     "in the trustee or a credential file name");
  secret->add_option("--jwk-out", flags->jwk_out,
                     "With --sign: write the public key as the JWK the guest reads at --kid");
  secret->add_option("--out", flags->out, "Write the Secret manifest to FILE instead of stdout");
  secret->footer(
      "Examples:\n"
      "  veil pod secret db-credentials --resource kbs:///default/db/password --namespace shop\n"
      "  veil pod secret db-credentials --entry user=kbs:///default/db/user \\\n"
      "      --entry password=kbs:///default/db/password --sign signer.pem \\\n"
      "      --kid kbs:///default/signing-key/pub --jwk-out signer.jwk --out db-secret.yaml\n"
      "Store each secret with veil secret put REPO/TYPE/TAG FILE, and for signed ones the\n"
      "public JWK at the kid. See docs/kubernetes.md, \"Sealed secrets\".");
  RegisterInspect(*secret, exit_code);
  CLI::App* inspect = secret->get_subcommand("inspect");
  secret->callback([flags, inspect, &exit_code] {
    if (inspect->parsed()) return;
    if (flags->name.empty()) {
      std::cerr << "veil pod secret: give the Secret's NAME (or: veil pod secret inspect)\n";
      exit_code = 2;
      return;
    }
    exit_code = WriteSecret(*flags);
  });
}

}  // namespace veil::cli
