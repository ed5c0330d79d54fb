#include "core/dbt/source/generic_tests.hpp"

#include <algorithm>

#include "core/dbt/source/phases.hpp"
#include "core/dbt/source/yaml_util.hpp"

namespace steward::dbt::source {
namespace {

/// Keys of a test entry that configure it rather than being arguments.
bool is_config_key(std::string_view key) {
  return key == "severity" || key == "tags" || key == "enabled" || key == "where" || key == "limit" ||
         key == "warn_if" || key == "error_if" || key == "fail_calc" || key == "store_failures" ||
         key == "store_failures_as" || key == "meta" || key == "database" || key == "schema" ||
         key == "alias" || key == "config" || key == "name" || key == "description" || key == "test_name" ||
         key == "arguments";
}

std::string clean(std::string_view text) {
  std::string out;
  bool in_run = false;
  for (char c : text) {
    bool keep = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    if (keep) {
      out.push_back(c);
      in_run = false;
    } else if (!in_run) {
      out.push_back('_');
      in_run = true;
    }
  }
  return out;
}

/// One parsed entry of a `tests:`/`data_tests:` list.
struct TestSpec {
  std::string name;           ///< `not_null`, `expression_is_true`
  std::string test_namespace; ///< `dbt_utils`, or empty
  std::string custom_name;
  std::string description;
  std::vector<std::pair<std::string, YAML::Node>> args;
  /// Config entries, from top-level keys then `config:` (kept as pairs: building
  /// a new YAML map would merge the whole document's node memory into it).
  std::vector<std::pair<std::string, YAML::Node>> config;
};

bool parse_spec(const YAML::Node& entry, TestSpec& spec) {
  YAML::Node body;
  std::string full;
  if (entry.IsScalar()) {
    full = entry.Scalar();
  } else if (entry.IsMap()) {
    full = scalar(child(entry, "test_name"));
    if (!full.empty()) {
      body = entry;
    } else if (entry.size() == 1) {
      full = entry.begin()->first.Scalar();
      body = entry.begin()->second;
    }
  }
  if (full.empty()) {
    return false;
  }
  std::size_t dot = full.rfind('.');
  spec.name = dot == std::string::npos ? full : full.substr(dot + 1);
  spec.test_namespace = dot == std::string::npos ? "" : full.substr(0, dot);
  if (!body.IsMap()) {
    return true;
  }
  spec.custom_name = scalar(child(body, "name"));
  spec.description = scalar(child(body, "description"));
  YAML::Node arguments = child(body, "arguments");
  for (const auto& item : arguments.IsMap() ? arguments : body) {
    std::string key = item.first.Scalar();
    if (arguments.IsMap() || !is_config_key(key)) {
      spec.args.emplace_back(key, item.second);
    }
  }
  for (const auto& item : body) {
    std::string key = item.first.Scalar();
    if (key == "config" && item.second.IsMap()) {
      for (const auto& inner : item.second) {
        spec.config.emplace_back(inner.first.Scalar(), inner.second);
      }
    } else if (is_config_key(key) && key != "name" && key != "description" && key != "test_name" &&
               key != "arguments" && key != "config") {
      spec.config.emplace_back(key, item.second);
    }
  }
  return true;
}

/// What a test is attached to, as dbt names it in test names and kwargs.
struct Target {
  std::string name; ///< model name, or `<source>_<table>`
  std::string call; ///< `ref('x')` or `source('s', 't')`
  bool is_source = false;
};

Target target_of(const Node& node) {
  Target t;
  if (node.type == ResourceType::source) {
    t.is_source = true;
    t.name = std::string(node.source_name) + "_" + std::string(node.name);
    t.call = "source('" + std::string(node.source_name) + "', '" + std::string(node.name) + "')";
  } else {
    t.name = std::string(node.name);
    if (!node.version.empty()) {
      t.name += "_v" + std::string(node.version);
    }
    t.call = "ref('" + std::string(node.name) + "')";
  }
  return t;
}

/// Refs and sources named in argument values (`to: ref('customers')`).
void scan_argument(const YAML::Node& value, Dependencies& deps, ParseState& state, std::string_view package) {
  if (value.IsSequence() || value.IsMap()) {
    for (const auto& item : value) {
      scan_argument(value.IsMap() ? item.second : item, deps, state, package);
    }
    return;
  }
  const std::string& text = value.Scalar();
  if (!value.IsScalar() ||
      (text.find("ref(") == std::string::npos && text.find("source(") == std::string::npos)) {
    return;
  }
  SourceFile file;
  file.package = std::string(package);
  file.text = text;
  file.tmpl = scan_template(file.text, has_jinja(text) ? Language::jinja : Language::expression);
  Dependencies found = state.collector->collect(file, nullptr, package);
  deps.refs.insert(found.refs.begin(), found.refs.end());
  deps.sources.insert(found.sources.begin(), found.sources.end());
}

void add_test(ParseState& state, const TestRequest& request, const TestSpec& spec) {
  const PendingNode& target = state.nodes[request.target];
  Target t = target_of(target.node);
  std::vector<std::pair<std::string, YAML::Node>> args = spec.args;
  if (!request.column.empty()) {
    args.emplace_back("column_name", YAML::Node(request.column));
  }
  std::string name = spec.custom_name.empty()
                         ? generic_test_name(spec.name, spec.test_namespace, t.is_source, t.name, args)
                         : spec.custom_name;
  const std::string& package = request.package->file.name;
  std::string stem = name;
  for (int n = 2; state.find(ResourceType::test, package, stem) != nullptr; ++n) {
    stem = name + "." + std::to_string(n);
  }
  PendingNode p;
  p.package = request.package;
  p.stem = stem;
  p.fqn.push_back(package);
  p.fqn.insert(p.fqn.end(), request.folders.begin(), request.folders.end());
  p.fqn.push_back(name);
  Node& n = p.node;
  n.type = ResourceType::test;
  n.name = state.store(name);
  n.unique_id = state.store(unique_id(ResourceType::test, package, stem));
  n.package_name = state.store(package);
  n.path = state.store(request.path);
  n.description = render_description(state, spec.description, package, request.path);
  n.test_name = state.store(spec.name);
  n.test_namespace = state.store(spec.test_namespace);
  n.attached_node = target.node.unique_id;
  nlohmann::json kwargs = nlohmann::json::object();
  for (const auto& [key, value] : args) {
    kwargs[key] = to_json(value);
    scan_argument(value, p.deps, state, package);
  }
  kwargs["model"] = "{{ get_where_subquery(" + t.call + ") }}";
  n.test_kwargs_json = state.store(kwargs.dump());
  std::string column = request.column;
  if (column.empty()) {
    auto it = std::find_if(args.begin(), args.end(), [](const auto& a) { return a.first == "column_name"; });
    column = it == args.end() ? "" : scalar(it->second);
  }
  n.column_name = state.store(column);
  p.parents.emplace_back(target.node.unique_id);
  VarLookup vars = state.vars(package).lookup();
  for (const auto& [key, value] : spec.config) {
    read_config_entry(key, value, vars, p.yaml_config);
  }
  if (!target.node.enabled) {
    p.yaml_config.enabled = NodeConfig::Enabled::no;
  }
  state.add(std::move(p));
}

} // namespace

std::string generic_test_name(std::string_view test, std::string_view test_namespace, bool on_source,
                              std::string_view target_name,
                              const std::vector<std::pair<std::string, YAML::Node>>& args) {
  std::string type = (on_source ? "source_" : "") + std::string(test);
  if (!test_namespace.empty()) {
    type = std::string(test_namespace) + "_" + type;
  }
  std::vector<const std::pair<std::string, YAML::Node>*> sorted;
  for (const auto& arg : args) {
    if (arg.first != "model") {
      sorted.push_back(&arg);
    }
  }
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const auto* a, const auto* b) { return a->first < b->first; });
  std::string unique;
  bool first = true;
  auto append = [&unique, &first](const std::string& part) {
    unique += (first ? "" : "__") + clean(part);
    first = false;
  };
  for (const auto* arg : sorted) {
    const YAML::Node& value = arg->second;
    if (value.IsMap()) {
      for (const auto& item : value) {
        append(python_str(item.second));
      }
    } else if (value.IsSequence()) {
      for (const auto& item : value) {
        append(python_str(item));
      }
    } else {
      append(python_str(value));
    }
  }
  return type + "_" + std::string(target_name) + "_" + unique;
}

void add_generic_tests(ParseState& state, const TestRequest& request) {
  if (!request.tests.IsSequence()) {
    return;
  }
  for (const auto& entry : request.tests) {
    TestSpec spec;
    if (!parse_spec(entry, spec)) {
      state.warn(display_path(state, request.package->dir / request.path) + ": a test entry of " +
                 std::string(state.nodes[request.target].node.name) + " names no test; skipped");
      continue;
    }
    add_test(state, request, spec);
  }
}

} // namespace steward::dbt::source
