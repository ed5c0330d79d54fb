#include "core/dbt/resolve.hpp"

#include <algorithm>

#include "core/util/text.hpp"

namespace steward::dbt {
namespace {

using Ids = std::vector<NodeId>;

Resolution from(const Project& project, Ids ids) {
  Resolution out;
  if (ids.empty()) {
    return out;
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  if (ids.size() == 1) {
    out.kind = Resolution::Kind::found;
    out.id = ids.front();
    return out;
  }
  out.kind = Resolution::Kind::ambiguous;
  for (NodeId id : ids) {
    out.candidates.emplace_back(project.node(id).unique_id);
  }
  return out;
}

/// Among versions of one model, keeps the one named by `latest_version`.
Ids prefer_latest_version(const Project& project, Ids ids) {
  if (ids.size() < 2) {
    return ids;
  }
  Ids latest;
  for (NodeId id : ids) {
    const Node& node = project.node(id);
    if (!node.version.empty() && node.version == node.latest_version) {
      latest.push_back(id);
    }
  }
  return latest.size() == 1 ? latest : ids;
}

Ids by_source(const Project& project, std::string_view query) {
  Ids out;
  std::size_t dot = query.find('.');
  if (dot == std::string_view::npos) {
    return out;
  }
  std::string_view source = query.substr(0, dot);
  std::string_view table = query.substr(dot + 1);
  for (NodeId id : project.named(table)) {
    const Node& node = project.node(id);
    if (node.type == ResourceType::source && node.source_name == source) {
      out.push_back(id);
    }
  }
  return out;
}

Ids by_package_or_version(const Project& project, std::string_view query) {
  Ids out;
  std::size_t dot = query.rfind('.');
  if (dot == std::string_view::npos) {
    return out;
  }
  std::string_view head = query.substr(0, dot);
  std::string_view tail = query.substr(dot + 1);
  for (NodeId id : project.named(tail)) {
    if (project.node(id).package_name == head && project.node(id).type != ResourceType::source) {
      out.push_back(id);
    }
  }
  // `name.v2` / `name.2` pins a model version.
  std::string_view version = tail.starts_with('v') ? tail.substr(1) : tail;
  for (NodeId id : project.named(head)) {
    if (!version.empty() && project.node(id).version == version) {
      out.push_back(id);
    }
  }
  return out;
}

Ids by_name(const Project& project, std::string_view query, bool relations) {
  Ids out;
  for (NodeId id : project.named(query)) {
    const Node& node = project.node(id);
    if (is_relation(node.type) == relations) {
      out.push_back(id);
    }
  }
  return relations ? prefer_latest_version(project, std::move(out)) : out;
}

Ids ignoring_case(const Project& project, std::string_view query) {
  Ids relations;
  Ids others;
  for (NodeId id = 0; id < project.nodes().size(); ++id) {
    const Node& node = project.node(id);
    if (iequals(node.name, query) || iequals(node.unique_id, query)) {
      (is_relation(node.type) ? relations : others).push_back(id);
    }
  }
  return relations.empty() ? others : prefer_latest_version(project, std::move(relations));
}

std::vector<std::string> close_names(const Project& project, std::string_view query) {
  // Sources are offered as `source_name.table`, the form resolve() accepts.
  std::vector<std::string> owned;
  std::vector<std::string_view> names;
  for (const Node& node : project.nodes()) {
    if (node.type == ResourceType::source) {
      owned.push_back(std::string(node.source_name) + "." + std::string(node.name));
    } else if (!is_test(node.type) && node.type != ResourceType::doc) {
      names.push_back(node.name);
    }
  }
  for (const auto& name : owned) {
    names.push_back(name);
  }
  std::sort(names.begin(), names.end());
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return closest(query, names, 5);
}

} // namespace

Resolution resolve(const Project& project, std::string_view query) {
  query = trim(query);
  if (auto id = project.find(query)) {
    return from(project, {*id});
  }
  using Step = Ids (*)(const Project&, std::string_view);
  const Step steps[] = {
      by_source,
      by_package_or_version,
      [](const Project& p, std::string_view q) { return by_name(p, q, true); },
      [](const Project& p, std::string_view q) { return by_name(p, q, false); },
      ignoring_case,
  };
  for (Step step : steps) {
    Ids ids = step(project, query);
    if (!ids.empty()) {
      return from(project, std::move(ids));
    }
  }
  Resolution out;
  out.candidates = close_names(project, query);
  return out;
}

std::string describe_failure(std::string_view query, const Resolution& resolution) {
  std::string text(query);
  if (resolution.kind == Resolution::Kind::ambiguous) {
    text += ": ambiguous, matches ";
    for (std::size_t i = 0; i < resolution.candidates.size(); ++i) {
      text += (i == 0 ? "" : ", ") + resolution.candidates[i];
    }
    return text + " (use a unique_id)";
  }
  text += ": no such node";
  if (!resolution.candidates.empty()) {
    text += "; did you mean ";
    for (std::size_t i = 0; i < resolution.candidates.size(); ++i) {
      text += (i == 0 ? "" : ", ") + resolution.candidates[i];
    }
    text += "?";
  }
  return text;
}

} // namespace steward::dbt
