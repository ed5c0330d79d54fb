#include "core/agent/prompt.hpp"

#include <algorithm>
#include <cstddef>

#include "core/agent/loop.hpp"
#include "core/agent/memory.hpp"
#include "core/answer/markup.hpp"
#include "core/router/format.hpp"

namespace steward::agent {

namespace {

constexpr std::size_t k_context_hits = 6;
constexpr std::size_t k_kb_hits = 3;
constexpr std::size_t k_columns_shown = 10;
constexpr std::size_t k_description_width = 160;
constexpr std::size_t k_lesson_width = 600;

constexpr std::string_view k_rules =
    "You are Steward, the assistant of a data team, answering questions about their dbt project "
    "in a chat thread.\n"
    "Rules:\n"
    "- Answer only from the results of your tools and the context given here. Look things up "
    "with the tools before answering; never guess.\n"
    "- Name models, sources and columns exactly as they exist in the project, in `code` "
    "formatting (e.g. `fct_orders`, `customers.customer_id`). Never invent a name.\n"
    "- If the tools do not give you the answer, say that you do not know and what you checked.\n"
    "- Be brief: a direct answer first, then the supporting facts. Use Markdown that reads well "
    "in Slack: short paragraphs, bullet lists, `code`, fenced code blocks for SQL.\n"
    "- Knowledge-base sections hold the team's business rules and definitions; quote them when "
    "they answer the question and name the section.\n";

std::string lesson_lines(const std::vector<Lesson>& lessons, Lesson::Kind kind) {
  std::string out;
  for (const Lesson& lesson : lessons) {
    if (lesson.kind != kind) {
      continue;
    }
    out += "- Question: " + router::detail::first_line(lesson.question, k_description_width) + "\n  ";
    out += kind == Lesson::Kind::example ? "Answer people found helpful: " : "Correction: ";
    out += answer::markup::truncate_utf8(lesson.text, k_lesson_width);
    if (!lesson.models.empty()) {
      out += "\n  Models used:";
      for (const std::string& model : lesson.models) {
        out += " `" + model + "`";
      }
    }
    out += "\n";
  }
  return out;
}

std::string node_summary(const dbt::Node& node, std::string_view matched_column) {
  std::string line = "- " + router::detail::type_name(node.type) + " `" + router::detail::display_name(node) +
                     "` (" + std::string(node.unique_id) + ")";
  if (!node.description.empty()) {
    line += ": " + router::detail::first_line(node.description, k_description_width);
  }
  if (!node.columns.empty()) {
    line += "\n  columns:";
    const std::size_t shown = std::min(node.columns.size(), k_columns_shown);
    for (std::size_t i = 0; i < shown; ++i) {
      line += (i == 0 ? " " : ", ") + std::string(node.columns[i].name);
    }
    if (node.columns.size() > shown) {
      line += ", … (" + std::to_string(node.columns.size() - shown) + " more)";
    }
  }
  if (!matched_column.empty()) {
    line += "\n  matched column: " + std::string(matched_column);
  }
  return line + "\n";
}

} // namespace

std::string system_prompt(const knowledge::Snapshot& snapshot, std::string_view instructions,
                          const std::vector<Lesson>& lessons) {
  std::string prompt(k_rules);
  const dbt::Project& project = snapshot.project;
  prompt += "\nThe project: `" + std::string(project.project_name()) + "`";
  if (!project.adapter_type().empty()) {
    prompt += " on " + std::string(project.adapter_type());
  }
  prompt +=
      " (" + router::detail::count_of(project.count(dbt::ResourceType::model), dbt::ResourceType::model) +
      ", " + router::detail::count_of(project.count(dbt::ResourceType::source), dbt::ResourceType::source) +
      ").\n";
  if (!instructions.empty()) {
    prompt += "\nProject instructions (from the team; follow them):\n" + std::string(instructions) + "\n";
  }
  const std::string examples = lesson_lines(lessons, Lesson::Kind::example);
  if (!examples.empty()) {
    prompt +=
        "\nEarlier answers people marked helpful for similar questions (follow their approach):\n" + examples;
  }
  const std::string corrections = lesson_lines(lessons, Lesson::Kind::correction);
  if (!corrections.empty()) {
    prompt += "\nCorrections people made to earlier answers (they override other sources):\n" + corrections;
  }
  return prompt;
}

std::string retrieved_context(const ToolEnv& env, std::string_view question, std::int64_t budget) {
  std::string out;
  const dbt::Project& project = env.snapshot->project;
  for (const search::Hit& hit : env.snapshot->index.search(question, k_context_hits)) {
    std::string line = node_summary(project.node(hit.node), hit.column);
    if (estimate_tokens(out) + estimate_tokens(line) > budget) {
      break;
    }
    out += line;
  }
  if (!out.empty()) {
    out = "Project nodes that may be relevant (from search; use the tools for details):\n" + out;
  }
  if (env.kb) {
    std::vector<kb::Hit> hits =
        env.kb_search ? env.kb_search(question, k_kb_hits) : env.kb->search(question, k_kb_hits);
    std::string sections;
    for (const kb::Hit& hit : hits) {
      const kb::Section& section = env.kb->sections()[hit.section];
      std::string line = "- " + section.file + ": " + section.path + "\n";
      if (estimate_tokens(out) + estimate_tokens(sections) + estimate_tokens(line) > budget) {
        break;
      }
      sections += line;
    }
    if (!sections.empty()) {
      out +=
          "Knowledge-base sections that may be relevant (read them with search_knowledge_base):\n" + sections;
    }
  }
  return out;
}

std::string first_message(std::string_view question, std::string_view context) {
  std::string text = std::string(question);
  if (!context.empty()) {
    text += "\n\n---\n" + std::string(context);
  }
  return text;
}

std::string truncate_output(std::string_view text, std::int64_t budget, bool& truncated) {
  truncated = false;
  const std::int64_t total = estimate_tokens(text);
  if (total <= budget) {
    return std::string(text);
  }
  truncated = true;
  const std::string_view kept =
      answer::markup::utf8_prefix(text, static_cast<std::size_t>(std::max<std::int64_t>(budget, 0)) * 4);
  return std::string(kept) + "\n[truncated: showed about " + std::to_string(estimate_tokens(kept)) + " of " +
         std::to_string(total) +
         " tokens; ask for less: a narrower query, a smaller depth or limit, or one node at a time]";
}

} // namespace steward::agent
