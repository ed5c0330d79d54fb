#include <algorithm>
#include <map>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>

#include "core/metrics/registry.hpp"

namespace steward::metrics {
namespace {

/// One parsed exposition: samples keyed by `name{a="x",b="y"}` with label
/// values unescaped, plus HELP and TYPE lines by family.
struct Exposition {
  std::map<std::string, double> samples;
  std::vector<std::string> sample_order; ///< keys in the order rendered
  std::map<std::string, std::string> help;
  std::map<std::string, std::string> type;
  std::vector<std::string> family_order;
};

/// Parses `{a="x",...}` from `text` at `pos`; returns the canonical key part.
std::string parse_labels(const std::string& text, std::size_t& pos) {
  std::string key = "{";
  ++pos; // '{'
  while (pos < text.size() && text[pos] != '}') {
    const std::size_t eq = text.find('=', pos);
    key += text.substr(pos, eq - pos) + "=\"";
    pos = eq + 2; // skip ="
    while (text[pos] != '"') {
      if (text[pos] == '\\') {
        ++pos;
        key += text[pos] == 'n' ? '\n' : text[pos];
      } else {
        key += text[pos];
      }
      ++pos;
    }
    key += '"';
    ++pos; // closing quote
    if (text[pos] == ',') {
      key += ',';
      ++pos;
    }
  }
  ++pos; // '}'
  return key + "}";
}

Exposition parse(const std::string& text) {
  Exposition out;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    EXPECT_FALSE(line.empty());
    if (line.starts_with("# HELP ")) {
      const std::size_t space = line.find(' ', 7);
      out.help[line.substr(7, space - 7)] = line.substr(space + 1);
      out.family_order.push_back(line.substr(7, space - 7));
      continue;
    }
    if (line.starts_with("# TYPE ")) {
      const std::size_t space = line.find(' ', 7);
      out.type[line.substr(7, space - 7)] = line.substr(space + 1);
      continue;
    }
    std::size_t pos = line.find_first_of("{ ");
    std::string key = line.substr(0, pos);
    if (line[pos] == '{') {
      key += parse_labels(line, pos);
    }
    EXPECT_EQ(line[pos], ' ') << line;
    out.samples[key] = std::stod(line.substr(pos + 1));
    out.sample_order.push_back(key);
  }
  return out;
}

TEST(Metrics, CountersAndGauges) {
  Registry registry;
  registry.describe("steward_requests_total", "HTTP requests by route and status.");
  registry.increment("steward_requests_total", {{"route", "/slack/events"}, {"status", "200"}});
  registry.increment("steward_requests_total", {{"route", "/slack/events"}, {"status", "200"}}, 2);
  registry.increment("steward_requests_total", {{"route", "/metrics"}, {"status", "200"}});
  registry.set("steward_queue_depth", {}, 7);
  registry.set("steward_queue_depth", {}, 3.5);
  EXPECT_EQ(registry.value("steward_requests_total", {{"route", "/slack/events"}, {"status", "200"}}), 3);
  EXPECT_EQ(registry.value("steward_queue_depth"), 3.5);
  EXPECT_EQ(registry.value("absent"), 0);

  const Exposition parsed = parse(registry.render());
  EXPECT_EQ(parsed.samples.at(R"(steward_requests_total{route="/slack/events",status="200"})"), 3);
  EXPECT_EQ(parsed.samples.at(R"(steward_requests_total{route="/metrics",status="200"})"), 1);
  EXPECT_EQ(parsed.samples.at("steward_queue_depth"), 3.5);
  EXPECT_EQ(parsed.type.at("steward_requests_total"), "counter");
  EXPECT_EQ(parsed.type.at("steward_queue_depth"), "gauge");
  EXPECT_EQ(parsed.help.at("steward_requests_total"), "HTTP requests by route and status.");
  EXPECT_EQ(parsed.help.at("steward_queue_depth"), "");
}

TEST(Metrics, HistogramBucketsAreCumulative) {
  Registry registry;
  const std::vector<double> observations{0.0003, 0.001, 0.004, 0.3, 0.3, 2, 20};
  for (const double value : observations) {
    registry.observe("steward_reply_seconds", {{"kind", "mention"}}, value, latency_bounds());
  }
  const Exposition parsed = parse(registry.render());
  EXPECT_EQ(parsed.type.at("steward_reply_seconds"), "histogram");
  double previous = 0;
  for (const double bound : latency_bounds()) {
    std::ostringstream le;
    le << bound;
    const std::string key = R"(steward_reply_seconds_bucket{kind="mention",le=")" + le.str() + "\"}";
    ASSERT_TRUE(parsed.samples.contains(key)) << key;
    const auto expected =
        std::count_if(observations.begin(), observations.end(), [&](double value) { return value <= bound; });
    EXPECT_EQ(parsed.samples.at(key), static_cast<double>(expected)) << key;
    EXPECT_GE(parsed.samples.at(key), previous);
    previous = parsed.samples.at(key);
  }
  EXPECT_EQ(parsed.samples.at(R"(steward_reply_seconds_bucket{kind="mention",le="+Inf"})"), 7);
  EXPECT_EQ(parsed.samples.at(R"(steward_reply_seconds_count{kind="mention"})"), 7);
  EXPECT_NEAR(parsed.samples.at(R"(steward_reply_seconds_sum{kind="mention"})"), 22.6053, 1e-9);
  EXPECT_EQ(registry.value("steward_reply_seconds", {{"kind", "mention"}}), 7);
}

TEST(Metrics, LabelValuesAreEscaped) {
  Registry registry;
  const std::string nasty = "a\"b\\c\nd";
  registry.increment("steward_errors_total", {{"reason", nasty}});
  registry.describe("steward_errors_total", "line one\nback\\slash");
  const std::string text = registry.render();
  EXPECT_NE(text.find(R"(reason="a\"b\\c\nd")"), std::string::npos) << text;
  EXPECT_NE(text.find(R"(# HELP steward_errors_total line one\nback\\slash)"), std::string::npos) << text;
  const Exposition parsed = parse(text);
  EXPECT_EQ(parsed.samples.at("steward_errors_total{reason=\"" + nasty + "\"}"), 1);
}

TEST(Metrics, OrderIsDeterministic) {
  Registry a;
  Registry b;
  a.increment("zeta_total", {{"x", "2"}});
  a.increment("zeta_total", {{"x", "1"}});
  a.set("alpha", {}, 1);
  b.set("alpha", {}, 1);
  b.increment("zeta_total", {{"x", "1"}});
  b.increment("zeta_total", {{"x", "2"}});
  EXPECT_EQ(a.render(), b.render());
  const Exposition parsed = parse(a.render());
  EXPECT_EQ(parsed.family_order, (std::vector<std::string>{"alpha", "zeta_total"}));
  EXPECT_EQ(parsed.sample_order,
            (std::vector<std::string>{"alpha", R"(zeta_total{x="1"})", R"(zeta_total{x="2"})"}));
}

TEST(Metrics, TypeIsFixedByFirstUpdate) {
  Registry registry;
  registry.increment("steward_jobs_total");
  registry.set("steward_jobs_total", {}, 100);
  registry.increment("steward_jobs_total", {}, -5);
  registry.observe("steward_jobs_total", {}, 1, latency_bounds());
  EXPECT_EQ(registry.value("steward_jobs_total"), 1);
  const Exposition parsed = parse(registry.render());
  EXPECT_EQ(parsed.samples.size(), 1U);
  EXPECT_EQ(parsed.type.at("steward_jobs_total"), "counter");
}

TEST(Metrics, DescribedButUnusedFamiliesAreLeftOut) {
  Registry registry;
  registry.describe("steward_unused", "never updated");
  EXPECT_EQ(registry.render(), "");
}

TEST(Metrics, ConcurrentIncrementsSumExactly) {
  Registry registry;
  constexpr int k_threads = 4;
  constexpr int k_per_thread = 20'000;
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&registry, t] {
      for (int i = 0; i < k_per_thread; ++i) {
        registry.increment("steward_events_total", {{"source", "socket"}});
        registry.observe("steward_latency_seconds", {}, 0.001 * (i % 10), latency_bounds());
        if (i % 1000 == 0) {
          registry.set("steward_thread_" + std::to_string(t), {}, i);
          (void)registry.render();
        }
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  const Exposition parsed = parse(registry.render());
  EXPECT_EQ(parsed.samples.at(R"(steward_events_total{source="socket"})"), k_threads * k_per_thread);
  EXPECT_EQ(parsed.samples.at(R"(steward_latency_seconds_bucket{le="+Inf"})"), k_threads * k_per_thread);
  EXPECT_EQ(parsed.samples.at("steward_latency_seconds_count"), k_threads * k_per_thread);
}

} // namespace
} // namespace steward::metrics
