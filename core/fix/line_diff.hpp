#pragma once

// Internal to core/fix: which lines of two texts differ, computed the way
// git's xdiff does by default (Myers' linear-space algorithm on the lines
// that can match, then changes slid with the indent heuristic), so hunks land
// where `git diff` puts them.

#include <string_view>
#include <vector>

namespace steward::fix::detail {

/// The lines of `text`, each with its `\n` (the last one may lack it).
std::vector<std::string_view> split_lines(std::string_view text);

/// One run of changes: `count_a` lines of `a` from `start_a` replaced by
/// `count_b` lines of `b` from `start_b` (0-based; a count may be 0).
struct Change {
  long start_a = 0;
  long count_a = 0;
  long start_b = 0;
  long count_b = 0;
};

/// The changes turning `a` into `b`, in order. Lines compare equal only when
/// their bytes, newline included, are equal. Memory linear in the number of
/// lines; a cost cap keeps the time bounded on very different inputs.
std::vector<Change> diff_lines(const std::vector<std::string_view>& a,
                               const std::vector<std::string_view>& b);

/// Marks `changed[i]` for the lines of one side (sized lines + 2: index 0 and
/// the last are sentinels, line `i` is at `i + 1`). Used by `diff_lines`.
using ChangeMarks = std::vector<char>;

/// Slides each group of changed lines of `file` (marks `marks`) up and down
/// over equal lines as git's `xdl_change_compact` does with the indent
/// heuristic, keeping `other_marks` in step. Used by `diff_lines`.
void compact_changes(const std::vector<std::string_view>& file, ChangeMarks& marks,
                     const ChangeMarks& other_marks);

} // namespace steward::fix::detail
