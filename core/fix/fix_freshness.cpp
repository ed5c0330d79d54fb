// Source freshness: tell the loader's owner, or raise the thresholds.

#include "core/fix/kinds.hpp"
#include "core/fix/yaml_edit.hpp"

namespace steward::fix::detail {
namespace {

/// One of `warn_after`/`error_after` with a count that can be doubled.
struct Limit {
  std::string key;
  YAML::Node after;
  YAML::Node count;
  long long value = 0;
  std::string period;
};

std::vector<Limit> limits_of(const YAML::Node& freshness) {
  std::vector<Limit> out;
  for (const char* key : {"warn_after", "error_after"}) {
    YAML::Node after = yaml::child(freshness, key);
    YAML::Node count = yaml::child(after, "count");
    if (!count.IsScalar()) {
      continue;
    }
    try {
      long long value = std::stoll(count.Scalar());
      if (value > 0) {
        out.push_back(Limit{key, after, count, value, yaml::child(after, "period").as<std::string>("")});
      }
    } catch (const std::exception&) {
      continue; // a templated or odd count: leave it alone
    }
  }
  return out;
}

YAML::Node freshness_of(const YAML::Node& entry) {
  YAML::Node direct = yaml::child(entry, "freshness");
  return direct.IsDefined() ? direct : yaml::child(yaml::child(entry, "config"), "freshness");
}

std::string describe(const std::vector<Limit>& limits) {
  std::string out;
  for (const auto& l : limits) {
    out += (out.empty() ? "" : " and ") + l.key + " from " + std::to_string(l.value) + " to " +
           std::to_string(l.value * 2) + " " + l.period + (l.period.empty() ? "" : "s");
  }
  return out;
}

std::optional<FixOption> threshold(const Context& ctx) {
  const yaml::Document& doc = *ctx.yaml;
  YAML::Node table = yaml::find_entry(doc.root(), *ctx.target);
  YAML::Node own = freshness_of(table);
  bool inherited = !own.IsDefined();
  std::vector<Limit> limits =
      limits_of(inherited ? freshness_of(yaml::find_source(doc.root(), ctx.target->source_name)) : own);
  if (!table.IsMap() || limits.empty()) {
    return std::nullopt;
  }
  std::vector<yaml::Edit> edits;
  if (inherited) {
    std::vector<std::string> lines{"freshness:"};
    for (const auto& l : limits) {
      lines.push_back("  " + l.key + ": {count: " + std::to_string(l.value * 2) + ", period: " + l.period +
                      "}");
    }
    std::optional<yaml::Edit> edit = yaml::append_to_map(doc, table, lines);
    if (!edit) {
      return std::nullopt;
    }
    edits.push_back(*edit);
  } else {
    for (const auto& l : limits) {
      auto edit = yaml::replace_scalar(doc, l.count, std::to_string(l.value * 2),
                                       l.after.Style() == YAML::EmitterStyle::Flow);
      if (!edit) {
        return std::nullopt;
      }
      edits.push_back(*edit);
    }
  }
  std::string name = subject(ctx);
  OptionText text{
      "threshold",
      "Double the freshness limits of " + name,
      "Raises " + describe(limits) + " for " + name + " in " + ctx.yaml_path +
          (inherited ? ", as a setting of this table only (the source's other tables keep theirs)." : "."),
      {"Right when the loader now runs less often and the data is as fresh as it can be"},
      {"Real delays are noticed later", "Hides a broken loader: check the loader first"},
      Risk::medium};
  auto change = yaml_change(ctx, edits);
  return change ? make_option(std::move(text), {std::move(*change)}) : std::nullopt;
}

} // namespace

std::vector<FixOption> freshness_fixes(const Context& ctx) {
  std::vector<FixOption> options;
  if (ctx.target == nullptr) {
    return options;
  }
  std::string loader =
      ctx.target->loader.empty() ? "" : " (loaded by " + std::string(ctx.target->loader) + ")";
  options.push_back(escalate_option(
      *ctx.target, "Changes nothing in the project: tells the owner of " + subject(ctx) + loader +
                       " that its data is late. Stale sources come from the loader, "
                       "not from the dbt project."));
  if (ctx.yaml) {
    add(options, threshold(ctx));
  }
  return options;
}

} // namespace steward::fix::detail
