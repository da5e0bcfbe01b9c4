#include <gtest/gtest.h>

#include "veil/crypto/jose/jwe.h"

// Known answers from an independent implementation: JWEs made by python joserfc 1.6.5
// (encrypt_compact with ECDH-ES+A256KW or RSA-OAEP-256 and A256GCM, epk in the protected
// header, split into the five flattened members; same AAD rule) to fixed test keys. Decrypting
// them checks our ECDH, Concat KDF OtherInfo, key unwrap, OAEP parameters and AAD against
// another codebase, not against ourselves.

namespace veil::crypto::jose {
namespace {

using nlohmann::json;

const std::string kPlaintext("veil KAT: resource secret \x00\x01\xff", 29);

struct Vector {
  const char* name;
  const char* private_key_pem;
  json jwe;
};
const Vector kVectors[] = {
    {"p256",
     R"(-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgrhRCaBeXrP3flK1v
jTFi2kXZdhYH8d5qin+AxGydMv6hRANCAASLyPF3AZaWT+yOEJTAD7bj/4JBiimv
65hDYDvTXX/sNi98z5W6x0rAEafA/5UWfErXkpgto42kFI+h065MuDCn
-----END PRIVATE KEY-----
)",
     json{
         {"protected",
          "eyJhbGciOiJFQ0RILUVTK0EyNTZLVyIsImVuYyI6IkEyNTZHQ00iLCJlcGsiOnsiY3J2IjoiUC0yNTYiLCJ4Ijoi"
          "Ny1GWm1Bel9T"
          "REwwM2k0SldCRVZYRjNzMWl3Mzd3TXdXZ0VrcHduS19ZOCIsInkiOiIySnVfSlUwdkZMTVhGbEwwbGVoMFhGbXg0"
          "aldGRFFBblph"
          "UlgwbzN3TmRnIiwia3R5IjoiRUMifX0"},
         {"encrypted_key", "bZ5ZQsHqsjwqMdHT_XRNIqct14FFxWiM7XluzVVn17BfFVI95sb1Pg"},
         {"iv", "kvvzB-sPYRZUMfg8"},
         {"ciphertext", "qrLKFYOtIHEaAUi9C_vLN1G-D3c_jDECcj6cXio"},
         {"tag", "sRR_jaH_g7ZcWYIGeWU7DQ"},
     }},
    {"p384",
     R"(-----BEGIN PRIVATE KEY-----
MIG2AgEAMBAGByqGSM49AgEGBSuBBAAiBIGeMIGbAgEBBDB4DO1VIoTwWUe2XOof
thqOXjvOTgbx6Vkwl3m4Qvz6/KTEogTCXmDnwWTNR6Gp9JyhZANiAASmyEmROs57
7be0LUd52X52099aZNhoWcuXWxpuZmRy3N7UyoHhQAGGiXrRHXbNEDzzQVLUGg9j
dvQ4dCcqQAFFfnr7Bf8tL08HTG1MW+a4jkQktGtSR94jtTCie62wWq4=
-----END PRIVATE KEY-----
)",
     json{
         {"protected",
          "eyJhbGciOiJFQ0RILUVTK0EyNTZLVyIsImVuYyI6IkEyNTZHQ00iLCJlcGsiOnsiY3J2IjoiUC0zODQiLCJ4Ijoi"
          "djAzdFdFTDRI"
          "Z1RXSWFyaUdpZVdzam9IV2szb3UxR0FoSkptZVNNdjV5Z1UtU2lSY0lzQjl1bHV2cHJVamo4XyIsInkiOiJEVzVr"
          "Vm1hWVBROU1L"
          "dGVKeWV4d19IYXBhS05yM2VlRl9FRF82SVJhNWxRRndVUm0wQi0waHN5R1ltNG1qYjc4Iiwia3R5IjoiRUMifX"
          "0"},
         {"encrypted_key", "bdn9jvw1vOhp5cnWAj48ecGATnQiHRVDZ1tC8vnqr7k4331KQbg-5A"},
         {"iv", "K1gHI1AnPTIImLa9"},
         {"ciphertext", "mkF1m0WAhAaiPAH0wbj9iwNsa-7pxf4ou0i31Bw"},
         {"tag", "wvcNM1Aordn88Nktn-KE1A"},
     }},
    {"p521",
     R"(-----BEGIN PRIVATE KEY-----
MIHuAgEAMBAGByqGSM49AgEGBSuBBAAjBIHWMIHTAgEBBEIB49IrHGbgtUIU0nLP
os8S3kJWqCxs2sBHjr7zmiKSMAOLLbGhJLXEfo90Ncd7zgCL2HBPCVjxV/L4khYF
ajYRSJ+hgYkDgYYABAF4qQpvAX+L7pZni2ORY/14+IY+uKvCpXREth2fwfz4wOY2
fuYKkwuJVSdzAaJ+SW3CwnBpud52itw5qXS1LCRJmwBJ6VslHho9JBYkQLgBtqJp
nxkPm/8pN3ghdq++cpUKMQb6t8q0GeRsnEQwxaXduJ7rT36eIUxMs4uH47PjhI4T
qg==
-----END PRIVATE KEY-----
)",
     json{
         {"protected",
          "eyJhbGciOiJFQ0RILUVTK0EyNTZLVyIsImVuYyI6IkEyNTZHQ00iLCJlcGsiOnsiY3J2IjoiUC01MjEiLCJ4Ijoi"
          "QUFGWmNPemVr"
          "bWJRa3pjbkxoN19DNGhnS21teEJVb2swQlJ0cmZManNDRnZMT2R3amRiUFJXTnVWNDZKLVAwZjVja1daSTZDYTZo"
          "bXlkUkdxelB2"
          "OEJsbyIsInkiOiJBZWpPaVpEOW1mSmxhcGo2ZVlMb01xLXJfeTl6c2haYUJDeU41Zm16VVl4M1lCdEFBdmN0U3lq"
          "cXZMQ3NnbW1v"
          "UkFmMWdSLTRIX05ya1VFVXF5WGViRGlzIiwia3R5IjoiRUMifX0"},
         {"encrypted_key", "Bt07Tkavs5rkRSkEZMtj9GCkVT6OPeegFg0DH12A0JUhc65_1XHhrg"},
         {"iv", "HggmXhjKXoUlWdY5"},
         {"ciphertext", "lioWWzWJrTCK8vwEyaOUpUDX6C3CokZx6uQ-h6o"},
         {"tag", "Ix9E0KF7rrvks4onyJ7v4A"},
     }},
    {"rsa2048",
     R"(-----BEGIN PRIVATE KEY-----
MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQDj9kC+FbGubx7N
XseRZrgx0aaKJBqBRsRnowMAz1msY7iwVegZGfO8hP7pjIJHJXag1NWOLuWgL+QK
4wexJr5Z0eBqgRNU+HdUNPBbBzevPUnR7WvnXT9ADLnR6yjMHdM2lr+YUvv4wiMG
YMelYCLYQUBK9rsIYRdN+6shOnAcFTJ6BKubJ09B5SbW08nP98D/QXDVuvnUYFyO
nWt3kFXE6J1Y/YpVXk54i9/MvCdcgJ2YYq6a1cIJA4Fl/gW8mTKce6uBGsfHystT
EqizjyTNlBljCyPv7N8eHzaENzukIio8NW8BMvhoYPhJYdZacmfp1j4pNf2yyvwG
LPCKqy3DAgMBAAECggEAbCFeQ2wJ7Jpj63mGQ1eMjoEKNKN8eQ7G0fv2TDeOqyFg
NTCCmAmB3k3dlo2iLDo+g3qBU+C15h5hVrKq7uJYT0Wo5AwWzerPu38i9aK+TJ7P
OccbNFM8UdbXe5XGs89/5PhrqEbQo4X+1CMrACxSSu7knspbHFXlloWGfov4KrEU
F2Umm+sTQ4TRJK+/NElRLSyvTTmoBd5DMRs5lJJfrNN6LK+M/qcdGu68ekP4hCmi
sZK+eq3ngCkcdpVFV2mp27UbX28bsLSZXKbTU9SVm9a+aVX6iOU0JWGSASZiSvlk
WcUTc5CUY5cg2IW85ZFbO4HY5rcLGIXe3rAfb2NWCQKBgQD2fX3xlroXI4/FCDrO
6G229zhrhwryO3pBnknbNRd1BaflViVSqK6l6uUw2yhZA1QRz1kg2nYmTKYPpsUo
5KkPhXYRw4ETwZF7/RppIz7Ctn3YHt8PBiZUHYElE1g7uEgKs7qcaQGG7vV38ahY
gV7e0CmVRi3zoMpr9g8m/l0QCQKBgQDswcNIhl7jf4LQTi0q0N85JPZNdbbK8hYr
N2y6eGM+CFE+E7Q+wUsnwZZEeON0FzfL3WphpRy3pelAF4d1fd3iyY4Bf42lYkTn
g5cud2ZDqHZNhPqm0s9f8MFA48BftoYza2XuuXI3ejCUb171uC7sR9ofTHL+e6aA
KAoSTQQqawKBgQDh8298AptbkrG8ACtIeC/6xOznRMd3/aW4eQ1i8GwsTZ72z90u
xIo0dfraqkt2LWLnYJdnUlt0CFdBibK6JcIEBGeTKRAtuAdRDVckgbaKbxc1Ajef
YhfIi7NS9USwmeEQTmkF8AwCURKbfN7BIvaAcXls6QQ+jGqCRPDm4c0VYQKBgQCc
oykvL29R9ke2xzIM1LoK1ZB6+Plh1b6jAv1VdVa7cMdHWcPzjPDLMcHYNV7OrJnG
sAu05IdWXVcvhyGgsxB8/bqM9TXiiFxsC1yXanlnI+p5KRSoEGsQ33kMFGJvMJQj
Ktf6lAij+ZxwaCqcSSoKOxNth6fBBE/JFDRtnTS3VwKBgDBebB13HJ1mVrHOCxWI
+XxeHroP7XNz0L5DQZZPdT3HiAZsfgRzy0uVfe4rOa296F7WDFnMIaMqOQjrUuDL
w5QooNWAHero3lxjyc1z5vYdFrhhu0rIQWF3v13CTsANx7oc9iFWe2HRFfvwHtka
35CEQJkgd2i/GfNdWHhFVeTK
-----END PRIVATE KEY-----
)",
     json{
         {"protected", "eyJhbGciOiJSU0EtT0FFUC0yNTYiLCJlbmMiOiJBMjU2R0NNIn0"},
         {"encrypted_key",
          "gTwv-"
          "FZnrwyD3rOkDK2qLSryYOR2G1Dd095nbkBQcWdgkzL3LZvWHlqQfU1IeH0Gab0hrn9bBGRGryRx1n3zViED4H-"
          "5nZFF9FIC"
          "D6rMqTCrgJ4Iz92-Tm16vqMT08Q3SxutzU8BHplveov3AyLsxeS5HvpiDGg7i6IDKy6LjLWtlPW5k55vh5A-"
          "J8byYoSQ-Yd-GtoG"
          "eM5WmcQS2-FEgMS5B8WXX3Vv5Xx4avSoLfmFZFlzjKr1cAuUfvhzYn_F9T0zwdaj5kGH_"
          "A1wafdwFhL7PkfZEvMTnBKbuB4n61J0"
          "7y7I0dd7ppbpvYXDoN58idQwZbOCH-RAhARk-CNy6g"},
         {"iv", "KLwr7hUnTxkkhlv1"},
         {"ciphertext", "rSVOvfmY8s81FMIoylT_l4aETCRZjWXpzhyoI6g"},
         {"tag", "XtwZHDyXKzIhJ5ZeTfMrlQ"},
     }},
};

TEST(JweKnownAnswer, DecryptsJwesFromAnIndependentImplementation) {
  ASSERT_EQ(kPlaintext.size(), 29u);
  for (const Vector& vector : kVectors) {
    auto key = PrivateKey::FromPem(vector.private_key_pem);
    ASSERT_TRUE(key) << vector.name << ": " << key.error().ToString();
    auto plaintext = DecryptJwe(*key, vector.jwe);
    ASSERT_TRUE(plaintext) << vector.name << ": " << plaintext.error().ToString();
    EXPECT_EQ(std::string(plaintext->span().begin(), plaintext->span().end()), kPlaintext)
        << vector.name;
  }
}

TEST(JweKnownAnswer, AnotherKeyOfTheSameCurveCannotDecrypt) {
  // The P-256 vector under a freshly generated P-256 key: the KEK differs, so unwrapping fails.
  const auto other = PrivateKey::Generate(KeyAlgorithm::kEcP256).value();
  auto result = DecryptJwe(other, kVectors[0].jwe);
  ASSERT_FALSE(result);
  EXPECT_EQ(result.error().code, ErrorCode::kVerificationFailed);
}

}  // namespace
}  // namespace veil::crypto::jose
