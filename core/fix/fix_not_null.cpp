// not_null: leave the known bad (or the newest) rows out of the test,
// coalesce in the model, warn, or tell the owner.

#include <algorithm>

#include "core/fix/kinds.hpp"
#include "core/fix/sql_edit.hpp"

namespace steward::fix::detail {
namespace {

constexpr std::size_t k_max_listed_keys = 20;

/// The model's key: a column of the target with a `unique` test.
std::string key_column(const Context& ctx) {
  if (ctx.target == nullptr) {
    return {};
  }
  std::optional<dbt::NodeId> id = ctx.project->find(ctx.target->unique_id);
  if (!id) {
    return {};
  }
  for (dbt::NodeId test : ctx.project->tests_of(*id)) {
    const dbt::Node& node = ctx.project->node(test);
    if (!on_target(ctx, node)) {
      continue;
    }
    if (node.test_name == "unique" && !node.column_name.empty() && node.column_name != ctx.column) {
      return std::string(node.column_name);
    }
  }
  return {};
}

std::optional<FixOption> known_rows(const Context& ctx) {
  const auto& keys = ctx.facts->sample_values;
  std::string key = key_column(ctx);
  bool covers_all = !ctx.facts->failures || *ctx.facts->failures <= static_cast<long long>(keys.size());
  if (key.empty() || keys.empty() || keys.size() > k_max_listed_keys || !covers_all) {
    return std::nullopt;
  }
  std::string list;
  for (const auto& value : keys) {
    list += (list.empty() ? "" : ", ") + sql_literal(value);
  }
  OptionText text{"where",
                  "Leave the " + std::to_string(keys.size()) + " known rows out of the test",
                  "Adds a `where:` filter to the not_null test on " + subject(ctx) + " in " + ctx.yaml_path +
                      " that skips the rows with " + key + " in (" + list + "), the ones failing now.",
                  {"Any new row with a missing value still fails the test", "A YAML change only"},
                  {"The known rows stay in the model with the value missing",
                   "The list has to be cleaned up once they are fixed"},
                  Risk::medium};
  return where_option(ctx, std::move(text), key + " not in (" + list + ")");
}

/// A placeholder of the column's type: 0, false or 'unknown'.
std::string placeholder(const Context& ctx) {
  const dbt::Column* column = ctx.target == nullptr ? nullptr : dbt::find_column(*ctx.target, ctx.column);
  std::string type = column == nullptr ? "" : std::string(column->data_type);
  std::transform(type.begin(), type.end(), type.begin(), [](unsigned char c) { return std::tolower(c); });
  const std::string& name = ctx.column;
  auto has = [](const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
  };
  if (has(type, "date") || has(type, "time") || has(name, "_at") || has(name, "date") || has(name, "_id") ||
      name == "id") {
    return {}; // no placeholder is honest for keys and times
  }
  if (has(type, "bool") || name.rfind("is_", 0) == 0 || name.rfind("has_", 0) == 0) {
    return "false";
  }
  if (has(type, "int") || has(type, "num") || has(type, "dec") || has(type, "float") || has(type, "double") ||
      has(name, "amount") || has(name, "count") || has(name, "total") || has(name, "number")) {
    return "0";
  }
  return type.empty() || has(type, "char") || has(type, "text") || has(type, "string") ? "'unknown'" : "";
}

std::optional<FixOption> coalesce(const Context& ctx) {
  std::string fallback = placeholder(ctx);
  std::optional<ModelSql> model = model_sql(ctx);
  if (fallback.empty() || !model) {
    return std::nullopt;
  }
  std::optional<std::string> expr = sql::column_expression(model->text, ctx.column);
  if (!expr || expr->rfind("coalesce(", 0) == 0) {
    return std::nullopt;
  }
  auto after = sql::rewrite_column(model->text, ctx.column, [&](std::string_view e) {
    return "coalesce(" + std::string(e) + ", " + fallback + ")";
  });
  if (!after) {
    return std::nullopt;
  }
  OptionText text{"coalesce",
                  "Fill missing " + subject(ctx) + " with " + fallback,
                  "Wraps `" + *expr + "` in coalesce(..., " + fallback + ") in " + model->path +
                      ", so rows without a value get " + fallback + " instead of null.",
                  {"Downstream models and dashboards get a value they can group and sum"},
                  {"Changes the model: it is rebuilt",
                   "A placeholder hides missing data: " + fallback + " may be read as a real value"},
                  Risk::medium};
  return make_option(std::move(text), {FileEdit{model->path, model->text, *after}});
}

const dbt::Node& owner_of(const Context& ctx) {
  if (ctx.target->owner.empty()) {
    for (std::string_view parent : ctx.target->depends_on) {
      std::optional<dbt::NodeId> id = ctx.project->find(parent);
      if (id && ctx.project->node(*id).type == dbt::ResourceType::source &&
          !ctx.project->node(*id).owner.empty()) {
        return ctx.project->node(*id);
      }
    }
  }
  return *ctx.target;
}

} // namespace

std::vector<FixOption> not_null_fixes(const Context& ctx) {
  std::vector<FixOption> options;
  if (ctx.target == nullptr) {
    return options;
  }
  if (ctx.site && ctx.yaml) {
    std::optional<FixOption> where = known_rows(ctx);
    add(options,
        where ? std::move(where)
              : last_day_option(ctx, "for values that arrive late",
                                {"Right when the value is filled in by a later load", "A YAML change only"},
                                "A value that never arrives is caught a day later"));
  }
  add(options, coalesce(ctx));
  add(options, warn_option(ctx));
  const dbt::Node& owner = owner_of(ctx);
  options.push_back(
      escalate_option(owner, "Changes nothing in the project: asks the owner of " + std::string(owner.name) +
                                 " why " + subject(ctx) + " is missing in " +
                                 (ctx.facts->failures ? std::to_string(*ctx.facts->failures) : "some") +
                                 " rows, and to fix the data where it comes from."));
  return options;
}

} // namespace steward::fix::detail
