#include "core/agent/grounding.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <optional>

#include "core/dbt/resolve.hpp"
#include "core/util/text.hpp"

namespace steward::agent {

namespace {

constexpr std::size_t k_max_name = 200;
constexpr std::size_t k_max_candidates = 40;

/// Words in code spans that are not project names: SQL, Jinja and dbt
/// vocabulary an answer may quote.
constexpr std::array<std::string_view, 64> k_vocabulary{"select",
                                                        "from",
                                                        "where",
                                                        "join",
                                                        "left",
                                                        "inner",
                                                        "group",
                                                        "order",
                                                        "by",
                                                        "limit",
                                                        "null",
                                                        "true",
                                                        "false",
                                                        "and",
                                                        "or",
                                                        "not",
                                                        "as",
                                                        "on",
                                                        "case",
                                                        "when",
                                                        "then",
                                                        "else",
                                                        "end",
                                                        "sum",
                                                        "count",
                                                        "avg",
                                                        "min",
                                                        "max",
                                                        "coalesce",
                                                        "cast",
                                                        "distinct",
                                                        "with",
                                                        "union",
                                                        "having",
                                                        "ref",
                                                        "source",
                                                        "var",
                                                        "env_var",
                                                        "config",
                                                        "this",
                                                        "is_incremental",
                                                        "materialized",
                                                        "unique_key",
                                                        "incremental_strategy",
                                                        "on_schema_change",
                                                        "table",
                                                        "view",
                                                        "incremental",
                                                        "ephemeral",
                                                        "snapshot",
                                                        "seed",
                                                        "model",
                                                        "test",
                                                        "not_null",
                                                        "unique",
                                                        "accepted_values",
                                                        "relationships",
                                                        "dbt",
                                                        "run",
                                                        "build",
                                                        "current_date",
                                                        "current_timestamp",
                                                        "date_trunc"};

bool is_identifier(std::string_view text) {
  if (text.empty() || text.size() > k_max_name) {
    return false;
  }
  bool part_start = true;
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '.') {
      if (part_start) {
        return false;
      }
      part_start = true;
      continue;
    }
    if (part_start && std::isdigit(u) != 0) {
      return false;
    }
    if (std::isalnum(u) == 0 && c != '_') {
      return false;
    }
    part_start = false;
  }
  return !part_start;
}

/// A bare word that is surely meant as a dbt name.
bool looks_like_dbt_name(std::string_view word) {
  static constexpr std::array<std::string_view, 10> k_prefixes{"stg_", "int_",  "fct_",  "dim_", "rpt_",
                                                               "src_", "mart_", "base_", "raw_", "agg_"};
  static constexpr std::array<std::string_view, 6> k_types{"model.",    "source.",   "seed.",
                                                           "snapshot.", "exposure.", "metric."};
  const std::string lower = to_lower(word);
  for (std::string_view prefix : k_prefixes) {
    if (lower.starts_with(prefix) && lower.size() > prefix.size()) {
      return true;
    }
  }
  return std::any_of(k_types.begin(), k_types.end(), [&](std::string_view p) {
    return lower.starts_with(p) && std::count(lower.begin(), lower.end(), '.') >= 2;
  });
}

bool is_vocabulary(std::string_view name) {
  const std::string lower = to_lower(name);
  return std::find(k_vocabulary.begin(), k_vocabulary.end(), lower) != k_vocabulary.end();
}

/// Code spans and dbt-looking bare words of `answer`, outside fenced blocks.
std::vector<std::string> candidates(std::string_view answer) {
  std::vector<std::string> out;
  auto add = [&](std::string_view name) {
    while (!name.empty() && name.back() == '.') {
      name.remove_suffix(1);
    }
    if (is_identifier(name) && std::find(out.begin(), out.end(), name) == out.end() &&
        out.size() < k_max_candidates) {
      out.emplace_back(name);
    }
  };
  bool fenced = false;
  for (std::string_view line : split(answer, '\n')) {
    if (trim(line).starts_with("```")) {
      fenced = !fenced;
      continue;
    }
    if (fenced) {
      continue;
    }
    std::size_t i = 0;
    while (i < line.size()) {
      if (line[i] == '`') {
        const std::size_t close = line.find('`', i + 1);
        if (close == std::string_view::npos) {
          break;
        }
        add(trim(line.substr(i + 1, close - i - 1)));
        i = close + 1;
        continue;
      }
      const auto u = static_cast<unsigned char>(line[i]);
      if (std::isalnum(u) != 0 || line[i] == '_') {
        std::size_t end = i;
        while (end < line.size() && (std::isalnum(static_cast<unsigned char>(line[end])) != 0 ||
                                     line[end] == '_' || line[end] == '.')) {
          ++end;
        }
        const std::string_view word = line.substr(i, end - i);
        if (looks_like_dbt_name(word)) {
          add(word);
        }
        i = end;
        continue;
      }
      ++i;
    }
  }
  return out;
}

bool has_column(const dbt::Node& node, std::string_view name) {
  return dbt::find_column(node, name) != nullptr;
}

bool any_column(const dbt::Project& project, std::string_view name) {
  return std::any_of(project.nodes().begin(), project.nodes().end(),
                     [&](const dbt::Node& node) { return has_column(node, name); });
}

bool word_in(std::string_view text, std::string_view word) {
  const std::string lower_text = to_lower(text);
  const std::string lower_word = to_lower(word);
  auto is_word = [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; };
  for (std::size_t at = lower_text.find(lower_word); at != std::string::npos;
       at = lower_text.find(lower_word, at + 1)) {
    const bool left = at == 0 || !is_word(lower_text[at - 1]);
    const std::size_t after = at + lower_word.size();
    if (left && (after >= lower_text.size() || !is_word(lower_text[after]))) {
      return true;
    }
  }
  return false;
}

/// The node `name` names (by resolution or alias); nullopt when none.
std::optional<std::string> node_named(const dbt::Project& project, std::string_view name) {
  const dbt::Resolution found = dbt::resolve(project, name);
  if (found.kind == dbt::Resolution::Kind::found) {
    return std::string(project.node(found.id).unique_id);
  }
  if (found.kind == dbt::Resolution::Kind::ambiguous) {
    return found.candidates.empty() ? std::string() : found.candidates.front();
  }
  for (const dbt::Node& node : project.nodes()) {
    if (!node.alias.empty() && iequals(node.alias, name)) {
      return std::string(node.unique_id);
    }
  }
  return std::nullopt;
}

/// `relation.column`: the node part resolves and has the column.
std::optional<std::string> qualified_column(const dbt::Project& project, std::string_view name) {
  const std::size_t dot = name.rfind('.');
  if (dot == std::string_view::npos) {
    return std::nullopt;
  }
  std::optional<std::string> owner = node_named(project, name.substr(0, dot));
  if (!owner || owner->empty()) {
    return std::nullopt;
  }
  const std::optional<dbt::NodeId> id = project.find(*owner);
  if (id && has_column(project.node(*id), name.substr(dot + 1))) {
    return owner;
  }
  return std::nullopt;
}

bool is_macro_or_test(const dbt::Project& project, std::string_view name) {
  return std::any_of(project.macros().begin(), project.macros().end(),
                     [&](const dbt::Macro& macro) { return iequals(macro.name, name); });
}

std::string suggestion_for(const dbt::Project& project, std::string_view name) {
  const dbt::Resolution found = dbt::resolve(project, name);
  if (!found.candidates.empty()) {
    return found.candidates.front();
  }
  std::vector<std::string_view> columns;
  for (const dbt::Node& node : project.nodes()) {
    for (const dbt::Column& column : node.columns) {
      columns.push_back(column.name);
    }
  }
  std::vector<std::string> close = closest(name.substr(name.rfind('.') + 1), columns, 1);
  return close.empty() ? std::string() : close.front();
}

} // namespace

Grounding check_grounding(const dbt::Project& project, std::string_view answer,
                          std::string_view accepted_text) {
  Grounding result;
  for (const std::string& name : candidates(answer)) {
    if (is_vocabulary(name)) {
      continue;
    }
    std::optional<std::string> node = node_named(project, name);
    if (!node) {
      node = qualified_column(project, name);
    }
    if (node) {
      result.known.push_back({name, *node});
      continue;
    }
    if (any_column(project, name) || is_macro_or_test(project, name) || word_in(accepted_text, name)) {
      result.known.push_back({name, ""});
      continue;
    }
    result.unknown.push_back(name);
    result.suggestions.push_back(suggestion_for(project, name));
  }
  return result;
}

std::string correction_note(const Grounding& grounding) {
  std::string note = "Your answer names things that do not exist in this dbt project:";
  for (std::size_t i = 0; i < grounding.unknown.size(); ++i) {
    note += "\n- `" + grounding.unknown[i] + "`";
    if (!grounding.suggestions[i].empty()) {
      note += " (did you mean `" + grounding.suggestions[i] + "`?)";
    }
  }
  note += "\nCheck them with the tools and answer again, using only names that appear in tool results. "
          "If something does not exist, say so instead of naming it.";
  return note;
}

std::string flag_unknown(std::string_view answer, const Grounding& grounding) {
  std::string out(answer);
  for (const std::string& name : grounding.unknown) {
    const std::string spanned = "`" + name + "`";
    std::size_t at = out.find(spanned);
    std::size_t length = spanned.size();
    if (at == std::string::npos) {
      at = out.find(name);
      length = name.size();
    }
    if (at != std::string::npos) {
      out.insert(at + length, " ⚠️");
    }
  }
  return out;
}

} // namespace steward::agent
