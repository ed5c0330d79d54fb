// Assembling the generated files and the report.
#include "core/datavault/generate.hpp"

#include <algorithm>
#include <map>
#include <utility>

#include "core/datavault/parse.hpp"
#include "core/datavault/render_text.hpp"
#include "core/util/text.hpp"

namespace steward::datavault {
namespace {

std::string in_folder(const std::string& folder, const std::string& name) {
  std::string base = folder;
  while (!base.empty() && base.back() == '/') {
    base.pop_back();
  }
  return base.empty() ? name : base + "/" + name;
}

std::string count(std::size_t n, const std::string& what) {
  return std::to_string(n) + " " + what + (n == 1 ? "" : "s");
}

/// Files and their one-line descriptions, collected per kind of model.
struct Collector {
  const GenerateOptions* options;
  std::vector<File> files;
  std::vector<std::pair<std::string, std::string>> created;           ///< path, what
  std::map<std::string, std::pair<std::string, std::size_t>> schemas; ///< folder → entries, model count

  void add(const std::string& folder, const std::string& model, const std::string& sql,
           const std::string& schema, std::string what) {
    const std::string path = in_folder(folder, model + ".sql");
    files.push_back(detail::with_header(path, sql, options->spec_name, false));
    created.emplace_back(path, std::move(what));
    auto& [entries, models] = schemas[folder];
    entries += schema;
    ++models;
  }
};

std::string summary(const Plan& plan, std::size_t files) {
  std::size_t links = 0;
  std::size_t effectivity = 0;
  for (const LinkModel& link : plan.links) {
    links += link.transactional ? 0 : 1;
  }
  for (const SatelliteModel& sat : plan.satellites) {
    effectivity += sat.effectivity ? 1 : 0;
  }
  std::string out = count(plan.stages.size(), "stage") + ", " + count(plan.hubs.size(), "hub") + ", " +
                    count(links, "link") + ", " + count(plan.links.size() - links, "transactional link") +
                    ", " + count(plan.satellites.size() - effectivity, "satellite") + ", " +
                    count(effectivity, "effectivity satellite");
  return out + " (" + count(files, "file") + ")";
}

} // namespace

Output render(const Plan& plan, const std::vector<Diagnostic>& warnings, const GenerateOptions& options) {
  Collector collector{&options, {}, {}, {}};
  const Folders& folders = plan.settings.folders;
  for (const StageModel& stage : plan.stages) {
    std::size_t hashdiffs = 0;
    for (const HashedColumn& column : stage.hashed) {
      hashdiffs += column.is_hashdiff ? 1 : 0;
    }
    const std::string from =
        stage.ref.empty() ? "source " + stage.source_name + "." + stage.table : "model " + stage.ref;
    collector.add(
        folders.stage, stage.model, detail::stage_sql(plan, stage), detail::stage_schema(plan, stage),
        "stage of " + stage.source + " (" + from +
            "): " + count(stage.hashed.size() - hashdiffs, "hash key") + ", " + count(hashdiffs, "hashdiff"));
  }
  for (const HubModel& hub : plan.hubs) {
    collector.add(folders.hub, hub.model, detail::hub_sql(plan, hub), detail::hub_schema(plan, hub),
                  "hub of " + hub.entity + ", business key " + join(hub.business_key) + ", from " +
                      join(hub.stages));
  }
  for (const LinkModel& link : plan.links) {
    std::vector<std::string> hubs;
    for (const ForeignKey& key : link.foreign_keys) {
      hubs.push_back(key.hub_model + (key.role.empty() ? "" : " as " + key.role));
    }
    collector.add(
        folders.link, link.model, detail::link_sql(plan, link), detail::link_schema(plan, link),
        std::string(link.transactional ? "transactional link (" + plan.transactional_macro + ")" : "link") +
            " " + link.name + " of " + join(hubs) + ", from " + join(link.stages));
  }
  for (const SatelliteModel& sat : plan.satellites) {
    collector.add(folders.satellite, sat.model, detail::satellite_sql(plan, sat),
                  detail::satellite_schema(plan, sat),
                  std::string(sat.effectivity ? "effectivity satellite" : "satellite") + " " + sat.name +
                      " of " + sat.parent_model + ", from " + sat.stage);
  }
  for (const auto& [folder, schema] : collector.schemas) {
    const std::string path = in_folder(folder, "schema.yml");
    collector.files.push_back(
        detail::with_header(path, "version: 2\n\nmodels:\n" + schema.first, options.spec_name, true));
    collector.created.emplace_back(path, "descriptions and tests of " + count(schema.second, "model"));
  }
  Output out;
  std::sort(collector.files.begin(), collector.files.end(),
            [](const File& a, const File& b) { return a.path < b.path; });
  std::sort(collector.created.begin(), collector.created.end());
  out.files = std::move(collector.files);
  for (const auto& [path, what] : collector.created) {
    std::string line = path;
    line += ": ";
    line += what;
    out.report.created.push_back(std::move(line));
  }
  out.report.spec_name = options.spec_name;
  out.report.summary = summary(plan, out.files.size());
  out.report.decisions = plan.decisions;
  out.report.warnings = warnings;
  out.report.packages.push_back(
      "Datavault-UK/automate_dv " +
      std::string(plan.macros == "dbtvault" ? "(as dbtvault)" : ">=" + plan.settings.package_version) +
      ": the stage, hub, link, sat, " + plan.transactional_macro + " and eff_sat macros");
  if (!plan.satellites.empty()) {
    out.report.packages.emplace_back(
        "dbt-labs/dbt_utils: the unique_combination_of_columns test on satellites (hash key, load date)");
  }
  return out;
}

Generation generate(const Spec& spec, const GenerateOptions& options, const dbt::Project* project) {
  Planned planned = plan(spec, project);
  Generation out;
  if (planned.ok()) {
    std::vector<Diagnostic> warnings;
    std::copy_if(planned.diagnostics.begin(), planned.diagnostics.end(), std::back_inserter(warnings),
                 [](const Diagnostic& diagnostic) { return diagnostic.severity == Severity::warning; });
    out.output = render(planned.plan, warnings, options);
  }
  out.diagnostics = std::move(planned.diagnostics);
  return out;
}

Result<Generation> generate_from_text(std::string_view text, std::string_view file_name,
                                      const dbt::Project* project) {
  auto parsed = parse_spec(text, format_for(file_name));
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  const std::size_t slash = file_name.find_last_of("/\\");
  GenerateOptions options;
  options.spec_name = std::string(slash == std::string_view::npos ? file_name : file_name.substr(slash + 1));
  Generation generation = generate(parsed->spec, options, project);
  std::vector<Diagnostic> diagnostics = std::move(parsed->diagnostics);
  diagnostics.insert(diagnostics.end(), generation.diagnostics.begin(), generation.diagnostics.end());
  generation.diagnostics = std::move(diagnostics);
  if (generation.output) {
    generation.output->report.warnings = generation.diagnostics; // no errors when there is output
  }
  return generation;
}

} // namespace steward::datavault
