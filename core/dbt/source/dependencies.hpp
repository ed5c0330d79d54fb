#pragma once

// Internal to the source-tree parser: the refs, sources and macros a node's
// code reaches, following macro calls (macro-aware refs).

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/dbt/source/macros.hpp"
#include "core/dbt/source/project_file.hpp"

namespace steward::dbt::source {

/// `ref([package,] name[, v=version])` with literal (or bound) arguments.
struct RefCall {
  std::string package;
  std::string name;
  std::string version;
  auto
  operator<=>(const RefCall&) const = default; // NOLINT(modernize-use-nullptr): clang-tidy 14 false positive
};

/// `source(source_name, table_name)`.
struct SourceCall {
  std::string source;
  std::string table;
  auto operator<=>(const SourceCall&) const =
      default; // NOLINT(modernize-use-nullptr): clang-tidy 14 false positive
};

struct Dependencies {
  std::set<RefCall> refs;
  std::set<SourceCall> sources;
  std::vector<std::string> macros; ///< unique ids of macros called directly, in call order
};

/// Parse-time dependency discovery over scanned files.
///
/// For a scope (a file outside its blocks, or one block) it records `ref()`
/// and `source()` calls whose arguments are literals, names bound by `set`,
/// `for` over a literal list, or macro parameters; follows `var('x')` whose
/// value is a string holding Jinja (`"{{ source('hubspot','company') }}"`);
/// and expands calls to known macros (by bare name in the calling package
/// then the root project, `package.name`, or `adapter.dispatch('name',
/// 'package')(...)` via `default__name`), binding each parameter to the
/// literal passed at its position or keyword. The body of a `{% for %}` over a
/// list known to be empty (`[]`, or a var whose value or default is `[]`) is
/// skipped, since it never renders. Expansion is memoized and
/// bounded in depth, so recursive macros terminate.
class DependencyCollector {
public:
  /// `vars_for` gives the variable scope of a package (it must outlive this).
  using VarsFor = std::function<const VarScope&(std::string_view package)>;

  DependencyCollector(const MacroTable& macros, std::string root_package, VarsFor vars_for);

  /// Package names whose `name.macro(...)` calls are recorded in
  /// `Dependencies::macros` even when the macro is not installed.
  void set_known_packages(std::set<std::string, std::less<>> packages) {
    m_known_packages = std::move(packages);
  }

  /// What the calls in `file` reach: those inside `block` when given, else
  /// those outside every block. `package` is the node's package.
  Dependencies collect(const SourceFile& file, const Block* block, std::string_view package);

private:
  struct Scope;
  using Env = std::map<std::string, std::vector<std::string>>;

  void walk(const Scope& scope, Dependencies& out, int depth);
  void on_call(const Scope& scope, std::size_t index, Dependencies& out, int depth);
  void on_ref(const Scope& scope, const Call& call, Dependencies& out);
  void on_source(const Scope& scope, const Call& call, Dependencies& out);
  void on_var(const Scope& scope, const Call& call, Dependencies& out, int depth);
  const MacroDef* resolve(const Scope& scope, const Call& call) const;
  void expand(const Scope& scope, const MacroDef& macro, const Call& call, Dependencies& out, int depth);
  std::vector<std::string> values(const Scope& scope, const Expr& expr, int depth) const;
  void mark_dead_loops(Scope& scope) const;
  bool is_empty(const Scope& scope, const Expr& expr, int depth) const;

  const MacroTable& m_macros;
  std::string m_root;
  VarsFor m_vars_for;
  std::unordered_map<std::string, Dependencies> m_memo;
  std::set<std::string> m_active;
  std::set<std::string, std::less<>> m_known_packages;
  std::unordered_map<std::string, std::unique_ptr<SourceFile>> m_var_templates;
};

} // namespace steward::dbt::source
