#pragma once

// Unified diffs of whole files, as `git diff` prints them, for showing a
// proposed fix to people and for pull request bodies.

#include <string>
#include <string_view>

namespace steward::fix {

/// The unified diff turning `before` into `after` for the file `path`
/// (`--- a/PATH`, `+++ b/PATH`, hunks with `context` lines around each
/// change, `\ No newline at end of file` where it applies). Empty when the
/// texts are equal. `before` empty means a new file (`--- /dev/null`).
/// Deterministic; linear memory in the sizes of the inputs, and fast enough
/// for files of tens of thousands of lines.
std::string unified_diff(std::string_view path, std::string_view before, std::string_view after,
                         int context = 3);

} // namespace steward::fix
