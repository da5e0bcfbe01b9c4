#include "veil/protocol/wire_text.h"

#include <gtest/gtest.h>

#include <string>

namespace veil::protocol {
namespace {

TEST(WireText, QuotesPrintableTextAsItIs) {
  EXPECT_EQ(QuoteWireText("snp"), R"("snp")");
  EXPECT_EQ(QuoteWireText(""), R"("")");
  EXPECT_EQ(QuoteWireText("a b~"), R"("a b~")");
}

TEST(WireText, EscapesQuotesBackslashesAndEveryNonPrintableByte) {
  EXPECT_EQ(QuoteWireText("say \"hi\"\\"), R"("say \"hi\"\\")");
  EXPECT_EQ(QuoteWireText(std::string("a\0b", 3)), R"("a\x00b")");
  EXPECT_EQ(QuoteWireText("\t\n\x7f\xc3\xa9"), R"("\x09\x0a\x7f\xc3\xa9")");
}

TEST(WireText, CapsLongInputAndGivesItsSize) {
  const std::string exact(kMaxQuotedWireText, 'x');
  EXPECT_EQ(QuoteWireText(exact), "\"" + exact + "\"");
  EXPECT_EQ(QuoteWireText(exact + "y"), "\"" + exact + "\"... (33 bytes)");
  EXPECT_EQ(QuoteWireText(std::string(1u << 20, '\n')).size(),
            2 + 4 * kMaxQuotedWireText + std::string("... (1048576 bytes)").size());
}

}  // namespace
}  // namespace veil::protocol
