// Sliding groups of changed lines to where a reader expects them, as git's
// xdl_change_compact does with the indent heuristic (git's default).

#include <algorithm>
#include <cctype>

#include "core/fix/line_diff.hpp"

namespace steward::fix::detail {
namespace {

constexpr int k_max_indent = 200;
constexpr int k_max_blanks = 20;
constexpr int k_start_of_file_penalty = 1;
constexpr int k_end_of_file_penalty = 21;
constexpr int k_total_blank_weight = -30;
constexpr int k_post_blank_weight = 6;
constexpr int k_relative_indent_penalty = -4;
constexpr int k_relative_indent_with_blank_penalty = 10;
constexpr int k_relative_outdent_penalty = 24;
constexpr int k_relative_outdent_with_blank_penalty = 17;
constexpr int k_relative_dedent_penalty = 23;
constexpr int k_relative_dedent_with_blank_penalty = 17;
constexpr int k_indent_weight = 60;
constexpr long k_max_sliding = 100;

/// A run `[start, end)` of changed lines (possibly empty) of one side.
struct Group {
  long start = 0;
  long end = 0;
};

class Side {
public:
  /// `lines` may be null for a side only walked group by group.
  Side(const std::vector<std::string_view>* lines, ChangeMarks& marks)
      : m_lines(lines), m_size(static_cast<long>(marks.size()) - 2), m_marks(marks) {}

  [[nodiscard]] long size() const { return m_size; }
  [[nodiscard]] bool changed(long i) const { return m_marks[static_cast<std::size_t>(i + 1)] != 0; }
  void set(long i, bool value) { m_marks[static_cast<std::size_t>(i + 1)] = static_cast<char>(value); }
  [[nodiscard]] std::string_view line(long i) const { return (*m_lines)[static_cast<std::size_t>(i)]; }

  [[nodiscard]] Group first() const {
    Group g;
    for (; changed(g.end); ++g.end) {
    }
    return g;
  }
  /// Moves to the next group; false at the end.
  bool next(Group& g) const {
    if (g.end == size()) {
      return false;
    }
    g.start = g.end + 1;
    for (g.end = g.start; changed(g.end); ++g.end) {
    }
    return true;
  }
  bool previous(Group& g) const {
    if (g.start == 0) {
      return false;
    }
    g.end = g.start - 1;
    for (g.start = g.end; changed(g.start - 1); --g.start) {
    }
    return true;
  }
  bool slide_down(Group& g) {
    if (g.end < size() && line(g.start) == line(g.end)) {
      set(g.start++, false);
      set(g.end++, true);
      for (; changed(g.end); ++g.end) {
      }
      return true;
    }
    return false;
  }
  bool slide_up(Group& g) {
    if (g.start > 0 && line(g.start - 1) == line(g.end - 1)) {
      set(--g.start, true);
      set(--g.end, false);
      for (; changed(g.start - 1); --g.start) {
      }
      return true;
    }
    return false;
  }

private:
  const std::vector<std::string_view>* m_lines;
  long m_size;
  ChangeMarks& m_marks;
};

/// Indentation width of `line`, or -1 when it is blank.
int indent_of(std::string_view line) {
  int width = 0;
  for (char c : line) {
    if (std::isspace(static_cast<unsigned char>(c)) == 0) {
      return width;
    }
    if (c == ' ') {
      width += 1;
    } else if (c == '\t') {
      width += 8 - width % 8;
    }
    if (width >= k_max_indent) {
      return k_max_indent;
    }
  }
  return -1;
}

struct Measure {
  bool end_of_file = false;
  int indent = -1;
  int pre_blank = 0;
  int pre_indent = -1;
  int post_blank = 0;
  int post_indent = -1;
};

Measure measure(const Side& side, long split) {
  Measure m;
  m.end_of_file = split >= side.size();
  m.indent = m.end_of_file ? -1 : indent_of(side.line(split));
  for (long i = split - 1; i >= 0; --i) {
    m.pre_indent = indent_of(side.line(i));
    if (m.pre_indent != -1) {
      break;
    }
    if (++m.pre_blank == k_max_blanks) {
      m.pre_indent = 0;
      break;
    }
  }
  for (long i = split + 1; i < side.size(); ++i) {
    m.post_indent = indent_of(side.line(i));
    if (m.post_indent != -1) {
      break;
    }
    if (++m.post_blank == k_max_blanks) {
      m.post_indent = 0;
      break;
    }
  }
  return m;
}

struct Score {
  int effective_indent = 0;
  int penalty = 0;
};

void add_split(const Measure& m, Score& s) {
  if (m.pre_indent == -1 && m.pre_blank == 0) {
    s.penalty += k_start_of_file_penalty;
  }
  if (m.end_of_file) {
    s.penalty += k_end_of_file_penalty;
  }
  int post_blank = m.indent == -1 ? 1 + m.post_blank : 0;
  int total_blank = m.pre_blank + post_blank;
  s.penalty += k_total_blank_weight * total_blank + k_post_blank_weight * post_blank;
  int indent = m.indent != -1 ? m.indent : m.post_indent;
  bool any_blanks = total_blank != 0;
  s.effective_indent += indent;
  if (indent == -1 || m.pre_indent == -1 || indent == m.pre_indent) {
    return;
  }
  if (indent > m.pre_indent) {
    s.penalty += any_blanks ? k_relative_indent_with_blank_penalty : k_relative_indent_penalty;
  } else if (m.post_indent != -1 && m.post_indent > indent) {
    s.penalty += any_blanks ? k_relative_outdent_with_blank_penalty : k_relative_outdent_penalty;
  } else {
    s.penalty += any_blanks ? k_relative_dedent_with_blank_penalty : k_relative_dedent_penalty;
  }
}

int compare(const Score& a, const Score& b) {
  int indents = (a.effective_indent > b.effective_indent) - (a.effective_indent < b.effective_indent);
  return k_indent_weight * indents + (a.penalty - b.penalty);
}

/// Where the group ending at `end` (of `size` lines) reads best, between
/// `earliest_end` and `end`.
long best_end(const Side& side, long earliest_end, long end, long size) {
  long shift = std::max({earliest_end, end - size - 1, end - k_max_sliding});
  long best = -1;
  Score best_score;
  for (; shift <= end; ++shift) {
    Score score;
    add_split(measure(side, shift), score);
    add_split(measure(side, shift - size), score);
    if (best == -1 || compare(score, best_score) <= 0) {
      best_score = score;
      best = shift;
    }
  }
  return best;
}

} // namespace

void compact_changes(const std::vector<std::string_view>& file, ChangeMarks& marks,
                     const ChangeMarks& other_marks) {
  Side side(&file, marks);
  ChangeMarks other_copy = other_marks;
  Side other(nullptr, other_copy);
  Group g = side.first();
  Group go = other.first();
  while (true) {
    if (g.end != g.start) {
      long size = 0;
      long earliest_end = 0;
      long end_matching_other = -1;
      do {
        size = g.end - g.start;
        end_matching_other = -1;
        while (side.slide_up(g)) {
          other.previous(go);
        }
        earliest_end = g.end;
        if (go.end > go.start) {
          end_matching_other = g.end;
        }
        while (side.slide_down(g)) {
          other.next(go);
          if (go.end > go.start) {
            end_matching_other = g.end;
          }
        }
      } while (size != g.end - g.start);
      if (g.end == earliest_end) {
        // No shifting was possible.
      } else if (end_matching_other != -1) {
        while (go.end == go.start && side.slide_up(g)) {
          other.previous(go);
        }
      } else {
        long target = best_end(side, earliest_end, g.end, size);
        while (g.end > target && side.slide_up(g)) {
          other.previous(go);
        }
      }
    }
    if (!side.next(g) || !other.next(go)) {
      break;
    }
  }
}

} // namespace steward::fix::detail
