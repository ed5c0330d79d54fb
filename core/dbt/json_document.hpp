#pragma once

// Internal to the artifact parsers: runs a reader over one JSON document.

#include <exception>
#include <string>
#include <string_view>

#include <simdjson.h>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/project.hpp"
#include "core/json/reader.hpp"
#include "core/json/text.hpp"
#include "core/util/error.hpp"

namespace steward::dbt::detail {

/// Parses `text` and calls `body(reader, root)` with its root object; strings
/// read are decoded inside `text`, which the caller keeps alive. Every
/// failure (invalid or truncated JSON, a non-object root, a wrong type deep
/// inside) becomes an `Error` keyed by `label`.
template <typename Body>
Result<void> with_document(const json::Text& text, std::string_view label, StringArena& arena, Body&& body) {
  using namespace simdjson;
  if (text.size() == 0) {
    return fail(std::string(label), "empty file");
  }
  padded_string_view view(text.data(), text.size(), text.capacity());
  json::Reader reader(arena);
  try {
    ondemand::parser parser;
    ondemand::document document;
    reader.check(parser.iterate(view).get(document));
    ondemand::value root;
    reader.check(document.get_value().get(root));
    ondemand::json_type type{};
    reader.check(root.type().get(type));
    if (type != ondemand::json_type::object) {
      reader.fail("expected a JSON object at the top, found " + std::string(json::type_name(type)));
    }
    body(reader, root);
  } catch (const json::ReadFailure& failure) {
    return fail(std::string(label), failure.path + ": " + failure.reason);
  } catch (const simdjson_error& error) {
    return fail(std::string(label), std::string("invalid JSON (") + error.what() + ")");
  } catch (const std::bad_alloc&) {
    return fail(std::string(label), "out of memory while parsing");
  }
  return {};
}

/// Reads one key of an artifact's `metadata` object into `info`: the schema
/// version (from `dbt_schema_version`), `dbt_version` and `generated_at`.
/// Returns false for other keys, so callers can read artifact-specific ones.
inline bool read_metadata_field(json::Reader& reader, std::string_view key, json::od::value item,
                                ArtifactInfo& info) {
  if (key == "dbt_schema_version") {
    info.schema_version = schema_version_of(reader.scalar(item));
  } else if (key == "dbt_version") {
    info.dbt_version = std::string(reader.scalar(item));
  } else if (key == "generated_at") {
    info.generated_at = std::string(reader.scalar(item));
  } else {
    return false;
  }
  return true;
}

/// Hands `text` to `builder` (views into it stay valid, even when parsing
/// fails half-way) and runs `body` over it as `with_document` does.
template <typename Body>
Result<void> parse_owned(json::Text text, std::string_view label, ProjectBuilder& builder, Body&& body) {
  auto document = std::make_shared<const json::Text>(std::move(text));
  builder.keep(document);
  return with_document(*document, label, builder.arena(), std::forward<Body>(body));
}

} // namespace steward::dbt::detail
