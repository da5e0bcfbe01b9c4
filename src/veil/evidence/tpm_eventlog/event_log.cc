#include "veil/evidence/tpm_eventlog/event_log.h"

#include <algorithm>
#include <string>

#include "veil/base/byte_reader.h"
#include "veil/evidence/tpm/marshal.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::evidence::tpm_eventlog {
namespace {

constexpr std::size_t kSha1Size = 20;
// PFP 1.06, "Startup Locality Event" (an EV_NO_ACTION event): the 16-byte signature
// "StartupLocality\0", then the locality.
constexpr std::string_view kStartupLocalitySignature{"StartupLocality\0", 16};

Error AtEvent(std::size_t index, std::size_t offset, Error error) {
  error.message = "event " + std::to_string(index) + " at offset " + std::to_string(offset) + ": " +
                  error.message;
  return error;
}

// PCRIndex u32, EventType u32: the head both record formats share.
Status ReadHead(ByteReader& reader, RegisterSpace space, Event& event) {
  VEIL_ASSIGN_OR_RETURN(event.pcr, reader.U32Le("PCRIndex"));
  VEIL_ASSIGN_OR_RETURN(event.type, reader.U32Le("EventType"));
  if (space == RegisterSpace::kCcMr && event.pcr >= kCcMrCount) {
    return Fail(Malformed("MR index " + std::to_string(event.pcr) +
                          " is not a CC measurement register (0.." +
                          std::to_string(kCcMrCount - 1) + ")"));
  }
  if (event.pcr >= kPcrCount) {
    return Fail(Malformed("PCRIndex " + std::to_string(event.pcr) + " is not a PC Client PCR (0.." +
                          std::to_string(kPcrCount - 1) + ")"));
  }
  return {};
}

// EventSize u32, then Event: the size is checked against what remains before anything is copied.
Status ReadData(ByteReader& reader, Event& event) {
  VEIL_ASSIGN_OR_RETURN(std::uint32_t size, reader.U32Le("EventSize"));
  if (size > reader.remaining()) {
    return Fail(Malformed("EventSize " + std::to_string(size) + " exceeds the " +
                          std::to_string(reader.remaining()) + " bytes that remain"));
  }
  VEIL_ASSIGN_OR_RETURN(ByteSpan data, reader.Bytes(size, "Event"));
  event.data = ToBytes(data);
  return {};
}

// TCG_PCR_EVENT (PFP 10.2.1).
Status ReadSha1Event(ByteReader& reader, RegisterSpace space, Event& event) {
  VEIL_TRY(ReadHead(reader, space, event));
  VEIL_ASSIGN_OR_RETURN(ByteSpan digest, reader.Bytes(kSha1Size, "Digest"));
  event.digests.push_back({tpm::kAlgSha1, ToBytes(digest)});
  return ReadData(reader, event);
}

// TCG_PCR_EVENT2 (PFP 10.2.2) with TPML_DIGEST_VALUES sized by the Spec ID table.
Status ReadAgileEvent(ByteReader& reader, RegisterSpace space, const SpecIdEvent& spec_id,
                      Event& event) {
  VEIL_TRY(ReadHead(reader, space, event));
  VEIL_ASSIGN_OR_RETURN(std::uint32_t count, reader.U32Le("TPML_DIGEST_VALUES.count"));
  if (count != spec_id.algorithms.size()) {
    return Fail(Malformed("TPML_DIGEST_VALUES.count is " + std::to_string(count) +
                          ", expected the Spec ID event's " +
                          std::to_string(spec_id.algorithms.size()) + " algorithms"));
  }
  for (std::uint32_t i = 0; i < count; ++i) {
    VEIL_ASSIGN_OR_RETURN(std::uint16_t alg_id, reader.U16Le("TPMT_HA.hashAlg"));
    const AlgorithmSize* entry = spec_id.Find(alg_id);
    if (entry == nullptr) {
      return Fail(Malformed("digest algorithm " + tpm::Hex16(alg_id) +
                            " is not in the Spec ID event's table"));
    }
    if (event.DigestFor(alg_id) != nullptr) {
      return Fail(Malformed("digest algorithm " + AlgorithmName(alg_id) + " appears twice"));
    }
    VEIL_ASSIGN_OR_RETURN(ByteSpan digest, reader.Bytes(entry->digest_size, "TPMT_HA.digest"));
    event.digests.push_back({alg_id, ToBytes(digest)});
  }
  return ReadData(reader, event);
}

bool StartsWith(const Bytes& data, std::string_view prefix) {
  return data.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), data.begin());
}

// EV_NO_ACTION events carry information, not measurements (PFP 10.4.5); the StartupLocality one
// sets PCR 0's value at TPM2_Startup, which replay must start from.
Status NoteNoActionEvent(const Event& event, bool& seen_locality, EventLog& log) {
  if (IsSpecIdEvent(event.data)) {
    return Fail(Malformed("a Spec ID event may only be the first record"));
  }
  if (!StartsWith(event.data, kStartupLocalitySignature)) return {};
  if (event.data.size() != kStartupLocalitySignature.size() + 1) {
    return Fail(Malformed("StartupLocality event is " + std::to_string(event.data.size()) +
                          " bytes, expected 17"));
  }
  if (seen_locality) return Fail(Malformed("a second StartupLocality event"));
  const std::uint8_t locality = event.data.back();
  if (locality != 0 && locality != 3 && locality != 4) {
    return Fail(
        Malformed("StartupLocality is " + std::to_string(locality) + ", expected 0, 3 or 4"));
  }
  seen_locality = true;
  log.startup_locality = locality;
  return {};
}

// The first record, always TCG_PCR_EVENT: the Spec ID event of a crypto-agile log, or the first
// measurement of a SHA-1 log.
Status ReadFirstEvent(ByteReader& reader, EventLog& log) {
  Event first;
  VEIL_TRY(ReadSha1Event(reader, log.registers, first));
  if (first.type == kEvNoAction && IsSpecIdEvent(first.data)) {
    if (log.registers == RegisterSpace::kCcMr && first.pcr > 1) {
      return Fail(Malformed("the Spec ID event is in MR index " + std::to_string(first.pcr) +
                            ", expected 0 or 1"));
    }
    if (log.registers == RegisterSpace::kTpmPcr && first.pcr != 0) {
      return Fail(
          Malformed("the Spec ID event is in PCR " + std::to_string(first.pcr) + ", expected 0"));
    }
    if (std::any_of(first.digests[0].digest.begin(), first.digests[0].digest.end(),
                    [](std::uint8_t b) { return b != 0; })) {
      return Fail(Malformed("the Spec ID event's digest is not zero"));
    }
    VEIL_ASSIGN_OR_RETURN(log.spec_id, ParseSpecIdEvent(first.data));
    log.format = EventLogFormat::kCryptoAgile;
  }
  log.events.push_back(std::move(first));
  return {};
}

// CCEL: the records end where the unused area begins, 8 bytes all 0xFF or all 0x00 (a real
// record would be MR index 0xFFFFFFFF, or MR 0 with the retired type 0, neither possible).
std::optional<std::uint8_t> PaddingAt(ByteSpan bytes, std::size_t offset) {
  constexpr std::size_t kMarker = 8;
  if (bytes.size() - offset < kMarker) return std::nullopt;
  const ByteSpan head = bytes.subspan(offset, kMarker);
  for (const std::uint8_t fill : {std::uint8_t{0xFF}, std::uint8_t{0x00}}) {
    if (std::all_of(head.begin(), head.end(), [fill](std::uint8_t b) { return b == fill; })) {
      return fill;
    }
  }
  return std::nullopt;
}

// The unused area must stay unused: a record after it would escape the replay.
Status CheckUnused(ByteSpan bytes, std::size_t offset, std::uint8_t fill) {
  const ByteSpan rest = bytes.subspan(offset);
  const auto other =
      std::find_if(rest.begin(), rest.end(), [fill](std::uint8_t b) { return b != fill; });
  if (other == rest.end()) return {};
  return Fail(Malformed("unused log area at offset " + std::to_string(offset) +
                        " holds data at offset " +
                        std::to_string(offset + static_cast<std::size_t>(other - rest.begin()))));
}

Result<EventLog> ParseLog(ByteSpan bytes, RegisterSpace space) {
  if (bytes.empty()) return Fail(Malformed("the event log is empty"));
  ByteReader reader(bytes);
  EventLog log;
  log.registers = space;
  if (auto first = ReadFirstEvent(reader, log); !first) {
    return Fail(AtEvent(0, 0, std::move(first).error()));
  }
  bool seen_locality = false;
  while (reader.remaining() > 0) {
    if (space == RegisterSpace::kCcMr) {
      if (auto fill = PaddingAt(bytes, reader.position())) {
        VEIL_TRY(CheckUnused(bytes, reader.position(), *fill));
        break;
      }
    }
    Event event;
    event.index = log.events.size();
    event.offset = reader.position();
    Status read = log.spec_id ? ReadAgileEvent(reader, space, *log.spec_id, event)
                              : ReadSha1Event(reader, space, event);
    if (read && event.type == kEvNoAction) read = NoteNoActionEvent(event, seen_locality, log);
    if (!read) return Fail(AtEvent(event.index, event.offset, std::move(read).error()));
    log.events.push_back(std::move(event));
  }
  log.used_bytes = reader.position();
  return log;
}

}  // namespace

std::string_view EventLogFormatName(EventLogFormat format) {
  return format == EventLogFormat::kCryptoAgile ? "crypto-agile" : "sha1";
}

const Bytes* Event::DigestFor(std::uint16_t alg_id) const {
  for (const EventDigest& d : digests) {
    if (d.alg_id == alg_id) return &d.digest;
  }
  return nullptr;
}

std::vector<std::uint16_t> EventLog::Banks() const {
  if (!spec_id) return {tpm::kAlgSha1};
  std::vector<std::uint16_t> banks;
  for (const AlgorithmSize& a : spec_id->algorithms) banks.push_back(a.alg_id);
  return banks;
}

Result<EventLog> ParseEventLog(ByteSpan bytes) { return ParseLog(bytes, RegisterSpace::kTpmPcr); }

Result<EventLog> ParseCcEventLog(ByteSpan area) {
  VEIL_ASSIGN_OR_RETURN(EventLog log, ParseLog(area, RegisterSpace::kCcMr));
  if (!log.spec_id) {
    return Fail(
        Malformed("a CC event log must be crypto-agile: its first record is no Spec ID event"));
  }
  return log;
}

}  // namespace veil::evidence::tpm_eventlog
