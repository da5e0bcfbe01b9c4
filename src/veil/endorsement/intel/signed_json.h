#pragma once
// Intel's signed collateral JSON: {"tcbInfo":{...},"signature":"<hex r||s>"} and
// {"enclaveIdentity":{...},"signature":"..."} (PCS API v4). The ECDSA P-256 SHA-256 signature
// covers the exact bytes of the inner value as served, so the body is kept as a byte span of the
// input, never re-serialized. The signer is the "Intel SGX TCB Signing" certificate, issued by
// the Intel SGX Root CA (the TCB signing chain of the PCS response header or bundle).

#include <span>
#include <string>
#include <string_view>

#include "veil/base/bytes.h"
#include "veil/base/clock.h"
#include "veil/base/result.h"
#include "veil/crypto/certificate.h"
#include "veil/crypto/crl.h"
#include "veil/endorsement/intel/root.h"

namespace veil::endorsement::intel {

struct SignedJson {
  std::string body;  // the exact text of the signed member value
  Bytes signature;   // r||s, 64 bytes
};

// Splits a PCS response: `member` is "tcbInfo" or "enclaveIdentity". kMalformed when the text
// is not strict JSON, the member or "signature" is missing, or the signature is not 64 bytes.
Result<SignedJson> SplitSignedJson(std::string_view text, std::string_view member);

// The TCB signing certificate of `chain` (signer first, optionally the root, which must be the
// trusted one), verified up to the trusted `root` (root.h) at `at`, and not listed by `root_ca_crl`
// when given. kVerificationFailed names the certificate.
Result<crypto::Certificate> VerifyTcbSigningChain(std::span<const crypto::Certificate> chain,
                                                  const crypto::Crl* root_ca_crl, TimePoint at,
                                                  const crypto::Certificate& root = BundledRoot());

// kVerificationFailed unless `signer` made `signature` (r||s) over `body`; names `item`.
Status VerifySignedBody(std::string_view body, ByteSpan signature,
                        const crypto::Certificate& signer, std::string_view item);

// kVerificationFailed unless issue_date <= at < next_update, naming `item` and both dates.
Status CheckIssueWindow(TimePoint issue_date, TimePoint next_update, std::string_view item,
                        TimePoint at);

}  // namespace veil::endorsement::intel
