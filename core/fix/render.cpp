#include "core/fix/render.hpp"

#include <optional>
#include <vector>

namespace steward::fix {

namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() &&
         (text.front() == ' ' || text.front() == '\n' || text.front() == '\t' || text.front() == '-')) {
    text.remove_prefix(1);
  }
  while (!text.empty() &&
         (text.back() == ' ' || text.back() == '\n' || text.back() == '\t' || text.back() == '-')) {
    text.remove_suffix(1);
  }
  return text;
}

/// The quoted arguments of `name(...)`: `ref('a', "b")` → {a, b}; none when `call` is something else.
std::optional<std::vector<std::string>> arguments(std::string_view call, std::string_view name) {
  if (!call.starts_with(name)) {
    return std::nullopt;
  }
  call = trim(call.substr(name.size()));
  if (call.size() < 2 || call.front() != '(' || call.back() != ')') {
    return std::nullopt;
  }
  call = call.substr(1, call.size() - 2);
  std::vector<std::string> out;
  while (!(call = trim(call)).empty()) {
    const char quote = call.front();
    if (quote != '\'' && quote != '"') {
      return std::nullopt; // a variable or a keyword argument: not plain
    }
    const std::size_t end = call.find(quote, 1);
    if (end == std::string_view::npos) {
      return std::nullopt;
    }
    out.emplace_back(call.substr(1, end - 1));
    call = trim(call.substr(end + 1));
    if (!call.empty() && call.front() == ',') {
      call.remove_prefix(1);
    } else if (!call.empty()) {
      return std::nullopt;
    }
  }
  return out;
}

std::string relation_text(const dbt::Node& node) {
  if (!node.relation_name.empty()) {
    return std::string(node.relation_name);
  }
  const std::string_view table = node.alias.empty() ? node.name : node.alias;
  return node.schema.empty() ? std::string(table) : std::string(node.schema) + "." + std::string(table);
}

const dbt::Node* find_ref(const dbt::Project& project, const std::vector<std::string>& args) {
  const std::string& name = args.back();
  for (const dbt::NodeId id : project.named(name)) {
    const dbt::Node& node = project.node(id);
    const bool relation = node.type == dbt::ResourceType::model || node.type == dbt::ResourceType::seed ||
                          node.type == dbt::ResourceType::snapshot;
    if (relation && (args.size() == 1 || node.package_name == args.front())) {
      return &node;
    }
  }
  return nullptr;
}

const dbt::Node* find_source(const dbt::Project& project, const std::vector<std::string>& args) {
  for (const dbt::NodeId id : project.named(args[1])) {
    const dbt::Node& node = project.node(id);
    if (node.type == dbt::ResourceType::source &&
        node.unique_id.find("." + args[0] + "." + args[1]) != std::string_view::npos) {
      return &node;
    }
  }
  return nullptr;
}

Result<std::string> render_call(std::string_view call, const dbt::Project& project) {
  if (auto args = arguments(call, "ref"); args && (args->size() == 1 || args->size() == 2)) {
    if (const dbt::Node* node = find_ref(project, *args)) {
      return relation_text(*node);
    }
    return fail("sql", "ref('" + args->back() + "') names no model of the project");
  }
  if (auto args = arguments(call, "source"); args && args->size() == 2) {
    if (const dbt::Node* node = find_source(project, *args)) {
      return relation_text(*node);
    }
    return fail("sql", "source('" + (*args)[0] + "', '" + (*args)[1] + "') names no source of the project");
  }
  return fail("sql", "uses Jinja Steward can't render ({{ " + std::string(call) + " }})");
}

} // namespace

Result<std::string> render_refs(std::string_view raw, const dbt::Project& project) {
  std::string out;
  std::size_t at = 0;
  while (at < raw.size()) {
    const std::size_t open = raw.find('{', at);
    if (open == std::string_view::npos || open + 1 >= raw.size()) {
      out += raw.substr(at);
      break;
    }
    const char kind = raw[open + 1];
    if (kind != '{' && kind != '%' && kind != '#') {
      out += raw.substr(at, open + 1 - at);
      at = open + 1;
      continue;
    }
    const std::string close = std::string(1, kind == '{' ? '}' : kind) + "}";
    const std::size_t end = raw.find(close, open + 2);
    if (end == std::string_view::npos) {
      return fail("sql", "an unclosed Jinja tag at character " + std::to_string(open + 1));
    }
    out += raw.substr(at, open - at);
    const std::string_view inside = trim(raw.substr(open + 2, end - open - 2));
    if (kind == '%') {
      return fail("sql", "uses Jinja Steward can't render ({% " + std::string(inside) + " %})");
    }
    if (kind == '{') {
      auto rendered = render_call(inside, project);
      if (!rendered) {
        return rendered;
      }
      out += *rendered;
    }
    at = end + 2;
  }
  return out;
}

} // namespace steward::fix
