#pragma once

#include <filesystem>

#include "core/dbt/project.hpp"
#include "core/util/error.hpp"

namespace steward::dbt {

/// Builds a project from a dbt project's source files, for when there are no
/// artifacts. Nodes have the shape `parse_manifest` gives them, so a project
/// parsed from sources serves lineage, describe and search the same way.
///
/// What is read, under the paths `dbt_project.yml` names (`model-paths` or the
/// older `source-paths`, `seed-paths`/`data-paths`, `snapshot-paths`,
/// `macro-paths`, `analysis-paths`, `test-paths`, `docs-paths`):
/// - `dbt_project.yml`: name, paths, `vars` (global and package-scoped) and the
///   `models:`/`seeds:`/`snapshots:`/`data_tests:`/`sources:` config trees
///   (`+materialized`, `+schema`, `+alias`, `+tags`, `+enabled`, `+meta`,
///   `+group`, `+access`), scoped by project then folder, the most specific
///   level winning; the root project's trees override a package's own.
///   YAML `config:` blocks override the trees, and `config(...)` in a file
///   overrides both.
/// - `.sql` and `.py` models, snapshots (`{% snapshot %}` blocks), analyses and
///   singular tests: `ref()` in every form (`ref('m')`, `ref('pkg', 'm')`,
///   `ref('m', v=2)`), `source()`, `config()`, and `var('x')` whose value is
///   Jinja (`"{{ source('hubspot', 'company') }}"`). Jinja comments are
///   skipped; SQL comments are not (dbt renders Jinja inside them). Both
///   branches of an `{% if %}` count (what parse-time dbt sees with the
///   package's docs vars on); the body of a `{% for %}` over a list known to
///   be empty does not. Calls to macros are followed: refs inside a macro
///   count for the caller, with the macro's parameters bound to the literal
///   arguments passed. A few package macros that hide `source()` behind their
///   parameters (Fivetran's `union_connections`/`union_data`) have built-in
///   stand-ins when the package is not installed.
/// - `enabled`: `false` literally, or an expression evaluated from the vars
///   (`var('x', true)`, `not`/`and`/`or`, Fivetran's `enabled_vars([...])`),
///   disables a node (it goes to `Project::disabled()`, with tests on it). An
///   expression that cannot be evaluated (`target.type == ...`, an undefined
///   var, an unknown macro) leaves it enabled: the view `dbt docs generate`
///   gives with the docs vars on.
/// - schema YAML in any resource path: models (columns, tests, versions,
///   config, meta, tags, access, group), sources, seeds, snapshots, analyses,
///   exposures, metrics, semantic models, saved queries, groups, unit tests
///   and macro descriptions. `{{ doc('name') }}` in descriptions is replaced by
///   the docs block from the `.md` files; each block is also a `doc` node.
///   Owners come from `meta.owner` (string, list, or `{name, email}`), else
///   `config.meta.owner`, else the owner of the node's group.
/// - seeds (`.csv`; the header row gives columns not described in YAML) and
///   macros (`{% macro %}`, `{% test %}` as `test_<name>`).
/// - `packages.yml`/`dependencies.yml`: each package is recorded as a
///   `package` artifact; packages installed in `dbt_packages/` (or
///   `dbt_modules/`) and `local:` packages are parsed as packages too, so refs
///   across packages resolve.
///
/// Unique ids follow dbt's scheme (`model.<package>.<name>`,
/// `model.<package>.<name>.v<version>`, `source.<package>.<source>.<table>`,
/// `doc.<package>.<name>`, ...), so edges between models match the manifest
/// dbt would write. Generic tests are `test.<package>.<name>` with dbt's full
/// test name (`not_null_orders_id`, `relationships_orders_customer_id__id__ref_customers_`)
/// but without the hash dbt appends, which a source tree cannot reproduce; a
/// second test with the same name gets `.2`, `.3`, ... Models' `schema` is
/// the configured custom schema (dbt usually prefixes it with the target
/// schema, which sources do not know) and is empty when none is configured.
///
/// Errors: a missing or unreadable `dbt_project.yml`, invalid YAML in it or no
/// `name` is an `Error` keyed by `root/dbt_project.yml`. Anything wrong in
/// other files (malformed YAML, unreadable or binary files, a ref to an
/// unknown model, a model defined twice while enabled) becomes a warning on
/// the project naming the file; the rest is still parsed.
///
/// @par Thread safety
/// Reentrant: calls share no state.
Result<Project> parse_source_tree(const std::filesystem::path& root);

} // namespace steward::dbt
