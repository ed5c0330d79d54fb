#pragma once

// Internal to the source-tree parser: generic data tests declared in YAML
// (`not_null`, `relationships`, `dbt_utils.expression_is_true`, ...).

#include <string>
#include <string_view>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "core/dbt/source/state.hpp"

namespace steward::dbt::source {

/// dbt's name for a generic test: `<namespace>_[source_]<test>_<target>_<args>`
/// where the args (all but `model`, sorted by name, lists and maps flattened
/// to their items) are joined by `__` after replacing each run of characters
/// outside `[0-9A-Za-z_]` with `_`. dbt keeps this full name as the node's
/// `name` even when it is long.
std::string generic_test_name(std::string_view test, std::string_view test_namespace, bool on_source,
                              std::string_view target_name,
                              const std::vector<std::pair<std::string, YAML::Node>>& args);

/// Adds a test node for every entry of `request.tests`.
///
/// Unique ids are `test.<package>.<name>`: dbt appends a hash of the test's
/// arguments that a source tree cannot reproduce, so it is left out; a second
/// test with the same name gets `.2`, `.3`, ... Each test depends on its
/// target (and on whatever `ref()`/`source()` its arguments name, such as
/// `relationships`' `to:`), carries `test_metadata` as `test_name`,
/// `test_namespace` and `test_kwargs_json`, and is disabled with its target.
void add_generic_tests(ParseState& state, const TestRequest& request);

} // namespace steward::dbt::source
