// relationships: leave late-arriving rows out of the test, or warn.

#include "core/fix/kinds.hpp"

namespace steward::fix::detail {
namespace {

std::string parent_phrase(const Context& ctx) {
  std::string to =
      ctx.kwargs.contains("to") && ctx.kwargs["to"].is_string() ? ctx.kwargs["to"].get<std::string>() : "";
  std::string field = ctx.kwargs.contains("field") && ctx.kwargs["field"].is_string()
                          ? ctx.kwargs["field"].get<std::string>()
                          : "";
  if (to.empty()) {
    return "the parent table";
  }
  return field.empty() ? to : field + " of " + to;
}

} // namespace

std::vector<FixOption> relationships_fixes(const Context& ctx) {
  std::vector<FixOption> options;
  if (!ctx.site || !ctx.yaml) {
    return options;
  }
  add(options, last_day_option(ctx,
                               "so rows whose match in " + parent_phrase(ctx) +
                                   " arrives with a later load do not fail it",
                               {"Right for late-arriving dimension rows", "Older orphans still fail the test",
                                "A YAML change only"},
                               "Orphans are caught a day later"));
  add(options, warn_option(ctx));
  return options;
}

} // namespace steward::fix::detail
