#pragma once

// Enough of dbt's compilation to EXPLAIN a patched model: `{{ ref(...) }}`
// and `{{ source(...) }}` become the relations they name in the project;
// anything else in Jinja is refused (the caller then says EXPLAIN was
// skipped, or runs `dbt compile` when one is configured).

#include <string>
#include <string_view>

#include "core/dbt/project.hpp"
#include "core/util/error.hpp"

namespace steward::fix {

/// `raw` with every `{{ ref('m') }}`, `{{ ref('pkg', 'm') }}` and
/// `{{ source('s', 't') }}` replaced by the node's relation (its
/// `relation_name`, else `schema.alias`, else its name), and `{# #}`
/// comments removed. Errors: `sql: uses Jinja Steward can't render
/// ({% if ... %})` and `sql: ref('m') names no model of the project`.
Result<std::string> render_refs(std::string_view raw, const dbt::Project& project);

} // namespace steward::fix
