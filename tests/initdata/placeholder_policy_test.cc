// The placeholder agent policy run through Veil's Rego evaluator as the Kata agent queries it:
// one rule per request, `data.agent_policy.<Request>`, true to allow.
#include <gtest/gtest.h>

#include "veil/initdata/guest_config.h"
#include "veil/policy/rego/eval/policy.h"
#include "veil/policy/rego/parser.h"

namespace veil::initdata {
namespace {

namespace eval = policy::rego::eval;

std::optional<eval::Value> Decide(const eval::Policy& policy, std::string_view request) {
  const eval::Value input = eval::Value::Object({});
  return policy.Evaluate(request, input, eval::Value::Object({})).value().value;
}

TEST(PlaceholderAgentPolicy, CompilesAndDeniesExactlyExecLogsReseedAndSetPolicy) {
  auto module = policy::rego::ParseModule(PlaceholderAgentPolicy());
  ASSERT_TRUE(module) << module.error().ToString();
  const eval::Policy policy = eval::Policy::Compile(std::move(*module)).value();
  EXPECT_EQ(policy.module().package, (std::vector<std::string>{"agent_policy"}));
  const std::set<std::string> denied = {"ExecProcessRequest", "ReadStreamRequest",
                                        "ReseedRandomDevRequest", "SetPolicyRequest"};
  std::size_t rules = 0;
  for (const auto& [name, group] : policy.rules()) {
    ++rules;
    EXPECT_EQ(Decide(policy, name), eval::Value::Boolean(!denied.contains(name))) << name;
  }
  EXPECT_EQ(rules, 36u);  // every request of Kata's allow-all-except-exec-process.rego
  for (const std::string& name : denied) EXPECT_TRUE(policy.rules().contains(name)) << name;
  // A request the policy does not name is undefined, which the Kata agent refuses.
  const auto unknown =
      policy.Evaluate("SomeFutureRequest", eval::Value::Object({}), eval::Value::Object({}));
  EXPECT_TRUE(!unknown || !unknown->value);
}

}  // namespace
}  // namespace veil::initdata
