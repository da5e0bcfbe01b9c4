#pragma once
// The check every refused-configuration test makes: the text does not parse, the error is
// kInvalidArgument, and its message holds `reason`.

#include <gtest/gtest.h>

#include <string>

#include "veil/agent/config/agent_config.h"

namespace veil::agent {

inline void ExpectConfigError(const std::string& text, const std::string& reason) {
  auto config = ParseAgentConfig(text, "/");
  ASSERT_FALSE(config) << text;
  EXPECT_EQ(config.error().code, ErrorCode::kInvalidArgument) << text;
  EXPECT_NE(config.error().message.find(reason), std::string::npos)
      << text << "\n=> " << config.error().message;
}

}  // namespace veil::agent
