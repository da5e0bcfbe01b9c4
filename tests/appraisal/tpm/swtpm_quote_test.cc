// Quotes from a real software TPM (swtpm + tpm2-tools), verified by VerifyQuote and, for the
// same files, by tpm2_checkquote (openssl for RSA-PSS, see AkKind): both must accept the genuine
// quote and reject each tampering.

#include <gtest/gtest.h>
#include <signal.h>

#include <cerrno>
#include <fstream>

#include "veil/appraisal/tpm/verify_quote.h"
#include "veil/base/file.h"
#include "veil/base/hex.h"
#include "veil/crypto/digest.h"
#include "veil/testing/swtpm.h"

namespace veil::appraisal::tpm {
namespace {

using testing::Swtpm;

constexpr char kNonce[] = "0011223344";
constexpr char kPcrList[] = "sha256:0,1,7,23";

struct AkKind {
  std::string name;
  std::vector<std::string> createak;  // -G/-g/-s arguments of tpm2_createak
  std::vector<std::string> quote;     // extra tpm2_quote arguments
  std::string signature_scheme;
  std::string ak_type;
  std::string signature_error;  // how crypto/ names a signature that does not verify
  // tpm2_checkquote (tpm2-tools 5.4) rejects libtpms' genuine RSA-PSS quotes: libtpms salts with
  // the digest length, checkquote expects the maximum salt length. For those, openssl (salt
  // length recovered from the signature) checks the signature alone instead.
  bool checkquote_applies;
};

// Test names and ctest entries show the AK kind, not the struct's bytes.
void PrintTo(const AkKind& kind, std::ostream* out) { *out << kind.name; }

const AkKind kAkKinds[] = {
    {"rsassa",
     {"-G", "rsa", "-g", "sha256", "-s", "rsassa"},
     {},
     "rsassa",
     "RSA-2048",
     "RSASSA-PKCS1-v1_5 signature (sha256) does not verify with RSA-2048",
     true},
    {"rsapss",
     {"-G", "rsa", "-g", "sha256", "-s", "rsapss"},
     {"--scheme", "rsapss"},
     "rsapss",
     "RSA-2048",
     "RSA-PSS signature (sha256) does not verify with RSA-2048",
     false},
    {"ecdsa",
     {"-G", "ecc", "-g", "sha256", "-s", "ecdsa"},
     {},
     "ecdsa",
     "EC P-256",
     "ECDSA signature (sha256) does not verify with EC P-256",
     true},
};

// SetUpTestSuite extends PCR 23 once in each of these banks.
const Bytes kExtend256 = HexDecode(std::string(63, '0') + "1").value();
const Bytes kExtend1(20, 0xEE);

// The hex value of a PCR that started at zero and was extended once with `digest`.
std::string ExtendedOnce(crypto::DigestAlgorithm bank, const Bytes& digest) {
  Bytes input(crypto::DigestSize(bank), 0);
  input.insert(input.end(), digest.begin(), digest.end());
  return HexEncode(crypto::Digest(bank, input));
}

Bytes Read(const std::string& path) { return ReadFileBytes(path).value(); }

void Write(const std::string& path, const Bytes& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(bytes.data()),
            static_cast<std::streamsize>(bytes.size()));
  ASSERT_TRUE(out.good()) << path;
}

// One swtpm for the whole suite (an EK is slow to create); each test names its own files.
class SwtpmQuoteTest : public ::testing::TestWithParam<AkKind> {
 protected:
  static void SetUpTestSuite() {
    auto started = Swtpm::Start();
    ASSERT_TRUE(started) << started.error().ToString();
    tpm_ = std::move(*started).release();
    ASSERT_TRUE(tpm_->Tpm2({"tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub"}));
    ASSERT_TRUE(tpm_->Tpm2(
        {"tpm2_pcrextend", "23:sha256=" + HexEncode(kExtend256) + ",sha1=" + HexEncode(kExtend1)}));
  }
  static void TearDownTestSuite() {
    delete tpm_;
    tpm_ = nullptr;
  }
  void SetUp() override { ASSERT_NE(tpm_, nullptr) << "swtpm did not start"; }

  const AkKind& kind() const { return GetParam(); }
  // A file of this test in the swtpm directory ("rsassa-q.msg").
  std::string File(const std::string& name) const { return tpm_->Path(kind().name + "-" + name); }

  void CreateAk(const std::string& ak) const {
    std::vector<std::string> argv = {"tpm2_createak",   "-C", "ek.ctx",          "-c",
                                     File(ak + ".ctx"), "-u", File(ak + ".pub"), "-n",
                                     File(ak + ".name")};
    argv.insert(argv.end(), kind().createak.begin(), kind().createak.end());
    ASSERT_TRUE(tpm_->Tpm2(argv));  // -u writes TPM2B_PUBLIC (tss format)
    ASSERT_TRUE(tpm_->Tpm2(
        {"tpm2_readpublic", "-c", File(ak + ".ctx"), "-f", "pem", "-o", File(ak + ".pem")}));
  }

  void Quote(const std::string& ak, const std::string& pcr_list, const std::string& prefix,
             const std::vector<std::string>& extra = {}) const {
    std::vector<std::string> argv = {"tpm2_quote",
                                     "-c",
                                     File(ak + ".ctx"),
                                     "-l",
                                     pcr_list,
                                     "-q",
                                     kNonce,
                                     "-m",
                                     File(prefix + ".msg"),
                                     "-s",
                                     File(prefix + ".sig"),
                                     "-o",
                                     File(prefix + ".pcrs"),
                                     "-g",
                                     "sha256"};
    argv.insert(argv.end(), kind().quote.begin(), kind().quote.end());
    argv.insert(argv.end(), extra.begin(), extra.end());
    ASSERT_TRUE(tpm_->Tpm2(argv));
  }

  // The files of a quote; Input() borrows them, so keep a Files alive while its input is used.
  struct Files {
    Bytes ak, attest, signature, pcrs;
    QuoteInput Input() const {
      return {ak,
              attest,
              signature,
              pcrs,
              HexDecode(kNonce).value(),
              evidence::tpm::ParsePcrList(kPcrList).value()};
    }
  };
  Files Load(const std::string& ak_file, const std::string& prefix) const {
    return {Read(File(ak_file)), Read(File(prefix + ".msg")), Read(File(prefix + ".sig")),
            Read(File(prefix + ".pcrs"))};
  }

  int CheckQuote(const std::string& ak_file, const std::string& prefix,
                 const std::string& nonce = kNonce) const {
    return tpm_
        ->Run({"tpm2_checkquote", "-u", File(ak_file), "-m", File(prefix + ".msg"), "-s",
               File(prefix + ".sig"), "-f", File(prefix + ".pcrs"), "-g", "sha256", "-q", nonce})
        .exit_code;
  }

  // openssl's verdict on the RSA-PSS signature alone (salt length recovered from the signature).
  int OpensslChecksPss(const std::string& ak_pem, const std::string& prefix) const {
    const Bytes signature = Read(File(prefix + ".sig"));
    Write(File(prefix + ".raw-sig"),
          Bytes(signature.begin() + 6, signature.end()));  // after sigAlg, hash, size
    return tpm_
        ->Run({"openssl", "dgst", "-sha256", "-sigopt", "rsa_padding_mode:pss", "-sigopt",
               "rsa_pss_saltlen:-2", "-verify", File(ak_pem), "-signature",
               File(prefix + ".raw-sig"), File(prefix + ".msg")})
        .exit_code;
  }

  // The independent verdict on a quote whose signature or message was tampered with.
  int IndependentSignatureCheck(const std::string& ak, const std::string& prefix) const {
    return kind().checkquote_applies ? CheckQuote(ak + ".pub", prefix)
                                     : OpensslChecksPss(ak + ".pem", prefix);
  }

  Error Rejection(const QuoteInput& input) const {
    auto verdict = VerifyQuote(input);
    EXPECT_FALSE(verdict) << "verified unexpectedly";
    return verdict ? Error{} : verdict.error();
  }

  static Swtpm* tpm_;
};

Swtpm* SwtpmQuoteTest::tpm_ = nullptr;

TEST_P(SwtpmQuoteTest, GenuineQuoteVerifiesAndCheckquoteAgrees) {
  CreateAk("ak");
  Quote("ak", kPcrList, "q");
  if (kind().checkquote_applies) {
    EXPECT_EQ(CheckQuote("ak.pub", "q"), 0);
    EXPECT_EQ(CheckQuote("ak.pem", "q"), 0);
  } else {
    EXPECT_EQ(OpensslChecksPss("ak.pem", "q"), 0);
  }

  const Files files = Load("ak.pub", "q");
  const VerifiedClaims verified = VerifyQuote(files.Input()).value();
  const nlohmann::json& claims = verified.claims();
  EXPECT_EQ(claims["signature_scheme"], kind().signature_scheme);
  EXPECT_EQ(claims["ak_type"], kind().ak_type);
  EXPECT_EQ(claims["hash"], "sha256");
  EXPECT_EQ(claims["nonce"], kNonce);
  EXPECT_EQ(claims["firmware_version"], "2019102300163636");  // libtpms
  ASSERT_EQ(claims["pcrs"]["sha256"].size(), 4u);
  EXPECT_EQ(claims["pcrs"]["sha256"]["23"],
            ExtendedOnce(crypto::DigestAlgorithm::kSha256, kExtend256));

  // The same AK as PEM and as a bare TPMT_PUBLIC gives the same claims.
  for (const Bytes& ak : {Read(File("ak.pem")), Bytes(files.ak.begin() + 2, files.ak.end())}) {
    QuoteInput input = files.Input();
    input.ak = ak;
    EXPECT_EQ(VerifyQuote(input).value().claims(), claims);
  }
}

TEST_P(SwtpmQuoteTest, SeveralBanksInSerializedAndValuesFormats) {
  CreateAk("ak");
  const std::string list = "sha1:0,1,23+sha256:0,1,2,3,4,5,6,7,8,23";  // 13 PCRs: two TPML_DIGEST
  Quote("ak", list, "serialized");
  Quote("ak", list, "values", {"-F", "values"});
  if (kind().checkquote_applies) {
    EXPECT_EQ(CheckQuote("ak.pub", "serialized"), 0);
  }
  for (const std::string prefix : {"serialized", "values"}) {
    SCOPED_TRACE(prefix);
    const Files files = Load("ak.pub", prefix);
    QuoteInput input = files.Input();
    input.expected_selection = evidence::tpm::ParsePcrList(list).value();
    const VerifiedClaims verified = VerifyQuote(input).value();
    EXPECT_EQ(verified.claims()["pcrs"]["sha1"].size(), 3u);
    EXPECT_EQ(verified.claims()["pcrs"]["sha256"].size(), 10u);
    EXPECT_EQ(verified.claims()["pcrs"]["sha1"]["23"],
              ExtendedOnce(crypto::DigestAlgorithm::kSha1, kExtend1));
    EXPECT_EQ(verified.claims()["pcrs"]["sha256"]["23"],
              ExtendedOnce(crypto::DigestAlgorithm::kSha256, kExtend256));
    EXPECT_EQ(verified.claims()["pcrs"]["sha256"]["8"], std::string(64, '0'));
  }
  EXPECT_EQ(Read(File("values.pcrs")).size(), 3 * 20u + 10 * 32u);
}

TEST_P(SwtpmQuoteTest, WrongNonceIsRejected) {
  CreateAk("ak");
  Quote("ak", kPcrList, "q");
  const Files files = Load("ak.pub", "q");
  QuoteInput input = files.Input();
  input.expected_nonce = HexDecode("0011223345").value();
  const Error error = Rejection(input);
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.ToString(), "tpm: nonce mismatch: expected 0011223345, got 0011223344");
  if (kind().checkquote_applies) {
    EXPECT_NE(CheckQuote("ak.pub", "q", "0011223345"), 0);
  }
}

TEST_P(SwtpmQuoteTest, ChangedPcrValueIsRejected) {
  CreateAk("ak");
  Quote("ak", kPcrList, "q");
  Bytes pcrs = Read(File("q.pcrs"));
  pcrs[136 + 4 + 2] ^= 0x01;  // first byte of the first digest (PCR 0) in the serialized file
  Write(File("q.pcrs"), pcrs);
  const Files files = Load("ak.pub", "q");
  const Error error = Rejection(files.Input());
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.ToString().rfind("tpm: PCR digest mismatch: the quote signs ", 0), 0u)
      << error.ToString();
  if (kind().checkquote_applies) {
    EXPECT_NE(CheckQuote("ak.pub", "q"), 0);
  }
}

TEST_P(SwtpmQuoteTest, AnotherAkIsRejected) {
  CreateAk("ak");
  CreateAk("other");
  Quote("ak", kPcrList, "q");
  const Files files = Load("ak.pub", "q");
  QuoteInput input = files.Input();
  const Bytes other = Read(File("other.pub"));
  input.ak = other;
  const Error error = Rejection(input);
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.ToString(), "tpm: quote signature: " + kind().signature_error);
  EXPECT_NE(IndependentSignatureCheck("other", "q"), 0);
}

TEST_P(SwtpmQuoteTest, FlippedSignatureByteIsRejected) {
  CreateAk("ak");
  Quote("ak", kPcrList, "q");
  Bytes signature = Read(File("q.sig"));
  signature.back() ^= 0x01;
  Write(File("q.sig"), signature);
  const Files files = Load("ak.pub", "q");
  const Error error = Rejection(files.Input());
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.ToString(), "tpm: quote signature: " + kind().signature_error);
  EXPECT_NE(IndependentSignatureCheck("ak", "q"), 0);
}

TEST_P(SwtpmQuoteTest, FlippedMessageByteIsRejected) {
  CreateAk("ak");
  Quote("ak", kPcrList, "q");
  Bytes attest = Read(File("q.msg"));
  // The last byte of clockInfo.clock: after magic, type, qualifiedSigner and extraData (sizes <
  // 256).
  const std::size_t extra_data_size_at = 8 + attest[7];
  attest[extra_data_size_at + 2 + attest[extra_data_size_at + 1] + 7] ^= 0x01;
  Write(File("q.msg"), attest);
  const Files files = Load("ak.pub", "q");
  const Error error = Rejection(files.Input());
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.ToString(), "tpm: quote signature: " + kind().signature_error);
  EXPECT_NE(IndependentSignatureCheck("ak", "q"), 0);
}

TEST_P(SwtpmQuoteTest, PcrListMismatchIsRejected) {
  CreateAk("ak");
  Quote("ak", kPcrList, "q");
  const Files files = Load("ak.pub", "q");
  QuoteInput input = files.Input();
  input.expected_selection = evidence::tpm::ParsePcrList("sha256:0,1,7").value();
  const Error error = Rejection(input);
  EXPECT_EQ(error.code, ErrorCode::kVerificationFailed);
  EXPECT_EQ(error.ToString(),
            "tpm: PCR selection mismatch: expected sha256:0,1,7, got sha256:0,1,7,23");
}

INSTANTIATE_TEST_SUITE_P(AkKinds, SwtpmQuoteTest, ::testing::ValuesIn(kAkKinds),
                         [](const ::testing::TestParamInfo<AkKind>& param_info) {
                           return param_info.param.name;
                         });

TEST(SwtpmHarness, TwoInstancesRunSideBySideAndLeaveNothingBehind) {
  auto first = Swtpm::Start();
  auto second = Swtpm::Start();
  ASSERT_TRUE(first) << first.error().ToString();
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_NE((*first)->tcti(), (*second)->tcti());
  const testing::ToolResult random = (*first)->Run({"tpm2_getrandom", "--hex", "8"});
  EXPECT_EQ(random.exit_code, 0) << random.output;
  EXPECT_EQ((*second)->Run({"tpm2_getrandom", "--hex", "8"}).exit_code, 0);

  const pid_t pid = (*first)->pid();
  const std::filesystem::path dir = (*first)->dir();
  ASSERT_TRUE(std::filesystem::exists(dir / "state"));
  first->reset();
  EXPECT_FALSE(std::filesystem::exists(dir));
  EXPECT_EQ(kill(pid, 0), -1);  // reaped: the pid no longer names a process
  EXPECT_EQ(errno, ESRCH);
}

}  // namespace
}  // namespace veil::appraisal::tpm
