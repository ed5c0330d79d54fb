#pragma once

// A Mermaid `erDiagram` as a `Spec`. The conventions (docs/datavault.md,
// "Mermaid"):
// - an entity's kind comes from its name's prefix, case-insensitively:
//   `HUB_`/`H_` hub, `LINK_`/`LNK_`/`L_` link, `SAT_`/`S_` satellite,
//   `NH_LINK_`/`T_LINK_`/`TLINK_` transactional link, `EFF_SAT_`/`ES_`
//   effectivity satellite; the rest of the name, lower-cased, is its name.
//   Other entities are left out with a warning.
// - hub columns: the `PK` column is the hash key; `UK` columns are the
//   business key (without `UK`, every column that is not a hash key or load
//   metadata); load metadata (`load_date`, `ldts`, `record_source`, `rsrc`,
//   `effective_from`, ...) is recognised by name and left to the naming rules.
// - link columns: `FK` columns (or columns named like a hub's hash key) name
//   the related hubs, in column order; relationship lines to hubs add the
//   others. A transactional link's other columns are its payload, its `UK`
//   columns its transaction key.
// - a satellite's parent is the hub or link it has a relationship line with,
//   else the one whose hash key is its `FK`/`PK` column, else the one whose
//   name starts its name (`SAT_CUSTOMER_DETAILS` → hub customer, satellite
//   `details`). Its other columns are attributes; a `*hashdiff*` column
//   names the hashdiff. An effectivity satellite's driving key is the `FK`
//   column whose comment says "driving".
// - hash key and hashdiff names that differ from the default naming rules
//   become explicit overrides (`hash_key`, `hashdiff`).
// A diagram has no source mappings: in Markdown, ```yaml blocks next to the
// diagram supply them (and `project:`), merged into the diagram's entities
// by name (`merge_specs`).

#include <string_view>

#include "core/datavault/parse.hpp"

namespace steward::datavault {

/// Converts the erDiagram in `text` (bare, or in ```mermaid fences in
/// Markdown, whose ```yaml blocks are merged in). Fails when there is no
/// `erDiagram` or a line cannot be read (`line N: reason`).
Result<Parsed> parse_mermaid(std::string_view text);

/// Fills `base` (from a diagram) with `overlay` (from YAML): settings when
/// `overlay_has_project`; per entity matched by name, its description,
/// source mappings, hub sources/business key, and satellites and links
/// matched by name (their sources, descriptions and other set fields);
/// entities, satellites and links only in `overlay` are added.
void merge_specs(Spec& base, const Spec& overlay, bool overlay_has_project);

} // namespace steward::datavault
