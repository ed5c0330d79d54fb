#include "core/dbt/source/state.hpp"

namespace steward::dbt::source {
namespace {

std::string key_of(ResourceType type, std::string_view package, std::string_view stem) {
  std::string key(to_string(type));
  key.push_back('|');
  key.append(package);
  key.push_back('|');
  key.append(stem);
  return key;
}

} // namespace

const PackageCtx* ParseState::package(std::string_view name) const {
  for (const auto& package : packages) {
    if (package->file.name == name) {
      return package.get();
    }
  }
  return nullptr;
}

const VarScope& ParseState::vars(std::string_view package_name) const {
  const PackageCtx* found = package(package_name);
  return *(found != nullptr ? found : packages.front().get())->vars;
}

std::size_t ParseState::add(PendingNode node) {
  std::size_t index = nodes.size();
  node.index = index;
  m_by_key.try_emplace(key_of(node.node.type, node.node.package_name, node.stem), index);
  nodes.push_back(std::move(node));
  return index;
}

PendingNode* ParseState::find(ResourceType type, std::string_view package, std::string_view stem) {
  auto it = m_by_key.find(key_of(type, package, stem));
  return it == m_by_key.end() ? nullptr : &nodes[it->second];
}

std::string unique_id(ResourceType type, std::string_view package, std::string_view name) {
  std::string out(to_string(type));
  out.push_back('.');
  out.append(package);
  out.push_back('.');
  out.append(name);
  return out;
}

std::string_view render_description(ParseState& state, std::string_view description, std::string_view package,
                                    std::string_view path) {
  if (description.find("{{") == std::string_view::npos) {
    return state.store(description);
  }
  std::vector<std::string> missing;
  std::string rendered = state.docs.render(description, package, missing);
  for (const auto& name : missing) {
    state.warn(std::string(path) + ": doc('" + name + "') names no docs block");
  }
  return state.store(rendered);
}

} // namespace steward::dbt::source
