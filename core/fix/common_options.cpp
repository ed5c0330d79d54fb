// Options every test kind offers: severity warn, a where filter, escalation.

#include "core/fix/context.hpp"
#include "core/fix/yaml_edit.hpp"

namespace steward::fix::detail {
namespace {

std::string test_phrase(const Context& ctx) {
  return "the " + ctx.test + " test on " + subject(ctx) + " in " + ctx.yaml_path;
}

} // namespace

std::optional<FixOption> warn_option(const Context& ctx) {
  if (!ctx.site || !ctx.yaml) {
    return std::nullopt;
  }
  YAML::Node severity = yaml::test_setting(*ctx.site, "severity");
  if (severity.IsScalar() && severity.Scalar() == "warn") {
    return std::nullopt;
  }
  OptionText text{"warn",
                  "Make the test warn instead of fail",
                  "Sets `severity: warn` on " + test_phrase(ctx) +
                      ": dbt still runs it and reports the failing rows, but the run no longer fails.",
                  {"The run and the models after it go on while the data is looked at",
                   "The test and its failure count stay visible"},
                  {"Failing rows no longer stop bad data from reaching downstream models",
                   "Easy to forget: plan to set it back to `error` once the data is fixed"},
                  Risk::medium};
  auto edits = yaml::set_test_config(*ctx.yaml, *ctx.site, "severity", "warn");
  std::optional<FileEdit> change = yaml_change(ctx, edits);
  if (!change) {
    return std::nullopt;
  }
  return make_option(std::move(text), {std::move(*change)});
}

std::optional<FixOption> where_option(const Context& ctx, OptionText text, const std::string& where_sql) {
  if (!ctx.site || !ctx.yaml || where_sql.empty()) {
    return std::nullopt;
  }
  std::string filter = where_sql;
  YAML::Node existing = yaml::test_setting(*ctx.site, "where");
  if (existing.IsScalar() && !existing.Scalar().empty()) {
    if (existing.Scalar().find(where_sql) != std::string::npos) {
      return std::nullopt;
    }
    filter = "(" + existing.Scalar() + ") and (" + where_sql + ")";
  }
  auto edits = yaml::set_test_config(*ctx.yaml, *ctx.site, "where", yaml_string(filter));
  std::optional<FileEdit> change = yaml_change(ctx, edits);
  if (!change) {
    return std::nullopt;
  }
  return make_option(std::move(text), {std::move(*change)});
}

std::optional<FixOption> last_day_option(const Context& ctx, const std::string& why,
                                         std::vector<std::string> pros, std::string first_con) {
  std::string time = time_column(ctx);
  if (time.empty()) {
    return std::nullopt;
  }
  OptionText text{"where",
                  "Leave the last day's rows out of the test",
                  "Adds a `where:` filter to " + test_phrase(ctx) + " that skips rows whose " + time +
                      " is within the last day, " + why + ".",
                  std::move(pros),
                  {std::move(first_con), "Assumes " + time + " tells when rows came"},
                  Risk::medium};
  return where_option(ctx, std::move(text), older_than_a_day(ctx, time));
}

FixOption escalate_option(const dbt::Node& owner_node, std::string what) {
  std::string owner = owner_node.owner.empty() ? std::string() : std::string(owner_node.owner);
  std::string name = owner_node.type == dbt::ResourceType::source
                         ? std::string(owner_node.source_name) + "." + std::string(owner_node.name)
                         : std::string(owner_node.name);
  OptionText text{"escalate",
                  owner.empty() ? "Tell the owner of " + name : "Tell " + owner + ", who owns " + name,
                  std::move(what),
                  {"No code change: the cause is in the data, not in the project",
                   "The people who can fix the data hear about it"},
                  {"The failure stays until the data is fixed upstream"},
                  Risk::low};
  return *make_option(std::move(text), {}, true);
}

} // namespace steward::fix::detail
