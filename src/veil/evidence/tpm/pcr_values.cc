#include "veil/evidence/tpm/pcr_values.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "veil/base/byte_reader.h"
#include "veil/base/hex.h"
#include "veil/evidence/tpm/plain_pcr_json.h"

namespace veil::evidence::tpm {
namespace {

using nlohmann::json;

// tpm2-tools' native structs on x86_64 (little-endian, natural alignment):
// TPMS_PCR_SELECTION = hash u16, sizeofSelect u8, pcrSelect[4], 1 pad byte;
// TPML_PCR_SELECTION = count u32 + 16 selections; TPM2B_DIGEST = size u16 + buffer[64];
// TPML_DIGEST = count u32 + 8 digests.
constexpr std::size_t kNativeSelectionSlots = 16;
constexpr std::size_t kNativeSelectBytes = 4;
constexpr std::size_t kNativeSelectionListSize = 4 + kNativeSelectionSlots * 8;  // 132
constexpr std::size_t kNativeDigestSlots = 8;
constexpr std::size_t kNativeDigestListSize = 4 + kNativeDigestSlots * (2 + kMaxDigestSize);  // 532
constexpr std::size_t kCocoPcrCount = 24;

std::size_t ValuesFormatSize(const PcrSelection& selection) {
  std::size_t size = 0;
  for (const PcrBank& bank : selection.banks) {
    size += bank.indexes.size() * HashAlgDigestSize(bank.hash);
  }
  return size;
}

bool SerializedSizeFits(std::size_t size) {
  return size >= kNativeSelectionListSize + 4 &&
         (size - kNativeSelectionListSize - 4) % kNativeDigestListSize == 0;
}

// Assigns `digests` to the PCRs of `selection`, in selection order.
Result<PcrValues> AssignInOrder(const std::vector<ByteSpan>& digests,
                                const PcrSelection& selection) {
  if (digests.size() != selection.PcrCount()) {
    return Fail(Malformed("PCR file holds " + std::to_string(digests.size()) +
                          " digests, its selection " + selection.ToString() + " has " +
                          std::to_string(selection.PcrCount()) + " PCRs"));
  }
  PcrValues values;
  std::size_t next = 0;
  for (const PcrBank& bank : selection.banks) {
    for (std::uint32_t index : bank.indexes) {
      const ByteSpan digest = digests[next++];
      if (digest.size() != HashAlgDigestSize(bank.hash)) {
        return Fail(Malformed("PCR " + std::string(HashAlgName(bank.hash)) + ":" +
                              std::to_string(index) + ": expected a " +
                              std::to_string(HashAlgDigestSize(bank.hash)) + "-byte digest, got " +
                              std::to_string(digest.size()) + " bytes"));
      }
      values[bank.hash][index] = ToBytes(digest);
    }
  }
  return values;
}

// Keeps exactly the selected PCRs (moved out of `all`); every one must have a value.
Result<PcrValues> KeepSelected(PcrValues& all, const PcrSelection& selection) {
  PcrValues selected;
  for (const PcrBank& bank : selection.banks) {
    for (std::uint32_t index : bank.indexes) {
      auto found_bank = all.find(bank.hash);
      if (found_bank == all.end() || !found_bank->second.contains(index)) {
        return Fail(Malformed("PCR file has no value for selected PCR " +
                              std::string(HashAlgName(bank.hash)) + ":" + std::to_string(index)));
      }
      selected[bank.hash][index] = std::move(found_bank->second.at(index));
    }
  }
  return selected;
}

// --- serialized -----------------------------------------------------------------------------

Result<PcrBank> ReadNativeSelectionSlot(ByteReader& reader, const std::string& field, bool used) {
  VEIL_ASSIGN_OR_RETURN(const std::uint16_t hash_id, reader.U16Le(field + ".hash"));
  VEIL_ASSIGN_OR_RETURN(const std::uint8_t size_of_select, reader.U8(field + ".sizeofSelect"));
  VEIL_ASSIGN_OR_RETURN(const ByteSpan select,
                        reader.Bytes(kNativeSelectBytes, field + ".pcrSelect"));
  VEIL_TRY(reader.Skip(1, field + " padding"));  // native padding: uninitialised, not interpreted
  if (!used) return PcrBank{};
  VEIL_ASSIGN_OR_RETURN(const HashAlg hash, HashAlgFromId(hash_id, field + ".hash"));
  if (size_of_select > kNativeSelectBytes) {
    return Fail(Malformed(field + ".sizeofSelect " + std::to_string(size_of_select) +
                          " exceeds the maximum " + std::to_string(kNativeSelectBytes)));
  }
  return PcrBank{hash, PcrIndexesFromBitmap(select.first(size_of_select))};
}

Result<PcrSelection> ReadNativeSelection(ByteReader& reader) {
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t count,
                        reader.U32Le("serialized TPML_PCR_SELECTION.count"));
  if (count > kNativeSelectionSlots) {
    return Fail(Malformed("serialized TPML_PCR_SELECTION.count " + std::to_string(count) +
                          " exceeds the maximum " + std::to_string(kNativeSelectionSlots)));
  }
  PcrSelection selection;
  for (std::size_t i = 0; i < kNativeSelectionSlots; ++i) {
    const std::string field =
        "serialized TPML_PCR_SELECTION.pcrSelections[" + std::to_string(i) + "]";
    VEIL_ASSIGN_OR_RETURN(PcrBank bank, ReadNativeSelectionSlot(reader, field, i < count));
    if (i < count) selection.banks.push_back(std::move(bank));
  }
  return selection;
}

Status ReadNativeDigestList(ByteReader& reader, const std::string& field,
                            std::vector<ByteSpan>& digests) {
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t count, reader.U32Le(field + ".count"));
  if (count > kNativeDigestSlots) {
    return Fail(Malformed(field + ".count " + std::to_string(count) + " exceeds the maximum " +
                          std::to_string(kNativeDigestSlots)));
  }
  for (std::size_t i = 0; i < kNativeDigestSlots; ++i) {
    const std::string digest = field + ".digests[" + std::to_string(i) + "]";
    VEIL_ASSIGN_OR_RETURN(const std::uint16_t size, reader.U16Le(digest + ".size"));
    VEIL_ASSIGN_OR_RETURN(const ByteSpan buffer, reader.Bytes(kMaxDigestSize, digest + ".buffer"));
    if (i >= count) continue;  // unused slot
    if (size > kMaxDigestSize) {
      return Fail(Malformed(digest + ".size " + std::to_string(size) + " exceeds the maximum " +
                            std::to_string(kMaxDigestSize)));
    }
    digests.push_back(buffer.first(size));
  }
  return {};
}

Result<PcrValues> ParseSerialized(ByteSpan bytes, const PcrSelection& quote_selection) {
  ByteReader reader(bytes);
  VEIL_ASSIGN_OR_RETURN(const PcrSelection file_selection, ReadNativeSelection(reader));
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t lists, reader.U32Le("serialized TPML_DIGEST count"));
  if (lists > reader.remaining() / kNativeDigestListSize) {
    return Fail(Malformed("serialized PCR file announces " + std::to_string(lists) +
                          " TPML_DIGEST of " + std::to_string(kNativeDigestListSize) + " bytes, " +
                          std::to_string(reader.remaining()) + " bytes remain"));
  }
  std::vector<ByteSpan> digests;
  for (std::uint32_t i = 0; i < lists; ++i) {
    VEIL_TRY(
        ReadNativeDigestList(reader, "serialized TPML_DIGEST[" + std::to_string(i) + "]", digests));
  }
  VEIL_TRY(reader.ExpectEnd("serialized PCR file"));
  if (!SelectsSamePcrs(file_selection, quote_selection)) {
    return Fail(Malformed("serialized PCR file selects " + file_selection.ToString() +
                          ", the quote selects " + quote_selection.ToString()));
  }
  return AssignInOrder(digests, file_selection);
}

// --- values -------------------------------------------------------------------------------

Result<PcrValues> ParseValuesFormat(ByteSpan bytes, const PcrSelection& selection) {
  ByteReader reader(bytes);
  std::vector<ByteSpan> digests;
  for (const PcrBank& bank : selection.banks) {
    for (std::uint32_t index : bank.indexes) {
      const std::string field =
          "PCR " + std::string(HashAlgName(bank.hash)) + ":" + std::to_string(index);
      VEIL_ASSIGN_OR_RETURN(const ByteSpan digest,
                            reader.Bytes(HashAlgDigestSize(bank.hash), field));
      digests.push_back(digest);
    }
  }
  VEIL_TRY(reader.ExpectEnd("PCR values"));
  return AssignInOrder(digests, selection);
}

// --- JSON (the one place that touches nlohmann::json values; access is checked first) -------

Result<std::uint32_t> ParseJsonIndex(const std::string& key, std::string_view bank) {
  std::uint32_t index = 0;
  auto [stop, error] = std::from_chars(key.data(), key.data() + key.size(), index);
  const bool canonical = !key.empty() && (key == "0" || key[0] != '0');
  if (!canonical || error != std::errc() || stop != key.data() + key.size() ||
      index >= 8 * kMaxSizeofSelect) {
    return Fail(Malformed("PCR JSON bank " + std::string(bank) + ": \"" + key +
                          "\" is not a PCR index 0.." + std::to_string(8 * kMaxSizeofSelect - 1)));
  }
  return index;
}

Result<Bytes> ParseJsonDigest(const json& value, HashAlg hash, const std::string& what) {
  if (!value.is_string()) {
    return Fail(Malformed(what + ": expected a hex string, got " + value.type_name()));
  }
  auto digest = HexDecode(value.get_ref<const std::string&>());
  if (!digest) return Fail(Malformed(what + ": " + digest.error().message));
  if (digest->size() != HashAlgDigestSize(hash)) {
    return Fail(Malformed(what + ": expected a " + std::to_string(HashAlgDigestSize(hash)) +
                          "-byte " + std::string(HashAlgName(hash)) + " digest, got " +
                          std::to_string(digest->size()) + " bytes"));
  }
  return std::move(*digest);
}

Result<HashAlg> BankFromName(const std::string& name) {
  for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256, HashAlg::kSha384, HashAlg::kSha512}) {
    if (HashAlgName(hash) == name) return hash;
  }
  return Fail(Malformed("PCR JSON: bank \"" + name + "\" is not sha1, sha256, sha384 or sha512"));
}

Result<PcrValues> ParseJsonObject(const json& document) {
  PcrValues values;
  for (const auto& [name, bank] : document.items()) {
    VEIL_ASSIGN_OR_RETURN(const HashAlg hash, BankFromName(name));
    if (!bank.is_object()) {
      return Fail(Malformed("PCR JSON bank " + name + ": expected an object of index -> hex"));
    }
    for (const auto& [key, value] : bank.items()) {
      VEIL_ASSIGN_OR_RETURN(const std::uint32_t index, ParseJsonIndex(key, name));
      VEIL_ASSIGN_OR_RETURN(values[hash][index],
                            ParseJsonDigest(value, hash, "PCR " + name + ":" + key));
    }
  }
  return values;
}

Result<PcrValues> ParseCocoArray(const json& document) {
  if (document.size() != kCocoPcrCount) {
    return Fail(Malformed("CoCo PCR array: expected " + std::to_string(kCocoPcrCount) +
                          " SHA-256 values, got " + std::to_string(document.size())));
  }
  PcrValues values;
  for (std::uint32_t index = 0; index < kCocoPcrCount; ++index) {
    VEIL_ASSIGN_OR_RETURN(
        values[HashAlg::kSha256][index],
        ParseJsonDigest(document[index], HashAlg::kSha256, "CoCo PCR " + std::to_string(index)));
  }
  return values;
}

// The adapter: nothing above throws by construction (types are checked before access), and
// this catch keeps a library surprise from escaping as an exception.
Result<PcrValues> ParseJsonDocument(const json& document) {
  try {
    return document.is_array() ? ParseCocoArray(document) : ParseJsonObject(document);
  } catch (const json::exception& error) {
    return Fail(Malformed(std::string("PCR JSON: ") + error.what()));
  }
}

bool LooksLikeJson(ByteSpan bytes) {
  auto first =
      std::find_if(bytes.begin(), bytes.end(), [](std::uint8_t b) { return !std::isspace(b); });
  return first != bytes.end() && (*first == '{' || *first == '[');
}

Result<PcrFile> InFormat(PcrFileFormat format, Result<PcrValues> values) {
  if (!values) return Fail(std::move(values).error());
  return PcrFile{format, std::move(*values)};
}

// A JSON form: plainly spelled files without a JSON tree (plain_pcr_json.h), the rest through
// nlohmann::json, which also gives every error.
Result<PcrFile> ReadJsonForm(ByteSpan bytes, const PcrSelection& selection) {
  if (auto plain = ReadPlainPcrJson(bytes, selection)) {
    return PcrFile{plain->format, std::move(plain->values)};
  }
  const json document = json::parse(bytes.begin(), bytes.end(), nullptr, false);
  if (document.is_discarded() || !(document.is_object() || document.is_array())) {
    return Fail(Malformed("PCR file starts like JSON but is not a JSON object or array"));
  }
  const PcrFileFormat format =
      document.is_array() ? PcrFileFormat::kCocoArray : PcrFileFormat::kJson;
  auto all = ParseJsonDocument(document);
  if (!all) return Fail(std::move(all).error());
  return InFormat(format, KeepSelected(*all, selection));
}

Error NoFormatFits(ByteSpan bytes, const PcrSelection& selection) {
  return Malformed("PCR file of " + std::to_string(bytes.size()) +
                   " bytes matches no known format for the selection " + selection.ToString() +
                   ": the values format needs " + std::to_string(ValuesFormatSize(selection)) +
                   " bytes, the serialized format " + std::to_string(kNativeSelectionListSize + 4) +
                   " + " + std::to_string(kNativeDigestListSize) +
                   "*N bytes, JSON starts with '{' or '['");
}

}  // namespace

std::string_view PcrFileFormatName(PcrFileFormat format) {
  switch (format) {
    case PcrFileFormat::kSerialized:
      return "serialized";
    case PcrFileFormat::kValues:
      return "values";
    case PcrFileFormat::kJson:
      return "JSON";
    case PcrFileFormat::kCocoArray:
      return "CoCo array";
  }
  return "unknown";
}

Result<PcrFile> ParsePcrFile(ByteSpan bytes, const PcrSelection& selection) {
  // Every format that fits is a candidate; exactly one may fit. By construction they cannot collide
  // (a consistent serialized file, 136 + 532*N bytes for at most 8*N digests, is larger than the
  // values file of the same selection; JSON spells each value in hex, at least twice its size),
  // so the ambiguity error is a guard, not an expected outcome.
  std::vector<PcrFile> candidates;
  std::optional<Error> first_error;
  auto consider = [&](Result<PcrFile> file) {
    if (file) {
      candidates.push_back(std::move(*file));
    } else if (!first_error) {
      first_error = std::move(file).error();
    }
  };
  if (LooksLikeJson(bytes)) consider(ReadJsonForm(bytes, selection));
  if (SerializedSizeFits(bytes.size())) {
    consider(InFormat(PcrFileFormat::kSerialized, ParseSerialized(bytes, selection)));
  }
  if (bytes.size() == ValuesFormatSize(selection)) {
    consider(InFormat(PcrFileFormat::kValues, ParseValuesFormat(bytes, selection)));
  }

  if (candidates.size() > 1) {
    std::string formats;
    for (const PcrFile& candidate : candidates) {
      formats +=
          (formats.empty() ? "" : " and ") + std::string(PcrFileFormatName(candidate.format));
    }
    return Fail(Malformed("PCR file of " + std::to_string(bytes.size()) +
                          " bytes is ambiguous: it fits the " + formats +
                          " formats for the selection " + selection.ToString()));
  }
  if (candidates.size() == 1) return std::move(candidates.front());
  if (first_error) return Fail(std::move(*first_error));
  return Fail(NoFormatFits(bytes, selection));
}

}  // namespace veil::evidence::tpm
