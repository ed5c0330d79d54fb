#include "core/agent/memory.hpp"

#include <algorithm>
#include <cstddef>

#include "core/answer/markup.hpp"

namespace steward::agent {

namespace {

constexpr std::size_t k_question_width = 100;

/// `text` on one line, cut at a word boundary within `width` bytes with `…`.
std::string gist(std::string_view text, std::size_t width) {
  std::string line;
  for (char c : text) {
    line.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  if (line.size() <= width) {
    return line;
  }
  std::string_view cut = answer::markup::utf8_prefix(line, width);
  const std::size_t space = cut.rfind(' ');
  if (space != std::string_view::npos && space > width / 2) {
    cut = cut.substr(0, space);
  }
  return std::string(cut) + "…";
}

/// The note summarising `dropped` (oldest first) within `budget` tokens.
std::string summary_note(const std::vector<HistoryTurn>& dropped, std::int64_t budget) {
  std::vector<std::string> questions;
  for (const HistoryTurn& turn : dropped) {
    if (turn.from_user) {
      questions.push_back("“" + gist(turn.text, k_question_width) + "”");
    }
  }
  const std::string head = "Earlier in this thread (" + std::to_string(dropped.size()) +
                           (dropped.size() == 1 ? " turn" : " turns") + " not shown)";
  auto note_of = [&](std::size_t first) {
    if (first >= questions.size()) {
      return head + ".";
    }
    std::string note = head + ", the user asked: ";
    for (std::size_t i = first; i < questions.size(); ++i) {
      note += (i == first ? "" : "; ") + questions[i];
    }
    return note + ".";
  };
  std::size_t first = 0;
  std::string note = note_of(first);
  while (first < questions.size() && estimate_tokens(note) > budget) {
    note = note_of(++first); // drop the oldest questions first
  }
  return note;
}

void append(std::vector<llm::Message>& out, llm::Role role, const std::string& text) {
  if (!out.empty() && out.back().role == role) {
    out.back().text += "\n\n" + text;
    return;
  }
  out.push_back(llm::Message{role, text, {}, {}, {}, false});
}

} // namespace

std::int64_t estimate_tokens(std::string_view text) {
  return static_cast<std::int64_t>((text.size() + 3) / 4);
}

std::vector<llm::Message> history_messages(const std::vector<HistoryTurn>& history, std::int64_t budget) {
  const std::int64_t note_budget = std::max<std::int64_t>(budget / 4, 16);
  std::int64_t used = 0;
  std::size_t keep_from = history.size();
  while (keep_from > 0) {
    const std::int64_t cost = estimate_tokens(history[keep_from - 1].text) + 4;
    const bool needs_note = keep_from - 1 > 0;
    if (used + cost + (needs_note ? note_budget : 0) > budget) {
      break;
    }
    used += cost;
    --keep_from;
  }
  std::vector<llm::Message> out;
  if (keep_from > 0) {
    const std::vector<HistoryTurn> dropped(history.begin(),
                                           history.begin() + static_cast<std::ptrdiff_t>(keep_from));
    append(out, llm::Role::user, summary_note(dropped, note_budget));
  }
  for (std::size_t i = keep_from; i < history.size(); ++i) {
    const HistoryTurn& turn = history[i];
    if (out.empty() && !turn.from_user) {
      append(out, llm::Role::user, "(earlier answer)");
    }
    append(out, turn.from_user ? llm::Role::user : llm::Role::assistant, turn.text);
  }
  return out;
}

} // namespace steward::agent
