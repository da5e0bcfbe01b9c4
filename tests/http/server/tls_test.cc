// TLS server (1.3 by default, 1.2 on request) and client against a throwaway self-signed
// certificate made with the openssl CLI.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <memory>

#include "veil/base/base64.h"
#include "veil/base/file.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/digest.h"
#include "veil/http/client/client.h"
#include "veil/http/server/server.h"
#include "veil/testing/command.h"

namespace veil::http {
namespace {

namespace fs = std::filesystem;

// A fresh directory with a P-256 self-signed certificate for `subject_alt_name`, its key, and an
// unrelated second key; removed afterwards.
class ThrowawayCertificate {
 public:
  explicit ThrowawayCertificate(
      const std::string& subject_alt_name = "IP:127.0.0.1,DNS:localhost") {
    std::string pattern = (fs::temp_directory_path() / "veil-http-tls-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) return;
    dir_ = pattern;
    const auto made = testing::RunCommand(
        {"openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", key().string(), "-out", certificate().string(), "-days", "2", "-subj",
         "/CN=localhost", "-addext", "subjectAltName=" + subject_alt_name});
    const auto other =
        testing::RunCommand({"openssl", "genpkey", "-algorithm", "EC", "-pkeyopt",
                             "ec_paramgen_curve:prime256v1", "-out", other_key().string()});
    ok_ = made.exit_code == 0 && other.exit_code == 0;
    if (!ok_) error_ = made.err + other.err;
  }
  ~ThrowawayCertificate() {
    std::error_code ignored;
    if (!dir_.empty()) fs::remove_all(dir_, ignored);
  }

  bool ok() const { return ok_; }
  const std::string& error() const { return error_; }
  fs::path certificate() const { return dir_ / "cert.pem"; }
  fs::path key() const { return dir_ / "key.pem"; }
  fs::path other_key() const { return dir_ / "other-key.pem"; }
  fs::path dir() const { return dir_; }

  // curl's pin for this certificate's key: sha256//base64(SHA-256(SubjectPublicKeyInfo DER)).
  std::string Pin() const {
    const std::string pem = ReadFileText(certificate()).value();
    const auto chain = crypto::Certificate::ChainFromPem(pem).value();
    return "sha256//" + Base64Encode(crypto::Sha256(chain.at(0).GetPublicKey().value().SpkiDer()));
  }

 private:
  fs::path dir_;
  bool ok_ = false;
  std::string error_;
};

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override { StartServer(TlsMinVersion::kTls13); }

  void StartServer(TlsMinVersion min_version) {
    ASSERT_TRUE(cert_.ok()) << cert_.error();
    ServerOptions options;
    options.port = 0;
    options.tls = TlsFiles{cert_.certificate(), cert_.key(), min_version};
    auto server = Server::Start(options, [](const Request& request) {
      return Response::Text(200, "secure " + request.method + " " + request.body);
    });
    ASSERT_TRUE(server) << server.error().ToString();
    server_ = std::move(*server);
  }

  std::string HttpsUrl() const {
    return "https://127.0.0.1:" + std::to_string(server_->port()) + "/";
  }
  std::string Connect() const { return "127.0.0.1:" + std::to_string(server_->port()); }

  ThrowawayCertificate cert_;
  std::unique_ptr<Server> server_;
};

TEST_F(TlsTest, RoundTripsWithTheCaFile) {
  auto response =
      Send({.method = "POST", .url = HttpsUrl(), .body = "data", .ca_file = cert_.certificate()});
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 200u);
  EXPECT_EQ(response->body, "secure POST data");
}

TEST_F(TlsTest, RefusesAServerItCannotVerify) {
  auto response = Send({.url = HttpsUrl()});  // the system store does not know this certificate
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kVerificationFailed) << response.error().ToString();

  auto missing_ca = Send({.url = HttpsUrl(), .ca_file = cert_.dir() / "missing.pem"});
  ASSERT_FALSE(missing_ca);
  EXPECT_EQ(missing_ca.error().code, ErrorCode::kInvalidArgument) << missing_ca.error().ToString();
}

TEST(Tls, RefusesACertificateForAnotherName) {
  ThrowawayCertificate other_name("DNS:other.example");
  ASSERT_TRUE(other_name.ok()) << other_name.error();
  ServerOptions options;
  options.port = 0;
  options.tls = TlsFiles{other_name.certificate(), other_name.key()};
  auto server = Server::Start(options, [](const Request&) { return Response::Text(200, "ok"); });
  ASSERT_TRUE(server) << server.error().ToString();
  auto response = Send({.url = "https://127.0.0.1:" + std::to_string((*server)->port()) + "/",
                        .ca_file = other_name.certificate()});
  ASSERT_FALSE(response);
  EXPECT_EQ(response.error().code, ErrorCode::kVerificationFailed) << response.error().ToString();
  EXPECT_NE(response.error().message.find("127.0.0.1"), std::string::npos)
      << response.error().message;
}

// `openssl s_server -tls1_2 -www` for one connection (bounded by `timeout`), on a free port it
// reports in its "ACCEPT 0.0.0.0:PORT" line; port 0 when it could not start.
struct Tls12OnlyServer {
  explicit Tls12OnlyServer(const ThrowawayCertificate& cert)
      : pipe(::popen(("exec timeout 20 openssl s_server -4 -tls1_2 -www -naccept 1 -accept 0 "
                      "-cert " +
                      cert.certificate().string() + " -key " + cert.key().string() + " 2>&1")
                         .c_str(),
                     "r")) {
    char line[256];
    while (pipe && std::fgets(line, sizeof line, pipe.get()) != nullptr) {
      const std::string text = line;
      if (text.rfind("ACCEPT", 0) != 0) continue;
      port = static_cast<unsigned>(std::stoul(text.substr(text.rfind(':') + 1)));
      break;
    }
  }
  struct Closer {
    void operator()(FILE* f) const { ::pclose(f); }
  };
  std::unique_ptr<FILE, Closer> pipe;
  unsigned port = 0;
};

TEST(Tls, ClientSpeaksTls13UnlessAskedForTls12) {
  ThrowawayCertificate cert;
  ASSERT_TRUE(cert.ok()) << cert.error();
  {
    Tls12OnlyServer old_server(cert);
    ASSERT_NE(old_server.port, 0u);
    auto refused = Send({.url = "https://127.0.0.1:" + std::to_string(old_server.port) + "/",
                         .ca_file = cert.certificate()});
    ASSERT_FALSE(refused) << "a TLS 1.2-only server was accepted by default";
    EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable) << refused.error().ToString();
  }
  Tls12OnlyServer old_server(cert);
  ASSERT_NE(old_server.port, 0u);
  auto accepted = Send({.url = "https://127.0.0.1:" + std::to_string(old_server.port) + "/",
                        .ca_file = cert.certificate(),
                        .min_tls_version = TlsMinVersion::kTls12});
  ASSERT_TRUE(accepted) << accepted.error().ToString();
  EXPECT_EQ(accepted->status, 200u);
}

TEST_F(TlsTest, ChecksThePinnedPublicKey) {
  auto pinned =
      Send({.url = HttpsUrl(), .ca_file = cert_.certificate(), .pinned_public_key = cert_.Pin()});
  ASSERT_TRUE(pinned) << pinned.error().ToString();
  EXPECT_EQ(pinned->body, "secure GET ");

  auto mismatch =
      Send({.url = HttpsUrl(),
            .ca_file = cert_.certificate(),
            .pinned_public_key = "sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="});
  ASSERT_FALSE(mismatch);
  EXPECT_EQ(mismatch.error().code, ErrorCode::kVerificationFailed) << mismatch.error().ToString();
  EXPECT_NE(mismatch.error().message.find("SSL: public key does not match pinned public key"),
            std::string::npos)
      << mismatch.error().message;
}

TEST_F(TlsTest, SpeaksOnlyTls13) {
  const auto tls13 = testing::RunCommand(
      {"sh", "-c", "openssl s_client -brief -tls1_3 -connect " + Connect() + " </dev/null"});
  EXPECT_EQ(tls13.exit_code, 0) << tls13.err;
  EXPECT_NE(tls13.err.find("Protocol version: TLSv1.3"), std::string::npos) << tls13.err;
  for (const std::string version : {"-tls1_2", "-tls1_1"}) {
    const auto old = testing::RunCommand(
        {"sh", "-c",
         "openssl s_client -brief " + version + " -connect " + Connect() + " </dev/null"});
    EXPECT_NE(old.exit_code, 0) << version << ": " << old.err;
  }
}

TEST_F(TlsTest, AcceptsTls12OnlyWhenConfigured) {
  server_.reset();
  StartServer(TlsMinVersion::kTls12);
  const auto tls12 = testing::RunCommand(
      {"sh", "-c", "openssl s_client -brief -tls1_2 -connect " + Connect() + " </dev/null"});
  EXPECT_EQ(tls12.exit_code, 0) << tls12.err;
  EXPECT_NE(tls12.err.find("Protocol version: TLSv1.2"), std::string::npos) << tls12.err;
  const auto tls13 = testing::RunCommand(
      {"sh", "-c", "openssl s_client -brief -connect " + Connect() + " </dev/null"});
  EXPECT_NE(tls13.err.find("Protocol version: TLSv1.3"), std::string::npos) << tls13.err;
  const auto tls11 = testing::RunCommand(
      {"sh", "-c", "openssl s_client -brief -tls1_1 -connect " + Connect() + " </dev/null"});
  EXPECT_NE(tls11.exit_code, 0) << tls11.err;
}

TEST_F(TlsTest, SurvivesPlainHttpOnTheTlsPort) {
  auto plain = Send({.url = "http://" + Connect() + "/", .timeout = std::chrono::seconds(5)});
  ASSERT_FALSE(plain);
  EXPECT_EQ(plain.error().code, ErrorCode::kUnavailable) << plain.error().ToString();
  auto response = Send({.url = HttpsUrl(), .ca_file = cert_.certificate()});
  ASSERT_TRUE(response) << response.error().ToString();
  EXPECT_EQ(response->status, 200u);
}

TEST(Tls, RejectsUnreadableOrMismatchedFiles) {
  ThrowawayCertificate cert;
  ASSERT_TRUE(cert.ok()) << cert.error();
  const Handler ok = [](const Request&) { return Response::Text(200, "ok"); };
  const auto start_with = [&](fs::path chain, fs::path key) {
    ServerOptions options;
    options.port = 0;
    options.tls = TlsFiles{std::move(chain), std::move(key)};
    return Server::Start(options, ok);
  };

  auto missing_chain = start_with(cert.dir() / "nope.pem", cert.key());
  ASSERT_FALSE(missing_chain);
  EXPECT_EQ(missing_chain.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(missing_chain.error().message.starts_with("expected a PEM certificate chain in " +
                                                        (cert.dir() / "nope.pem").string() +
                                                        ", got an error: "))
      << missing_chain.error().message;

  auto key_as_chain = start_with(cert.key(), cert.key());
  ASSERT_FALSE(key_as_chain);
  EXPECT_EQ(key_as_chain.error().code, ErrorCode::kInvalidArgument);

  auto missing_key = start_with(cert.certificate(), cert.dir() / "nokey.pem");
  ASSERT_FALSE(missing_key);
  EXPECT_TRUE(missing_key.error().message.starts_with(
      "expected a PEM private key matching the leaf certificate in " +
      (cert.dir() / "nokey.pem").string()))
      << missing_key.error().message;

  auto mismatched = start_with(cert.certificate(), cert.other_key());
  ASSERT_FALSE(mismatched);
  EXPECT_EQ(mismatched.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(mismatched.error().message.find("key values mismatch"), std::string::npos)
      << mismatched.error().message;
}

}  // namespace
}  // namespace veil::http
