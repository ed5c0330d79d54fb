#include "core/fix/line_diff.hpp"

#include <algorithm>
#include <climits>
#include <string>
#include <unordered_map>

namespace steward::fix::detail {
namespace {

constexpr long k_max_cost_min = 256;
constexpr long k_max_equal_limit = 1024;
constexpr long k_similar_scan_window = 100;
constexpr long k_keep_discard_run = 4;

/// xdiff's cheap square root: a power of two near sqrt(`n`).
long bogo_sqrt(long n) {
  long i = 1;
  for (; n > 0; n >>= 2) {
    i <<= 1;
  }
  return i;
}

/// Lines as class numbers (equal lines, equal numbers), and how often each
/// class occurs on each side.
struct Classes {
  std::vector<long> a;
  std::vector<long> b;
  std::vector<long> count_a;
  std::vector<long> count_b;
};

Classes classify(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  Classes c;
  std::unordered_map<std::string_view, long> ids;
  auto id_of = [&](std::string_view line) {
    auto [it, added] = ids.emplace(line, static_cast<long>(ids.size()));
    if (added) {
      c.count_a.push_back(0);
      c.count_b.push_back(0);
    }
    return it->second;
  };
  for (std::string_view line : a) {
    c.a.push_back(id_of(line));
    ++c.count_a[static_cast<std::size_t>(c.a.back())];
  }
  for (std::string_view line : b) {
    c.b.push_back(id_of(line));
    ++c.count_b[static_cast<std::size_t>(c.b.back())];
  }
  return c;
}

/// Whether a line matching many lines of the other side, at `i`, sits in a
/// run of lines without matches, so it is better treated as changed
/// (`xdl_clean_mmatch`).
bool discard_multi_match(const std::vector<char>& dis, long i, long s, long e) {
  s = std::max(s, i - k_similar_scan_window);
  e = std::min(e, i + k_similar_scan_window);
  long rdis0 = 0;
  long rpdis0 = 1;
  for (long r = 1; i - r >= s; ++r) {
    char d = dis[static_cast<std::size_t>(i - r)];
    if (d == 0) {
      ++rdis0;
    } else if (d == 2) {
      ++rpdis0;
    } else {
      break;
    }
  }
  if (rdis0 == 0) {
    return false;
  }
  long rdis1 = 0;
  long rpdis1 = 1;
  for (long r = 1; i + r <= e; ++r) {
    char d = dis[static_cast<std::size_t>(i + r)];
    if (d == 0) {
      ++rdis1;
    } else if (d == 2) {
      ++rpdis1;
    } else {
      break;
    }
  }
  if (rdis1 == 0) {
    return false;
  }
  rdis1 += rdis0;
  rpdis1 += rpdis0;
  return rpdis1 * k_keep_discard_run < rpdis1 + rdis1;
}

/// The lines of one side that take part in the search (`xdl_cleanup_records`):
/// lines without a match on the other side are changed outright.
struct Reduced {
  std::vector<long> ids;
  std::vector<long> index; ///< reduced position -> line
};

Reduced reduce(const std::vector<long>& ids, const std::vector<long>& other_counts, long start, long end,
               ChangeMarks& marks) {
  long limit = std::min(bogo_sqrt(static_cast<long>(ids.size())), k_max_equal_limit);
  std::vector<char> dis(ids.size(), 0);
  for (long i = start; i <= end; ++i) {
    long matches = other_counts[static_cast<std::size_t>(ids[static_cast<std::size_t>(i)])];
    dis[static_cast<std::size_t>(i)] = static_cast<char>(matches == 0 ? 0 : (matches >= limit ? 2 : 1));
  }
  Reduced r;
  for (long i = start; i <= end; ++i) {
    char d = dis[static_cast<std::size_t>(i)];
    if (d == 1 || (d == 2 && !discard_multi_match(dis, i, start, end))) {
      r.ids.push_back(ids[static_cast<std::size_t>(i)]);
      r.index.push_back(i);
    } else {
      marks[static_cast<std::size_t>(i + 1)] = 1;
    }
  }
  return r;
}

struct Split {
  long i1 = 0;
  long i2 = 0;
  bool min_lo = false;
  bool min_hi = false;
};

/// Myers' middle snake search on the reduced lines (`xdl_split`), with
/// xdiff's cost cap.
class Searcher {
public:
  Searcher(const Reduced& a, const Reduced& b)
      : m_a(a.ids), m_b(b.ids), m_offset(static_cast<long>(b.ids.size()) + 1),
        m_forward(a.ids.size() + b.ids.size() + 3), m_backward(a.ids.size() + b.ids.size() + 3),
        m_max_cost(std::max(k_max_cost_min, bogo_sqrt(static_cast<long>(m_forward.size())))) {}

  Split split(long off1, long lim1, long off2, long lim2, bool need_min);

private:
  long& fwd(long d) { return m_forward[static_cast<std::size_t>(d + m_offset)]; }
  long& bwd(long d) { return m_backward[static_cast<std::size_t>(d + m_offset)]; }
  [[nodiscard]] bool same(long i1, long i2) const {
    return m_a[static_cast<std::size_t>(i1)] == m_b[static_cast<std::size_t>(i2)];
  }
  Split cheapest(long off1, long lim1, long off2, long lim2, std::pair<long, long> frange,
                 std::pair<long, long> brange);

  const std::vector<long>& m_a;
  const std::vector<long>& m_b;
  long m_offset;
  std::vector<long> m_forward;
  std::vector<long> m_backward;
  long m_max_cost;
};

Split Searcher::split(long off1, long lim1, long off2, long lim2, bool need_min) {
  const long dmin = off1 - lim2;
  const long dmax = lim1 - off2;
  const long fmid = off1 - off2;
  const long bmid = lim1 - lim2;
  const bool odd = ((fmid - bmid) & 1) != 0;
  long fmin = fmid;
  long fmax = fmid;
  long bmin = bmid;
  long bmax = bmid;
  fwd(fmid) = off1;
  bwd(bmid) = lim1;
  for (long cost = 1;; ++cost) {
    if (fmin > dmin) {
      fwd(--fmin - 1) = -1;
    } else {
      ++fmin;
    }
    if (fmax < dmax) {
      fwd(++fmax + 1) = -1;
    } else {
      --fmax;
    }
    for (long d = fmax; d >= fmin; d -= 2) {
      long i1 = fwd(d - 1) >= fwd(d + 1) ? fwd(d - 1) + 1 : fwd(d + 1);
      long i2 = i1 - d;
      for (; i1 < lim1 && i2 < lim2 && same(i1, i2); ++i1, ++i2) {
      }
      fwd(d) = i1;
      if (odd && bmin <= d && d <= bmax && bwd(d) <= i1) {
        return Split{i1, i2, true, true};
      }
    }
    if (bmin > dmin) {
      bwd(--bmin - 1) = LONG_MAX;
    } else {
      ++bmin;
    }
    if (bmax < dmax) {
      bwd(++bmax + 1) = LONG_MAX;
    } else {
      --bmax;
    }
    for (long d = bmax; d >= bmin; d -= 2) {
      long i1 = bwd(d - 1) < bwd(d + 1) ? bwd(d - 1) : bwd(d + 1) - 1;
      long i2 = i1 - d;
      for (; i1 > off1 && i2 > off2 && same(i1 - 1, i2 - 1); --i1, --i2) {
      }
      bwd(d) = i1;
      if (!odd && fmin <= d && d <= fmax && i1 <= fwd(d)) {
        return Split{i1, i2, true, true};
      }
    }
    if (!need_min && cost >= m_max_cost) {
      return cheapest(off1, lim1, off2, lim2, {fmin, fmax}, {bmin, bmax});
    }
  }
}

/// Too costly: split at the furthest-reaching diagonal found so far.
Split Searcher::cheapest(long off1, long lim1, long off2, long lim2, std::pair<long, long> frange,
                         std::pair<long, long> brange) {
  long fbest = -1;
  long fbest1 = -1;
  for (long d = frange.second; d >= frange.first; d -= 2) {
    long i1 = std::min(fwd(d), lim1);
    long i2 = i1 - d;
    if (lim2 < i2) {
      i1 = lim2 + d;
      i2 = lim2;
    }
    if (fbest < i1 + i2) {
      fbest = i1 + i2;
      fbest1 = i1;
    }
  }
  long bbest = LONG_MAX;
  long bbest1 = LONG_MAX;
  for (long d = brange.second; d >= brange.first; d -= 2) {
    long i1 = std::max(off1, bwd(d));
    long i2 = i1 - d;
    if (i2 < off2) {
      i1 = off2 + d;
      i2 = off2;
    }
    if (i1 + i2 < bbest) {
      bbest = i1 + i2;
      bbest1 = i1;
    }
  }
  if ((lim1 + lim2) - bbest < fbest - (off1 + off2)) {
    return Split{fbest1, fbest - fbest1, true, false};
  }
  return Split{bbest1, bbest - bbest1, false, true};
}

struct Range {
  long off1 = 0;
  long lim1 = 0;
  long off2 = 0;
  long lim2 = 0;
  bool need_min = false;
};

/// `xdl_recs_cmp` with an explicit stack instead of recursion.
void compare(const Reduced& a, const Reduced& b, ChangeMarks& marks_a, ChangeMarks& marks_b) {
  Searcher searcher(a, b);
  std::vector<Range> todo{
      Range{0, static_cast<long>(a.ids.size()), 0, static_cast<long>(b.ids.size()), false}};
  while (!todo.empty()) {
    Range r = todo.back();
    todo.pop_back();
    auto same = [&](long i1, long i2) {
      return a.ids[static_cast<std::size_t>(i1)] == b.ids[static_cast<std::size_t>(i2)];
    };
    for (; r.off1 < r.lim1 && r.off2 < r.lim2 && same(r.off1, r.off2); ++r.off1, ++r.off2) {
    }
    for (; r.off1 < r.lim1 && r.off2 < r.lim2 && same(r.lim1 - 1, r.lim2 - 1); --r.lim1, --r.lim2) {
    }
    if (r.off1 == r.lim1) {
      for (long i = r.off2; i < r.lim2; ++i) {
        marks_b[static_cast<std::size_t>(b.index[static_cast<std::size_t>(i)] + 1)] = 1;
      }
    } else if (r.off2 == r.lim2) {
      for (long i = r.off1; i < r.lim1; ++i) {
        marks_a[static_cast<std::size_t>(a.index[static_cast<std::size_t>(i)] + 1)] = 1;
      }
    } else {
      Split s = searcher.split(r.off1, r.lim1, r.off2, r.lim2, r.need_min);
      todo.push_back(Range{s.i1, r.lim1, s.i2, r.lim2, s.min_hi});
      todo.push_back(Range{r.off1, s.i1, r.off2, s.i2, s.min_lo});
    }
  }
}

std::vector<Change> script(const ChangeMarks& marks_a, const ChangeMarks& marks_b, long n1, long n2) {
  std::vector<Change> changes;
  long i1 = 0;
  long i2 = 0;
  auto changed = [](const ChangeMarks& marks, long i) { return marks[static_cast<std::size_t>(i + 1)] != 0; };
  while (i1 < n1 || i2 < n2) {
    if ((i1 < n1 && changed(marks_a, i1)) || (i2 < n2 && changed(marks_b, i2))) {
      Change c{i1, 0, i2, 0};
      for (; i1 < n1 && changed(marks_a, i1); ++i1) {
        ++c.count_a;
      }
      for (; i2 < n2 && changed(marks_b, i2); ++i2) {
        ++c.count_b;
      }
      changes.push_back(c);
    } else {
      ++i1;
      ++i2;
    }
  }
  return changes;
}

} // namespace

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string_view::npos ? text.size() : end + 1;
    lines.push_back(text.substr(start, end - start));
    start = end;
  }
  return lines;
}

std::vector<Change> diff_lines(const std::vector<std::string_view>& a,
                               const std::vector<std::string_view>& b) {
  const long n1 = static_cast<long>(a.size());
  const long n2 = static_cast<long>(b.size());
  Classes classes = classify(a, b);
  long prefix = 0;
  for (; prefix < std::min(n1, n2) &&
         classes.a[static_cast<std::size_t>(prefix)] == classes.b[static_cast<std::size_t>(prefix)];
       ++prefix) {
  }
  long suffix = 0;
  for (; suffix < std::min(n1, n2) - prefix && classes.a[static_cast<std::size_t>(n1 - suffix - 1)] ==
                                                   classes.b[static_cast<std::size_t>(n2 - suffix - 1)];
       ++suffix) {
  }
  ChangeMarks marks_a(static_cast<std::size_t>(n1 + 2), 0);
  ChangeMarks marks_b(static_cast<std::size_t>(n2 + 2), 0);
  Reduced ra = reduce(classes.a, classes.count_b, prefix, n1 - suffix - 1, marks_a);
  Reduced rb = reduce(classes.b, classes.count_a, prefix, n2 - suffix - 1, marks_b);
  compare(ra, rb, marks_a, marks_b);
  compact_changes(a, marks_a, marks_b);
  compact_changes(b, marks_b, marks_a);
  return script(marks_a, marks_b, n1, n2);
}

} // namespace steward::fix::detail
