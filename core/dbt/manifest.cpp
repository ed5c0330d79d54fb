#include <string>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/json_document.hpp"
#include "core/dbt/manifest_node.hpp"

namespace steward::dbt {
namespace {

using detail::Section;
using json::od::value;

struct SectionInfo {
  std::string_view key;
  Section section;
  ResourceType type; ///< used when a resource carries no `resource_type`
};

constexpr SectionInfo k_sections[] = {
    {"nodes", Section::nodes, ResourceType::unknown},
    {"sources", Section::sources, ResourceType::source},
    {"exposures", Section::exposures, ResourceType::exposure},
    {"metrics", Section::metrics, ResourceType::metric},
    {"semantic_models", Section::semantic_models, ResourceType::semantic_model},
    {"saved_queries", Section::saved_queries, ResourceType::saved_query},
    {"unit_tests", Section::unit_tests, ResourceType::unit_test},
    {"groups", Section::groups, ResourceType::group},
    {"docs", Section::docs, ResourceType::doc},
    {"functions", Section::functions, ResourceType::function},
};

void read_metadata(json::Reader& r, value v, ArtifactInfo& info, ProjectBuilder& builder) {
  r.fields(v, [&](std::string_view key, value item) {
    if (detail::read_metadata_field(r, key, item, info)) {
      return;
    }
    if (key == "project_name") {
      builder.set_project_name(r.scalar(item));
    } else if (key == "adapter_type") {
      builder.set_adapter_type(r.scalar(item));
    }
  });
}

void read_resource(json::Reader& r, value v, const SectionInfo& info, bool enabled, ProjectBuilder& builder) {
  Node node;
  detail::read_node(r, v, info.section, info.type, node);
  if (node.unique_id.empty()) {
    r.fail("resource without a unique_id");
  }
  if (node.type == ResourceType::unknown) {
    node.type = resource_type_from(node.unique_id.substr(0, node.unique_id.find('.')));
  }
  if (node.name.empty()) {
    node.name = node.unique_id;
  }
  node.enabled = enabled;
  builder.add(std::move(node));
}

void read_macros(json::Reader& r, value v, ProjectBuilder& builder) {
  r.fields(v, [&](std::string_view key, value item) {
    Macro macro;
    r.fields(item, [&](std::string_view field, value inner) {
      if (field == "unique_id") {
        macro.unique_id = r.string(inner);
      } else if (field == "name") {
        macro.name = r.string(inner);
      } else if (field == "package_name") {
        macro.package_name = r.string(inner);
      } else if (field == "original_file_path") {
        macro.path = r.string(inner);
      } else if (field == "description") {
        macro.description = r.string(inner);
      }
    });
    if (macro.unique_id.empty()) {
      macro.unique_id = r.store(key);
    }
    builder.add_macro(macro);
  });
}

/// `disabled` is a list of nodes before v2-era manifests and a map from unique
/// id to a list of nodes afterwards.
void read_disabled(json::Reader& r, value v, ProjectBuilder& builder) {
  const SectionInfo disabled{"disabled", Section::disabled, ResourceType::unknown};
  json::od::json_type type{};
  r.check(v.type().get(type));
  if (type == json::od::json_type::array) {
    r.elements(v, [&](std::size_t, value item) { read_resource(r, item, disabled, false, builder); });
    return;
  }
  r.fields(v, [&](std::string_view, value list) {
    r.elements(list, [&](std::size_t, value item) { read_resource(r, item, disabled, false, builder); });
  });
}

} // namespace

int schema_version_of(std::string_view url) {
  std::size_t slash = url.rfind("/v");
  if (slash == std::string_view::npos) {
    return 0;
  }
  int version = 0;
  for (std::size_t i = slash + 2; i < url.size() && url[i] >= '0' && url[i] <= '9'; ++i) {
    version = version * 10 + (url[i] - '0');
    if (version > 1000) {
      return 0;
    }
  }
  return version;
}

Result<ArtifactInfo> parse_manifest(JsonText text, std::string_view label, ProjectBuilder& builder) {
  ArtifactInfo info{"manifest", std::string(label), 0, {}, {}};
  // Real manifests hold 2-6 kB per node; reserving by size avoids moving
  // every node as the vector grows (untouched capacity costs no memory).
  builder.reserve(builder.nodes().size() + text.size() / 2048 + 16);
  auto parsed = detail::parse_owned(std::move(text), label, builder, [&](json::Reader& r, value root) {
    r.fields(root, [&](std::string_view key, value item) {
      if (key == "metadata") {
        read_metadata(r, item, info, builder);
        return;
      }
      if (key == "macros") {
        read_macros(r, item, builder);
        return;
      }
      if (key == "disabled") {
        read_disabled(r, item, builder);
        return;
      }
      for (const auto& section : k_sections) {
        if (key == section.key) {
          r.fields(item, [&](std::string_view, value resource) {
            read_resource(r, resource, section, true, builder);
          });
          return;
        }
      }
    });
  });
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  return info;
}

} // namespace steward::dbt
