#pragma once

// Internal to core/fix: what the fixers of each test kind share — the
// failure resolved against the project and its files, and the building of
// options from edits.

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/fix/fixers.hpp"
#include "core/fix/yaml_locate.hpp"
#include "core/fix/yaml_text.hpp"

namespace steward::fix::detail {

/// One failure, resolved: the failing node, what it tests, and its YAML.
struct Context {
  const dbt::Project* project = nullptr;
  const FailureFacts* facts = nullptr;
  const ReadFile* read = nullptr;
  const dbt::Node* failing = nullptr; ///< the node `facts.node` names
  const dbt::Node* target = nullptr;  ///< the model or source the test is on (the source for freshness)
  std::string test{};                 ///< `not_null`, `accepted_values`, ... ; `freshness` for a source
  std::string column{};
  nlohmann::json kwargs = nlohmann::json::object();
  std::string yaml_path{};
  std::optional<yaml::Document> yaml{};
  std::optional<yaml::TestSite> site{};
};

/// Resolves `facts`; `failing` stays null when the node is unknown.
Context make_context(const dbt::Project& project, const FailureFacts& facts, const ReadFile& read);

/// The texts of an option, before its edits are known.
struct OptionText {
  std::string id;
  std::string title;
  std::string what;
  std::vector<std::string> pros;
  std::vector<std::string> cons;
  Risk risk = Risk::medium;
};

/// An option with `edits` and their diff; nullopt when `edits` is empty or
/// changes nothing (pass `no_edits` for an option that has none by design).
std::optional<FixOption> make_option(OptionText text, std::vector<FileEdit> edits, bool no_edits = false);

/// The schema YAML with `edits` applied, as a `FileEdit`; nullopt when
/// `edits` is nullopt or the YAML is unknown.
std::optional<FileEdit> yaml_change(const Context& ctx, const std::optional<std::vector<yaml::Edit>>& edits);

/// The SQL file of the model `ctx.target` and its text, when readable.
struct ModelSql {
  std::string path;
  std::string text;
};
std::optional<ModelSql> model_sql(const Context& ctx);

/// Whether data test `test` is declared on `ctx.target` (its
/// `attached_node`, or its only parent in manifests without one).
bool on_target(const Context& ctx, const dbt::Node& test);

/// `model.column` as people say it (`orders.status`).
std::string subject(const Context& ctx);

/// `value` as a SQL literal: as is when numeric, else single-quoted.
std::string sql_literal(const std::string& value);

/// A SQL filter keeping rows older than about a day on `column`, in the
/// project's warehouse dialect.
std::string older_than_a_day(const Context& ctx, const std::string& column);

/// A column of the target that looks like a load or event time, or empty.
std::string time_column(const Context& ctx);

/// `value` as a double-quoted YAML scalar.
std::string yaml_string(const std::string& value);

/// The option to set `severity: warn` on the test, if it is not already.
std::optional<FixOption> warn_option(const Context& ctx);

/// The option adding `where_sql` to the test's `where:` (joined with `and`
/// to a filter already there).
std::optional<FixOption> where_option(const Context& ctx, OptionText text, const std::string& where_sql);

/// The option adding a `where:` that leaves rows whose load or event time
/// (`time_column`) is within the last day out of the test, for values that
/// arrive late; `why` ends its sentence ("so ..."), `pros` and `first_con`
/// are the test kind's own. Nullopt without a time column.
std::optional<FixOption> last_day_option(const Context& ctx, const std::string& why,
                                         std::vector<std::string> pros, std::string first_con);

/// The option that changes nothing and tells the owner.
FixOption escalate_option(const dbt::Node& owner_node, std::string what);

} // namespace steward::fix::detail
