#pragma once
// A TCG PC Client event log as firmware hands it to the OS (/sys/kernel/security/tpm0/
// binary_bios_measurements), in either of the two formats of the TCG PC Client Platform Firmware
// Profile (PFP) 1.06 rev 52, section 10:
//  * SHA-1 ("legacy", TPM 1.2 style): every record a TCG_PCR_EVENT (10.2.1): PCRIndex u32,
//    EventType u32, Digest[20] (SHA-1), EventSize u32, Event[EventSize];
//  * crypto-agile: the first record is a TCG_PCR_EVENT whose Event is the Spec ID event
//    (spec_id_event.h, 10.4.5.1); every later record is a TCG_PCR_EVENT2 (10.2.2):
//    PCRIndex u32, EventType u32, TPML_DIGEST_VALUES (count u32, then count x {hashAlg u16,
//    digest[size from the Spec ID table]}), EventSize u32, Event[EventSize].
// All integers little-endian. Parsing checks structure only; replaying digests is
// appraisal/tpm_eventlog's job (it needs hashing, which evidence/ does not do).
//
// A confidential-computing (CC) event log has the crypto-agile format, but its PCRIndex fields
// are CC measurement register (MR) indexes (UEFI 2.10, 38.4.1 "Confidential Computing";
// EFI_CC_EVENT): for TDX 0 = MRTD, 1..4 = RTMR0..3. The TDX guest finds it in the log area the
// ACPI "CCEL" table points at (/sys/firmware/acpi/tables/data/CCEL), a fixed-size area whose
// unused tail the firmware leaves filled (TDVF: 0xFF).

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "veil/base/bytes.h"
#include "veil/base/result.h"
#include "veil/evidence/tpm_eventlog/spec_id_event.h"

namespace veil::evidence::tpm_eventlog {

enum class EventLogFormat { kSha1, kCryptoAgile };
std::string_view EventLogFormatName(EventLogFormat format);  // "sha1", "crypto-agile"

// The PCRs a PC Client platform has (PFP 3.3.2: PCR 0..23).
inline constexpr std::uint32_t kPcrCount = 24;
// The CC measurement register indexes a CC event log may name (UEFI 2.10, 38.4.1: 0..4 on TDX).
inline constexpr std::uint32_t kCcMrCount = 5;

// What an event's `pcr` field indexes: a TPM PCR, or a CC measurement register.
enum class RegisterSpace { kTpmPcr, kCcMr };

struct EventDigest {
  std::uint16_t alg_id = 0;  // TPM_ALG_ID
  Bytes digest;
};

struct Event {
  std::size_t index = 0;   // position in the log; 0 is the first record (the Spec ID event)
  std::size_t offset = 0;  // byte offset of the record in the log
  std::uint32_t pcr = 0;   // the PCR, or in a CC event log the CC MR index
  std::uint32_t type = 0;  // event_type.h
  std::vector<EventDigest> digests;  // SHA-1 format: exactly one, sha1
  Bytes data;

  // The digest for `alg_id`, or nullptr when the record has none.
  const Bytes* DigestFor(std::uint16_t alg_id) const;
};

struct EventLog {
  EventLogFormat format = EventLogFormat::kSha1;
  RegisterSpace registers = RegisterSpace::kTpmPcr;
  std::optional<SpecIdEvent> spec_id;  // crypto-agile only
  std::vector<Event> events;           // every record, EV_NO_ACTION ones included
  // From the "StartupLocality" EV_NO_ACTION event: 0, 3 or 4; 0 when absent.
  std::uint8_t startup_locality = 0;
  std::size_t used_bytes = 0;  // the bytes the records take (ParseCcEventLog: before the padding)

  // The banks every extending record carries: the Spec ID table's algorithms, or {sha1}.
  std::vector<std::uint16_t> Banks() const;
};

// Parses a whole log. Every failure is kMalformed and its message begins
// "event N at offset O: " (N counts records from 0, O is the record's first byte), then says what
// was wrong: a truncated field (ByteReader's "truncated <field>: need X bytes, Y remain"), an
// EventSize larger than what remains, a PCR index of kPcrCount or more, a TPML_DIGEST_VALUES count
// other than the Spec ID event's numberOfAlgorithms, a digest algorithm the Spec ID table does not
// list, the same algorithm twice in one record, a Spec ID event anywhere but first, or a malformed
// StartupLocality event (size other than 17, locality other than 0/3/4, a second one). An empty log
// is kMalformed too.
Result<EventLog> ParseEventLog(ByteSpan bytes);

// Parses a CC event log area (ACPI CCEL): as ParseEventLog, with `registers` kCcMr, and:
//  * the log must be crypto-agile; its Spec ID event may name MR index 0 or 1 (TDVF writes 1);
//  * an index of kCcMrCount or more is refused ("MR index N is not a CC measurement register");
//  * the log ends at the first record that starts with 8 bytes all 0xFF or all 0x00 (the unused
//    area, as CoCo's eventlog crate reads it); every byte from there to the end of `area` must
//    be that same byte, else kMalformed "unused log area at offset O holds data at offset P";
//  * `used_bytes` is set to the offset where the unused area starts (area size if none).
// kMalformed also when the area holds no Spec ID event.
Result<EventLog> ParseCcEventLog(ByteSpan area);

}  // namespace veil::evidence::tpm_eventlog
