#pragma once

// Internal to the source-tree parser: `{% docs name %}...{% enddocs %}`
// blocks and the `{{ doc('name') }}` references that use them.

#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/dbt/source/macros.hpp"

namespace steward::dbt::source {

struct DocBlock {
  std::string package;
  std::string name;
  std::string path; ///< the `.md` file, relative to its package
  std::string text; ///< the block's contents without surrounding whitespace
};

/// Every docs block of every package.
class DocsIndex {
public:
  /// Adds the docs blocks of `file`; returns the names already defined in the
  /// same package (the first definition wins).
  std::vector<std::string> add(const SourceFile& file);

  /// `name` as seen from `package`: its own block, else the root project's,
  /// else any package's. Null when there is none.
  [[nodiscard]] const DocBlock* find(std::string_view package, std::string_view name) const;

  /// `description` with each `{{ doc('name') }}` or `{{ doc('package', 'name') }}`
  /// tag replaced by the block's text. Tags naming an unknown block are kept
  /// and their names appended to `missing`; other Jinja is left untouched.
  [[nodiscard]] std::string render(std::string_view description, std::string_view package,
                                   std::vector<std::string>& missing) const;

  void set_root(std::string root) { m_root = std::move(root); }
  [[nodiscard]] const std::vector<DocBlock>& blocks() const { return m_blocks; }

private:
  std::vector<DocBlock> m_blocks;
  std::unordered_map<std::string, std::size_t> m_by_key; ///< `package.name`
  std::unordered_map<std::string, std::size_t> m_by_name;
  std::string m_root;
};

} // namespace steward::dbt::source
