// The spec's YAML/JSON front: documents, `project:`, `entities:`.
#include "core/datavault/parse.hpp"

#include <algorithm>
#include <array>

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/datavault/mermaid.hpp"
#include "core/datavault/parse_reader.hpp"
#include "core/util/text.hpp"

namespace steward::datavault {
namespace {

using detail::Reader;

bool has_entity_keys(const YAML::Node& node) {
  static constexpr std::array<const char*, 5> k_keys{"entity", "hub", "satellites", "links",
                                                     "source_mappings"};
  return std::any_of(k_keys.begin(), k_keys.end(),
                     [&](const char* key) { return static_cast<bool>(node[key]); });
}

void read_document(const YAML::Node& doc, int number, Parsed& out, int& project_document) {
  Reader reader(out.diagnostics, number);
  if (doc.IsNull()) {
    return;
  }
  if (!doc.IsMap()) {
    reader.error(doc, "", "expected a mapping with project:, entities: or an entity (entity:, hub:, ...)");
    return;
  }
  if (const YAML::Node project = doc["project"]) {
    if (project_document != 0) {
      reader.error(project, "project",
                   "given twice; the first project: (document " + std::to_string(project_document) +
                       ") is kept");
    } else {
      project_document = number;
      detail::read_settings(reader, project, out.spec.settings);
    }
  }
  if (const YAML::Node entities = doc["entities"]; entities && !entities.IsNull()) {
    if (!entities.IsSequence()) {
      reader.error(entities, "entities", "expected a list of entities");
    } else {
      for (const auto& entity : entities) {
        const std::string path = detail::index("entities", out.spec.entities.size());
        out.spec.entities.push_back(detail::read_entity(reader, entity, path));
      }
    }
  }
  if (has_entity_keys(doc)) {
    const std::string path = detail::index("entities", out.spec.entities.size());
    out.spec.entities.push_back(detail::read_entity(reader, doc, path, true));
  } else {
    reader.check_keys(doc, "", {"project", "entities"});
  }
}

std::string where(const YAML::Mark& mark) {
  if (mark.is_null()) {
    return "YAML";
  }
  return "line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1);
}

Result<Parsed> parse_yaml(std::string_view text) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(text));
  } catch (const YAML::Exception& error) {
    return fail(where(error.mark), "the YAML does not parse: " + error.msg);
  }
  Parsed out;
  int project_document = 0;
  try {
    for (std::size_t i = 0; i < documents.size(); ++i) {
      read_document(documents[i], static_cast<int>(i) + 1, out, project_document);
    }
  } catch (const YAML::Exception& error) {
    return fail(where(error.mark), "cannot read the spec: " + error.msg);
  }
  return out;
}

YAML::Node to_yaml(const nlohmann::ordered_json& value) {
  if (value.is_object()) {
    YAML::Node node(YAML::NodeType::Map);
    for (const auto& [key, item] : value.items()) {
      node[key] = to_yaml(item);
    }
    return node;
  }
  if (value.is_array()) {
    YAML::Node node(YAML::NodeType::Sequence);
    for (const auto& item : value) {
      node.push_back(to_yaml(item));
    }
    return node;
  }
  if (value.is_null()) {
    return YAML::Node(YAML::NodeType::Null);
  }
  return YAML::Node(value.is_string() ? value.get<std::string>() : value.dump());
}

Result<Parsed> parse_json(std::string_view text) {
  nlohmann::ordered_json json;
  try {
    json = nlohmann::ordered_json::parse(text);
  } catch (const nlohmann::ordered_json::parse_error& error) {
    return fail("JSON", std::string("does not parse: ") + error.what());
  }
  Parsed out;
  int project_document = 0;
  try {
    read_document(to_yaml(json), 1, out, project_document);
  } catch (const YAML::Exception& error) {
    return fail("JSON", "cannot read the spec: " + error.msg);
  }
  return out;
}

bool looks_like_mermaid(std::string_view text) {
  for (std::string_view line : split(text, '\n')) {
    line = trim(line);
    if (line == "erDiagram" || line.starts_with("```mermaid")) {
      return true;
    }
  }
  return false;
}

} // namespace

Format format_for(std::string_view file_name) {
  const std::string name = to_lower(file_name);
  if (name.ends_with(".json")) {
    return Format::json;
  }
  if (name.ends_with(".mmd") || name.ends_with(".mermaid") || name.ends_with(".md")) {
    return Format::mermaid;
  }
  return Format::detect;
}

std::vector<std::string_view> fenced_blocks(std::string_view text, std::string_view language) {
  std::vector<std::string_view> out;
  std::size_t at = 0;
  bool inside = false;
  std::size_t start = 0;
  while (at <= text.size()) {
    std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    const std::string_view line = trim(text.substr(at, end - at));
    if (!inside && line.starts_with("```") && trim(line.substr(3)) == language) {
      inside = true;
      start = end + 1;
    } else if (inside && line == "```") {
      out.push_back(text.substr(std::min(start, at), at - std::min(start, at)));
      inside = false;
    }
    at = end + 1;
  }
  return out;
}

Result<Parsed> parse_spec(std::string_view text, Format format) {
  if (format == Format::detect) {
    const std::string_view start = trim(text);
    if (start.starts_with("{")) {
      format = Format::json;
    } else if (looks_like_mermaid(text)) {
      format = Format::mermaid;
    } else {
      format = Format::yaml;
    }
  }
  switch (format) {
  case Format::json: return parse_json(text);
  case Format::mermaid: return parse_mermaid(text);
  default: return parse_yaml(text);
  }
}

} // namespace steward::datavault
