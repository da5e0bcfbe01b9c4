#include "veil/json/ecmascript_number.h"

#include <gtest/gtest.h>

#include <bit>
#include <cstdint>
#include <limits>

namespace veil::json {
namespace {

double FromBits(std::uint64_t bits) { return std::bit_cast<double>(bits); }

struct Sample {
  std::uint64_t ieee754;
  const char* expected;
};

// RFC 8785 appendix B, "Number Serialization Samples" (every finite row).
constexpr Sample kAppendixB[] = {
    {0x0000000000000000, "0"},
    {0x8000000000000000, "0"},
    {0x0000000000000001, "5e-324"},
    {0x8000000000000001, "-5e-324"},
    {0x7fefffffffffffff, "1.7976931348623157e+308"},
    {0xffefffffffffffff, "-1.7976931348623157e+308"},
    {0x4340000000000000, "9007199254740992"},
    {0xc340000000000000, "-9007199254740992"},
    {0x4430000000000000, "295147905179352830000"},
    {0x44b52d02c7e14af5, "9.999999999999997e+22"},
    {0x44b52d02c7e14af6, "1e+23"},
    {0x44b52d02c7e14af7, "1.0000000000000001e+23"},
    {0x444b1ae4d6e2ef4e, "999999999999999700000"},
    {0x444b1ae4d6e2ef4f, "999999999999999900000"},
    {0x444b1ae4d6e2ef50, "1e+21"},
    {0x3eb0c6f7a0b5ed8c, "9.999999999999997e-7"},
    {0x3eb0c6f7a0b5ed8d, "0.000001"},
    {0x41b3de4355555553, "333333333.3333332"},
    {0x41b3de4355555554, "333333333.33333325"},
    {0x41b3de4355555555, "333333333.3333333"},
    {0x41b3de4355555556, "333333333.3333334"},
    {0x41b3de4355555557, "333333333.33333343"},
    {0xbecbf647612f3696, "-0.0000033333333333333333"},
    {0x43143ff3c1cb0959, "1424953923781206.2"},
};

TEST(EcmaScriptNumber, MatchesRfc8785AppendixB) {
  for (const Sample& sample : kAppendixB) {
    auto text = FormatEcmaScriptNumber(FromBits(sample.ieee754));
    ASSERT_TRUE(text) << std::hex << sample.ieee754;
    EXPECT_EQ(*text, sample.expected) << std::hex << sample.ieee754;
  }
}

TEST(EcmaScriptNumber, RejectsNanAndInfinities) {
  // Appendix B lists NaN (7fffffffffffffff) and Infinity (7ff0000000000000) as errors.
  for (double value : {FromBits(0x7fffffffffffffff), FromBits(0x7ff0000000000000),
                       -std::numeric_limits<double>::infinity()}) {
    auto text = FormatEcmaScriptNumber(value);
    ASSERT_FALSE(text);
    EXPECT_EQ(text.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST(EcmaScriptNumber, FollowsEveryLayoutRule) {
  const std::pair<double, const char*> cases[] = {
      {1.0, "1"},
      {-1.0, "-1"},
      {100.0, "100"},
      {1e20, "100000000000000000000"},
      {1e21, "1e+21"},
      {1.5e21, "1.5e+21"},
      {123.456, "123.456"},
      {0.1, "0.1"},
      {0.000001, "0.000001"},
      {1e-7, "1e-7"},
      {1.25e-7, "1.25e-7"},
      {4.5, "4.5"},
      {0.002, "0.002"},
      {1e30, "1e+30"},
      {1e-27, "1e-27"},
      {2.5e-6, "0.0000025"},
  };
  for (const auto& [value, expected] : cases)
    EXPECT_EQ(FormatEcmaScriptNumber(value).value(), expected) << value;
}

}  // namespace
}  // namespace veil::json
