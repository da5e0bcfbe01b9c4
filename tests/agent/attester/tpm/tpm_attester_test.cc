// TpmAttester against a real software TPM: its evidence is appraised by the trustee's own code
// (kbs::AppraiseTeeEvidence) and its PCR reads and extensions are checked with tpm2-tools.

#include "veil/agent/attester/tpm/tpm_attester.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <tss2/tss2_tpm2_types.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <optional>
#include <string>

#include "veil/base/base64.h"
#include "veil/base/clock.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/crypto/random.h"
#include "veil/kbs/tee_evidence.h"
#include "veil/testing/swtpm.h"

namespace veil::agent::tpm {
namespace {

using testing::Swtpm;

struct AkKind {
  std::string name;
  AkAlgorithm algorithm;
  std::string ak_type;           // the appraisal's "ak_type" claim
  std::string signature_scheme;  // the appraisal's "signature_scheme" claim
};

void PrintTo(const AkKind& kind, std::ostream* out) { *out << kind.name; }

const AkKind kAkKinds[] = {
    {"ecc", AkAlgorithm::kEcP256, "EC P-256", "ecdsa"},
    {"rsa", AkAlgorithm::kRsa2048, "RSA-2048", "rsassa"},
};

std::string Fingerprint(const crypto::PublicKey& key) {
  return HexEncode(crypto::Sha256(key.SpkiDer()));
}

Bytes Concat(const Bytes& a, const Bytes& b) {
  Bytes joined = a;
  joined.insert(joined.end(), b.begin(), b.end());
  return joined;
}

template <class T>
void AppendStruct(Bytes& out, const T& value) {
  const auto* bytes = reinterpret_cast<const std::uint8_t*>(&value);
  out.insert(out.end(), bytes, bytes + sizeof value);
}

// SHA-256 PCRs 0..23 in the "serialized" form `tpm2_quote -o` writes and tpm2_checkquote -f reads
// (tpm2-tools 5.4 cannot check its own "values" form): native dumps of TPML_PCR_SELECTION, a u32
// count and TPML_DIGESTs of 8 values each.
Bytes SerializedPcrs(const std::vector<Bytes>& values) {
  TPML_PCR_SELECTION selection = {};
  selection.count = 1;
  selection.pcrSelections[0].hash = TPM2_ALG_SHA256;
  selection.pcrSelections[0].sizeofSelect = 3;
  std::fill_n(selection.pcrSelections[0].pcrSelect, 3, 0xff);
  Bytes out;
  AppendStruct(out, selection);
  AppendStruct(out, static_cast<std::uint32_t>((values.size() + 7) / 8));
  for (std::size_t first = 0; first < values.size(); first += 8) {
    TPML_DIGEST digests = {};
    for (std::size_t i = first; i < first + 8 && i < values.size(); ++i) {
      TPM2B_DIGEST& digest = digests.digests[digests.count++];
      digest.size = static_cast<UINT16>(values[i].size());
      std::copy(values[i].begin(), values[i].end(), digest.buffer);
    }
    AppendStruct(out, digests);
  }
  return out;
}

// A loopback TCP port bound but not listening: connecting to it is refused at once.
class RefusingPort {
 public:
  RefusingPort() : fd_(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof address;
    if (fd_ >= 0 && bind(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
      port_ = ntohs(address.sin_port);
    }
  }
  ~RefusingPort() {
    if (fd_ >= 0) close(fd_);
  }
  RefusingPort(const RefusingPort&) = delete;
  RefusingPort& operator=(const RefusingPort&) = delete;
  std::uint16_t port() const { return port_; }

 private:
  int fd_;
  std::uint16_t port_ = 0;
};

// One swtpm for the suite; tests that extend PCRs read the values they start from.
class TpmAttesterTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto started = Swtpm::Start();
    ASSERT_TRUE(started) << started.error().ToString();
    tpm_ = std::move(*started).release();
  }
  static void TearDownTestSuite() {
    delete tpm_;
    tpm_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(tpm_, nullptr) << "swtpm did not start"; }

  static std::unique_ptr<TpmAttester> OpenAttester(AkAlgorithm ak = AkAlgorithm::kEcP256,
                                                   unsigned measurement_pcr = 23) {
    auto attester = TpmAttester::Open({tpm_->tcti(), measurement_pcr, ak});
    EXPECT_TRUE(attester) << attester.error().ToString();
    return attester ? std::move(*attester) : nullptr;
  }

  static Result<appraisal::VerifiedClaims> Appraise(const nlohmann::json& evidence,
                                                    const Bytes& report_data) {
    const std::optional<initdata::InitData> no_init_data;
    const SystemClock clock;
    return kbs::AppraiseTeeEvidence(
        {protocol::TeeKind::kTpm, evidence, report_data, no_init_data, clock});
  }

  // SHA-256 PCR `index` as tpm2_pcrread reads it.
  static Bytes ToolReadsPcr(unsigned index) {
    const std::string file = tpm_->Path("pcr" + std::to_string(index) + ".bin");
    EXPECT_TRUE(tpm_->Tpm2({"tpm2_pcrread", "sha256:" + std::to_string(index), "-o", file}));
    return ReadFileBytes(file).value_or(Bytes{});
  }

  static Swtpm* tpm_;
};

Swtpm* TpmAttesterTest::tpm_ = nullptr;

class TpmAttesterAkTest : public TpmAttesterTest, public ::testing::WithParamInterface<AkKind> {};

TEST_P(TpmAttesterAkTest, EvidenceIsAcceptedByTheTrusteeAndNamesTheAk) {
  const std::unique_ptr<TpmAttester> attester = OpenAttester(GetParam().algorithm);
  ASSERT_NE(attester, nullptr);
  EXPECT_EQ(attester->tee(), protocol::TeeKind::kTpm);
  const Bytes report_data = crypto::RandomBytes(64);

  auto evidence = attester->CollectEvidence(report_data);
  ASSERT_TRUE(evidence) << evidence.error().ToString();
  ASSERT_EQ((*evidence)["tpm_quote"]["pcrs"].size(), 24u);
  auto claims = Appraise(*evidence, report_data);
  ASSERT_TRUE(claims) << claims.error().ToString();

  const nlohmann::json& c = claims->claims();
  EXPECT_EQ(c["ak"], Fingerprint(attester->ak_public()));
  EXPECT_EQ(c["ak_type"], GetParam().ak_type);
  EXPECT_EQ(c["signature_scheme"], GetParam().signature_scheme);
  EXPECT_EQ(c["nonce"], HexEncode(ByteSpan(report_data).first(32)));
  ASSERT_EQ(c["pcrs"]["sha256"].size(), 24u);
  EXPECT_EQ(c["pcrs"]["sha256"]["0"], HexEncode(attester->ReadPcr(0).value()));
}

TEST_P(TpmAttesterAkTest, TheSameTpmYieldsTheSameAkOnEveryOpen) {
  const std::unique_ptr<TpmAttester> first = OpenAttester(GetParam().algorithm);
  const std::unique_ptr<TpmAttester> second = OpenAttester(GetParam().algorithm);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  EXPECT_TRUE(first->ak_public().Equals(second->ak_public()));
  EXPECT_EQ(first->ak_public().Describe(), GetParam().ak_type);
}

TEST_P(TpmAttesterAkTest, FlushesEveryObjectItLoads) {
  const std::unique_ptr<TpmAttester> attester = OpenAttester(GetParam().algorithm);
  ASSERT_NE(attester, nullptr);
  ASSERT_TRUE(attester->CollectEvidence(crypto::RandomBytes(64)));
  const testing::ToolResult handles = tpm_->Run({"tpm2_getcap", "handles-transient"});
  ASSERT_EQ(handles.exit_code, 0) << handles.output;
  EXPECT_EQ(handles.output, "");
}

// An independent verifier: tpm2_checkquote checks the AK's signature, the qualifying data and
// pcrDigest against the 24 PCR values of the evidence.
TEST_P(TpmAttesterAkTest, Tpm2CheckquoteAcceptsTheEvidence) {
  const std::unique_ptr<TpmAttester> attester = OpenAttester(GetParam().algorithm);
  ASSERT_NE(attester, nullptr);
  const Bytes report_data = crypto::RandomBytes(64);
  auto evidence = attester->CollectEvidence(report_data);
  ASSERT_TRUE(evidence) << evidence.error().ToString();
  const nlohmann::json& quote = (*evidence)["tpm_quote"];
  std::vector<Bytes> pcrs;
  for (const auto& value : quote["pcrs"])
    pcrs.push_back(HexDecode(value.get<std::string>()).value());
  const std::string prefix = GetParam().name + "-evidence";
  const auto write = [&](const std::string& suffix, const Bytes& bytes) {
    std::ofstream out(tpm_->Path(prefix + suffix), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(bytes.data()),
              static_cast<std::streamsize>(bytes.size()));
    EXPECT_TRUE(out.good()) << prefix + suffix;
  };
  write(".ak.der", attester->ak_public().SpkiDer());
  write(".msg", Base64Decode(quote["message"].get<std::string>()).value());
  write(".sig", Base64Decode(quote["signature"].get<std::string>()).value());
  write(".pcrs", SerializedPcrs(pcrs));
  ASSERT_TRUE(tpm_->Tpm2({"openssl", "pkey", "-pubin", "-inform", "DER", "-in", prefix + ".ak.der",
                          "-out", prefix + ".ak.pem"}));
  const auto check = [&](ByteSpan nonce) {
    return tpm_->Run({"tpm2_checkquote", "-u", prefix + ".ak.pem", "-m", prefix + ".msg", "-s",
                      prefix + ".sig", "-f", prefix + ".pcrs", "-g", "sha256", "-q",
                      HexEncode(nonce)});
  };
  const testing::ToolResult genuine = check(ByteSpan(report_data).first(32));
  EXPECT_EQ(genuine.exit_code, 0) << genuine.output;
  EXPECT_NE(check(report_data).exit_code, 0);  // the whole 64 bytes are not the qualifying data
}

INSTANTIATE_TEST_SUITE_P(AkKinds, TpmAttesterAkTest, ::testing::ValuesIn(kAkKinds),
                         [](const ::testing::TestParamInfo<AkKind>& param_info) {
                           return param_info.param.name;
                         });

TEST_F(TpmAttesterTest, EcAndRsaAksDiffer) {
  const std::unique_ptr<TpmAttester> ec = OpenAttester(AkAlgorithm::kEcP256);
  const std::unique_ptr<TpmAttester> rsa = OpenAttester(AkAlgorithm::kRsa2048);
  ASSERT_NE(ec, nullptr);
  ASSERT_NE(rsa, nullptr);
  EXPECT_FALSE(ec->ak_public().Equals(rsa->ak_public()));
}

TEST_F(TpmAttesterTest, EvidenceBoundToOtherReportDataIsRefused) {
  const std::unique_ptr<TpmAttester> attester = OpenAttester();
  ASSERT_NE(attester, nullptr);
  const Bytes report_data = crypto::RandomBytes(64);
  auto evidence = attester->CollectEvidence(report_data);
  ASSERT_TRUE(evidence) << evidence.error().ToString();

  const Bytes other = crypto::RandomBytes(64);
  auto claims = Appraise(*evidence, other);
  ASSERT_FALSE(claims);
  EXPECT_EQ(claims.error().code, ErrorCode::kVerificationFailed);
  EXPECT_NE(claims.error().message.find("nonce mismatch: expected " +
                                        HexEncode(ByteSpan(other).first(32)) + ", got " +
                                        HexEncode(ByteSpan(report_data).first(32))),
            std::string::npos)
      << claims.error().ToString();
}

TEST_F(TpmAttesterTest, ExtendMeasurementExtendsPcr23AndTheEvidenceShowsIt) {
  const std::unique_ptr<TpmAttester> attester = OpenAttester();
  ASSERT_NE(attester, nullptr);
  auto before = attester->ReadPcr(23);
  ASSERT_TRUE(before) << before.error().ToString();
  EXPECT_EQ(*before, ToolReadsPcr(23));
  const Bytes digest = crypto::Sha256(AsBytes("workload image"));

  auto name = attester->ExtendMeasurement(digest);
  ASSERT_TRUE(name) << name.error().ToString();
  EXPECT_EQ(*name, "pcrs.sha256.23");

  const Bytes expected = crypto::Sha256(Concat(*before, digest));
  EXPECT_EQ(attester->ReadPcr(23).value(), expected);
  EXPECT_EQ(ToolReadsPcr(23), expected);
  const Bytes report_data = crypto::RandomBytes(64);
  auto evidence = attester->CollectEvidence(report_data);
  ASSERT_TRUE(evidence) << evidence.error().ToString();
  auto claims = Appraise(*evidence, report_data);
  ASSERT_TRUE(claims) << claims.error().ToString();
  EXPECT_EQ(claims->claims()["pcrs"]["sha256"]["23"], HexEncode(expected));
}

TEST_F(TpmAttesterTest, ExtendMeasurementUsesTheConfiguredPcr) {
  const std::unique_ptr<TpmAttester> attester = OpenAttester(AkAlgorithm::kEcP256, 16);
  ASSERT_NE(attester, nullptr);
  const Bytes pcr23 = attester->ReadPcr(23).value();
  const Bytes before = attester->ReadPcr(16).value();
  const Bytes digest(32, 0x5a);

  auto name = attester->ExtendMeasurement(digest);
  ASSERT_TRUE(name) << name.error().ToString();
  EXPECT_EQ(*name, "pcrs.sha256.16");
  EXPECT_EQ(ToolReadsPcr(16), crypto::Sha256(Concat(before, digest)));
  EXPECT_EQ(ToolReadsPcr(23), pcr23);
}

TEST_F(TpmAttesterTest, TheMeasurementRegisterIsReadWithItsNameAndResetCommand) {
  const std::unique_ptr<TpmAttester> pcr23 = OpenAttester();
  ASSERT_NE(pcr23, nullptr);
  auto reg = pcr23->ReadMeasurementRegister();
  ASSERT_TRUE(reg) << reg.error().ToString();
  EXPECT_EQ(reg->name, "pcrs.sha256.23");
  EXPECT_EQ(reg->value, ToolReadsPcr(23));
  EXPECT_EQ(reg->reset_command, "tpm2_pcrreset 23");
  // PCR 16 is the other PCR locality 0 may reset; PCR 10 (IMA's) cannot be reset but by a reboot.
  EXPECT_EQ(OpenAttester(AkAlgorithm::kEcP256, 16)->ReadMeasurementRegister()->reset_command,
            "tpm2_pcrreset 16");
  auto pcr10 = OpenAttester(AkAlgorithm::kEcP256, 10)->ReadMeasurementRegister();
  ASSERT_TRUE(pcr10) << pcr10.error().ToString();
  EXPECT_EQ(pcr10->name, "pcrs.sha256.10");
  EXPECT_EQ(pcr10->reset_command, "");
  // What it names as the reset command does reset it.
  ASSERT_TRUE(tpm_->Tpm2({"tpm2_pcrextend", "23:sha256=" + HexEncode(Bytes(32, 7))}));
  ASSERT_TRUE(tpm_->Tpm2({"tpm2_pcrreset", "23"}));
  EXPECT_EQ(pcr23->ReadMeasurementRegister()->value, Bytes(32, 0));
}

TEST_F(TpmAttesterTest, WrongSizesAndIndicesAreInvalidArguments) {
  const std::unique_ptr<TpmAttester> attester = OpenAttester();
  ASSERT_NE(attester, nullptr);
  for (std::size_t size : {0u, 32u, 63u, 65u}) {
    auto evidence = attester->CollectEvidence(Bytes(size, 1));
    ASSERT_FALSE(evidence) << size;
    EXPECT_EQ(evidence.error().code, ErrorCode::kInvalidArgument) << size;
    EXPECT_EQ(evidence.error().ToString(),
              "tpm: report data must be 64 bytes, got " + std::to_string(size));
  }
  for (std::size_t size : {0u, 20u, 31u, 33u, 48u}) {
    auto extended = attester->ExtendMeasurement(Bytes(size, 1));
    ASSERT_FALSE(extended) << size;
    EXPECT_EQ(extended.error().code, ErrorCode::kInvalidArgument) << size;
    EXPECT_EQ(extended.error().ToString(),
              "tpm: a measurement must be a 32-byte SHA-256 digest, got " + std::to_string(size) +
                  " bytes");
  }
  auto pcr = attester->ReadPcr(24);
  ASSERT_FALSE(pcr);
  EXPECT_EQ(pcr.error().code, ErrorCode::kInvalidArgument);

  auto opened = TpmAttester::Open({tpm_->tcti(), 24, AkAlgorithm::kEcP256});
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(opened.error().ToString(),
            "tpm: the measurement PCR must be a PCR index 0..23, got 24");
}

TEST_F(TpmAttesterTest, AnUnreachableTpmIsUnavailableAndNamesTheTcti) {
  const RefusingPort closed;
  ASSERT_NE(closed.port(), 0);
  const std::string tcti = "swtpm:host=127.0.0.1,port=" + std::to_string(closed.port());

  auto attester = TpmAttester::Open({tcti, 23, AkAlgorithm::kEcP256});
  ASSERT_FALSE(attester);
  EXPECT_EQ(attester.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(attester.error().ToString().find("tpm: cannot reach the TPM through TCTI \"" + tcti +
                                             "\": Tss2_TctiLdr_Initialize: "),
            std::string::npos)
      << attester.error().ToString();
}

TEST_F(TpmAttesterTest, AMissingTpmDeviceIsUnavailable) {
  auto attester =
      TpmAttester::Open({"device:" + tpm_->Path("no-such-tpm"), 23, AkAlgorithm::kEcP256});
  ASSERT_FALSE(attester);
  EXPECT_EQ(attester.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(attester.error().message.find("no-such-tpm"), std::string::npos)
      << attester.error().ToString();
}

}  // namespace
}  // namespace veil::agent::tpm
