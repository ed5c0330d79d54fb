#pragma once

// Internal to the source-tree parser: scanned files and the macros they define.

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "core/dbt/source/jinja_scan.hpp"

namespace steward::dbt::source {

/// A file read and scanned once, kept for the whole parse so that macros and
/// nodes can point at it. `path` is relative to its package's directory.
struct SourceFile {
  std::string package;
  std::string path;
  std::string text;
  Template tmpl;
};

/// A `{% macro %}` (or `{% test %}`, `{% materialization %}`) block.
struct MacroDef {
  std::string package;
  std::string name;      ///< `test_<name>` for a generic test definition
  std::string unique_id; ///< `macro.<package>.<name>`
  const SourceFile* file = nullptr;
  std::size_t block = 0; ///< index into `file->tmpl.blocks`
  bool stub = false;     ///< one of Steward's built-in stand-ins

  [[nodiscard]] const Block& definition() const { return file->tmpl.blocks[block]; }
};

/// Every macro of every package, by package and name.
///
/// Holds built-in stand-ins for a few package macros that hide `source()`
/// calls behind their parameters, used only when that package is not
/// installed: Fivetran's `fivetran_utils.union_connections` and
/// `fivetran_utils.union_data` (which call `source(<schema arg>, <table arg>)`
/// at parse time), so that Fivetran staging models still get their sources.
class MacroTable {
public:
  MacroTable() = default;

  /// Registers the macro blocks of `file` (which must outlive the table).
  /// Returns the names already defined in the same package (the first wins).
  std::vector<std::string> add(const SourceFile& file);

  /// Adds the built-in stand-ins for packages that have no macros here.
  void add_builtin_stubs();

  /// The macro `name` of `package`, or null.
  [[nodiscard]] const MacroDef* find(std::string_view package, std::string_view name) const;
  /// True when `package` defines at least one macro here.
  [[nodiscard]] bool has_package(std::string_view package) const;
  /// Real (non-stub) macros in the order they were added.
  [[nodiscard]] std::vector<const MacroDef*> all() const;

private:
  std::vector<std::unique_ptr<MacroDef>> m_macros;
  std::unordered_map<std::string, const MacroDef*> m_by_key; ///< `package.name`
  std::unordered_set<std::string> m_packages;
  std::vector<std::unique_ptr<SourceFile>> m_stub_files;
};

} // namespace steward::dbt::source
