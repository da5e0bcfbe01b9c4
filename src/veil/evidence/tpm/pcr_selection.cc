#include "veil/evidence/tpm/pcr_selection.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

namespace veil::evidence::tpm {
namespace {

constexpr std::uint32_t kMaxPcrIndex = 8 * kMaxSizeofSelect - 1;
constexpr std::uint32_t kAllPcrs = 24;  // tpm2-tools' "all": the 24 PCRs of a PC Client TPM

std::set<std::pair<HashAlg, std::uint32_t>> SelectedPairs(const PcrSelection& selection) {
  std::set<std::pair<HashAlg, std::uint32_t>> pairs;
  for (const PcrBank& bank : selection.banks) {
    for (std::uint32_t index : bank.indexes) pairs.emplace(bank.hash, index);
  }
  return pairs;
}

bool ListsBank(const PcrSelection& selection, HashAlg hash) {
  return std::any_of(selection.banks.begin(), selection.banks.end(),
                     [hash](const PcrBank& bank) { return bank.hash == hash; });
}

// One TPMS_PCR_SELECTION: hash, sizeofSelect, pcrSelect[sizeofSelect].
Result<PcrBank> ReadBank(ByteReader& reader, const std::string& field) {
  VEIL_ASSIGN_OR_RETURN(const std::uint16_t hash_id, reader.U16Be(field + ".hash"));
  VEIL_ASSIGN_OR_RETURN(const HashAlg hash, HashAlgFromId(hash_id, field + ".hash"));
  VEIL_ASSIGN_OR_RETURN(const std::uint8_t size_of_select, reader.U8(field + ".sizeofSelect"));
  if (size_of_select > kMaxSizeofSelect) {
    return Fail(Malformed(field + ".sizeofSelect " + std::to_string(size_of_select) +
                          " exceeds the maximum " + std::to_string(kMaxSizeofSelect)));
  }
  VEIL_ASSIGN_OR_RETURN(const ByteSpan bitmap, reader.Bytes(size_of_select, field + ".pcrSelect"));
  return PcrBank{hash, PcrIndexesFromBitmap(bitmap)};
}

Result<std::uint32_t> ParseIndex(std::string_view text, std::string_view list) {
  std::uint32_t index = 0;
  const char* end = text.data() + text.size();
  auto [stop, error] = std::from_chars(text.data(), end, index);
  if (text.empty() || error != std::errc() || stop != end || index > kMaxPcrIndex) {
    return Fail(InvalidArgument("PCR list \"" + std::string(list) + "\": \"" + std::string(text) +
                                "\" is not a PCR index 0.." + std::to_string(kMaxPcrIndex)));
  }
  return index;
}

Result<std::vector<std::uint32_t>> ParseIndexes(std::string_view text, std::string_view list) {
  std::vector<std::uint32_t> indexes;
  if (text == "all") {
    for (std::uint32_t i = 0; i < kAllPcrs; ++i) indexes.push_back(i);
    return indexes;
  }
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    VEIL_ASSIGN_OR_RETURN(const std::uint32_t index,
                          ParseIndex(text.substr(start, comma - start), list));
    indexes.push_back(index);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  std::sort(indexes.begin(), indexes.end());
  indexes.erase(std::unique(indexes.begin(), indexes.end()), indexes.end());
  return indexes;
}

Result<PcrBank> ParseBankText(std::string_view text, std::string_view list) {
  const std::size_t colon = text.find(':');
  if (colon == std::string_view::npos) {
    return Fail(InvalidArgument("PCR list \"" + std::string(list) + "\": \"" + std::string(text) +
                                "\" is not <bank>:<indexes>, e.g. sha256:0,1,7"));
  }
  const std::string_view name = text.substr(0, colon);
  for (HashAlg hash : {HashAlg::kSha1, HashAlg::kSha256, HashAlg::kSha384, HashAlg::kSha512}) {
    if (HashAlgName(hash) != name) continue;
    VEIL_ASSIGN_OR_RETURN(std::vector<std::uint32_t> indexes,
                          ParseIndexes(text.substr(colon + 1), list));
    return PcrBank{hash, std::move(indexes)};
  }
  return Fail(InvalidArgument("PCR list \"" + std::string(list) + "\": bank \"" +
                              std::string(name) + "\" is not sha1, sha256, sha384 or sha512"));
}

}  // namespace

std::vector<std::uint32_t> PcrIndexesFromBitmap(ByteSpan bitmap) {
  std::vector<std::uint32_t> indexes;
  for (std::size_t byte = 0; byte < bitmap.size(); ++byte) {
    for (unsigned bit = 0; bit < 8; ++bit) {
      if ((static_cast<unsigned>(bitmap[byte]) >> bit) & 1u) {
        indexes.push_back(static_cast<std::uint32_t>(8 * byte + bit));
      }
    }
  }
  return indexes;
}

std::size_t PcrSelection::PcrCount() const {
  std::size_t count = 0;
  for (const PcrBank& bank : banks) count += bank.indexes.size();
  return count;
}

std::string PcrSelection::ToString() const {
  std::string text;
  for (const PcrBank& bank : banks) {
    if (!text.empty()) text += '+';
    text += std::string(HashAlgName(bank.hash)) + ':';
    if (bank.indexes.empty()) text += "none";
    for (std::size_t i = 0; i < bank.indexes.size(); ++i) {
      text += (i == 0 ? "" : ",") + std::to_string(bank.indexes[i]);
    }
  }
  return text.empty() ? "(no PCRs)" : text;
}

bool SelectsSamePcrs(const PcrSelection& a, const PcrSelection& b) {
  return SelectedPairs(a) == SelectedPairs(b);
}

Result<PcrSelection> ReadPcrSelection(ByteReader& reader, std::string_view field) {
  const std::string prefix(field);
  VEIL_ASSIGN_OR_RETURN(const std::uint32_t count, reader.U32Be(prefix + ".count"));
  if (count > kMaxPcrBanks) {
    return Fail(Malformed(prefix + ".count " + std::to_string(count) + " exceeds the maximum " +
                          std::to_string(kMaxPcrBanks)));
  }
  PcrSelection selection;
  for (std::uint32_t i = 0; i < count; ++i) {
    VEIL_ASSIGN_OR_RETURN(PcrBank bank,
                          ReadBank(reader, prefix + ".pcrSelections[" + std::to_string(i) + "]"));
    if (ListsBank(selection, bank.hash)) {
      return Fail(
          Unsupported(prefix + " lists bank " + std::string(HashAlgName(bank.hash)) + " twice"));
    }
    selection.banks.push_back(std::move(bank));
  }
  return selection;
}

Result<PcrSelection> ParsePcrList(std::string_view text) {
  PcrSelection selection;
  std::size_t start = 0;
  while (true) {
    const std::size_t plus = text.find('+', start);
    VEIL_ASSIGN_OR_RETURN(PcrBank bank, ParseBankText(text.substr(start, plus - start), text));
    if (ListsBank(selection, bank.hash)) {
      return Fail(InvalidArgument("PCR list \"" + std::string(text) + "\" lists bank " +
                                  std::string(HashAlgName(bank.hash)) + " twice"));
    }
    selection.banks.push_back(std::move(bank));
    if (plus == std::string_view::npos) break;
    start = plus + 1;
  }
  return selection;
}

}  // namespace veil::evidence::tpm
