#include "core/fix/context.hpp"

#include <algorithm>
#include <cctype>

#include "core/fix/diff.hpp"
#include "core/fix/yaml_edit.hpp"

namespace steward::fix::detail {
namespace {

const dbt::Node* find_node(const dbt::Project& project, std::string_view unique_id) {
  std::optional<dbt::NodeId> id = project.find(unique_id);
  return id ? &project.node(*id) : nullptr;
}

bool is_relation(const dbt::Node& node) {
  return node.type == dbt::ResourceType::model || node.type == dbt::ResourceType::source ||
         node.type == dbt::ResourceType::seed || node.type == dbt::ResourceType::snapshot;
}

const dbt::Node* tested_node(const dbt::Project& project, const dbt::Node& test) {
  if (const dbt::Node* attached = find_node(project, test.attached_node)) {
    return attached;
  }
  for (std::string_view parent : test.depends_on) {
    const dbt::Node* node = find_node(project, parent);
    if (node != nullptr && is_relation(*node)) {
      return node;
    }
  }
  return nullptr;
}

void resolve_test(Context& ctx) {
  const dbt::Node& test = *ctx.failing;
  ctx.test = test.test_namespace.empty() || test.test_namespace == "dbt"
                 ? std::string(test.test_name)
                 : std::string(test.test_namespace) + "." + std::string(test.test_name);
  ctx.kwargs = nlohmann::json::parse(test.test_kwargs_json, nullptr, false);
  if (!ctx.kwargs.is_object()) {
    ctx.kwargs = nlohmann::json::object();
  }
  ctx.column = std::string(test.column_name);
  if (ctx.column.empty() && ctx.kwargs.contains("column_name") && ctx.kwargs["column_name"].is_string()) {
    ctx.column = ctx.kwargs["column_name"].get<std::string>();
  }
  ctx.target = tested_node(*ctx.project, test);
}

bool looks_like_time(std::string_view name, std::string_view suffix) {
  return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
}

} // namespace

Context make_context(const dbt::Project& project, const FailureFacts& facts, const ReadFile& read) {
  Context ctx;
  ctx.project = &project;
  ctx.facts = &facts;
  ctx.read = &read;
  ctx.failing = find_node(project, facts.node);
  if (ctx.failing == nullptr) {
    return ctx;
  }
  if (ctx.failing->type == dbt::ResourceType::test) {
    resolve_test(ctx);
  } else if (ctx.failing->type == dbt::ResourceType::source) {
    ctx.test = "freshness";
    ctx.target = ctx.failing;
  }
  ctx.yaml_path = yaml_file_of(*ctx.failing, project);
  if (ctx.yaml_path.empty() || !read) {
    return ctx;
  }
  Result<std::string> text = read(ctx.yaml_path);
  if (!text) {
    return ctx;
  }
  Result<yaml::Document> doc = yaml::Document::parse(std::move(*text));
  if (!doc) {
    return ctx;
  }
  ctx.yaml = std::move(*doc);
  if (ctx.target != nullptr && ctx.failing->type == dbt::ResourceType::test) {
    ctx.site = yaml::find_test(ctx.yaml->root(), *ctx.target, ctx.column, ctx.test);
  }
  return ctx;
}

std::optional<FixOption> make_option(OptionText text, std::vector<FileEdit> edits, bool no_edits) {
  FixOption option;
  option.id = std::move(text.id);
  option.title = std::move(text.title);
  option.what = std::move(text.what);
  option.pros = std::move(text.pros);
  option.cons = std::move(text.cons);
  option.risk = text.risk;
  for (auto& edit : edits) {
    if (edit.before != edit.after) {
      option.diff += unified_diff(edit.path, edit.before, edit.after);
      option.edits.push_back(std::move(edit));
    }
  }
  if (option.edits.empty() && !no_edits) {
    return std::nullopt;
  }
  return option;
}

std::optional<FileEdit> yaml_change(const Context& ctx, const std::optional<std::vector<yaml::Edit>>& edits) {
  if (!edits || !ctx.yaml) {
    return std::nullopt;
  }
  return FileEdit{ctx.yaml_path, ctx.yaml->text(), yaml::apply(ctx.yaml->text(), *edits)};
}

std::optional<ModelSql> model_sql(const Context& ctx) {
  if (ctx.target == nullptr || ctx.target->type != dbt::ResourceType::model || ctx.read == nullptr ||
      !*ctx.read) {
    return std::nullopt;
  }
  std::string path(ctx.target->path);
  if (path.size() < 4 || path.substr(path.size() - 4) != ".sql") {
    return std::nullopt;
  }
  Result<std::string> text = (*ctx.read)(path);
  if (!text) {
    return std::nullopt;
  }
  return ModelSql{path, std::move(*text)};
}

bool on_target(const Context& ctx, const dbt::Node& test) {
  if (ctx.target == nullptr) {
    return false;
  }
  if (!test.attached_node.empty()) {
    return test.attached_node == ctx.target->unique_id;
  }
  return test.depends_on.size() == 1 && test.depends_on.front() == ctx.target->unique_id;
}

std::string subject(const Context& ctx) {
  std::string name;
  if (ctx.target != nullptr) {
    name = ctx.target->type == dbt::ResourceType::source
               ? std::string(ctx.target->source_name) + "." + std::string(ctx.target->name)
               : std::string(ctx.target->name);
  }
  if (ctx.column.empty()) {
    return name;
  }
  return name.empty() ? ctx.column : name + "." + ctx.column;
}

std::string sql_literal(const std::string& value) {
  bool numeric = !value.empty() && std::all_of(value.begin(), value.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '-';
  }) && std::isdigit(static_cast<unsigned char>(value.back())) != 0;
  if (numeric) {
    return value;
  }
  std::string out = "'";
  for (char c : value) {
    out += c == '\'' ? "''" : std::string(1, c);
  }
  return out + "'";
}

std::string older_than_a_day(const Context& ctx, const std::string& column) {
  if (ctx.project->adapter_type() == "bigquery") {
    return "date(" + column + ") < date_sub(current_date(), interval 1 day)";
  }
  return column + " < current_date - interval '1 day'";
}

std::string time_column(const Context& ctx) {
  if (ctx.target == nullptr) {
    return {};
  }
  for (const auto& column : ctx.target->columns) {
    std::string type(column.data_type);
    std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
    if (type.find("date") != std::string::npos || type.find("time") != std::string::npos) {
      return std::string(column.name);
    }
  }
  for (std::string_view suffix : {"loaded_at", "created_at", "updated_at", "_at", "_date", "date", "_ts"}) {
    for (const auto& column : ctx.target->columns) {
      if (looks_like_time(column.name, suffix) && column.name != ctx.column) {
        return std::string(column.name);
      }
    }
  }
  return {};
}

std::string yaml_string(const std::string& value) {
  return yaml::quote(value, '"');
}

} // namespace steward::fix::detail
