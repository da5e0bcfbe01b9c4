// The payload header: its one canonical spelling and every way an untrusted header is refused.

#include "veil/payload/payload_header.h"

#include <gtest/gtest.h>

namespace veil::payload {
namespace {

constexpr std::string_view kCanonical =
    R"({"alg":"A256GCM","key_resource":"default/payload/web","nonce":"AAECAwQFBgcICQoL","plaintext_size":42,"version":1})";

PayloadHeader Example() {
  return PayloadHeader{.key_resource = protocol::ResourcePath::Parse("default/payload/web").value(),
                       .nonce = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
                       .plaintext_size = 42};
}

TEST(PayloadHeader, SerializesToCanonicalJson) {
  const auto text = SerializePayloadHeader(Example());
  ASSERT_TRUE(text) << text.error().ToString();
  EXPECT_EQ(*text, kCanonical);
}

TEST(PayloadHeader, ParsesItsCanonicalForm) {
  const auto header = ParsePayloadHeader(AsBytes(kCanonical));
  ASSERT_TRUE(header) << header.error().ToString();
  EXPECT_EQ(header->version, 1u);
  EXPECT_EQ(header->algorithm, "A256GCM");
  EXPECT_EQ(header->key_resource.str(), "default/payload/web");
  EXPECT_EQ(header->nonce, Example().nonce);
  EXPECT_EQ(header->plaintext_size, 42u);
}

TEST(PayloadHeader, SerializeRefusesWhatCannotBeWritten) {
  PayloadHeader header = Example();
  header.nonce.pop_back();
  EXPECT_EQ(SerializePayloadHeader(header).error().code, ErrorCode::kInvalidArgument);
  header = Example();
  header.plaintext_size = std::uint64_t{1} << 53;
  EXPECT_EQ(SerializePayloadHeader(header).error().code, ErrorCode::kInvalidArgument);
}

struct Refusal {
  std::string_view name;
  std::string_view text;
  ErrorCode code;
  std::string_view message;  // a prefix of Error::ToString()
};

class PayloadHeaderRefusal : public ::testing::TestWithParam<Refusal> {};

TEST_P(PayloadHeaderRefusal, NamesTheFieldWithExpectedAndFound) {
  const auto header = ParsePayloadHeader(AsBytes(GetParam().text));
  ASSERT_FALSE(header);
  EXPECT_EQ(header.error().code, GetParam().code) << header.error().ToString();
  EXPECT_EQ(header.error().ToString().rfind(GetParam().message, 0), 0u)
      << header.error().ToString();
}

#define HEADER(alg, resource, nonce, size, version)                                             \
  "{\"alg\":" alg ",\"key_resource\":" resource ",\"nonce\":" nonce ",\"plaintext_size\":" size \
  ",\"version\":" version "}"
#define GOOD_ALG "\"A256GCM\""
#define GOOD_RESOURCE "\"default/payload/web\""
#define GOOD_NONCE "\"AAECAwQFBgcICQoL\""

INSTANTIATE_TEST_SUITE_P(
    Cases, PayloadHeaderRefusal,
    ::testing::Values(
        Refusal{"NotJson", "{\"alg\":", ErrorCode::kMalformed, "header: "},
        Refusal{"NotAnObject", "[1,2]", ErrorCode::kMalformed,
                "header: expected a JSON object, found array"},
        Refusal{
            "MissingMember",
            R"({"alg":"A256GCM","key_resource":"default/payload/web","nonce":"AAECAwQFBgcICQoL","version":1})",
            ErrorCode::kMalformed, "header: missing member \"plaintext_size\""},
        Refusal{
            "UnknownMember",
            R"({"alg":"A256GCM","extra":0,"key_resource":"default/payload/web","nonce":"AAECAwQFBgcICQoL","plaintext_size":42,"version":1})",
            ErrorCode::kMalformed,
            "header: unexpected member \"extra\" (expected only alg, key_resource"},
        Refusal{
            "DuplicateMember",
            R"({"alg":"A256GCM","alg":"A256GCM","key_resource":"default/payload/web","nonce":"AAECAwQFBgcICQoL","plaintext_size":42,"version":1})",
            ErrorCode::kMalformed, "header: "},
        Refusal{"VersionTwo", HEADER(GOOD_ALG, GOOD_RESOURCE, GOOD_NONCE, "42", "2"),
                ErrorCode::kUnsupported, "header: version: expected 1, found 2"},
        Refusal{"VersionString", HEADER(GOOD_ALG, GOOD_RESOURCE, GOOD_NONCE, "42", "\"1\""),
                ErrorCode::kUnsupported, "header: version: expected 1, found \"1\""},
        Refusal{"OtherAlgorithm", HEADER("\"A128GCM\"", GOOD_RESOURCE, GOOD_NONCE, "42", "1"),
                ErrorCode::kUnsupported, "header: alg: expected \"A256GCM\", found \"A128GCM\""},
        Refusal{"AlgorithmNotString", HEADER("1", GOOD_RESOURCE, GOOD_NONCE, "42", "1"),
                ErrorCode::kMalformed, "header: member \"alg\" must be a string, got number"},
        Refusal{
            "TwoSegmentResource", HEADER(GOOD_ALG, "\"default/web\"", GOOD_NONCE, "42", "1"),
            ErrorCode::kMalformed,
            "header: key_resource: resource path: expected 3 segments repository/type/tag, got 2"},
        Refusal{"DotDotResource", HEADER(GOOD_ALG, "\"default/../web\"", GOOD_NONCE, "42", "1"),
                ErrorCode::kMalformed,
                "header: key_resource: resource path type: \"..\" is not allowed"},
        Refusal{"ShortNonce", HEADER(GOOD_ALG, GOOD_RESOURCE, "\"AAECAwQFBgcICQo\"", "42", "1"),
                ErrorCode::kMalformed, "header: nonce: expected 12 bytes, found 11"},
        Refusal{"PaddedNonce", HEADER(GOOD_ALG, GOOD_RESOURCE, "\"AAECAwQFBgcICQ==\"", "42", "1"),
                ErrorCode::kMalformed,
                "header: nonce: expected unpadded base64url, found \"AAECAwQFBgcICQ==\""},
        Refusal{"StandardAlphabetNonce",
                HEADER(GOOD_ALG, GOOD_RESOURCE, "\"AAECAwQFBgcICQo+\"", "42", "1"),
                ErrorCode::kMalformed, "header: nonce: expected unpadded base64url"},
        Refusal{"NegativeSize", HEADER(GOOD_ALG, GOOD_RESOURCE, GOOD_NONCE, "-1", "1"),
                ErrorCode::kMalformed,
                "header: plaintext_size: expected an integer in 0..2^53-1, found -1"},
        Refusal{"FractionalSize", HEADER(GOOD_ALG, GOOD_RESOURCE, GOOD_NONCE, "1.5", "1"),
                ErrorCode::kMalformed,
                "header: plaintext_size: expected an integer in 0..2^53-1, found 1.5"},
        Refusal{"StringSize", HEADER(GOOD_ALG, GOOD_RESOURCE, GOOD_NONCE, "\"42\"", "1"),
                ErrorCode::kMalformed,
                "header: plaintext_size: expected an integer in 0..2^53-1, found \"42\""},
        Refusal{"HugeSize", HEADER(GOOD_ALG, GOOD_RESOURCE, GOOD_NONCE, "9007199254740992", "1"),
                ErrorCode::kMalformed,
                "header: plaintext_size: expected an integer in 0..2^53-1, found 9007199254740992"},
        Refusal{
            "Whitespace",
            R"({"alg": "A256GCM","key_resource":"default/payload/web","nonce":"AAECAwQFBgcICQoL","plaintext_size":42,"version":1})",
            ErrorCode::kMalformed,
            "header: not in canonical JSON form (RFC 8785: no whitespace, members sorted by name); "
            "first difference at "
            "byte 7"},
        Refusal{
            "Unsorted",
            R"({"version":1,"alg":"A256GCM","key_resource":"default/payload/web","nonce":"AAECAwQFBgcICQoL","plaintext_size":42})",
            ErrorCode::kMalformed, "header: not in canonical JSON form"},
        Refusal{
            "EscapedCharacter",
            R"({"alg":"A256\u0047CM","key_resource":"default/payload/web","nonce":"AAECAwQFBgcICQoL","plaintext_size":42,"version":1})",
            ErrorCode::kMalformed, "header: not in canonical JSON form"},
        Refusal{"ExponentSize", HEADER(GOOD_ALG, GOOD_RESOURCE, GOOD_NONCE, "4.2e1", "1"),
                ErrorCode::kMalformed, "header: plaintext_size: expected an integer"}),
    [](const auto& param_info) { return std::string(param_info.param.name); });

}  // namespace
}  // namespace veil::payload
