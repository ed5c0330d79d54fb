#pragma once

#include <string>
#include <vector>

#include "core/answer/answer.hpp"

namespace steward::answer {

/// A button shown in a terminal as a numbered choice (`[1] Upstream`).
struct Choice {
  int number = 0;
  Button button;
};

/// Terminal text for `answer`: headers underlined with `=`, markup removed
/// (`**b**` → `b`, `_i_` → `i`, `` `c` `` → `c`, `[l](u)` → `l (u)`), fields
/// as `label: value`, lists as `- item`, code indented by four spaces, context
/// lines indented by two, dividers as `---`, and each actions block as one
/// line of numbered choices (`[1] Upstream  [2] Downstream`) numbered on from
/// `first_choice`. Blocks are separated by a blank line; an answer with
/// nothing to show renders its `summary` (or "(no answer)"). Appends the
/// choices it printed to `choices`, keeping what `choices` already held.
std::string render_text(const Answer& answer, std::vector<Choice>& choices, int first_choice = 1);

} // namespace steward::answer
