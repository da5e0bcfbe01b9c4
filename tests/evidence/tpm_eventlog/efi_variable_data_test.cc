#include "veil/evidence/tpm_eventlog/efi_variable_data.h"

#include <gtest/gtest.h>

#include "log_builder.h"
#include "veil/evidence/tpm_eventlog/event_log.h"
#include "veil/evidence/tpm_eventlog/event_type.h"

namespace veil::evidence::tpm_eventlog {
namespace {

constexpr std::size_t kNameLengthAt = 16;
constexpr std::size_t kDataLengthAt = 24;

Bytes Variable(std::u16string_view name, const Bytes& data) {
  Bytes out(16, 0xAB);
  test::Le64(out, name.size());
  test::Le64(out, data.size());
  for (char16_t c : name) test::Le16(out, static_cast<std::uint16_t>(c));
  out.insert(out.end(), data.begin(), data.end());
  return out;
}

std::string ParseError(const Bytes& bytes) {
  auto variable = ParseEfiVariableData(bytes);
  EXPECT_FALSE(variable) << "parsed unexpectedly";
  return variable ? "" : variable.error().message;
}

TEST(EfiVariableData, DecodesThePcr7VariablesOfTheDebianLog) {
  const EventLog log = ParseEventLog(test::FixtureLog("eventlogs/debian-10.bin")).value();
  std::vector<std::string> names;
  for (const Event& event : log.events) {
    if (event.type != kEvEfiVariableDriverConfig) continue;
    const EfiVariableData variable = ParseEfiVariableData(event.data).value();
    names.push_back(GuidToString(variable.guid) + " " + variable.name);
  }
  EXPECT_EQ(names, (std::vector<std::string>{
                       "8be4df61-93ca-11d2-aa0d-00e098032b8c SecureBoot",
                       "8be4df61-93ca-11d2-aa0d-00e098032b8c PK",
                       "8be4df61-93ca-11d2-aa0d-00e098032b8c KEK",
                       "d719b2cb-3d3a-4596-a3bc-dad00e67656f db",
                       "d719b2cb-3d3a-4596-a3bc-dad00e67656f dbx",
                   }));
}

TEST(EfiVariableData, EveryTruncationFails) {
  const Bytes full = Variable(u"db", {1, 2, 3});
  ASSERT_TRUE(ParseEfiVariableData(full));
  for (std::size_t size = 0; size < full.size(); ++size) {
    const std::string message =
        ParseError(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size)));
    EXPECT_NE(message.find("UEFI_VARIABLE_DATA."), std::string::npos) << size << ": " << message;
  }
}

TEST(EfiVariableData, LengthsBeyondTheEndFailBeforeAnyCopy) {
  Bytes name = Variable(u"db", {1, 2, 3});
  for (std::size_t i = 0; i < 8; ++i) name[kNameLengthAt + i] = 0xFF;
  EXPECT_EQ(ParseError(name),
            "UEFI_VARIABLE_DATA.UnicodeNameLength 18446744073709551615 CHAR16 exceeds the 7 bytes "
            "that remain");
  Bytes data = Variable(u"db", {1, 2, 3});
  for (std::size_t i = 0; i < 8; ++i) data[kDataLengthAt + i] = 0xFF;
  EXPECT_EQ(ParseError(data),
            "UEFI_VARIABLE_DATA.VariableDataLength 18446744073709551615 exceeds the 3 bytes that "
            "remain");
  Bytes trailing = Variable(u"db", {1});
  trailing.push_back(0);
  EXPECT_EQ(ParseError(trailing), "1 trailing bytes after UEFI_VARIABLE_DATA");
}

TEST(EfiVariableData, NamesAreUtf8WithReplacementForLoneSurrogates) {
  EXPECT_EQ(ParseEfiVariableData(Variable(u"K\u00e9y", {})).value().name, "K\xc3\xa9y");
  const char16_t lone[] = {0xD800, u'x'};
  EXPECT_EQ(ParseEfiVariableData(Variable(std::u16string_view(lone, 2), {})).value().name,
            "\xef\xbf\xbdx");
}

}  // namespace
}  // namespace veil::evidence::tpm_eventlog
