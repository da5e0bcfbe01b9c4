#include "payload_command.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <system_error>

#include "admin_connection.h"
#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/base/private_file.h"
#include "veil/base/unique_fd.h"
#include "veil/crypto/aes_gcm.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/random.h"
#include "veil/payload/payload.h"
#include "veil/payload/tar/reader.h"

namespace veil::cli {
namespace {

struct EncryptOptions {
  std::string key_resource, in, out, key_out;
  Connection connection;
};

struct InspectOptions {
  std::string file;
  bool json = false;
};

struct DecryptOptions {
  std::string key_file, in, out;
};

Error FileError(std::string_view what, const std::string& path) {
  return Unavailable(std::string(what) + " " + path + ": " +
                     std::generic_category().message(errno));
}

// Early, before any work: the real guard is WriteNewFile's O_EXCL, which never replaces a file.
Status RefuseExisting(const std::string& path) {
  std::error_code ignored;
  if (std::filesystem::symlink_status(path, ignored).type() !=
      std::filesystem::file_type::not_found) {
    return Fail(InvalidArgument(path + " exists; refusing to overwrite it"));
  }
  return {};
}

// A key file holds the 32 raw key bytes, exactly what the trustee stores as the secret.
Result<crypto::SecretBytes> ReadKeyFile(const std::string& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return Fail(FileError("cannot open", path));
  crypto::SecretBytes key(crypto::kAesGcmKeySize + 1);  // one more, to notice a longer file
  std::size_t filled = 0;
  while (filled < key.size()) {
    const ssize_t n = ::read(fd.get(), key.mutable_span().data() + filled, key.size() - filled);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return Fail(FileError("cannot read", path));
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  if (filled != crypto::kAesGcmKeySize) {
    return Fail(InvalidArgument(
        "--key-file " + path + ": expected the 32 raw bytes of an AES-256 key, found " +
        (filled > crypto::kAesGcmKeySize ? "more" : std::to_string(filled)) + " bytes"));
  }
  key.Truncate(filled);
  return key;
}

Result<Bytes> ReadPayloadFile(const std::string& path) {
  return ReadFileBytes(path, payload::kMaxPayloadSize);
}

// The HTTP client copies the body into buffers nobody cleanses; the key lives in this
// short-lived process either way, and is never printed.
Status StoreKey(const admin_client::AdminClient& client, const protocol::ResourcePath& resource,
                const crypto::SecretBytes& key) {
  VEIL_TRY(client.PutSecret(resource, key.span()));
  return {};
}

void PrintEncrypted(const EncryptOptions& options, const protocol::ResourcePath& resource,
                    std::size_t plaintext_size, const Bytes& sealed, bool stored_in_trustee) {
  std::cout << "encrypted " << options.in << " (" << plaintext_size << " bytes) into "
            << options.out << " (" << sealed.size() << " bytes)\n";
  if (stored_in_trustee) {
    std::cout << "key: a fresh AES-256 key, stored in the trustee at " << options.connection.url
              << " as the secret " << resource.str() << " (replacing any earlier secret there)\n";
  } else {
    std::cout << "key: a fresh AES-256 key, written to " << options.key_out
              << " (0600, 32 raw bytes); the trustee was not contacted.\n"
              << "     Store it with: veil secret put " << resource.str() << " " << options.key_out
              << "\n";
  }
  std::cout << "sha256: " << HexEncode(crypto::Sha256(sealed)) << " (of " << options.out
            << ", what veil-agent measures)\n";
}

// veil-agent extracts a payload as a tar archive, so a bundle it would refuse is refused here,
// before a key is made or stored, with the reason the agent would give.
Status CheckBundle(const std::string& path, ByteSpan bundle) {
  payload::tar::TarReader reader(bundle);
  std::size_t entries = 0;
  while (true) {
    auto entry = reader.Next();
    if (!entry) {
      return Fail(InvalidArgument(
          path + " is not a tar archive veil-agent can extract: " + entry.error().message));
    }
    if (!*entry) break;
    ++entries;
  }
  if (entries == 0) return Fail(InvalidArgument(path + " is a tar archive without any file"));
  return {};
}

Result<int> Encrypt(const EncryptOptions& options) {
  auto resource = protocol::ResourcePath::Parse(options.key_resource);
  if (!resource) return Fail(InvalidArgument("--key-resource: " + resource.error().message));
  VEIL_TRY(RefuseExisting(options.out));
  if (!options.key_out.empty()) VEIL_TRY(RefuseExisting(options.key_out));
  VEIL_ASSIGN_OR_RETURN(const Bytes plaintext, ReadPayloadFile(options.in));
  VEIL_TRY(CheckBundle(options.in, plaintext));
  const SystemClock clock;
  std::optional<admin_client::AdminClient> client;
  if (options.key_out.empty()) {  // connect before anything is written
    auto connected = Connect(options.connection, clock);
    if (!connected) return Fail(std::move(connected).error());
    client.emplace(std::move(*connected));
  }
  const crypto::SecretBytes key = crypto::RandomSecretBytes(crypto::kAesGcmKeySize);
  VEIL_ASSIGN_OR_RETURN(const Bytes sealed, payload::EncryptPayload(plaintext, key, *resource));
  VEIL_TRY(WriteNewFile(options.out, sealed, 0644));
  // The payload stays only if its key was kept: a payload without its key is useless.
  Status kept =
      client ? StoreKey(*client, *resource, key) : WriteNewFile(options.key_out, key.span(), 0600);
  if (!kept) {
    std::error_code ignored;
    std::filesystem::remove(options.out, ignored);
    return Fail(std::move(kept).error());
  }
  PrintEncrypted(options, *resource, plaintext.size(), sealed, client.has_value());
  return 0;
}

Result<int> Inspect(const InspectOptions& options) {
  VEIL_ASSIGN_OR_RETURN(const Bytes file, ReadPayloadFile(options.file));
  VEIL_ASSIGN_OR_RETURN(const payload::PayloadHeader header, payload::ReadPayloadHeader(file));
  const std::string digest = HexEncode(crypto::Sha256(file));
  if (options.json) {
    const nlohmann::json out = {{"file", options.file},
                                {"version", header.version},
                                {"alg", header.algorithm},
                                {"key_resource", header.key_resource.str()},
                                {"nonce", Base64UrlEncode(header.nonce)},
                                {"plaintext_size", header.plaintext_size},
                                {"size", file.size()},
                                {"sha256", digest}};
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << options.file << ": Veil payload, format version " << header.version << "\n"
            << "  alg             " << header.algorithm << "\n"
            << "  key_resource    " << header.key_resource.str() << "\n"
            << "  nonce           " << Base64UrlEncode(header.nonce) << "\n"
            << "  plaintext_size  " << header.plaintext_size << " bytes\n"
            << "  size            " << file.size() << " bytes\n"
            << "  sha256          " << digest << "\n"
            << "The header is authenticated only when the payload is decrypted with its key.\n";
  return 0;
}

Result<int> Decrypt(const DecryptOptions& options) {
  VEIL_TRY(RefuseExisting(options.out));
  VEIL_ASSIGN_OR_RETURN(const crypto::SecretBytes key, ReadKeyFile(options.key_file));
  VEIL_ASSIGN_OR_RETURN(const Bytes file, ReadPayloadFile(options.in));
  VEIL_ASSIGN_OR_RETURN(const payload::PayloadHeader header, payload::ReadPayloadHeader(file));
  auto plaintext = payload::DecryptPayload(file, key);
  if (!plaintext && plaintext.error().code == ErrorCode::kVerificationFailed) {
    // The key came from --key-file, not from the trustee: say so.
    return Fail(VerificationFailed("the key in --key-file " + options.key_file + " does not open " +
                                   options.in + " (a payload for the key resource " +
                                   header.key_resource.str() +
                                   "): a wrong key, or the payload was modified"));
  }
  if (!plaintext) return Fail(std::move(plaintext).error());
  VEIL_TRY(WriteNewFile(options.out, plaintext->span(), 0600));
  std::cout << "decrypted " << options.in << " into " << options.out << " (" << plaintext->size()
            << " bytes, 0600) with the key of " << header.key_resource.str() << "\n";
  return 0;
}

int Run(const Result<int>& outcome) { return outcome ? *outcome : Report(outcome.error()); }

void RegisterEncrypt(CLI::App& payload, int& exit_code) {
  auto options = std::make_shared<EncryptOptions>();
  CLI::App* encrypt = payload.add_subcommand(
      "encrypt", "Encrypt a workload bundle under a fresh key held by the trustee");
  encrypt
      ->add_option("--key-resource", options->key_resource,
                   "Secret path REPO/TYPE/TAG for the key (as `veil secret put`; any secret there "
                   "is replaced)")
      ->required();
  encrypt->add_option(
      "--key-out", options->key_out,
      "Write the key (32 raw bytes) to this new 0600 file instead of storing it in the trustee");
  encrypt->add_option("in", options->in, "The workload bundle: a tar archive")->required();
  encrypt->add_option("out", options->out, "The payload file to create (must not exist)")
      ->required();
  AddConnectionOptions(encrypt, options->connection);
  encrypt->footer(
      "The key is generated here, never printed, and kept only by the trustee (or in --key-out); "
      "veil-agent\n"
      "fetches it after attestation. The payload is written only if the key was stored.\n"
      "Exit status: 0 done, 1 refused by the trustee, 2 usage error, unreadable input, existing "
      "output,\n"
      "unreachable trustee.\n\n"
      "Examples:\n"
      "  VEIL_ADMIN_KEY=admin/admin.key veil payload encrypt --key-resource default/payload/web "
      "bundle.tar "
      "bundle.veil\n"
      "  veil payload encrypt --key-resource default/payload/web --key-out web.key bundle.tar "
      "bundle.veil");
  encrypt->callback([options, &exit_code] { exit_code = Run(Encrypt(*options)); });
}

void RegisterInspect(CLI::App& payload, int& exit_code) {
  auto options = std::make_shared<InspectOptions>();
  CLI::App* inspect =
      payload.add_subcommand("inspect", "Show a payload's header and SHA-256 (no key needed)");
  inspect->add_option("file", options->file, "The payload file")->required();
  inspect->add_flag("--json", options->json,
                    "Print {\"file\", \"version\", \"alg\", \"key_resource\", \"nonce\", "
                    "\"plaintext_size\", \"size\", "
                    "\"sha256\"}");
  inspect->footer(
      "Checks the framing only: the header is authenticated when the payload is decrypted.\n"
      "Exit status: 0 a well-formed payload, 1 malformed, 2 usage error or unreadable file.");
  inspect->callback([options, &exit_code] { exit_code = Run(Inspect(*options)); });
}

void RegisterDecrypt(CLI::App& payload, int& exit_code) {
  auto options = std::make_shared<DecryptOptions>();
  CLI::App* decrypt =
      payload.add_subcommand("decrypt", "Decrypt a payload with a key file (the owner's check)");
  decrypt
      ->add_option("--key-file", options->key_file,
                   "The key: 32 raw bytes, as `encrypt --key-out` writes it")
      ->required();
  decrypt->add_option("in", options->in, "The payload file")->required();
  decrypt->add_option("out", options->out, "The bundle to create (must not exist; written 0600)")
      ->required();
  decrypt->footer(
      "Exit status: 0 decrypted, 1 the key does not open the payload (wrong key or modified "
      "payload) or the\n"
      "payload is malformed, 2 usage error, unreadable input, bad key file or existing output.");
  decrypt->callback([options, &exit_code] { exit_code = Run(Decrypt(*options)); });
}

}  // namespace

void RegisterPayloadCommands(CLI::App& app, int& exit_code) {
  CLI::App* payload =
      app.add_subcommand("payload", "Encrypted workload payloads: encrypt, inspect, decrypt");
  payload->require_subcommand(1);
  payload->footer("Format: docs/formats/payload.md");
  RegisterEncrypt(*payload, exit_code);
  RegisterInspect(*payload, exit_code);
  RegisterDecrypt(*payload, exit_code);
}

}  // namespace veil::cli
