#pragma once
// Hand-made tar archives for tests: ustar (or GNU) header blocks with a correct checksum unless
// a test breaks it on purpose, pax and GNU long-name members, and the end-of-archive marker.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <string>

#include "veil/base/bytes.h"

namespace veil::payload::tar::testing {

struct HeaderSpec {
  std::string name{};
  char typeflag = '0';
  std::uint64_t size = 0;
  std::uint32_t mode = 0644;
  std::string linkname{};
  std::string prefix{};  // ustar only
  bool gnu = false;      // GNU magic "ustar  \0" instead of POSIX "ustar\0" "00"
};

inline void PutString(Bytes& block, std::size_t offset, std::size_t size, std::string_view text) {
  std::copy_n(text.begin(), std::min(size, text.size()),
              block.begin() + static_cast<std::ptrdiff_t>(offset));
}

inline void PutOctal(Bytes& block, std::size_t offset, std::size_t size, std::uint64_t value) {
  char digits[32];
  std::snprintf(digits, sizeof digits, "%0*llo", static_cast<int>(size - 1),
                static_cast<unsigned long long>(value));
  PutString(block, offset, size - 1, digits);
}

// Recomputes chksum (offset 148): the sum of all bytes with the field read as spaces.
inline void FixChecksum(Bytes& block) {
  std::fill_n(block.begin() + 148, 8, ' ');
  unsigned sum = 0;
  for (std::uint8_t byte : block) sum += byte;
  char digits[8];
  std::snprintf(digits, sizeof digits, "%06o", sum);
  PutString(block, 148, 6, digits);
  block[154] = 0;
  block[155] = ' ';
}

inline Bytes HeaderBlock(const HeaderSpec& spec) {
  Bytes block(512, 0);
  PutString(block, 0, 100, spec.name);
  PutOctal(block, 100, 8, spec.mode);
  PutOctal(block, 108, 8, 0);
  PutOctal(block, 116, 8, 0);
  PutOctal(block, 124, 12, spec.size);
  PutOctal(block, 136, 12, 0);
  block[156] = static_cast<std::uint8_t>(spec.typeflag);
  PutString(block, 157, 100, spec.linkname);
  PutString(block, 257, 8,
            spec.gnu ? std::string_view("ustar  \0", 8)
                     : std::string_view("ustar\0"
                                        "00",
                                        8));
  if (!spec.gnu) PutString(block, 345, 155, spec.prefix);
  FixChecksum(block);
  return block;
}

// `data` followed by zeros up to the next 512-byte boundary.
inline Bytes Padded(std::string_view data) {
  Bytes bytes(data.begin(), data.end());
  bytes.resize((bytes.size() + 511) / 512 * 512, 0);
  return bytes;
}

inline Bytes Concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
  return out;
}

inline Bytes Member(const HeaderSpec& spec, std::string_view data = {}) {
  HeaderSpec sized = spec;
  if (sized.size == 0) sized.size = data.size();
  return Concat({HeaderBlock(sized), Padded(data)});
}

inline Bytes File(const std::string& name, std::string_view data, std::uint32_t mode = 0644) {
  return Member({.name = name, .typeflag = '0', .mode = mode}, data);
}

inline Bytes Directory(const std::string& name, std::uint32_t mode = 0755) {
  return Member({.name = name, .typeflag = '5', .mode = mode});
}

// A GNU long name member ("././@LongLink", typeflag 'L', the name and its NUL as data).
inline Bytes LongName(const std::string& name) {
  return Member({.name = "././@LongLink", .typeflag = 'L', .gnu = true},
                name + std::string(1, '\0'));
}

// One pax record "<length> keyword=value\n" (the length counts itself).
inline std::string PaxRecord(const std::string& keyword, const std::string& value) {
  const std::string body = " " + keyword + "=" + value + "\n";
  std::size_t length = body.size() + 1;
  while (std::to_string(length).size() + body.size() != length) ++length;
  return std::to_string(length) + body;
}

inline Bytes Pax(const std::string& records, char typeflag = 'x') {
  return Member({.name = "./PaxHeaders/entry", .typeflag = typeflag}, records);
}

inline Bytes EndOfArchive() { return Bytes(1024, 0); }

inline Bytes Archive(std::initializer_list<Bytes> members) {
  Bytes out;
  for (const Bytes& member : members) out.insert(out.end(), member.begin(), member.end());
  const Bytes end = EndOfArchive();
  out.insert(out.end(), end.begin(), end.end());
  return out;
}

}  // namespace veil::payload::tar::testing
