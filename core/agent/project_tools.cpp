// The project tools' registry and the helpers they share.

#include "core/agent/project_tools.hpp"

#include <cmath>

#include "core/agent/project_tools_detail.hpp"
#include "core/answer/markup.hpp"
#include "core/dbt/resolve.hpp"
#include "core/router/format.hpp"
#include "core/util/text.hpp"

namespace steward::agent {

void add_project_tools(ToolRegistry& registry) {
  registry.add(detail::search_project_tool());
  registry.add(detail::get_node_tool());
  registry.add(detail::get_lineage_tool());
  registry.add(detail::get_columns_tool());
  registry.add(detail::get_model_sql_tool());
  registry.add(detail::list_failures_tool());
  registry.add(detail::search_knowledge_base_tool());
}

ToolRegistry project_tools() {
  ToolRegistry registry;
  add_project_tools(registry);
  return registry;
}

namespace detail {

std::string dump(const json& body) {
  return body.dump(-1, ' ', false, json::error_handler_t::replace);
}

ToolResult success(const json& body, std::vector<std::string> cited) {
  return ToolResult{dump(body), false, std::move(cited)};
}

ToolResult failure(const std::string& message, const json& extra) {
  json body = {{"error", message}};
  body.update(extra);
  return ToolResult{dump(body), true, {}};
}

std::string clip(std::string_view text, std::size_t max_bytes, bool& truncated) {
  text = trim(text);
  if (text.size() > max_bytes) {
    truncated = true;
  }
  return answer::markup::truncate_utf8(text, max_bytes);
}

json text_or_null(std::string_view text) {
  return text.empty() ? json(nullptr) : json(std::string(text));
}

std::string name_of(const dbt::Node& node) {
  return router::detail::display_name(node);
}

std::string test_label(const dbt::Node& test) {
  if (test.test_name.empty()) {
    return std::string(test.name);
  }
  return test.test_namespace.empty() ? std::string(test.test_name)
                                     : std::string(test.test_namespace) + "." + std::string(test.test_name);
}

namespace {

dbt::Resolution resolve_any_case(const dbt::Project& project, std::string_view name) {
  dbt::Resolution resolution = dbt::resolve(project, name);
  if (resolution.kind == dbt::Resolution::Kind::not_found) {
    // resolve() ignores case for names and unique_ids; this also covers
    // `SHOP.ORDERS` and `Shop.fct_orders` in a lower-case project.
    if (std::string lower = to_lower(name); lower != name) {
      if (dbt::Resolution again = dbt::resolve(project, lower);
          again.kind != dbt::Resolution::Kind::not_found) {
        return again;
      }
    }
  }
  return resolution;
}

void add_suggestion(std::vector<std::string>& out, std::string_view unique_id) {
  if (out.size() < k_max_suggestions && std::find(out.begin(), out.end(), unique_id) == out.end()) {
    out.emplace_back(unique_id);
  }
}

} // namespace

tl::expected<dbt::NodeId, ToolResult> find_node(const ToolEnv& env, std::string_view name) {
  const dbt::Project& project = env.snapshot->project;
  dbt::Resolution resolution = resolve_any_case(project, name);
  if (resolution.kind == dbt::Resolution::Kind::found) {
    return resolution.id;
  }
  std::vector<std::string> suggestions;
  for (const auto& candidate : resolution.candidates) {
    if (resolution.kind == dbt::Resolution::Kind::ambiguous) {
      add_suggestion(suggestions, candidate);
    } else if (auto found = dbt::resolve(project, candidate); found.kind == dbt::Resolution::Kind::found) {
      add_suggestion(suggestions, project.node(found.id).unique_id);
    }
  }
  if (resolution.kind == dbt::Resolution::Kind::not_found) {
    for (const auto& hit : env.snapshot->index.search(name, k_max_suggestions)) {
      add_suggestion(suggestions, project.node(hit.node).unique_id);
    }
  }
  std::string message = dbt::describe_failure(trim(name), resolution);
  message += resolution.kind == dbt::Resolution::Kind::ambiguous
                 ? "; call again with one of the suggestions"
                 : (suggestions.empty() ? "; use search_project to find the right name"
                                        : "; call again with one of the suggestions (unique_ids)");
  return tl::unexpected(failure(message, {{"suggestions", suggestions}}));
}

void note_omitted(json& body, std::size_t hidden) {
  if (hidden > 0) {
    body["omitted"] = hidden;
  }
}

std::string string_argument(const json& arguments, const char* key, std::string fallback) {
  auto it = arguments.find(key);
  return it != arguments.end() && it->is_string() ? it->get<std::string>() : std::move(fallback);
}

std::int64_t integer_argument(const json& arguments, const char* key, std::int64_t fallback) {
  auto it = arguments.find(key);
  if (it == arguments.end() || !it->is_number()) {
    return fallback;
  }
  return it->is_number_integer() ? it->get<std::int64_t>() : std::llround(it->get<double>());
}

} // namespace detail
} // namespace steward::agent
