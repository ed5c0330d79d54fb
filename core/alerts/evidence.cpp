#include "core/alerts/evidence.hpp"

#include <algorithm>

namespace steward::alerts {

namespace {

constexpr std::size_t k_code_lines = 60;
constexpr std::uint32_t k_upstream_depth = 3;
constexpr std::size_t k_upstream_listed = 15;

std::string first_lines(std::string_view text, std::size_t lines) {
  std::size_t end = 0;
  for (std::size_t n = 0; n < lines && end != std::string_view::npos; ++n) {
    end = text.find('\n', end == 0 ? 0 : end + 1);
  }
  if (end == std::string_view::npos || end >= text.size()) {
    return std::string(text);
  }
  return std::string(text.substr(0, end)) + "\n-- … (cut)";
}

std::string type_word(dbt::ResourceType type) {
  switch (type) {
  case dbt::ResourceType::source: return "source";
  case dbt::ResourceType::seed: return "seed";
  case dbt::ResourceType::snapshot: return "snapshot";
  default: return "model";
  }
}

std::string display_name(const dbt::Node& node) {
  if (node.type == dbt::ResourceType::source) {
    const std::string_view id = node.unique_id;
    const std::size_t last = id.rfind('.');
    const std::size_t before = last == std::string_view::npos ? last : id.rfind('.', last - 1);
    if (before != std::string_view::npos) {
      return std::string(id.substr(before + 1));
    }
  }
  return std::string(node.name);
}

/// Failing tests of `id` and its staleness, from the project's latest results.
void add_problems(const dbt::Project& project, dbt::NodeId id, const std::string& failing,
                  std::vector<std::string>& problems) {
  for (const dbt::NodeId test : project.tests_of(id)) {
    const dbt::Node& node = project.node(test);
    const dbt::RunResult* result = project.run_result(node.unique_id);
    if (result == nullptr || node.unique_id == failing || !result->is_problem()) {
      continue;
    }
    std::string line = "`" + std::string(node.name) + "`: " + std::string(result->status);
    if (result->failures && *result->failures > 0) {
      line += " (" + std::to_string(*result->failures) + " rows)";
    }
    problems.push_back(std::move(line));
  }
  const dbt::Node& node = project.node(id);
  if (node.type != dbt::ResourceType::source || !project.freshness()) {
    return;
  }
  for (const dbt::FreshnessResult& fresh : project.freshness()->results) {
    if (fresh.unique_id == node.unique_id && fresh.status != "pass") {
      problems.push_back("source `" + display_name(node) + "` freshness: " + std::string(fresh.status));
    }
  }
}

void add_file(std::vector<std::string>& files, std::string_view path) {
  std::string clean(path.substr(path.find("://") == std::string_view::npos ? 0 : path.find("://") + 3));
  if (!clean.empty() && std::find(files.begin(), files.end(), clean) == files.end()) {
    files.push_back(std::move(clean));
  }
}

} // namespace

Evidence gather_evidence(const Alert& alert, const dbt::Project& project) {
  Evidence out;
  const Failure& f = alert.failure;
  out.compiled_code = first_lines(f.compiled_code, k_code_lines);
  add_file(out.files, f.path);
  if (const auto failing = project.find(f.outcome.node)) {
    const dbt::Node& node = project.node(*failing);
    add_file(out.files, node.patch_path);
    if (out.compiled_code.empty()) {
      out.compiled_code = first_lines(node.compiled_code, k_code_lines);
    }
  }
  const auto model = project.find(f.model);
  if (!model) {
    return out;
  }
  const dbt::Node& node = project.node(*model);
  add_file(out.files, node.path);
  add_file(out.files, node.patch_path);
  out.raw_code = first_lines(node.raw_code, k_code_lines);
  add_problems(project, *model, f.outcome.node, out.problems);
  for (const lineage::Reached& up :
       project.graph().closure(*model, lineage::Direction::upstream, k_upstream_depth)) {
    const dbt::Node& parent = project.node(up.node);
    if (parent.type == dbt::ResourceType::test || parent.type == dbt::ResourceType::macro) {
      continue;
    }
    if (out.upstream.size() < k_upstream_listed) {
      out.upstream.push_back("`" + display_name(parent) + "` (" + type_word(parent.type) + ")");
    }
    add_problems(project, up.node, f.outcome.node, out.problems);
  }
  return out;
}

answer::Answer render_evidence(const Alert& alert, const Evidence& evidence) {
  answer::Answer out;
  out.summary = "Investigation: " + title_of(alert.failure);
  out.blocks.emplace_back(answer::Header{"Investigation"});
  out.blocks.emplace_back(answer::Paragraph{
      "**" + title_of(alert.failure) + "**" +
      (alert.failure.outcome.message.empty() ? std::string() : "\n" + alert.failure.outcome.message)});
  out.blocks.emplace_back(answer::Paragraph{"**Problems upstream and on the model**"});
  if (evidence.problems.empty()) {
    out.blocks.emplace_back(
        answer::Paragraph{"No other failing tests or stale sources upstream in the latest results."});
  } else {
    out.blocks.emplace_back(answer::ListBlock{evidence.problems});
  }
  out.blocks.emplace_back(
      answer::Paragraph{"**Upstream**: " + (evidence.upstream.empty() ? std::string("nothing") : [&] {
                          std::string joined;
                          for (const std::string& up : evidence.upstream) {
                            joined += (joined.empty() ? "" : ", ") + up;
                          }
                          return joined;
                        }())});
  if (!alert.impact.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**Downstream**: " + alert.impact});
  }
  out.blocks.emplace_back(answer::Paragraph{"**Recent changes**"});
  if (evidence.changes.empty()) {
    out.blocks.emplace_back(answer::Paragraph{evidence.changes_note.empty()
                                                  ? std::string("No commits touch these files.")
                                                  : evidence.changes_note});
  } else {
    std::vector<std::string> items;
    for (const git::LogEntry& change : evidence.changes) {
      items.push_back("`" + change.sha.substr(0, 8) + "` " + change.date.substr(0, 10) + " " + change.author +
                      ": " + change.subject);
    }
    out.blocks.emplace_back(answer::ListBlock{std::move(items)});
  }
  if (!alert.sample.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**Failing rows**"});
    out.blocks.emplace_back(answer::Code{alert.sample, ""});
  }
  if (!evidence.compiled_code.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**The failing query**"});
    out.blocks.emplace_back(answer::Code{evidence.compiled_code, "sql"});
  }
  if (!evidence.raw_code.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**The model's SQL**"});
    out.blocks.emplace_back(answer::Code{evidence.raw_code, "sql"});
  }
  for (const KbNote& note : evidence.notes) {
    out.blocks.emplace_back(
        answer::Paragraph{"**Knowledge base: " + note.title + "** (" + note.file + ")\n" + note.excerpt});
  }
  return out;
}

std::string evidence_text(const Alert& alert, const Evidence& evidence) {
  std::string text = title_of(alert.failure) + "\nMessage: " + alert.failure.outcome.message + "\n";
  if (!alert.failure.test_params.empty()) {
    text += "Test parameters: " + alert.failure.test_params + "\n";
  }
  text += "Problems upstream:\n";
  for (const std::string& problem : evidence.problems) {
    text += "- " + problem + "\n";
  }
  text += "Upstream: ";
  for (const std::string& up : evidence.upstream) {
    text += up + " ";
  }
  text += "\nDownstream: " + alert.impact + "\nRecent commits:\n";
  for (const git::LogEntry& change : evidence.changes) {
    text += "- " + change.sha.substr(0, 8) + " " + change.date + " " + change.author + ": " + change.subject +
            "\n";
  }
  if (!alert.sample.empty()) {
    text += "Failing rows:\n" + alert.sample + "\n";
  }
  text += "Failing query:\n" + evidence.compiled_code + "\nModel SQL:\n" + evidence.raw_code + "\n";
  for (const KbNote& note : evidence.notes) {
    text += "Knowledge base (" + note.title + "): " + note.excerpt + "\n";
  }
  return text;
}

} // namespace steward::alerts
