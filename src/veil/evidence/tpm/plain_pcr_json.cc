#include "veil/evidence/tpm/plain_pcr_json.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string_view>

#include "veil/base/hex.h"

namespace veil::evidence::tpm {
namespace {

constexpr std::size_t kCocoPcrCount = 24;
constexpr std::uint32_t kPcrIndexLimit = 8 * kMaxSizeofSelect;  // indexes the JSON reader accepts
constexpr std::array<HashAlg, 4> kBanks = {HashAlg::kSha1, HashAlg::kSha256, HashAlg::kSha384,
                                           HashAlg::kSha512};

std::optional<std::size_t> BankSlot(HashAlg hash) {
  for (std::size_t slot = 0; slot < kBanks.size(); ++slot) {
    if (kBanks[slot] == hash) return slot;
  }
  return std::nullopt;
}

std::optional<std::size_t> BankSlotFromName(std::string_view name) {
  for (std::size_t slot = 0; slot < kBanks.size(); ++slot) {
    if (HashAlgName(kBanks[slot]) == name) return slot;
  }
  return std::nullopt;
}

// A canonical decimal index below kPcrIndexLimit ("0", "7", "23"; not "07", "+1" or "32").
std::optional<std::uint32_t> IndexFromName(std::string_view name) {
  if (name.empty() || name.size() > 2 || (name.size() > 1 && name[0] == '0')) return std::nullopt;
  std::uint32_t index = 0;
  for (char c : name) {
    if (c < '0' || c > '9') return std::nullopt;
    index = index * 10 + static_cast<std::uint32_t>(c - '0');
  }
  if (index >= kPcrIndexLimit) return std::nullopt;
  return index;
}

// The digits HexDecode accepts, as a table: the scan below runs over every value of the file.
constexpr std::array<bool, 256> kHexDigits = [] {
  std::array<bool, 256> digits{};
  for (const char* c = "0123456789abcdefABCDEF"; *c != '\0'; ++c) {
    digits[static_cast<unsigned char>(*c)] = true;
  }
  return digits;
}();

// What HexDecode accepts ("0x" prefix, either case), of exactly `size` bytes.
bool IsHexDigest(std::string_view text, std::size_t size) {
  if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
  if (text.size() != 2 * size) return false;
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return kHexDigits[static_cast<unsigned char>(c)]; });
}

// A cursor over the document; every method returns false (or nullopt) where the plain form ends.
class PlainJsonCursor {
 public:
  explicit PlainJsonCursor(ByteSpan bytes)
      : text_(reinterpret_cast<const char*>(bytes.data()), bytes.size()) {}

  void SkipSpace() {
    while (position_ < text_.size() && IsJsonSpace(text_[position_])) ++position_;
  }
  // Skips white space, then consumes `c` if it comes next.
  bool Take(char c) {
    SkipSpace();
    if (position_ >= text_.size() || text_[position_] != c) return false;
    ++position_;
    return true;
  }
  bool Peek(char c) {
    SkipSpace();
    return position_ < text_.size() && text_[position_] == c;
  }
  // The bytes between a pair of quotes, unchecked: every caller accepts only digits, hex digits
  // or a bank name, so a string with an escape (a backslash) or any other byte is refused there.
  std::optional<std::string_view> String() {
    if (!Take('"')) return std::nullopt;
    const std::size_t end = text_.find('"', position_);
    if (end == std::string_view::npos) return std::nullopt;
    const std::string_view contents = text_.substr(position_, end - position_);
    position_ = end + 1;
    return contents;
  }
  bool AtEnd() {
    SkipSpace();
    return position_ == text_.size();
  }

 private:
  static bool IsJsonSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

  std::string_view text_;
  std::size_t position_ = 0;
};

// Which PCRs of each bank (kBanks order) the selection names, as bit masks.
using BankMasks = std::array<std::uint32_t, kBanks.size()>;

std::optional<BankMasks> SelectedMasks(const PcrSelection& selection) {
  BankMasks masks{};
  for (const PcrBank& bank : selection.banks) {
    const auto slot = BankSlot(bank.hash);
    if (!slot) return std::nullopt;
    for (std::uint32_t index : bank.indexes) {
      if (index >= kPcrIndexLimit) return std::nullopt;
      masks[*slot] |= std::uint32_t{1} << index;
    }
  }
  return masks;
}

// One value: checked, and decoded into `values` when selected. False where the plain form ends.
bool ReadValue(std::string_view hex, std::size_t slot, std::uint32_t index,
               const BankMasks& selected, PcrValues& values) {
  const HashAlg hash = kBanks[slot];
  if (!IsHexDigest(hex, HashAlgDigestSize(hash))) return false;
  if ((selected[slot] >> index & 1U) == 0) return true;
  auto digest = HexDecode(hex);
  if (!digest) return false;
  values[hash][index] = std::move(*digest);
  return true;
}

// {"<index>": "<hex>", ...} of one bank, after its name; `found` gets the indexes seen.
bool ReadBank(PlainJsonCursor& cursor, std::size_t slot, const BankMasks& selected,
              std::uint32_t& found, PcrValues& values) {
  if (!cursor.Take('{')) return false;
  if (cursor.Take('}')) return true;
  do {
    const auto name = cursor.String();
    if (!name) return false;
    const auto index = IndexFromName(*name);
    if (!index || (found >> *index & 1U) != 0) return false;  // duplicates: the general reader
    found |= std::uint32_t{1} << *index;
    if (!cursor.Take(':')) return false;
    const auto hex = cursor.String();
    if (!hex || !ReadValue(*hex, slot, *index, selected, values)) return false;
  } while (cursor.Take(','));
  return cursor.Take('}');
}

bool ReadObject(PlainJsonCursor& cursor, const BankMasks& selected, BankMasks& found,
                PcrValues& values) {
  if (cursor.Take('}')) return true;
  std::array<bool, kBanks.size()> seen{};
  do {
    const auto name = cursor.String();
    if (!name) return false;
    const auto slot = BankSlotFromName(*name);
    if (!slot || seen[*slot]) return false;
    seen[*slot] = true;
    if (!cursor.Take(':') || !ReadBank(cursor, *slot, selected, found[*slot], values)) return false;
  } while (cursor.Take(','));
  return cursor.Take('}');
}

bool ReadCocoArray(PlainJsonCursor& cursor, const BankMasks& selected, BankMasks& found,
                   PcrValues& values) {
  const std::size_t slot = *BankSlot(HashAlg::kSha256);
  std::uint32_t index = 0;
  if (cursor.Peek(']')) return false;  // not 24 values
  do {
    const auto hex = cursor.String();
    if (!hex || index >= kCocoPcrCount || !ReadValue(*hex, slot, index, selected, values)) {
      return false;
    }
    found[slot] |= std::uint32_t{1} << index;
    ++index;
  } while (cursor.Take(','));
  return index == kCocoPcrCount && cursor.Take(']');
}

}  // namespace

std::optional<PlainPcrJson> ReadPlainPcrJson(ByteSpan bytes, const PcrSelection& selection) {
  const auto selected = SelectedMasks(selection);
  if (!selected) return std::nullopt;
  PlainJsonCursor cursor(bytes);
  PlainPcrJson result;
  BankMasks found{};
  if (cursor.Take('{')) {
    result.format = PcrFileFormat::kJson;
    if (!ReadObject(cursor, *selected, found, result.values)) return std::nullopt;
  } else if (cursor.Take('[')) {
    result.format = PcrFileFormat::kCocoArray;
    if (!ReadCocoArray(cursor, *selected, found, result.values)) return std::nullopt;
  } else {
    return std::nullopt;
  }
  if (!cursor.AtEnd()) return std::nullopt;
  for (std::size_t slot = 0; slot < kBanks.size(); ++slot) {
    if ((found[slot] & (*selected)[slot]) != (*selected)[slot]) return std::nullopt;  // missing
  }
  return result;
}

}  // namespace veil::evidence::tpm
