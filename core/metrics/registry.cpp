#include "core/metrics/registry.hpp"

#include <algorithm>
#include <cmath>

#include "core/metrics/exposition.hpp"

namespace steward::metrics {
namespace {

constexpr int k_untyped = 0;
constexpr int k_counter = 1;
constexpr int k_gauge = 2;
constexpr int k_histogram = 3;

/// Ascending, finite, distinct bounds (`+Inf` is implied).
std::vector<double> clean_bounds(const std::vector<double>& bounds) {
  std::vector<double> out;
  for (const double bound : bounds) {
    if (std::isfinite(bound)) {
      out.push_back(bound);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

} // namespace

struct Registry::Family {
  struct Series {
    double value = 0;                   ///< counter, gauge
    std::vector<std::uint64_t> buckets; ///< histogram: per bound, then +Inf (not cumulative)
    double sum = 0;
    std::uint64_t count = 0;
  };

  mutable std::mutex mutex;
  std::string help;
  int type = k_untyped;
  std::vector<double> bounds;
  std::map<Labels, Series> series;
};

Registry::Registry() = default;
Registry::~Registry() = default;

Registry::Family& Registry::family(std::string_view name, int type) {
  const std::lock_guard lock(m_mutex);
  auto it = m_families.find(name);
  if (it == m_families.end()) {
    it = m_families.emplace(std::string(name), std::make_unique<Family>()).first;
  }
  Family& found = *it->second;
  if (type != k_untyped) {
    const std::lock_guard family_lock(found.mutex);
    if (found.type == k_untyped) {
      found.type = type;
    }
  }
  return found;
}

void Registry::describe(std::string_view name, std::string_view help) {
  Family& found = family(name, k_untyped);
  const std::lock_guard lock(found.mutex);
  found.help = std::string(help);
}

void Registry::increment(std::string_view name, const Labels& labels, double by) {
  if (!(by >= 0) || std::isinf(by)) {
    return; // counters only go up, by finite amounts
  }
  Family& found = family(name, k_counter);
  const std::lock_guard lock(found.mutex);
  if (found.type == k_counter) {
    found.series[labels].value += by;
  }
}

void Registry::set(std::string_view name, const Labels& labels, double value) {
  Family& found = family(name, k_gauge);
  const std::lock_guard lock(found.mutex);
  if (found.type == k_gauge) {
    found.series[labels].value = value;
  }
}

void Registry::observe(std::string_view name, const Labels& labels, double value,
                       const std::vector<double>& bounds) {
  if (std::isnan(value)) {
    return;
  }
  Family& found = family(name, k_histogram);
  const std::lock_guard lock(found.mutex);
  if (found.type != k_histogram) {
    return;
  }
  if (found.series.empty() && found.bounds.empty()) {
    found.bounds = clean_bounds(bounds);
  }
  Family::Series& series = found.series[labels];
  series.buckets.resize(found.bounds.size() + 1);
  const auto bucket =
      std::lower_bound(found.bounds.begin(), found.bounds.end(), value) - found.bounds.begin();
  ++series.buckets[static_cast<std::size_t>(bucket)];
  series.sum += value;
  ++series.count;
}

double Registry::value(std::string_view name, const Labels& labels) const {
  const Family* found = nullptr;
  {
    const std::lock_guard lock(m_mutex);
    const auto it = m_families.find(name);
    if (it == m_families.end()) {
      return 0;
    }
    found = it->second.get();
  }
  const std::lock_guard lock(found->mutex);
  const auto series = found->series.find(labels);
  if (series == found->series.end()) {
    return 0;
  }
  return found->type == k_histogram ? static_cast<double>(series->second.count) : series->second.value;
}

std::string Registry::render() const {
  std::string out;
  const std::lock_guard lock(m_mutex);
  for (const auto& [name, family] : m_families) {
    const std::lock_guard family_lock(family->mutex);
    if (family->type == k_untyped || family->series.empty()) {
      continue;
    }
    const std::string metric = detail::metric_name(name);
    const char* type = family->type == k_counter ? "counter"
                       : family->type == k_gauge ? "gauge"
                                                 : "histogram";
    out += "# HELP " + metric + " " + detail::escape_help(family->help) + "\n";
    out += "# TYPE " + metric + " " + type + "\n";
    for (const auto& [labels, series] : family->series) {
      if (family->type != k_histogram) {
        out += metric + detail::label_set(labels) + " " + detail::format_number(series.value) + "\n";
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < series.buckets.size(); ++i) {
        cumulative += series.buckets[i];
        const std::string le = i < family->bounds.size() ? detail::format_number(family->bounds[i]) : "+Inf";
        out += metric + "_bucket" + detail::label_set(labels, le) + " " + std::to_string(cumulative) + "\n";
      }
      out += metric + "_sum" + detail::label_set(labels) + " " + detail::format_number(series.sum) + "\n";
      out += metric + "_count" + detail::label_set(labels) + " " + std::to_string(series.count) + "\n";
    }
  }
  return out;
}

const std::vector<double>& latency_bounds() {
  static const std::vector<double> k_bounds{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                            0.1,    0.25,  0.5,    1,     2.5,  5,     10};
  return k_bounds;
}

} // namespace steward::metrics
