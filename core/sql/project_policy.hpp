#pragma once

// The relation allow-list a dbt project implies: the warehouse relations of
// its models (not ephemeral ones), seeds, snapshots and sources.

#include <string_view>

#include "core/dbt/project.hpp"
#include "core/sql/guard.hpp"

namespace steward::sql {

/// `policy` with every relation of `project` added to `relations`, both as
/// `schema.name` and, so unqualified references resolve, as bare `name`
/// (lower-cased). Nodes without a schema (a project parsed from source
/// without a profile) are added by name only.
Policy with_project_relations(Policy policy, const dbt::Project& project);

/// The warehouse identifier of a model, seed, snapshot or source as
/// PostgreSQL folds it: a source's `identifier` (else its name), a node's
/// `alias` (else its name).
std::string relation_identifier(const dbt::Node& node);

/// True for enabled nodes that are warehouse relations: models that are not
/// ephemeral, seeds, snapshots and sources.
bool is_queryable(const dbt::Node& node);

/// `name` as PostgreSQL folds an identifier from dbt's `relation_name` part:
/// quoted (`"Orders"`) keeps its case without the quotes, unquoted is
/// lower-cased.
std::string identifier_of(std::string_view name);

} // namespace steward::sql
