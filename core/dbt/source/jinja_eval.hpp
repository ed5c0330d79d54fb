#pragma once

// Internal to the source-tree parser: evaluates the small Jinja expressions
// that decide configs (`enabled=var('x', true) and not var('y')`) and render
// simple YAML strings (`schema: "{{ var('schema', 'raw') }}"`).

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace steward::dbt::source {

/// A project variable as the evaluator sees it.
struct VarValue {
  enum class Kind : std::uint8_t { missing, boolean, string, number, none, list, other };
  Kind kind = Kind::missing;
  bool flag = false;    ///< the boolean
  std::string text;     ///< the string, or the number's text
  std::size_t size = 0; ///< a list's length
};

/// Looks a variable up by name in the scope of the node being parsed.
using VarLookup = std::function<VarValue(std::string_view name)>;

/// Three-valued truth: `unknown` when the expression depends on something a
/// source tree cannot know (`target.type`, an undefined var, a macro).
enum class Truth : std::uint8_t { yes, no, unknown };

/// Evaluates the Jinja expression `expression` (no `{{ }}`) for its truth.
/// Understands literals, `not`/`and`/`or`, `==`/`!=`, `x if c else y`, the
/// filters `as_bool`/`bool`, `var(name[, default])` and Fivetran's
/// `enabled_vars([...])`/`enabled_vars_one_true([...])` (each var defaulting to
/// true, as the macros do). A var missing from `vars` is unknown rather than
/// its default: packages gate optional models on vars their users set, and
/// a source tree shows what `dbt docs generate` with those vars on would.
Truth evaluate_truth(std::string_view expression, const VarLookup& vars);

/// The truth of a config value written as text: `true`/`false` literally, or
/// a whole `{{ expression }}`; anything else is unknown.
Truth truth_of_text(std::string_view text, const VarLookup& vars);

/// Renders `text` when every tag in it is a simple `{{ expression }}`: string
/// literals, `~` concatenation and `var(name, default)` (a missing var takes
/// its default here, since a name needs some value). Text without tags is
/// returned as is; anything else (`{% if %}`, `target.schema`) gives nullopt.
std::optional<std::string> render_string(std::string_view text, const VarLookup& vars);

/// True when `text` holds a Jinja tag (`{{` or `{%`).
bool has_jinja(std::string_view text);

} // namespace steward::dbt::source
