#include "veil/metrics/registry.h"

#include <cstdio>

namespace veil::metrics {
namespace {

std::string EscapeLabelValue(const std::string& value) {
  std::string out;
  for (char c : value) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '"')
      out += "\\\"";
    else if (c == '\n')
      out += "\\n";
    else
      out += c;
  }
  return out;
}

std::string RenderLabels(const Labels& labels, const std::string& extra_name = {},
                         const std::string& extra_value = {}) {
  std::string out;
  auto append = [&out](const std::string& name, const std::string& value) {
    out += out.empty() ? "{" : ",";
    out += name + "=\"" + EscapeLabelValue(value) + "\"";
  };
  for (const auto& [name, value] : labels) append(name, value);
  if (!extra_name.empty()) append(extra_name, extra_value);
  if (!out.empty()) out += "}";
  return out;
}

std::string Number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

}  // namespace

const std::vector<double>& LatencyBuckets() {
  static const std::vector<double> buckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                              0.1,    0.25,  0.5,    1,     2.5,  5};
  return buckets;
}

void CountLimitRefusal(Registry& registry, std::string_view limit) {
  registry.Increment("veil_limit_refusals_total",
                     "Requests and connections refused by a limit against hostile clients",
                     {{"limit", std::string(limit)}});
}

void Registry::Increment(const std::string& name, const std::string& help, const Labels& labels,
                         double by) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  if (family.help.empty()) family.help = help;
  family.counters[labels] += by;
}

void Registry::Observe(const std::string& name, const std::string& help,
                       std::chrono::duration<double> value, const Labels& labels) {
  std::lock_guard lock(mutex_);
  Family& family = families_[name];
  if (family.help.empty()) family.help = help;
  family.is_histogram = true;
  Histogram& histogram = family.histograms[labels];
  const auto& buckets = LatencyBuckets();
  if (histogram.bucket_counts.empty()) histogram.bucket_counts.assign(buckets.size(), 0);
  for (std::size_t i = 0; i < buckets.size(); ++i) {
    if (value.count() <= buckets[i]) {
      ++histogram.bucket_counts[i];
      break;
    }
  }
  histogram.sum += value.count();
  ++histogram.count;
}

std::string Registry::Render() const {
  std::lock_guard lock(mutex_);
  std::string out;
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name + (family.is_histogram ? " histogram\n" : " counter\n");
    for (const auto& [labels, value] : family.counters)
      out += name + RenderLabels(labels) + " " + Number(value) + "\n";
    for (const auto& [labels, histogram] : family.histograms) {
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < LatencyBuckets().size(); ++i) {
        cumulative += histogram.bucket_counts[i];
        out += name + "_bucket" + RenderLabels(labels, "le", Number(LatencyBuckets()[i])) + " " +
               std::to_string(cumulative) + "\n";
      }
      out += name + "_bucket" + RenderLabels(labels, "le", "+Inf") + " " +
             std::to_string(histogram.count) + "\n";
      out += name + "_sum" + RenderLabels(labels) + " " + Number(histogram.sum) + "\n";
      out += name + "_count" + RenderLabels(labels) + " " + std::to_string(histogram.count) + "\n";
    }
  }
  return out;
}

}  // namespace veil::metrics
