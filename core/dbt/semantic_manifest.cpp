#include <algorithm>
#include <string>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/json_document.hpp"
#include "core/dbt/manifest_node.hpp"

namespace steward::dbt {
namespace {

using detail::Section;
using json::od::value;

struct Kind {
  std::string_view key;
  Section section;
  ResourceType type;
};

constexpr Kind k_kinds[] = {
    {"semantic_models", Section::semantic_models, ResourceType::semantic_model},
    {"metrics", Section::metrics, ResourceType::metric},
    {"saved_queries", Section::saved_queries, ResourceType::saved_query},
};

/// True when the manifest already holds a resource of `type` called `name`.
bool known(const ProjectBuilder& builder, ResourceType type, std::string_view name) {
  auto nodes = builder.nodes();
  return std::any_of(nodes.begin(), nodes.end(),
                     [&](const Node& node) { return node.type == type && node.name == name; });
}

/// A semantic model names its table by `node_relation`; the model with that
/// alias (or name) becomes its parent so lineage reaches it.
void link_to_model(const ProjectBuilder& builder, Node& node) {
  if (node.type != ResourceType::semantic_model || node.alias.empty()) {
    return;
  }
  for (const Node& candidate : builder.nodes()) {
    bool same = candidate.alias.empty() ? candidate.name == node.alias : candidate.alias == node.alias;
    if (candidate.type == ResourceType::model && same) {
      node.depends_on.push_back(candidate.unique_id);
      return;
    }
  }
}

} // namespace

Result<ArtifactInfo> parse_semantic_manifest(JsonText text, std::string_view label, ProjectBuilder& builder) {
  ArtifactInfo info{"semantic_manifest", std::string(label), 0, {}, {}};
  std::vector<Node> found;
  auto parsed = detail::parse_owned(std::move(text), label, builder, [&](json::Reader& r, value root) {
    r.fields(root, [&](std::string_view key, value item) {
      for (const auto& kind : k_kinds) {
        if (key != kind.key) {
          continue;
        }
        r.elements(item, [&](std::size_t, value entry) {
          Node node;
          detail::read_node(r, entry, kind.section, kind.type, node);
          node.type = kind.type;
          if (node.name.empty()) {
            r.fail("entry without a name");
          }
          found.push_back(std::move(node));
        });
      }
    });
  });
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  for (Node& node : found) {
    if (known(builder, node.type, node.name)) {
      continue;
    }
    std::string package = node.package_name.empty() ? "semantic_manifest" : std::string(node.package_name);
    node.unique_id =
        builder.store(std::string(to_string(node.type)) + "." + package + "." + std::string(node.name));
    link_to_model(builder, node);
    builder.add(std::move(node));
  }
  return info;
}

} // namespace steward::dbt
