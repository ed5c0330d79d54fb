// Measures the knowledge core on one manifest: ingest + index time, peak RSS,
// lineage closure latency and search latency. Prints one JSON object.
//
// usage: steward_knowledge_bench MANIFEST [--samples N]
//
// Each process loads the manifest once (so peak RSS is that of one load);
// bench/run starts it several times and reports medians.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include <sys/resource.h>

#include "core/knowledge/snapshot.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using steward::dbt::NodeId;

double micros_since(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

double percentile(std::vector<double> values, double p) {
  if (values.empty()) {
    return 0;
  }
  std::sort(values.begin(), values.end());
  auto index = static_cast<std::size_t>(p * static_cast<double>(values.size() - 1) + 0.5);
  return values[std::min(index, values.size() - 1)];
}

long peak_rss_kb() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

/// Queries a person might type: exact names, names with one letter dropped,
/// column names and pairs of description words.
std::vector<std::string> make_queries(const steward::dbt::Project& project, std::size_t count,
                                      std::mt19937& rng) {
  std::vector<std::string> out;
  const auto nodes = project.nodes();
  while (out.size() < count) {
    const auto& node = nodes[rng() % nodes.size()];
    if (steward::dbt::is_test(node.type)) {
      continue;
    }
    std::string name(node.name);
    switch (out.size() % 4) {
    case 0: out.push_back(name); break;
    case 1:
      if (name.size() > 4) {
        name.erase(1 + rng() % (name.size() - 2), 1);
      }
      out.push_back(name);
      break;
    case 2:
      out.push_back(node.columns.empty() ? name
                                         : std::string(node.columns[rng() % node.columns.size()].name));
      break;
    default: {
      std::string_view text = node.description.empty() ? node.name : node.description;
      std::size_t at = rng() % std::max<std::size_t>(1, text.size() / 2);
      out.emplace_back(text.substr(at, 24));
    }
    }
  }
  return out;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: steward_knowledge_bench MANIFEST [--samples N]\n";
    return 2;
  }
  std::size_t samples = 2000;
  if (argc >= 4 && std::string(argv[2]) == "--samples") {
    samples = std::stoul(argv[3]);
  }
  auto start = Clock::now();
  auto snapshot = steward::knowledge::build_snapshot(argv[1], {});
  double ready_us = micros_since(start);
  if (!snapshot) {
    std::cerr << snapshot.error().to_string() << "\n";
    return 2;
  }
  long rss = peak_rss_kb();
  const auto& project = (*snapshot)->project;
  std::mt19937 rng(20261123);

  std::vector<double> closure_us;
  std::size_t reached = 0;
  for (std::size_t i = 0; i < samples; ++i) {
    auto node = static_cast<NodeId>(rng() % project.nodes().size());
    auto direction =
        i % 2 == 0 ? steward::lineage::Direction::upstream : steward::lineage::Direction::downstream;
    auto t0 = Clock::now();
    reached += project.graph().closure(node, direction).size();
    closure_us.push_back(micros_since(t0));
  }

  auto queries = make_queries(project, samples, rng);
  std::vector<double> search_us;
  std::size_t hits = 0;
  for (const auto& query : queries) {
    auto t0 = Clock::now();
    hits += (*snapshot)->index.search(query, 10).size();
    search_us.push_back(micros_since(t0));
  }

  std::printf("{\"file\": \"%s\", \"nodes\": %zu, \"ready_ms\": %.1f, \"peak_rss_kb\": %ld, "
              "\"closure_us\": {\"p50\": %.1f, \"p99\": %.1f, \"max\": %.1f, \"mean_reached\": %.1f}, "
              "\"search_us\": {\"p50\": %.1f, \"p99\": %.1f, \"max\": %.1f, \"mean_hits\": %.1f}}\n",
              argv[1], project.nodes().size(), ready_us / 1000.0, rss, percentile(closure_us, 0.5),
              percentile(closure_us, 0.99), percentile(closure_us, 1.0),
              static_cast<double>(reached) / static_cast<double>(samples), percentile(search_us, 0.5),
              percentile(search_us, 0.99), percentile(search_us, 1.0),
              static_cast<double>(hits) / static_cast<double>(samples));
  return 0;
}
