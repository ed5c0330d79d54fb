#pragma once

// Internal to core/datavault: the entities, columns and relationship lines
// of a Mermaid erDiagram, before they are read as Data Vault structures.

#include <string>
#include <string_view>
#include <vector>

#include "core/datavault/parse.hpp"
#include "core/util/error.hpp"

namespace steward::datavault::detail {

struct ErColumn {
  std::string type;
  std::string name;
  bool pk = false;
  bool fk = false;
  bool uk = false;
  std::string comment;
  int line = 0;
};

struct ErEntity {
  std::string name;
  std::vector<ErColumn> columns;
  int line = 0;
};

struct ErRelation {
  std::string left;
  std::string right;
  std::string label;
  int line = 0;
};

struct ErDiagram {
  std::vector<ErEntity> entities;
  std::vector<ErRelation> relations;
};

/// Reads the diagram in `text` (starting at `erDiagram`); `first_line` is
/// the 1-based line of `text` in the whole file. Fails with `line N: ...`
/// for a line it cannot read, a block left open, or no `erDiagram`.
Result<ErDiagram> read_er_diagram(std::string_view text, int first_line);

/// The spec `diagram` describes (mermaid.hpp has the conventions), with
/// warnings for what it leaves out and errors for satellites without a parent.
Parsed convert_diagram(const ErDiagram& diagram);

/// Adds `by` to every known line in `spec` (a YAML block's lines, moved to
/// the whole file's).
void shift_lines(Spec& spec, int by);

} // namespace steward::datavault::detail
