#include "core/dbt/manifest_node.hpp"

#include <nlohmann/json.hpp>

namespace steward::dbt::detail {
namespace {

using json::od::value;

void read_columns(json::Reader& r, value v, Node& node) {
  r.fields(v, [&](std::string_view key, value column_value) {
    Column column;
    r.fields(column_value, [&](std::string_view field, value item) {
      if (field == "name") {
        column.name = r.string(item);
      } else if (field == "description") {
        column.description = r.string(item);
      } else if (field == "data_type") {
        column.data_type = r.scalar(item);
      } else if (field == "meta") {
        column.meta_json = r.raw(item);
      } else if (field == "tags") {
        column.tags = r.strings(item);
      }
    });
    if (column.name.empty()) {
      column.name = r.store(key);
    }
    node.columns.push_back(std::move(column));
  });
}

void read_depends_on(json::Reader& r, value v, Node& node) {
  r.fields(v, [&](std::string_view key, value item) {
    if (key == "nodes") {
      node.depends_on = r.strings(item);
    } else if (key == "macros") {
      node.depends_on_macros = r.strings(item);
    }
  });
}

void read_config(json::Reader& r, value v, Node& node, std::string_view& config_meta) {
  r.fields(v, [&](std::string_view key, value item) {
    if (key == "materialized") {
      node.materialized = r.scalar(item);
    } else if (key == "meta") {
      config_meta = r.raw(item);
    } else if (key == "severity") {
      node.severity = r.scalar(item);
    } else if (key == "group" && node.group.empty()) {
      node.group = r.scalar(item);
    } else if (key == "access" && node.access.empty()) {
      node.access = r.scalar(item);
    }
  });
}

void read_test_metadata(json::Reader& r, value v, Node& node) {
  r.fields(v, [&](std::string_view key, value item) {
    if (key == "name") {
      node.test_name = r.scalar(item);
    } else if (key == "namespace") {
      node.test_namespace = r.scalar(item);
    } else if (key == "kwargs") {
      node.test_kwargs_json = r.raw(item);
    }
  });
}

void read_owner(json::Reader& r, value v, Node& node) {
  r.fields(v, [&](std::string_view key, value item) {
    if (key == "name") {
      node.owner = r.scalar(item);
    } else if (key == "email") {
      node.owner_email = r.scalar(item);
    }
  });
}

void read_node_relation(json::Reader& r, value v, Node& node) {
  r.fields(v, [&](std::string_view key, value item) {
    if (key == "relation_name") {
      node.relation_name = r.scalar(item);
    } else if (key == "alias") {
      node.alias = r.scalar(item);
    } else if (key == "schema_name") {
      node.schema = r.scalar(item);
    } else if (key == "database") {
      node.database = r.scalar(item);
    }
  });
}

void read_semantic_fields(json::Reader& r, value v, SemanticField::Kind kind, Node& node) {
  r.elements(v, [&](std::size_t, value element) {
    SemanticField field;
    field.kind = kind;
    r.fields(element, [&](std::string_view key, value item) {
      if (key == "name") {
        field.name = r.scalar(item);
      } else if (key == "description") {
        field.description = r.scalar(item);
      } else if (key == "type" || key == "agg") {
        field.type = r.scalar(item);
      } else if (key == "expr") {
        field.expr = r.scalar(item);
      }
    });
    node.semantic_fields.push_back(field);
  });
}

/// Keys shared by every resource type. Returns false when `key` is not one.
bool read_common(json::Reader& r, std::string_view key, value item, Node& node) {
  if (key == "unique_id") {
    node.unique_id = r.string(item);
  } else if (key == "name") {
    node.name = r.scalar(item);
  } else if (key == "resource_type") {
    node.type = resource_type_from(r.string(item));
  } else if (key == "package_name") {
    node.package_name = r.string(item);
  } else if (key == "original_file_path") {
    node.path = r.string(item);
  } else if (key == "patch_path") {
    node.patch_path = r.string(item);
  } else if (key == "description") {
    node.description = r.string(item);
  } else if (key == "tags") {
    node.tags = r.strings(item);
  } else if (key == "depends_on") {
    read_depends_on(r, item, node);
  } else if (key == "label") {
    node.label = r.scalar(item);
  } else {
    return false;
  }
  return true;
}

/// Keys of relations and tests (models, seeds, snapshots, sources, tests).
bool read_relation(json::Reader& r, std::string_view key, value item, Node& node) {
  if (key == "database") {
    node.database = r.scalar(item);
  } else if (key == "schema") {
    node.schema = r.scalar(item);
  } else if (key == "alias") {
    node.alias = r.scalar(item);
  } else if (key == "relation_name") {
    node.relation_name = r.scalar(item);
  } else if (key == "columns") {
    read_columns(r, item, node);
  } else if (key == "raw_code" || key == "raw_sql") {
    node.raw_code = r.string(item);
  } else if (key == "compiled_code" || key == "compiled_sql") {
    node.compiled_code = r.string(item);
  } else if (key == "language") {
    node.language = r.scalar(item);
  } else if (key == "access") {
    node.access = r.scalar(item);
  } else if (key == "group") {
    node.group = r.scalar(item);
  } else if (key == "version") {
    node.version = r.scalar(item);
  } else if (key == "latest_version") {
    node.latest_version = r.scalar(item);
  } else if (key == "test_metadata") {
    read_test_metadata(r, item, node);
  } else if (key == "column_name") {
    node.column_name = r.scalar(item);
  } else if (key == "attached_node") {
    node.attached_node = r.scalar(item);
  } else {
    return false;
  }
  return true;
}

/// Keys specific to sources, exposures, metrics, semantic models, unit tests.
bool read_other(json::Reader& r, std::string_view key, value item, Section section, Node& node,
                std::string_view& source_meta) {
  if (key == "source_name") {
    node.source_name = r.scalar(item);
  } else if (key == "source_description") {
    node.source_description = r.string(item);
  } else if (key == "identifier") {
    node.identifier = r.scalar(item);
  } else if (key == "loader") {
    node.loader = r.scalar(item);
  } else if (key == "loaded_at_field") {
    node.loaded_at_field = r.scalar(item);
  } else if (key == "freshness") {
    node.freshness_json = r.raw(item);
  } else if (key == "source_meta") {
    source_meta = r.raw(item);
  } else if (key == "type" && section != Section::nodes) {
    node.kind = r.scalar(item);
  } else if (key == "maturity") {
    node.maturity = r.scalar(item);
  } else if (key == "url") {
    node.url = r.scalar(item);
  } else if (key == "owner") {
    read_owner(r, item, node);
  } else if (key == "model") {
    node.model_ref = r.scalar(item);
  } else if (key == "node_relation") {
    read_node_relation(r, item, node);
  } else if (key == "block_contents") {
    node.description = r.string(item);
  } else if (section == Section::semantic_models && key == "entities") {
    read_semantic_fields(r, item, SemanticField::Kind::entity, node);
  } else if (section == Section::semantic_models && key == "dimensions") {
    read_semantic_fields(r, item, SemanticField::Kind::dimension, node);
  } else if (section == Section::semantic_models && key == "measures") {
    read_semantic_fields(r, item, SemanticField::Kind::measure, node);
  } else {
    return false;
  }
  return true;
}

std::string join_owner(const nlohmann::json& owner) {
  if (owner.is_string()) {
    return owner.get<std::string>();
  }
  if (owner.is_object()) {
    for (const char* key : {"name", "email", "slack", "handle"}) {
      auto it = owner.find(key);
      if (it != owner.end() && it->is_string()) {
        return it->get<std::string>();
      }
    }
  }
  if (owner.is_array()) {
    std::string out;
    for (const auto& item : owner) {
      std::string one = join_owner(item);
      if (!one.empty()) {
        out += (out.empty() ? "" : ", ") + one;
      }
    }
    return out;
  }
  return {};
}

} // namespace

std::string owner_from_meta(std::string_view meta_json) {
  if (meta_json.find("owner") == std::string_view::npos) {
    return {};
  }
  nlohmann::json meta = nlohmann::json::parse(meta_json, nullptr, false);
  if (!meta.is_object()) {
    return {};
  }
  for (const char* key : {"owner", "owners"}) {
    auto it = meta.find(key);
    if (it != meta.end()) {
      std::string owner = join_owner(*it);
      if (!owner.empty()) {
        return owner;
      }
    }
  }
  return {};
}

void read_node(json::Reader& r, value v, Section section, ResourceType type, Node& node) {
  node.type = type;
  std::string_view config_meta;
  std::string_view source_meta;
  r.fields(v, [&](std::string_view key, value item) {
    if (read_common(r, key, item, node) || read_relation(r, key, item, node) ||
        read_other(r, key, item, section, node, source_meta)) {
      return;
    }
    if (key == "meta") {
      node.meta_json = r.raw(item);
    } else if (key == "config") {
      read_config(r, item, node, config_meta);
    }
  });
  if (node.meta_json.empty()) {
    node.meta_json = config_meta;
  }
  if (node.owner.empty()) {
    std::string owner = owner_from_meta(node.meta_json);
    if (owner.empty()) {
      owner = owner_from_meta(source_meta);
    }
    node.owner = r.store(owner);
  }
}

} // namespace steward::dbt::detail
