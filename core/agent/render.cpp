#include "core/agent/render.hpp"

#include <map>

#include "core/router/format.hpp"
#include "core/util/text.hpp"

namespace steward::agent {

namespace {

constexpr std::size_t k_cited_shown = 8;

bool is_list_item(std::string_view line) {
  const std::string_view t = trim(line);
  if (t.starts_with("- ") || t.starts_with("* ") || t.starts_with("• ")) {
    return true;
  }
  std::size_t digits = 0;
  while (digits < t.size() && t[digits] >= '0' && t[digits] <= '9') {
    ++digits;
  }
  return digits > 0 && digits + 1 < t.size() && (t[digits] == '.' || t[digits] == ')') &&
         t[digits + 1] == ' ';
}

std::string list_text(std::string_view line) {
  std::string_view t = trim(line);
  if (t.starts_with("• ")) {
    return std::string(trim(t.substr(std::string_view("• ").size())));
  }
  if (t.starts_with("- ") || t.starts_with("* ")) {
    return std::string(trim(t.substr(2)));
  }
  return std::string(t); // numbered items keep their numbers
}

/// Collects consecutive lines into blocks.
class Builder {
public:
  void text_line(std::string_view line) {
    flush_list();
    if (trim(line).empty()) {
      flush_paragraph();
      return;
    }
    std::string_view t = trim(line);
    if (t.starts_with("#")) {
      flush_paragraph();
      while (t.starts_with("#")) {
        t.remove_prefix(1);
      }
      m_blocks.emplace_back(answer::Paragraph{"**" + std::string(trim(t)) + "**"});
      return;
    }
    m_paragraph += (m_paragraph.empty() ? "" : "\n") + std::string(line);
  }
  void list_line(std::string_view line) {
    flush_paragraph();
    m_list.push_back(list_text(line));
  }
  void code(std::string text, std::string language) {
    flush_list();
    flush_paragraph();
    m_blocks.emplace_back(answer::Code{std::move(text), std::move(language)});
  }
  std::vector<answer::Block> done() {
    flush_list();
    flush_paragraph();
    return std::move(m_blocks);
  }

private:
  void flush_paragraph() {
    if (!m_paragraph.empty()) {
      m_blocks.emplace_back(answer::Paragraph{std::move(m_paragraph)});
      m_paragraph.clear();
    }
  }
  void flush_list() {
    if (!m_list.empty()) {
      m_blocks.emplace_back(answer::ListBlock{std::move(m_list)});
      m_list.clear();
    }
  }
  std::vector<answer::Block> m_blocks;
  std::string m_paragraph;
  std::vector<std::string> m_list;
};

std::string footer(const Report& report) {
  std::map<std::string, int> tools;
  std::vector<std::string> order;
  int model_steps = 0;
  for (const StepRecord& step : report.steps) {
    if (step.kind == "model") {
      ++model_steps;
    } else if (tools[step.name]++ == 0) {
      order.push_back(step.name);
    }
  }
  std::string text = "How I got this: ";
  if (order.empty()) {
    text += "no tools";
  }
  for (std::size_t i = 0; i < order.size(); ++i) {
    text += (i == 0 ? "" : ", ") + order[i];
    if (tools[order[i]] > 1) {
      text += " ×" + std::to_string(tools[order[i]]);
    }
  }
  text += " · " + router::detail::plural(static_cast<std::size_t>(model_steps), "model step");
  text += " · " + std::to_string(report.tokens) + " tokens";
  text += " · " + router::detail::seconds(static_cast<double>(report.latency.count()) / 1000.0);
  return text;
}

} // namespace

std::vector<answer::Block> markdown_blocks(std::string_view markdown) {
  Builder builder;
  std::vector<std::string_view> lines = split(markdown, '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string_view t = trim(lines[i]);
    if (t.starts_with("```")) {
      std::string language(trim(t.substr(3)));
      std::string code;
      std::size_t j = i + 1;
      for (; j < lines.size() && !trim(lines[j]).starts_with("```"); ++j) {
        code += (code.empty() ? "" : "\n") + std::string(lines[j]);
      }
      builder.code(std::move(code), std::move(language));
      i = j; // the closing fence (or the end)
      continue;
    }
    if (is_list_item(lines[i])) {
      builder.list_line(lines[i]);
    } else {
      builder.text_line(lines[i]);
    }
  }
  return builder.done();
}

answer::Answer render_answer(const dbt::Project& project, const Report& report) {
  answer::Answer out;
  out.summary = router::detail::first_line(report.text, 150);
  out.blocks = markdown_blocks(report.text);
  if (out.blocks.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"I have no answer to that."});
  }
  out.blocks.insert(out.blocks.end(), report.display.begin(), report.display.end());
  out.files = report.files;
  std::string models;
  std::size_t shown = 0;
  for (const std::string& id : report.cited) {
    const std::optional<dbt::NodeId> node = project.find(id);
    if (!node || shown == k_cited_shown) {
      continue;
    }
    models +=
        (shown++ == 0 ? "" : ", ") + router::detail::code(router::detail::display_name(project.node(*node)));
  }
  if (!models.empty()) {
    out.blocks.emplace_back(answer::Context{"Cited: " + models});
  }
  if (!report.flagged.empty()) {
    std::string names;
    for (const std::string& name : report.flagged) {
      names += (names.empty() ? "" : ", ") + router::detail::code(name);
    }
    out.blocks.emplace_back(answer::Context{"⚠️ Not found in the project: " + names});
  }
  out.blocks.emplace_back(answer::Context{footer(report)});
  return out;
}

} // namespace steward::agent
