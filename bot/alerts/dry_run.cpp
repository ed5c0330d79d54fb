#include "bot/alerts/dry_run.hpp"

#include <cstdlib>
#include <fstream>

#include "adapters/git/process.hpp"
#include "core/dbt/loader.hpp"
#include "core/fix/check.hpp"
#include "core/fix/render.hpp"

namespace steward::bot {

namespace fs = std::filesystem;

namespace {

/// A scratch directory removed when it goes out of scope.
class Scratch {
public:
  Scratch() {
    std::string pattern = (fs::temp_directory_path() / "steward-dry-run-XXXXXX").string();
    if (::mkdtemp(pattern.data()) != nullptr) {
      m_path = pattern;
    }
  }
  ~Scratch() {
    std::error_code ignored;
    if (!m_path.empty()) {
      fs::remove_all(m_path, ignored);
    }
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  Scratch(Scratch&&) = delete;
  Scratch& operator=(Scratch&&) = delete;
  [[nodiscard]] const fs::path& path() const { return m_path; }

private:
  fs::path m_path;
};

/// Copies the project's sources: everything but build output, logs and VCS data.
Result<void> copy_project(const fs::path& from, const fs::path& to) {
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(from, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    const fs::path relative = fs::relative(it->path(), from, ec);
    const std::string top = relative.begin()->string();
    if (top == "target" || top == "logs" || top == ".git" || top == ".steward") {
      if (it->is_directory(ec)) {
        it.disable_recursion_pending();
      }
      continue;
    }
    if (it->is_directory(ec)) {
      fs::create_directories(to / relative, ec);
    } else if (it->is_regular_file(ec)) {
      fs::copy_file(it->path(), to / relative, fs::copy_options::overwrite_existing, ec);
    }
    if (ec) {
      return fail("dry run", "could not copy " + relative.string() + ": " + ec.message());
    }
  }
  if (ec) {
    return fail("dry run", "could not read " + from.string() + ": " + ec.message());
  }
  return {};
}

Result<void> write_edits(const fix::FixOption& option, const fs::path& to) {
  for (const fix::FileEdit& edit : option.edits) {
    std::ofstream out(to / edit.path, std::ios::binary | std::ios::trunc);
    out << edit.after;
    if (!out) {
      return fail("dry run", "could not write " + edit.path);
    }
  }
  return {};
}

void explain(const std::string& id, const dbt::Project& after, const dbt::Project& before,
             const SqlRuntime& sql, DryRun& out) {
  const auto node = after.find(id);
  if (!node) {
    return;
  }
  const std::string name(after.node(*node).name);
  auto rendered = fix::render_refs(after.node(*node).raw_code, before);
  if (!rendered) {
    out.lines.push_back("➖ EXPLAIN of " + name + " skipped: " + rendered.error().reason +
                        " (set alerts.dbt_executable to compile it with dbt)");
    return;
  }
  auto ran = sql::run_query("explain " + *rendered, before, sql.settings, *sql.warehouse);
  if (!ran) {
    out.passed = false;
    out.lines.push_back("❌ EXPLAIN of " + name + " failed: " + ran.error().to_string());
    return;
  }
  out.lines.push_back("✅ EXPLAIN of " + name + " passes in the warehouse");
}

/// `dbt compile --select` of the changed models in the patched copy.
void compile(const fs::path& dbt, const fs::path& root, const fs::path& copy, const dbt::Project& after,
             const std::vector<std::string>& changed, DryRun& out) {
  git::ProcessRun run;
  run.argv = {dbt.string(), "compile", "--project-dir", copy.string()};
  std::error_code ec;
  if (fs::exists(root / "profiles.yml", ec)) {
    run.argv.insert(run.argv.end(), {"--profiles-dir", root.string()});
  }
  run.argv.emplace_back("--select");
  for (const std::string& id : changed) {
    if (const auto node = after.find(id)) {
      run.argv.emplace_back(after.node(*node).name);
    }
  }
  run.label = "dbt compile";
  run.timeout = std::chrono::minutes(5);
  auto done = git::run_process(run, "dbt compile");
  if (!done) {
    out.passed = false;
    out.lines.push_back("❌ " + done.error().to_string());
    return;
  }
  if (done->exit_code != 0) {
    std::string tail = done->out + done->err;
    tail = tail.substr(tail.size() > 600 ? tail.size() - 600 : 0);
    out.passed = false;
    out.lines.push_back("❌ dbt compile failed (exit " + std::to_string(done->exit_code) + "): " + tail);
    return;
  }
  out.lines.emplace_back("✅ dbt compile passes");
}

} // namespace

std::string DryRun::text() const {
  std::string out;
  for (const std::string& line : lines) {
    out += (out.empty() ? "" : "\n") + line;
  }
  return out;
}

DryRun dry_run(const fix::FixOption& option, const fs::path& root, const dbt::Project& before,
               const SqlRuntime* sql, const fs::path& dbt) {
  DryRun out;
  out.passed = true;
  if (option.edits.empty()) {
    out.lines.emplace_back("➖ nothing to change in the project");
    return out;
  }
  const std::vector<Error> yaml = fix::check_yaml(option.edits);
  for (const Error& error : yaml) {
    out.lines.push_back("❌ " + error.to_string());
  }
  if (!yaml.empty()) {
    out.passed = false;
    return out;
  }
  out.lines.emplace_back("✅ the edited YAML parses");
  Scratch scratch;
  if (scratch.path().empty()) {
    out.passed = false;
    out.lines.emplace_back("❌ could not make a scratch directory for the patched project");
    return out;
  }
  if (auto copied = copy_project(root, scratch.path()); !copied) {
    out.passed = false;
    out.lines.push_back("❌ " + copied.error().to_string());
    return out;
  }
  if (auto written = write_edits(option, scratch.path()); !written) {
    out.passed = false;
    out.lines.push_back("❌ " + written.error().to_string());
    return out;
  }
  dbt::LoadOptions options;
  options.prefer_source = true;
  auto after = dbt::load_project(scratch.path(), options);
  if (!after) {
    out.passed = false;
    out.lines.push_back("❌ the patched project does not load: " + after.error().to_string());
    return out;
  }
  const fix::ProjectDelta delta = fix::compare_projects(before, *after);
  for (const std::string& broken : delta.broken_refs) {
    out.lines.push_back("❌ " + broken);
  }
  for (const std::string& warning : delta.new_warnings) {
    out.lines.push_back("❌ " + warning);
  }
  for (const std::string& gone : delta.disappeared) {
    out.lines.push_back("❌ " + gone + " would disappear");
  }
  for (const std::string& renamed : delta.renamed) {
    out.lines.push_back("✅ renamed (dbt names tests after their arguments): " + renamed);
  }
  if (!delta.clean()) {
    out.passed = false;
    return out;
  }
  out.lines.push_back("✅ the patched project loads with no broken refs (" +
                      std::to_string(after->nodes().size()) + " nodes)");
  if (!dbt.empty() && !delta.changed_models.empty()) {
    compile(dbt, root, scratch.path(), *after, delta.changed_models, out);
  }
  for (const std::string& id : delta.changed_models) {
    if (sql == nullptr) {
      out.lines.emplace_back("➖ EXPLAIN skipped: no warehouse is configured");
      break;
    }
    explain(id, *after, before, *sql, out);
  }
  return out;
}

} // namespace steward::bot
