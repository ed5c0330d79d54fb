// unique: keep one row per key in the model, test the real grain, or warn.

#include <algorithm>

#include "core/fix/kinds.hpp"
#include "core/fix/sql_edit.hpp"
#include "core/fix/yaml_edit.hpp"

namespace steward::fix::detail {
namespace {

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool has_catalog(const dbt::Project& project) {
  const auto& artifacts = project.artifacts();
  return std::any_of(artifacts.begin(), artifacts.end(), [](const auto& a) { return a.kind == "catalog"; });
}

/// The row to keep for each key: the latest by an update or load time
/// column when the model has one.
std::string order_of(const Context& ctx) {
  for (std::string_view suffix :
       {"updated_at", "modified_at", "loaded_at", "_fivetran_synced", "synced_at"}) {
    for (const auto& column : ctx.target->columns) {
      if (ends_with(column.name, suffix)) {
        return std::string(column.name) + " desc";
      }
    }
  }
  return ctx.column;
}

std::optional<FixOption> dedupe(const Context& ctx) {
  std::optional<ModelSql> model = model_sql(ctx);
  if (!model || ctx.column.empty()) {
    return std::nullopt;
  }
  sql::Dedupe how{ctx.column, order_of(ctx), {}};
  if (has_catalog(*ctx.project)) {
    for (const auto& column : ctx.target->columns) {
      if (!column.data_type.empty()) {
        how.columns.emplace_back(column.name);
      }
    }
  }
  bool arbitrary = how.order_by == ctx.column;
  std::vector<std::string> cons{
      "Changes the model: it is rebuilt, and rows are dropped for everyone who reads it",
      "Hides the duplicates' cause (a join fan-out or duplicated source rows)"};
  cons.push_back(arbitrary
                     ? "Which of the duplicate rows is kept is arbitrary"
                     : "Keeps the row with the latest " + how.order_by.substr(0, how.order_by.size() - 5));
  if (how.columns.empty()) {
    cons.emplace_back("Adds a `dedupe_row_number` column to the model");
  }
  OptionText text{"dedupe",
                  "Keep one row per " + ctx.column + " in " + std::string(ctx.target->name),
                  "Wraps " + model->path + " in a CTE and keeps the first row of each " + ctx.column +
                      " with row_number(), so " + ctx.column + " is unique again.",
                  {"The model's grain is what the test says it is", "Downstream joins stop fanning out"},
                  std::move(cons),
                  Risk::medium};
  return make_option(std::move(text), {FileEdit{model->path, model->text, sql::dedupe(model->text, how)}});
}

/// Other key-like columns of the target that tests treat as keys.
std::vector<std::string> grain_hints(const Context& ctx) {
  std::vector<std::string> out;
  std::optional<dbt::NodeId> id = ctx.project->find(ctx.target->unique_id);
  if (!id) {
    return out;
  }
  for (dbt::NodeId test : ctx.project->tests_of(*id)) {
    const dbt::Node& node = ctx.project->node(test);
    if (!on_target(ctx, node)) {
      continue;
    }
    if (node.test_name == "unique_combination_of_columns") {
      return {};
    }
    std::string column(node.column_name);
    bool keyish = ends_with(column, "_id") || ends_with(column, "_key") || ends_with(column, "date");
    bool hint = node.test_name == "relationships" || (node.test_name == "not_null" && keyish);
    if (hint && keyish && column != ctx.column && std::find(out.begin(), out.end(), column) == out.end()) {
      out.push_back(column);
    }
  }
  return out;
}

bool has_dbt_utils(const dbt::Project& project) {
  const auto& macros = project.macros();
  return std::any_of(macros.begin(), macros.end(),
                     [](const auto& m) { return m.package_name == "dbt_utils"; });
}

/// Edits adding a model-level `unique_combination_of_columns` test.
std::optional<yaml::Edit> add_grain_test(const Context& ctx, const std::vector<std::string>& columns) {
  const yaml::Document& doc = *ctx.yaml;
  YAML::Node list = yaml::child(ctx.site->entry, "data_tests");
  if (!list.IsDefined()) {
    list = yaml::child(ctx.site->entry, "tests");
  }
  std::vector<std::string> item{"- dbt_utils.unique_combination_of_columns:", "    combination_of_columns:"};
  for (const auto& column : columns) {
    item.push_back("      - " + column);
  }
  if (!list.IsDefined()) {
    std::string key = doc.text().find("data_tests:") != std::string::npos ? "data_tests:" : "tests:";
    std::vector<std::string> lines{key};
    for (const auto& line : item) {
      lines.push_back("  " + line);
    }
    return yaml::append_to_map(doc, ctx.site->entry, lines);
  }
  std::size_t dash = yaml::column_of(doc, list);
  if (!list.IsSequence() || list.Style() == YAML::EmitterStyle::Flow ||
      dash <= yaml::column_of(doc, ctx.site->entry)) {
    return std::nullopt;
  }
  for (auto& line : item) {
    line.insert(0, dash, ' ');
  }
  return yaml::insert_lines_after(doc, doc.block_last_line(doc.line_of(doc.offset(list)), dash), item);
}

std::optional<FixOption> grain(const Context& ctx) {
  std::vector<std::string> hints = grain_hints(ctx);
  if (hints.empty() || !ctx.site->column.IsMap()) {
    return std::nullopt;
  }
  std::vector<std::string> columns{ctx.column};
  columns.insert(columns.end(), hints.begin(), hints.end());
  std::optional<yaml::Edit> removal = yaml::remove_test(*ctx.yaml, *ctx.site);
  std::optional<yaml::Edit> addition = add_grain_test(ctx, columns);
  if (!removal || !addition) {
    return std::nullopt;
  }
  std::string joined;
  for (const auto& column : columns) {
    joined += (joined.empty() ? "" : ", ") + column;
  }
  std::vector<std::string> cons{"Right only if a row is meant to repeat per " + ctx.column +
                                "; check the model's intended grain first"};
  if (!has_dbt_utils(*ctx.project)) {
    cons.emplace_back("Needs the dbt_utils package in packages.yml");
  }
  OptionText text{"grain",
                  "Test uniqueness of (" + joined + ") instead",
                  "Replaces the unique test on " + subject(ctx) +
                      " with dbt_utils.unique_combination_of_columns on (" + joined + ") in " +
                      ctx.yaml_path + ": other tests on the model treat those columns as keys.",
                  {"Tests the grain the model really has", "A YAML change only"},
                  std::move(cons),
                  Risk::medium};
  auto change = yaml_change(ctx, std::vector<yaml::Edit>{*removal, *addition});
  return change ? make_option(std::move(text), {std::move(*change)}) : std::nullopt;
}

} // namespace

std::vector<FixOption> unique_fixes(const Context& ctx) {
  std::vector<FixOption> options;
  if (ctx.target == nullptr) {
    return options;
  }
  add(options, dedupe(ctx));
  if (ctx.site && ctx.yaml) {
    add(options, grain(ctx));
  }
  add(options, warn_option(ctx));
  return options;
}

} // namespace steward::fix::detail
