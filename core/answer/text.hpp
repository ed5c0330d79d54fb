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

/// Terminal text for `answer`: headers underlined, markup removed (`**b**` →
/// `b`, `[l](u)` → `l (u)`), fields as `label: value`, lists as `- item`,
/// code indented by four spaces, buttons as numbered choices starting at
/// `first_choice`. Appends the choices it printed to `choices`.
std::string render_text(const Answer& answer, std::vector<Choice>& choices, int first_choice = 1);

} // namespace steward::answer
