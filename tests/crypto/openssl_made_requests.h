#pragma once
// Certificate requests made by OpenSSL 3.0's command line, not by Veil, so that the parser is
// tested against another implementation: `openssl req -new -nodes -keyout /dev/null ARGS`.

#include <string_view>

namespace veil::crypto::test_requests {

// ARGS: -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj "/CN=web" -addext
// "subjectAltName=DNS:frontend.prod.svc.cluster.local,URI:spiffe://veil.example/web/frontend"
constexpr std::string_view kP256DnsAndUri = R"pem(-----BEGIN CERTIFICATE REQUEST-----
MIIBKTCB0QIBADAOMQwwCgYDVQQDDAN3ZWIwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAAS3KpCBsa8blg2dmK2m6yeNSGjB9zvs85YPTxhb8mWDDdcNvRJrBw9CAnCV
3MX48Spy51AyJB365Ed6WBBNsrLZoGEwXwYJKoZIhvcNAQkOMVIwUDBOBgNVHREE
RzBFgh9mcm9udGVuZC5wcm9kLnN2Yy5jbHVzdGVyLmxvY2FshiJzcGlmZmU6Ly92
ZWlsLmV4YW1wbGUvd2ViL2Zyb250ZW5kMAoGCCqGSM49BAMCA0cAMEQCIGkjGJRG
KpEooXe6eK2vIVwGhp6S5G5kMoAuStJnDeFWAiAtWubsorsULz/ubD8x4HTp3N+/
CIbT09+dkM523ivuzA==
-----END CERTIFICATE REQUEST-----
)pem";

// ARGS: -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj "/CN=web" -addext
// "subjectAltName=DNS:web.local,IP:10.0.0.1"
constexpr std::string_view kIpAddress = R"pem(-----BEGIN CERTIFICATE REQUEST-----
MIH2MIGdAgEAMA4xDDAKBgNVBAMMA3dlYjBZMBMGByqGSM49AgEGCCqGSM49AwEH
A0IABLYx4t7b+w/rPgINcN4ixSeqK8HZM5/uzYmQX7wMxBUcRWVolfQg7KBu0OZb
s99w8qMbZSavZDh0Odb71DDnbVqgLTArBgkqhkiG9w0BCQ4xHjAcMBoGA1UdEQQT
MBGCCXdlYi5sb2NhbIcECgAAATAKBggqhkjOPQQDAgNIADBFAiBSxTx6RPMXSGNj
63+b0kIZeMubCN2HDrUVRl4ra3jOxwIhAKWlucxlOs/tWzTQzAs/djAJiaDt2Aiv
3H/1uklfDnKe
-----END CERTIFICATE REQUEST-----
)pem";

// ARGS: -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj "/CN=web" -addext
// "subjectAltName=email:ops@example.com,DNS:web.local"
constexpr std::string_view kEmailAddress = R"pem(-----BEGIN CERTIFICATE REQUEST-----
MIIBATCBqAIBADAOMQwwCgYDVQQDDAN3ZWIwWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAARyfKYy2XY8BlGv3NI2vghwoQOTuXpB/HyrSYOtgyS+qRYcEU1sG2IOfYZS
AkdGXmL5f7QzmLQSA6KqctoIZGHfoDgwNgYJKoZIhvcNAQkOMSkwJzAlBgNVHREE
HjAcgQ9vcHNAZXhhbXBsZS5jb22CCXdlYi5sb2NhbDAKBggqhkjOPQQDAgNIADBF
AiBgoIRZ3YyZ54FDjBSlNynvzb/zWdcZG8I5hIO/qECR1wIhAJXsHkn7EG36ctAs
yP+HLiuvOZnCnW+gL6Hk/GGyzwbw
-----END CERTIFICATE REQUEST-----
)pem";

// ARGS: -newkey rsa:1024 -subj "/CN=weak" -addext "subjectAltName=DNS:weak.local"
constexpr std::string_view kRsa1024 = R"pem(-----BEGIN CERTIFICATE REQUEST-----
MIIBdjCB4AIBADAPMQ0wCwYDVQQDDAR3ZWFrMIGfMA0GCSqGSIb3DQEBAQUAA4GN
ADCBiQKBgQCl2bDO3hr62NwyRjqrkg/Efh8SInIF6DRrF5YH7r8ZCW7jdyPP1DUP
bqUGB2wC5qfTwhX50qLyR0Pcat0ghCwcjbRHUuLflYmzz48p2RATYteszRe0I4ei
pblcq5xrcf7bA+yj0AWfNIrjk1wKa3er8nn8Y83AfHP3D42+O+S1HQIDAQABoCgw
JgYJKoZIhvcNAQkOMRkwFzAVBgNVHREEDjAMggp3ZWFrLmxvY2FsMA0GCSqGSIb3
DQEBCwUAA4GBAEgQooFVuGTJviS710Mg+lUQQV9S+S9xVoaj6qUJ6dZWxfcBMIoL
hWtoWJoA/0+R4dlRmb1UIkAV1GPCcImvHtU6s7ulE43Sej2YskS2nVt76Dm7DgAs
iv9OIcTIypV174Bfj4eQJBazCTTh8PDSKzGkOMNuHjHYYbvjdedKRnvF
-----END CERTIFICATE REQUEST-----
)pem";

// ARGS: -newkey ec -pkeyopt ec_paramgen_curve:P-256 -subj "/CN=nosan"
constexpr std::string_view kNoSubjectAltName = R"pem(-----BEGIN CERTIFICATE REQUEST-----
MIHKMHICAQAwEDEOMAwGA1UEAwwFbm9zYW4wWTATBgcqhkjOPQIBBggqhkjOPQMB
BwNCAASNnZiE+EqqjUxIeD69fOwW8ZY+ICYoW5cRtrtpfyyGB5EzwBtKoNUPpda/
Qjj2ffwQ6uGa2RaKpNmOD6H/RDDBoAAwCgYIKoZIzj0EAwIDSAAwRQIgHplYAvK9
EM/cURmdhU5QApNQ/+2odc5AIbNVsDGnlA8CIQD+RbxPSQstiujo7ul+XXDK1xK0
ffTPY7eDocY9D+RWzg==
-----END CERTIFICATE REQUEST-----
)pem";

// ARGS: -newkey rsa:2048 -sha1 -subj "/CN=sha1" -addext "subjectAltName=DNS:old.local"
constexpr std::string_view kSha1Rsa2048 = R"pem(-----BEGIN CERTIFICATE REQUEST-----
MIICezCCAWMCAQAwDzENMAsGA1UEAwwEc2hhMTCCASIwDQYJKoZIhvcNAQEBBQAD
ggEPADCCAQoCggEBAK0D/sfSoAyonh8lDDYA+bHqHrKDKx3Wb6UvTZIZflhWz7sk
0zw0RCO5kNUA2KQZJxGLk+7OMPH2E5bG3MadZdtNrIC2ppF1bUhTizCioHQ/fUGg
rYRUGOh04qIC4HZFoiJLcq75wgsART0hlUDlGZRR/jsFkDS1X+2XmefLmuKDXB2h
Cif39lYa0MOrFBMvIM6dpzXqj0Hg5qhak/+S1tbtRAn50wXF4knPzl2ZJ9VQwcII
wLPqmCYkf3huyBdfcsjrTNHrlqcZdoj38hiK6WQjcNWvsoZWtD5xnBDDw1LInDRX
qfFWTFF+YCQfOq2DmM+SKdtyUoYcBmQVXDHY5VUCAwEAAaAnMCUGCSqGSIb3DQEJ
DjEYMBYwFAYDVR0RBA0wC4IJb2xkLmxvY2FsMA0GCSqGSIb3DQEBBQUAA4IBAQBg
pLKOjF1sdPL3PyrhgJUW5jA8DQPh7bzjo0eHIergY8LSCSGyOqoAI4YlF+iU9RD2
zeqvzM6rXabJ4y5LsCIRxUX93njMk14zwpn11A5qFgBAixWJjBMf+KofmoC4UMPd
s3PJAOFvtCL3OGS6HWTjmjiOdpLRI6/PpBWMCNX5DZ4SErqJo2E4B/C6cPsxBynh
Kl3Wz4geK7XxuG67/G4RoL3KTrcYuvRv5sPuDcziKmDfs8DxXrUwWd8PIpAT+OyH
Wyq5OxJFBHvePiRJPJQyF83MTv0MhaaoK1BtOh2mk+h4aSiefOb+iAMXP45h9bY2
fEXEp4z25dWofd841P4P
-----END CERTIFICATE REQUEST-----
)pem";

}  // namespace veil::crypto::test_requests
