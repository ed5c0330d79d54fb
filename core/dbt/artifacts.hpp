#pragma once

#include <filesystem>
#include <string>
#include <string_view>

#include "core/dbt/project.hpp"
#include "core/json/text.hpp"
#include "core/util/error.hpp"

namespace steward::dbt {

/// JSON text followed by the padding simdjson reads past the end.
using JsonText = json::Text;

/// Parsers for dbt's JSON artifacts. Each reads one document and adds what it
/// holds to `builder`.
///
/// `text` is the document. The parser takes it over: strings are decoded in
/// place and the project points into it, so nothing is copied twice and the
/// builder keeps the text alive. (A `std::string` converts to `JsonText` by copy.)
/// `label` names the document in errors (usually the file path).
/// Unknown keys are ignored, so newer schema versions parse as long as the
/// fields Steward reads keep their types. A wrong type, a truncated file or
/// invalid JSON returns an `Error` whose key is `label` and whose reason names
/// the JSON path (`$.nodes["model.a.b"].columns: expected an object, found a
/// string`); nothing throws and no input makes a parser crash or loop.

/// `manifest.json`, schema v1 to v12: nodes, sources, exposures, metrics,
/// semantic models, saved queries, unit tests, groups, docs, macros (name and
/// file only), disabled nodes and metadata.
Result<ArtifactInfo> parse_manifest(JsonText text, std::string_view label, ProjectBuilder& builder);

/// `catalog.json`: column types, table types and statistics, merged into the
/// nodes already added (columns missing from YAML are appended as undocumented).
Result<ArtifactInfo> parse_catalog(JsonText text, std::string_view label, ProjectBuilder& builder);

/// `run_results.json`, schema v1 to v6.
Result<ArtifactInfo> parse_run_results(JsonText text, std::string_view label, ProjectBuilder& builder);

/// `sources.json` (source freshness), schema v1 to v3.
Result<ArtifactInfo> parse_sources(JsonText text, std::string_view label, ProjectBuilder& builder);

/// `semantic_manifest.json`: semantic models, metrics and saved queries not
/// already known from the manifest are added as nodes.
Result<ArtifactInfo> parse_semantic_manifest(JsonText text, std::string_view label, ProjectBuilder& builder);

/// Reads a whole JSON file into padded memory, with the OS's reason on failure.
Result<JsonText> read_json_file(const std::filesystem::path& path);

/// Reads a whole file, with the OS's reason on failure (`path: No such file`).
Result<std::string> read_file(const std::filesystem::path& path);

/// The `N` of a `dbt_schema_version` URL such as `.../manifest/v12.json`; 0 when absent.
int schema_version_of(std::string_view url);

} // namespace steward::dbt
