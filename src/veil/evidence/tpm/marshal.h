#pragma once
// The TPM 2.0 wire vocabulary shared by the quote, signature and public-area parsers:
// algorithm identifiers (TCG TPM 2.0 Library Part 2: Structures, rev 1.59, 6.3 TPM_ALG_ID and
// 6.4 TPM_ECC_CURVE), the PCR banks Veil accepts, and sized buffers (10.4 TPM2B). Integers on
// the TPM wire are big-endian.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "veil/base/byte_reader.h"
#include "veil/base/bytes.h"
#include "veil/base/result.h"

namespace veil::evidence::tpm {

// TPM_ALG_ID (Part 2, 6.3).
inline constexpr std::uint16_t kAlgRsa = 0x0001;
inline constexpr std::uint16_t kAlgSha1 = 0x0004;
inline constexpr std::uint16_t kAlgAes = 0x0006;
inline constexpr std::uint16_t kAlgMgf1 = 0x0007;
inline constexpr std::uint16_t kAlgKeyedHash = 0x0008;
inline constexpr std::uint16_t kAlgSha256 = 0x000B;
inline constexpr std::uint16_t kAlgSha384 = 0x000C;
inline constexpr std::uint16_t kAlgSha512 = 0x000D;
inline constexpr std::uint16_t kAlgNull = 0x0010;
inline constexpr std::uint16_t kAlgRsassa = 0x0014;
inline constexpr std::uint16_t kAlgRsaes = 0x0015;
inline constexpr std::uint16_t kAlgRsapss = 0x0016;
inline constexpr std::uint16_t kAlgOaep = 0x0017;
inline constexpr std::uint16_t kAlgEcdsa = 0x0018;
inline constexpr std::uint16_t kAlgEcdh = 0x0019;
inline constexpr std::uint16_t kAlgEcdaa = 0x001A;
inline constexpr std::uint16_t kAlgSm2 = 0x001B;
inline constexpr std::uint16_t kAlgEcschnorr = 0x001C;
inline constexpr std::uint16_t kAlgEcmqv = 0x001D;
inline constexpr std::uint16_t kAlgKdf1Sp800_56a = 0x0020;
inline constexpr std::uint16_t kAlgKdf2 = 0x0021;
inline constexpr std::uint16_t kAlgKdf1Sp800_108 = 0x0022;
inline constexpr std::uint16_t kAlgEcc = 0x0023;
inline constexpr std::uint16_t kAlgSymCipher = 0x0025;

// Implementation limits, as tpm2-tss defines them (Part 2 leaves them to the implementation).
inline constexpr std::size_t kMaxDigestSize = 64;    // sizeof(TPMU_HA): SHA-512
inline constexpr std::size_t kMaxHaSize = 2 + 64;    // sizeof(TPMT_HA): hashAlg + digest
inline constexpr std::size_t kMaxRsaKeyBytes = 512;  // MAX_RSA_KEY_BYTES: RSA-4096
inline constexpr std::size_t kMaxEccKeyBytes = 128;  // MAX_ECC_KEY_BYTES
inline constexpr std::size_t kMaxPcrBanks = 16;      // HASH_COUNT bound of TPML_PCR_SELECTION
inline constexpr std::size_t kMaxSizeofSelect = 4;   // PCR_SELECT_MAX: 32 PCRs

// The PCR banks and signature hashes Veil accepts (TPMI_ALG_HASH minus SM3 and SHA-3).
enum class HashAlg { kSha1, kSha256, kSha384, kSha512 };

// kUnsupported for a TPM_ALG_ID that is not one of the four (naming it in hex).
Result<HashAlg> HashAlgFromId(std::uint16_t alg_id, std::string_view field);
std::uint16_t HashAlgId(HashAlg hash);
std::string_view HashAlgName(HashAlg hash);  // "sha256", as tpm2-tools and the claims spell it
std::size_t HashAlgDigestSize(HashAlg hash);

// "0x000b" / "0xff544347": how messages show raw TPM constants.
std::string Hex16(std::uint16_t value);
std::string Hex32(std::uint32_t value);

// A TPM2B (Part 2, 10.4): u16 size, then that many bytes. The size is checked against the
// structure's maximum (kMalformed "<field> size S exceeds the maximum M") and then against what
// remains (ByteReader's truncation error) before any byte is taken.
Result<ByteSpan> ReadSized(ByteReader& reader, std::size_t max_size, std::string_view field);

}  // namespace veil::evidence::tpm
