// accepted_values: add the new values, normalise case and spaces in the
// model, filter the rows out of the test, or warn.

#include <algorithm>
#include <cctype>

#include "core/fix/kinds.hpp"
#include "core/fix/sql_edit.hpp"
#include "core/fix/yaml_edit.hpp"

namespace steward::fix::detail {
namespace {

std::string json_text(const nlohmann::json& value) {
  return value.is_string() ? value.get<std::string>() : value.dump();
}

/// The accepted values: as the YAML file lists them (what the edit extends),
/// else from the test's arguments.
std::vector<std::string> accepted(const Context& ctx) {
  std::vector<std::string> out;
  YAML::Node list = yaml::test_setting(*ctx.site, "values");
  if (list.IsSequence()) {
    for (const auto& item : list) {
      out.push_back(item.IsScalar() ? item.Scalar() : std::string());
    }
    return out;
  }
  const nlohmann::json* values = ctx.kwargs.contains("values") ? &ctx.kwargs["values"] : nullptr;
  if (values != nullptr && values->is_array()) {
    for (const auto& v : *values) {
      out.push_back(json_text(v));
    }
  }
  return out;
}

bool contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

/// Sampled values not accepted yet, each once.
std::vector<std::string> unexpected(const Context& ctx, const std::vector<std::string>& known) {
  std::vector<std::string> out;
  for (const auto& value : ctx.facts->sample_values) {
    if (!contains(known, value) && !contains(out, value)) {
      out.push_back(value);
    }
  }
  return out;
}

std::string listed(const std::vector<std::string>& values) {
  constexpr std::size_t k_shown = 3;
  std::string out;
  for (std::size_t i = 0; i < values.size() && i < k_shown; ++i) {
    out += (i == 0 ? "'" : ", '") + values[i] + "'";
  }
  if (values.size() > k_shown) {
    out += " and " + std::to_string(values.size() - k_shown) + " more";
  }
  return out;
}

std::optional<FixOption> add_value(const Context& ctx, const std::vector<std::string>& values) {
  YAML::Node list = yaml::test_setting(*ctx.site, "values");
  if (!list.IsSequence()) {
    return std::nullopt;
  }
  char like = '\0';
  if (list.size() > 0) {
    like = ctx.yaml->text()[ctx.yaml->offset(list[list.size() - 1])];
  }
  std::vector<std::string> quoted;
  quoted.reserve(values.size());
  for (const auto& value : values) {
    quoted.push_back(yaml::quote(value, like));
  }
  OptionText text{
      "add_value",
      "Add " + listed(values) + " to the accepted values",
      "Appends " + listed(values) + " to `values:` of the accepted_values test on " + subject(ctx) + " in " +
          ctx.yaml_path + ", so rows with " + (values.size() == 1 ? "it" : "them") + " pass.",
      {"Right when the values are legitimate new categories", "A YAML change only: no model is rebuilt"},
      {"Accepts the values for good: confirm with the data's owner that they are expected"},
      Risk::low};
  auto change = yaml_change(ctx, yaml::append_to_list(*ctx.yaml, list, quoted));
  return change ? make_option(std::move(text), {std::move(*change)}) : std::nullopt;
}

std::string normal(std::string_view value, int (*fold)(int)) {
  std::size_t a = value.find_first_not_of(" \t\r\n");
  std::size_t b = value.find_last_not_of(" \t\r\n");
  std::string out(a == std::string_view::npos ? std::string_view() : value.substr(a, b - a + 1));
  if (fold != nullptr) {
    std::transform(out.begin(), out.end(), out.begin(),
                   [fold](unsigned char c) { return static_cast<char>(fold(c)); });
  }
  return out;
}

int fold_lower(int c) {
  return std::tolower(c);
}
int fold_upper(int c) {
  return std::toupper(c);
}

/// The SQL function wrapping the column that maps every unexpected value to
/// an accepted one (`lower(trim(x))`, `upper(trim(x))`, `trim(x)`), or empty.
std::string normaliser(const std::vector<std::string>& known, const std::vector<std::string>& values) {
  struct Way {
    int (*fold)(int);
    const char* sql;
  };
  for (Way way : {Way{nullptr, "trim"}, Way{fold_lower, "lower"}, Way{fold_upper, "upper"}}) {
    bool all = std::all_of(values.begin(), values.end(),
                           [&](const std::string& v) { return contains(known, normal(v, way.fold)); });
    if (all) {
      return way.sql;
    }
  }
  return {};
}

std::optional<FixOption> normalise(const Context& ctx, const std::vector<std::string>& known,
                                   const std::vector<std::string>& values) {
  std::string how = normaliser(known, values);
  std::optional<ModelSql> model = model_sql(ctx);
  bool quoted = !ctx.kwargs.contains("quote") || ctx.kwargs["quote"] != false;
  if (how.empty() || !model || !quoted) {
    return std::nullopt;
  }
  std::string open = how == "trim" ? "trim(" : how + "(trim(";
  std::string close = how == "trim" ? ")" : "))";
  std::optional<std::string> expr = sql::column_expression(model->text, ctx.column);
  if (!expr || expr->rfind(open, 0) == 0) {
    return std::nullopt;
  }
  auto after = sql::rewrite_column(model->text, ctx.column,
                                   [&](std::string_view e) { return open + std::string(e) + close; });
  if (!after) {
    return std::nullopt;
  }
  OptionText text{"normalise",
                  "Normalise " + subject(ctx) + " with " + open + "..." + close,
                  "Wraps `" + *expr + "` in " + open + "..." + close + " in " + model->path + ", so " +
                      listed(values) + " read as the accepted values they differ from only by " +
                      (how == "trim" ? "spaces." : "case or spaces."),
                  {"Fixes the drift where the model is built: downstream models see clean values",
                   "The accepted values stay as they are"},
                  {"Changes the model: it is rebuilt, and its values change for everyone who reads it",
                   "Hides the drift upstream: the source keeps sending mixed values"},
                  Risk::medium};
  return make_option(std::move(text), {FileEdit{model->path, model->text, *after}});
}

std::optional<FixOption> filter_out(const Context& ctx, const std::vector<std::string>& values) {
  std::string list;
  for (const auto& value : values) {
    list += (list.empty() ? "" : ", ") + sql_literal(value);
  }
  OptionText text{
      "where",
      "Leave rows with " + listed(values) + " out of the test",
      "Adds a `where:` filter to the accepted_values test on " + subject(ctx) + " in " + ctx.yaml_path +
          " so it skips rows with " + listed(values) + " while their meaning is confirmed.",
      {"The test keeps guarding every other value", "A YAML change only: no model is rebuilt"},
      {"The rows are still in the model, unchecked", "Easy to forget: remove the filter once decided"},
      Risk::medium};
  return where_option(ctx, std::move(text), ctx.column + " not in (" + list + ")");
}

} // namespace

std::vector<FixOption> accepted_values_fixes(const Context& ctx) {
  std::vector<FixOption> options;
  if (!ctx.site || !ctx.yaml) {
    return options;
  }
  std::vector<std::string> known = accepted(ctx);
  std::vector<std::string> values = unexpected(ctx, known);
  if (!values.empty()) {
    add(options, add_value(ctx, values));
    add(options, normalise(ctx, known, values));
    add(options, filter_out(ctx, values));
  }
  add(options, warn_option(ctx));
  return options;
}

} // namespace steward::fix::detail
