#include "veil/crypto/digest.h"

#include <gtest/gtest.h>

#include "veil/base/hex.h"

namespace veil::crypto {
namespace {

TEST(Digest, KnownAnswers) {
  EXPECT_EQ(HexEncode(Sha256(AsBytes("abc"))),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(HexEncode(Sha384(AsBytes("abc"))),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baec"
            "a134c825a7");
  EXPECT_EQ(HexEncode(Digest(DigestAlgorithm::kSha1, AsBytes("abc"))),
            "a9993e364706816aba3e25717850c26c9cd0d89d");
}

TEST(Digest, NamesRoundTrip) {
  EXPECT_EQ(DigestFromName("sha384"), DigestAlgorithm::kSha384);
  EXPECT_EQ(DigestSize(DigestAlgorithm::kSha512), 64u);
  EXPECT_FALSE(DigestFromName("md5"));
}

}  // namespace
}  // namespace veil::crypto
