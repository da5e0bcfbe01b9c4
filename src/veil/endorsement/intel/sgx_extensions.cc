#include "veil/endorsement/intel/sgx_extensions.h"

#include <algorithm>
#include <optional>
#include <string>

#include "veil/endorsement/intel/der_reader.h"

namespace veil::endorsement::intel {
namespace {

// DER contents of OID 1.2.840.113741.1.13.1; members append one arc, TCB components two.
constexpr std::array<std::uint8_t, 9> kSgxOidPrefix = {0x2a, 0x86, 0x48, 0x86, 0xf8,
                                                       0x4d, 0x01, 0x0d, 0x01};

// The arcs after the SGX prefix, or nullopt for an OID outside the SGX extension (or an arc
// above 127, which no member uses).
std::optional<Bytes> ArcsAfterPrefix(ByteSpan oid) {
  if (oid.size() <= kSgxOidPrefix.size() ||
      !std::equal(kSgxOidPrefix.begin(), kSgxOidPrefix.end(), oid.begin())) {
    return std::nullopt;
  }
  const ByteSpan arcs = oid.subspan(kSgxOidPrefix.size());
  if (std::any_of(arcs.begin(), arcs.end(), [](std::uint8_t b) { return (b & 0x80) != 0; }))
    return std::nullopt;
  return Bytes(arcs.begin(), arcs.end());
}

template <std::size_t N>
Status CopyOctets(ByteSpan element_der_contents, std::array<std::uint8_t, N>& out,
                  std::string_view field) {
  if (element_der_contents.size() != N) {
    return Fail(Malformed(std::string(field) + ": expected " + std::to_string(N) +
                          " bytes, found " + std::to_string(element_der_contents.size())));
  }
  std::copy(element_der_contents.begin(), element_der_contents.end(), out.begin());
  return {};
}

// One (OID, value) pair of a SEQUENCE: the arcs after the SGX prefix and the value element.
struct Member {
  std::optional<Bytes> arcs;
  DerElement value;
};

Result<Member> ReadMember(DerReader& outer, std::string_view field) {
  VEIL_ASSIGN_OR_RETURN(const ByteSpan pair, outer.Expect(kDerSequence, field));
  DerReader reader(pair);
  VEIL_ASSIGN_OR_RETURN(const ByteSpan oid, reader.Expect(kDerObjectIdentifier, field));
  VEIL_ASSIGN_OR_RETURN(const DerElement value, reader.Next(field));
  if (!reader.AtEnd())
    return Fail(Malformed(std::string(field) + ": trailing bytes after the member value"));
  return Member{ArcsAfterPrefix(oid), value};
}

Result<ByteSpan> ValueOfType(const DerElement& value, std::uint8_t tag, std::string_view field) {
  if (value.tag != tag) {
    return Fail(
        Malformed(std::string(field) + ": unexpected DER tag " + std::to_string(value.tag)));
  }
  return value.contents;
}

// TCB (.2): SEQUENCE of 16 component SVNs (.2.1-.2.16), PCESVN (.2.17) and CPUSVN (.2.18).
Status ParseTcb(ByteSpan tcb, SgxExtensions& out) {
  DerReader reader(tcb);
  std::array<bool, 18> seen{};
  while (!reader.AtEnd()) {
    VEIL_ASSIGN_OR_RETURN(const Member member, ReadMember(reader, "SGX extension TCB"));
    if (!member.arcs || member.arcs->size() != 2 || (*member.arcs)[0] != 2) continue;
    const std::uint8_t index = (*member.arcs)[1];
    if (index < 1 || index > 18) continue;
    const std::string field = "SGX extension TCB member " + std::to_string(index);
    if (seen[index - 1]) return Fail(Malformed(field + " appears twice"));
    seen[index - 1] = true;
    if (index == 18) {
      VEIL_ASSIGN_OR_RETURN(const ByteSpan cpu_svn,
                            ValueOfType(member.value, kDerOctetString, "CPUSVN"));
      VEIL_TRY(CopyOctets(cpu_svn, out.cpu_svn, "CPUSVN"));
      continue;
    }
    VEIL_ASSIGN_OR_RETURN(const ByteSpan integer, ValueOfType(member.value, kDerInteger, field));
    if (index == 17) {
      VEIL_ASSIGN_OR_RETURN(const std::uint64_t svn, DerUnsigned(integer, 0xffff, "PCESVN"));
      out.pce_svn = static_cast<std::uint16_t>(svn);
    } else {
      VEIL_ASSIGN_OR_RETURN(const std::uint64_t svn, DerUnsigned(integer, 0xff, field));
      out.tcb_components[index - 1] = static_cast<std::uint8_t>(svn);
    }
  }
  const auto missing = std::find(seen.begin(), seen.end(), false);
  if (missing != seen.end()) {
    return Fail(Malformed("SGX extension TCB member " + std::to_string(missing - seen.begin() + 1) +
                          " is missing"));
  }
  return {};
}

Status ParseSgxTypeValue(const DerElement& value, SgxExtensions& out) {
  VEIL_ASSIGN_OR_RETURN(const ByteSpan contents, ValueOfType(value, kDerEnumerated, "SGX Type"));
  VEIL_ASSIGN_OR_RETURN(const std::uint64_t type, DerUnsigned(contents, 2, "SGX Type"));
  out.sgx_type = static_cast<SgxType>(type);
  return {};
}

// Applies one top-level member (.1-.5) to `out`.
Status ApplyMember(std::uint8_t arc, const DerElement& value, SgxExtensions& out) {
  switch (arc) {
    case 1: {
      VEIL_ASSIGN_OR_RETURN(const ByteSpan ppid, ValueOfType(value, kDerOctetString, "PPID"));
      return CopyOctets(ppid, out.ppid, "PPID");
    }
    case 2: {
      VEIL_ASSIGN_OR_RETURN(const ByteSpan tcb, ValueOfType(value, kDerSequence, "TCB"));
      return ParseTcb(tcb, out);
    }
    case 3: {
      VEIL_ASSIGN_OR_RETURN(const ByteSpan pce_id, ValueOfType(value, kDerOctetString, "PCE-ID"));
      return CopyOctets(pce_id, out.pce_id, "PCE-ID");
    }
    case 4: {
      VEIL_ASSIGN_OR_RETURN(const ByteSpan fmspc, ValueOfType(value, kDerOctetString, "FMSPC"));
      return CopyOctets(fmspc, out.fmspc, "FMSPC");
    }
    default:
      return ParseSgxTypeValue(value, out);
  }
}

constexpr std::array<std::string_view, 5> kRequiredNames = {"PPID", "TCB", "PCE-ID", "FMSPC",
                                                            "SGX Type"};

}  // namespace

std::string_view SgxTypeName(SgxType type) {
  switch (type) {
    case SgxType::kStandard:
      return "Standard";
    case SgxType::kScalable:
      return "Scalable";
    case SgxType::kScalableWithIntegrity:
      return "ScalableWithIntegrity";
  }
  return "?";
}

Result<SgxExtensions> ParseSgxExtensions(ByteSpan der) {
  DerReader outer(der);
  VEIL_ASSIGN_OR_RETURN(const ByteSpan sequence, outer.Expect(kDerSequence, "SGX extensions"));
  if (!outer.AtEnd()) return Fail(Malformed("SGX extensions: trailing bytes after the SEQUENCE"));
  DerReader reader(sequence);
  SgxExtensions out;
  std::array<bool, kRequiredNames.size()> seen{};
  while (!reader.AtEnd()) {
    VEIL_ASSIGN_OR_RETURN(const Member member, ReadMember(reader, "SGX extensions"));
    if (!member.arcs || member.arcs->size() != 1) continue;
    const std::uint8_t arc = member.arcs->front();
    if (arc < 1 || arc > kRequiredNames.size()) continue;  // .6, .7 and later additions
    if (seen[arc - 1]) {
      return Fail(
          Malformed("SGX extensions: " + std::string(kRequiredNames[arc - 1]) + " appears twice"));
    }
    seen[arc - 1] = true;
    VEIL_TRY(ApplyMember(arc, member.value, out));
  }
  for (std::size_t i = 0; i < seen.size(); ++i) {
    if (!seen[i]) {
      return Fail(Malformed("SGX extensions: " + std::string(kRequiredNames[i]) + " is missing"));
    }
  }
  return out;
}

Result<SgxExtensions> SgxExtensionsOf(const crypto::Certificate& pck) {
  const auto extension = pck.ExtensionValue(kSgxExtensionsOid);
  if (!extension) {
    return Fail(Malformed("PCK certificate " + pck.Subject() + " has no SGX extension (" +
                          std::string(kSgxExtensionsOid) + ")"));
  }
  return ParseSgxExtensions(*extension);
}

}  // namespace veil::endorsement::intel
