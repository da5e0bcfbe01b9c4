#include "veil/metrics/registry.h"

#include <gtest/gtest.h>

namespace veil::metrics {
namespace {

TEST(MetricsRegistry, RendersCountersWithEscapedLabels) {
  Registry registry;
  registry.Increment("veil_attestations_total", "Attestations by TEE and outcome",
                     {{"tee", "snp"}, {"outcome", "ok"}});
  registry.Increment("veil_attestations_total", "ignored", {{"tee", "snp"}, {"outcome", "ok"}});
  registry.Increment("veil_attestations_total", "ignored",
                     {{"tee", "tpm\"x"}, {"outcome", "denied"}});
  const std::string text = registry.Render();
  EXPECT_NE(text.find("# HELP veil_attestations_total Attestations by TEE and outcome\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("# TYPE veil_attestations_total counter\n"), std::string::npos);
  EXPECT_NE(text.find("veil_attestations_total{outcome=\"ok\",tee=\"snp\"} 2\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("veil_attestations_total{outcome=\"denied\",tee=\"tpm\\\"x\"} 1\n"),
            std::string::npos)
      << text;
}

TEST(MetricsRegistry, HistogramBucketsAreCumulative) {
  Registry registry;
  registry.Observe("veil_request_seconds", "Request latency", std::chrono::milliseconds(3),
                   {{"path", "/auth"}});
  registry.Observe("veil_request_seconds", "Request latency", std::chrono::milliseconds(30),
                   {{"path", "/auth"}});
  registry.Observe("veil_request_seconds", "Request latency", std::chrono::seconds(10),
                   {{"path", "/auth"}});
  const std::string text = registry.Render();
  EXPECT_NE(text.find("# TYPE veil_request_seconds histogram"), std::string::npos);
  EXPECT_NE(text.find("veil_request_seconds_bucket{path=\"/auth\",le=\"0.0025\"} 0\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("veil_request_seconds_bucket{path=\"/auth\",le=\"0.005\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("veil_request_seconds_bucket{path=\"/auth\",le=\"0.05\"} 2\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("veil_request_seconds_bucket{path=\"/auth\",le=\"+Inf\"} 3\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("veil_request_seconds_count{path=\"/auth\"} 3\n"), std::string::npos) << text;
  EXPECT_NE(text.find("veil_request_seconds_sum{path=\"/auth\"} 10.033"), std::string::npos)
      << text;
}

TEST(Registry, LimitRefusalsShareOneLabelledCounter) {
  Registry registry;
  CountLimitRefusal(registry, "body_size");
  CountLimitRefusal(registry, "body_size");
  CountLimitRefusal(registry, "auth_rate");
  const std::string text = registry.Render();
  EXPECT_NE(text.find("# TYPE veil_limit_refusals_total counter\n"), std::string::npos) << text;
  EXPECT_NE(text.find("veil_limit_refusals_total{limit=\"body_size\"} 2\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("veil_limit_refusals_total{limit=\"auth_rate\"} 1\n"), std::string::npos)
      << text;
}

}  // namespace
}  // namespace veil::metrics
