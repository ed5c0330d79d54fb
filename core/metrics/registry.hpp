#pragma once

// Process metrics in Prometheus' text exposition format (version 0.0.4).
// Pure data: counters, gauges and histograms keyed by name and labels; the
// daemon serves `render()` at GET /metrics.
//
// @par Thread safety
// Every member function may be called from any thread. Updates take a short
// lock per metric family; `render` sees each family consistently.

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::metrics {

/// Label pairs in the order given (`{{"route", "/slack/events"}, {"status", "200"}}`).
using Labels = std::vector<std::pair<std::string, std::string>>;

class Registry {
public:
  // Out of line: `Family` is complete only in registry.cpp.
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;
  Registry(Registry&&) = delete;
  Registry& operator=(Registry&&) = delete;

  /// Declares a family with its `# HELP` text. Declaring is optional; an
  /// undeclared family renders with an empty help line. `type` is fixed by
  /// the first update (counter, gauge or histogram).
  void describe(std::string_view name, std::string_view help);

  /// Adds `by` (>= 0) to counter `name{labels}`. An update whose kind differs
  /// from the family's type (or a negative `by`) is ignored.
  void increment(std::string_view name, const Labels& labels = {}, double by = 1);

  /// Sets gauge `name{labels}` to `value`.
  void set(std::string_view name, const Labels& labels, double value);

  /// Records `value` in histogram `name{labels}` with upper `bounds`
  /// (ascending; `+Inf` is implied). The bounds of a family are fixed by its
  /// first observation.
  void observe(std::string_view name, const Labels& labels, double value, const std::vector<double>& bounds);

  /// The current value of counter or gauge `name{labels}`, or a histogram's
  /// observation count (0 when absent).
  [[nodiscard]] double value(std::string_view name, const Labels& labels = {}) const;

  /// The exposition text: families sorted by name, series by labels; label
  /// values escaped (`\\`, `\"`, `\n`). Families never updated are left out;
  /// characters invalid in metric or label names render as `_`.
  [[nodiscard]] std::string render() const;

private:
  struct Family;
  Family& family(std::string_view name, int type);

  mutable std::mutex m_mutex;
  std::map<std::string, std::unique_ptr<Family>, std::less<>> m_families;
};

/// Bounds for latencies in seconds: 0.5 ms … 10 s.
const std::vector<double>& latency_bounds();

} // namespace steward::metrics
