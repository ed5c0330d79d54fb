#include <algorithm>
#include <unordered_set>

#include "core/dbt/source/phases.hpp"

namespace steward::dbt::source {
namespace {

constexpr std::size_t k_max_reference_warnings = 100;

struct Candidate {
  std::string_view package;
  std::string_view unique_id;
  std::string_view version;
  std::string_view latest;
  bool enabled = true;
};

/// Nodes by the names other nodes use for them.
class NameIndex {
public:
  explicit NameIndex(const ParseState& state) : m_state(state) {
    for (const auto& p : state.nodes) {
      const Node& n = p.node;
      if (is_relation(n.type)) {
        m_relations[n.name].push_back(candidate(n));
      } else if (n.type == ResourceType::source) {
        m_sources[std::string(n.source_name) + "." + std::string(n.name)].push_back(candidate(n));
      } else if (n.type == ResourceType::metric) {
        m_metrics[n.name].push_back(candidate(n));
      } else if (n.type == ResourceType::semantic_model) {
        for (const auto& field : n.semantic_fields) {
          if (field.kind == SemanticField::Kind::measure) {
            m_measures[field.name].push_back(candidate(n));
          }
        }
      }
    }
  }

  [[nodiscard]] std::string_view ref(const RefCall& call, std::string_view package) const {
    auto it = m_relations.find(call.name);
    if (it == m_relations.end()) {
      return {};
    }
    auto fits = [&](const Candidate& c) {
      return call.version.empty() ? (c.version.empty() || c.version == c.latest) : c.version == call.version;
    };
    if (!call.package.empty()) {
      return pick(it->second, {call.package}, fits, false);
    }
    return pick(it->second, order(package), fits, true);
  }

  [[nodiscard]] std::string_view source(const SourceCall& call, std::string_view package) const {
    return lookup(m_sources, call.source + "." + call.table, package);
  }
  [[nodiscard]] std::string_view metric(std::string_view name, std::string_view package) const {
    return lookup(m_metrics, name, package);
  }
  [[nodiscard]] std::string_view measure(std::string_view name, std::string_view package) const {
    return lookup(m_measures, name, package);
  }

private:
  using Map = std::unordered_map<std::string_view, std::vector<Candidate>>;
  using OwnedMap = std::unordered_map<std::string, std::vector<Candidate>>;

  static Candidate candidate(const Node& n) {
    return Candidate{n.package_name, n.unique_id, n.version, n.latest_version, n.enabled};
  }

  /// Packages to try for an unqualified name from `package`, as dbt does.
  [[nodiscard]] std::vector<std::string_view> order(std::string_view package) const {
    std::string_view root = m_state.root().file.name;
    if (m_state.root().file.ref_prefers_own_package) {
      return {package, root};
    }
    return {root, package};
  }

  template <typename Fits>
  static std::string_view pick(const std::vector<Candidate>& list,
                               const std::vector<std::string_view>& packages, Fits fits, bool any_package) {
    for (bool enabled_only : {true, false}) {
      for (std::string_view package : packages) {
        for (const auto& c : list) {
          if (c.package == package && fits(c) && (c.enabled || !enabled_only)) {
            return c.unique_id;
          }
        }
      }
      if (any_package) {
        for (const auto& c : list) {
          if (fits(c) && (c.enabled || !enabled_only)) {
            return c.unique_id;
          }
        }
      }
    }
    return {};
  }

  template <typename M, typename K>
  [[nodiscard]] std::string_view lookup(const M& map, const K& key, std::string_view package) const {
    auto it = map.find(key);
    if (it == map.end()) {
      return {};
    }
    return pick(
        it->second, {package, m_state.root().file.name}, [](const Candidate&) { return true; }, true);
  }

  const ParseState& m_state;
  Map m_relations;
  OwnedMap m_sources;
  Map m_metrics;
  Map m_measures;
};

std::string describe(const RefCall& call) {
  std::string out = "ref(";
  if (!call.package.empty()) {
    out += "'" + call.package + "', ";
  }
  out += "'" + call.name + "'";
  if (!call.version.empty()) {
    out += ", v=" + call.version;
  }
  return out + ")";
}

class Resolver {
public:
  explicit Resolver(ParseState& state) : m_state(state), m_index(state) {}

  void resolve(PendingNode& p) {
    std::vector<std::string_view>& parents = p.node.depends_on;
    std::string_view package = p.node.package_name;
    for (const auto& call : p.deps.refs) {
      add(parents, m_index.ref(call, package), p, describe(call) + " matches no model, seed or snapshot");
    }
    for (const auto& call : p.deps.sources) {
      add(parents, m_index.source(call, package), p,
          "source('" + call.source + "', '" + call.table + "') matches no source table");
    }
    for (const auto& name : p.metrics) {
      add(parents, m_index.metric(name, package), p, "metric " + name + " is not defined");
    }
    for (const auto& name : p.measures) {
      add(parents, m_index.measure(name, package), p, "measure " + name + " is in no semantic model");
    }
    for (const auto& id : p.parents) {
      add(parents, m_state.store(id), p, {});
    }
    for (const auto& macro : p.deps.macros) {
      p.node.depends_on_macros.push_back(m_state.store(macro));
    }
  }

  void report() {
    if (m_unresolved > k_max_reference_warnings) {
      m_state.warn(std::to_string(m_unresolved - k_max_reference_warnings) +
                   " more unresolved ref()/source() calls not listed");
    }
  }

private:
  void add(std::vector<std::string_view>& parents, std::string_view id, const PendingNode& p,
           const std::string& problem) {
    if (!id.empty()) {
      if (id != p.node.unique_id && std::find(parents.begin(), parents.end(), id) == parents.end()) {
        parents.push_back(id);
      }
      return;
    }
    if (problem.empty() || !p.node.enabled) {
      return;
    }
    if (++m_unresolved <= k_max_reference_warnings) {
      m_state.warn(display_path(m_state, p.package->dir / std::string(p.node.path)) + ": " +
                   std::string(to_string(p.node.type)) + " " + std::string(p.node.name) + ": " + problem);
    }
  }

  ParseState& m_state;
  NameIndex m_index;
  std::size_t m_unresolved = 0;
};

void owner_from_group(ParseState& state, Node& n) {
  if (!n.owner.empty() || n.group.empty() || n.type == ResourceType::group) {
    return;
  }
  auto it = state.group_owners.find(std::string(n.group));
  if (it != state.group_owners.end()) {
    n.owner = state.store(it->second.first);
    n.owner_email = state.store(it->second.second);
  }
}

} // namespace

void resolve_and_add(ParseState& state) {
  Resolver resolver(state);
  for (auto& p : state.nodes) {
    resolver.resolve(p);
    owner_from_group(state, p.node);
  }
  resolver.report();
  std::unordered_map<std::string_view, std::string_view> seen;
  for (auto& p : state.nodes) {
    auto [it, inserted] =
        p.node.enabled ? seen.try_emplace(p.node.unique_id, p.node.path) : std::pair{seen.end(), true};
    if (!inserted) {
      state.warn(display_path(state, p.package->dir / std::string(p.node.path)) + ": " +
                 std::string(p.node.unique_id) + " is already defined in " + std::string(it->second) +
                 "; kept the first");
      continue;
    }
    state.builder().add(std::move(p.node));
  }
  for (const MacroDef* macro : state.macros.all()) {
    Macro out;
    out.unique_id = state.store(macro->unique_id);
    out.name = state.store(macro->name);
    out.package_name = state.store(macro->package);
    out.path = state.store(macro->file->path);
    auto description = state.macro_descriptions.find(macro->unique_id);
    if (description != state.macro_descriptions.end()) {
      out.description = state.store(description->second);
    }
    state.builder().add_macro(out);
  }
  for (const auto& doc : state.docs.blocks()) {
    Node n;
    n.type = ResourceType::doc;
    n.name = state.store(doc.name);
    n.unique_id = state.store(unique_id(ResourceType::doc, doc.package, doc.name));
    n.package_name = state.store(doc.package);
    n.path = state.store(doc.path);
    n.description = state.store(doc.text);
    state.builder().add(std::move(n));
  }
}

} // namespace steward::dbt::source
