// `project:` settings: package and version, platform, materialisation and
// the naming templates.
#include <algorithm>
#include <array>

#include "core/datavault/plan_detail.hpp"
#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

struct TemplateRule {
  const char* key;
  const std::string* text;
  std::initializer_list<std::string_view> allowed;
  std::initializer_list<std::string_view> required;
};

void check_templates(Planner& planner) {
  const Naming& naming = planner.naming();
  const Location at = planner.spec().settings.at;
  const std::array<TemplateRule, 13> rules{{
      {"stage", &naming.stage, {"source"}, {"source"}},
      {"hub", &naming.hub, {"entity"}, {"entity"}},
      {"link", &naming.link, {"relationship", "entity"}, {}},
      {"transactional_link", &naming.transactional_link, {"relationship", "entity"}, {}},
      {"satellite", &naming.satellite, {"entity", "relationship", "group", "source"}, {"group"}},
      {"effectivity_satellite",
       &naming.effectivity_satellite,
       {"entity", "relationship", "group", "source"},
       {}},
      {"hash_key", &naming.hash_key, {"entity", "relationship"}, {}},
      {"hashdiff", &naming.hashdiff, {"entity", "relationship", "group", "source"}, {}},
      {"load_date", &naming.load_date, {}, {}},
      {"record_source", &naming.record_source, {}, {}},
      {"effective_from", &naming.effective_from, {}, {}},
      {"start_date", &naming.start_date, {}, {}},
      {"end_date", &naming.end_date, {}, {}},
  }};
  for (const TemplateRule& rule : rules) {
    const std::string path = std::string("project.naming.") + rule.key;
    for (const std::string& problem : check_template(*rule.text, rule.allowed, rule.required)) {
      planner.error(path, at, problem);
    }
    const std::vector<std::string> used = placeholders_in(*rule.text);
    const bool names_it = std::find(used.begin(), used.end(), "entity") != used.end() ||
                          std::find(used.begin(), used.end(), "relationship") != used.end();
    const std::string key = rule.key;
    if ((key == "link" || key == "transactional_link" || key == "hash_key" ||
         key == "effectivity_satellite") &&
        !names_it) {
      planner.error(path, at,
                    "'" + *rule.text + "' uses neither {entity} nor {relationship}, so every " + key +
                        " would get the same name");
    }
  }
}

/// `0.11.5` → {0, 11, 5}; false when it is not a version.
bool parse_version(const std::string& text, std::array<int, 3>& out) {
  out = {0, 0, 0};
  std::size_t part = 0;
  std::string digits;
  for (std::size_t i = 0; i <= text.size(); ++i) {
    if (i == text.size() || text[i] == '.') {
      if (digits.empty() || part >= 3) {
        return false;
      }
      out[part++] = std::stoi(digits);
      digits.clear();
    } else if (text[i] >= '0' && text[i] <= '9' && digits.size() < 6) {
      digits += text[i];
    } else {
      return false;
    }
  }
  return part >= 2;
}

void check_package(Planner& planner) {
  const Settings& settings = planner.spec().settings;
  Plan& plan = planner.plan();
  const std::string package = to_lower(settings.package);
  std::array<int, 3> version{};
  const bool version_ok = parse_version(settings.package_version, version);
  if (!version_ok) {
    planner.error("project.package_version", settings.at,
                  "'" + settings.package_version + "' is not a version like 0.11.5");
  }
  if (package == "automate_dv" || package == "dbtvault") {
    plan.macros = package;
  } else {
    planner.error("project.package", settings.at,
                  "'" + settings.package + "' is not automate_dv (or its old name dbtvault)" +
                      Planner::did_you_mean(package, {"automate_dv", "dbtvault"}));
  }
  const bool before_nh_link = package == "dbtvault" || (version_ok && version < std::array<int, 3>{0, 11, 5});
  plan.transactional_macro = before_nh_link ? "t_link" : "nh_link";
  planner.decide(
      "transactional links use " + plan.macros + "." + plan.transactional_macro + " (" +
      (before_nh_link ? "nh_link arrived in automate_dv 0.11.5" : "t_link is deprecated since 0.11.5") + ")");
}

void check_platform(Planner& planner) {
  const Settings& settings = planner.spec().settings;
  const std::string platform = to_lower(settings.platform);
  const std::vector<std::string> known{"snowflake", "bigquery", "postgres", "sqlserver", "databricks"};
  if (platform.empty() || std::find(known.begin(), known.end(), platform) != known.end()) {
    return;
  }
  if (platform == "redshift") {
    planner.warn("project.platform", settings.at, "automate_dv does not support Redshift (planned upstream)");
    return;
  }
  planner.warn("project.platform", settings.at,
               "'" + settings.platform +
                   "' is not a platform automate_dv supports (snowflake, bigquery, postgres, "
                   "sqlserver, databricks)" +
                   Planner::did_you_mean(platform, known));
}

void check_materialization(Planner& planner) {
  const Settings& settings = planner.spec().settings;
  if (to_lower(settings.materialization) != "incremental") {
    planner.warn(
        "project.materialization", settings.at,
        "'" + settings.materialization +
            "': automate_dv's hubs, links and satellites are meant to be incremental; as a table or view "
            "they behave unpredictably");
  }
  const std::string stage = to_lower(settings.stage_materialization);
  if (stage != "view" && stage != "table" && stage != "ephemeral") {
    planner.warn("project.stage_materialization", settings.at,
                 "'" + settings.stage_materialization +
                     "': stages are usually views (or tables, or ephemeral)");
  }
}

} // namespace

void plan_settings(Planner& planner) {
  Plan& plan = planner.plan();
  plan.settings = planner.spec().settings;
  check_templates(planner);
  check_package(planner);
  check_platform(planner);
  check_materialization(planner);
  const Naming& naming = planner.naming();
  plan.columns = {planner.column(naming.load_date), planner.column(naming.record_source),
                  planner.column(naming.effective_from), planner.column(naming.start_date),
                  planner.column(naming.end_date)};
  for (const std::string* name :
       {&plan.columns.load_date, &plan.columns.record_source, &plan.columns.effective_from,
        &plan.columns.start_date, &plan.columns.end_date}) {
    if (!is_identifier(*name) && placeholders_in(*name).empty()) {
      planner.error("project.naming", planner.spec().settings.at,
                    "metadata column name '" + *name + "' is not an identifier (letters, digits and _)");
    }
  }
  const char* cases[] = {"as written", "lower case", "upper case"};
  planner.decide("names: stages " + naming.stage + ", hubs " + naming.hub + ", links " + naming.link +
                 ", transactional links " + naming.transactional_link + ", satellites " + naming.satellite +
                 ", effectivity satellites " + naming.effectivity_satellite + "; hash keys " +
                 naming.hash_key + ", hashdiffs " + naming.hashdiff + "; column names " +
                 cases[static_cast<int>(naming.identifier_case)]);
}

} // namespace steward::datavault::detail
