#pragma once
// The SEV-SNP extended-report certificate table (GHCB specification rev 2.03, §4.1.8.1
// "MSG_REPORT_REQ", cert_table): what the configfs-tsm `auxblob` and the SNP_GET_EXT_REPORT
// certificate buffer hold. Headers of 24 bytes — GUID (16 bytes, RFC 4122 byte order, the order
// its text is written in), offset (u32 LE, from the start of the table), length (u32 LE) — end
// with an all-zero header; the DER certificates they point at follow the headers.

#include <span>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/snp/coco_json.h"

namespace veil::evidence::snp {

inline constexpr std::size_t kCertTableHeaderSize = 24;

// Entries in table order. Known GUIDs get CoCo's names: VCEK 63da758d-e664-4564-adc5-f4b93be8accd,
// VLEK a8074bc2-a25a-483e-aae6-39c045a0b8a1, ASK 4ab7b379-bbac-4fe4-a02f-05aef327c782,
// ARK c0b406a4-a803-4952-9743-3fb6014cd0ae, CRL 92f81bc3-5811-4d3d-97ff-d19f88dc67ea; any other
// GUID is kept, typed by its lower-case text. An empty buffer is an empty table. kMalformed,
// naming the entry, for: no all-zero terminator, a zero GUID with a non-zero offset or length, an
// empty certificate, one that overlaps the headers or ends past the buffer, a repeated GUID.
// Bytes after the last certificate are allowed (kernel buffers are page-sized).
Result<std::vector<CertTableEntry>> ParseCertTable(ByteSpan table);

// The inverse, packing the certificates after the headers in order. kInvalidArgument for a type
// that is neither a known name nor a GUID text, and for an empty certificate.
Result<Bytes> EncodeCertTable(std::span<const CertTableEntry> entries);

}  // namespace veil::evidence::snp
