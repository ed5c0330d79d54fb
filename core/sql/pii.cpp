// `find_pii`: lines the traced outputs of a statement up with the columns
// the server reported, and `apply_pii`: masks, hashes or drops them.
//
// Lining up: outputs of known width (single columns, `*` over a relation
// whose columns the catalog lists) are matched by position from both ends,
// and checked by name on the way (a column's name, or membership of a `*`
// run's known columns). What lies between runs of unknown width is matched
// by name. When the check fails (a stale catalog, a name the tracer guessed
// wrong) every column is matched by name and, where the widths still add
// up, by position as well. A PII output that cannot be located by name
// marks every column it may be.

#include "core/sql/pii.hpp"

#include <algorithm>

#include "core/sql/provenance.hpp"

namespace steward::sql {
namespace {

using detail::Output;
using detail::Shape;
using warehouse::Column;

constexpr std::string_view k_not_analysed = "(the statement could not be analysed)";
constexpr std::string_view k_masked = "***";

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && detail::lower(a) == detail::lower(b);
}

class Aligner {
public:
  Aligner(const Shape& shape, const std::vector<Column>& columns)
      : m_shape(shape), m_columns(columns), m_reasons(columns.size()) {}

  std::vector<std::string> run() {
    const auto unknown = [](const Output& output) { return !detail::width_of(output); };
    const auto first = std::find_if(m_shape.begin(), m_shape.end(), unknown);
    const auto last = std::find_if(m_shape.rbegin(), m_shape.rend(), unknown).base();
    const bool runs = first != m_shape.end();
    const Range prefix{m_shape.begin(), first};
    const Range suffix{runs ? last : m_shape.end(), m_shape.end()};
    const std::size_t front = width(prefix);
    const std::size_t back = width(suffix);
    const std::size_t n = m_columns.size();
    const bool fits = runs ? front + back <= n : front == n;
    if (fits && place(prefix, 0, true) && place(suffix, n - back, true)) {
      if (runs) {
        by_name(Range{first, last}, front, n - back);
      }
      return std::move(m_reasons);
    }
    by_name(Range{m_shape.begin(), m_shape.end()}, 0, n);
    if (fits) {
      place(prefix, 0, false);
      place(suffix, n - back, false);
    }
    return std::move(m_reasons);
  }

private:
  struct Range {
    Shape::const_iterator begin;
    Shape::const_iterator end;
  };

  static std::size_t width(Range range) {
    std::size_t total = 0;
    for (auto it = range.begin; it != range.end; ++it) {
      total += detail::width_of(*it).value_or(0);
    }
    return total;
  }

  /// Outputs of known width from result column `at` on. `strict`: fails on
  /// a name that does not fit; otherwise only adds reasons.
  bool place(Range range, std::size_t at, bool strict) {
    for (auto it = range.begin; it != range.end; ++it) {
      const std::size_t count = detail::width_of(*it).value_or(0);
      for (std::size_t k = 0; k < count; ++k, ++at) {
        const std::string& name = m_columns[at].name;
        const bool fits =
            it->star ? it->columns->contains(detail::lower(name)) : (!it->named || same_name(it->name, name));
        if (strict && !fits) {
          return false;
        }
        std::string reason = !it->star ? it->because
                             : fits    ? detail::star_reason(*it, name)
                                       : detail::any_reason(*it);
        if (strict || m_reasons[at].empty()) {
          m_reasons[at] = std::move(reason);
        }
      }
    }
    return true;
  }

  /// Result columns [from, to) against the outputs of `range`, by name.
  void by_name(Range range, std::size_t from, std::size_t to) {
    // PII of a column that cannot be located (its name is a guess, or no
    // result column has it) may be in any of them.
    std::string anywhere;
    for (auto it = range.begin; it != range.end && anywhere.empty(); ++it) {
      if (!it->star && (!it->named || !present(it->name, from, to))) {
        anywhere = it->because;
      }
    }
    for (std::size_t at = from; at < to; ++at) {
      const std::string& name = m_columns[at].name;
      std::string reason;
      for (auto it = range.begin; it != range.end && reason.empty(); ++it) {
        if (!it->star) {
          reason = same_name(it->name, name) ? it->because : std::string();
        } else if (!it->columns || it->columns->contains(detail::lower(name))) {
          reason = detail::star_reason(*it, name);
        }
      }
      m_reasons[at] = reason.empty() ? anywhere : std::move(reason);
    }
  }

  [[nodiscard]] bool present(const std::string& name, std::size_t from, std::size_t to) const {
    return std::any_of(m_columns.begin() + static_cast<std::ptrdiff_t>(from),
                       m_columns.begin() + static_cast<std::ptrdiff_t>(to),
                       [&](const Column& column) { return same_name(column.name, name); });
  }

  const Shape& m_shape;
  const std::vector<Column>& m_columns;
  std::vector<std::string> m_reasons;
};

std::vector<PiiColumn> every_column(const std::vector<Column>& columns) {
  std::vector<PiiColumn> out;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    out.push_back(PiiColumn{i, columns[i].name, std::string(k_not_analysed)});
  }
  return out;
}

} // namespace

std::string_view pii_action_name(PiiAction action) {
  switch (action) {
  case PiiAction::mask: return "mask";
  case PiiAction::hash: return "hash";
  case PiiAction::drop: return "drop";
  }
  return "mask";
}

std::optional<PiiAction> parse_pii_action(std::string_view name) {
  for (PiiAction action : {PiiAction::mask, PiiAction::hash, PiiAction::drop}) {
    if (same_name(name, pii_action_name(action))) {
      return action;
    }
  }
  return std::nullopt;
}

std::vector<PiiColumn> find_pii(const Checked& checked, const PiiCatalog& catalog,
                                const std::vector<Column>& result_columns) {
  if (checked.kind == "explain" || result_columns.empty()) {
    return {}; // a plan shows no data values
  }
  try {
    const std::optional<Shape> shape = detail::trace_outputs(checked.statement, catalog);
    if (!shape) {
      return every_column(result_columns);
    }
    std::vector<std::string> reasons = Aligner(*shape, result_columns).run();
    std::vector<PiiColumn> out;
    for (std::size_t i = 0; i < reasons.size(); ++i) {
      if (!reasons[i].empty()) {
        out.push_back(PiiColumn{i, result_columns[i].name, std::move(reasons[i])});
      }
    }
    return out;
  } catch (...) {
    return every_column(result_columns);
  }
}

void apply_pii(warehouse::Table& table, const std::vector<PiiColumn>& columns, PiiAction action,
               const Hasher& hasher) {
  std::vector<std::size_t> indices;
  for (const PiiColumn& column : columns) {
    if (column.index < table.columns.size()) {
      indices.push_back(column.index);
    }
  }
  std::sort(indices.begin(), indices.end());
  indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
  if (action == PiiAction::drop) {
    // Right to left, so the indices still to drop stay valid.
    for (std::size_t k = indices.size(); k-- > 0;) {
      const std::size_t index = indices[k];
      const auto offset = static_cast<std::ptrdiff_t>(index);
      table.columns.erase(table.columns.begin() + offset);
      for (warehouse::Row& row : table.rows) {
        if (index < row.size()) {
          row.erase(row.begin() + offset);
        }
      }
    }
    return;
  }
  for (warehouse::Row& row : table.rows) {
    for (const std::size_t index : indices) {
      if (index < row.size() && row[index]) {
        *row[index] = action == PiiAction::hash && hasher ? hasher(*row[index]) : std::string(k_masked);
      }
    }
  }
}

} // namespace steward::sql
