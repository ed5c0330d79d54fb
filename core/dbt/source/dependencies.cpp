#include "core/dbt/source/dependencies.hpp"

#include <algorithm>

#include "core/dbt/source/yaml_util.hpp"

namespace steward::dbt::source {
namespace {

constexpr int k_max_expansion_depth = 12;
constexpr int k_max_value_depth = 8;

/// `builtins.ref` and `dbt.ref` (Python models) are `ref`; the same for
/// `source`, `var` and `config`.
std::string_view builtin_name(std::string_view callee) {
  for (std::string_view prefix : {"builtins.", "dbt."}) {
    if (callee.substr(0, prefix.size()) == prefix) {
      std::string_view rest = callee.substr(prefix.size());
      if (rest == "ref" || rest == "source" || rest == "var" || rest == "config") {
        return rest;
      }
    }
  }
  return callee;
}

void add_unique(std::vector<std::string>& out, std::vector<std::string> more) {
  for (auto& value : more) {
    if (std::find(out.begin(), out.end(), value) == out.end()) {
      out.push_back(std::move(value));
    }
  }
}

std::vector<const Expr*> positional(const Call& call) {
  std::vector<const Expr*> out;
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    if (call.keywords[i].empty()) {
      out.push_back(&call.args[i]);
    }
  }
  return out;
}

const Expr* keyword(const Call& call, std::string_view name) {
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    if (call.keywords[i] == name) {
      return &call.args[i];
    }
  }
  return nullptr;
}

} // namespace

struct DependencyCollector::Scope {
  const SourceFile* file = nullptr;
  std::uint32_t begin = 0;
  std::uint32_t end = 0;
  bool outside_blocks = false; ///< a file's top level: skip calls inside blocks
  std::string_view package;    ///< where bare macro names are looked up first
  std::string_view node_package;
  const Env* env = nullptr;
  /// Bodies of loops over lists known to be empty: never rendered.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dead;

  [[nodiscard]] bool contains(std::uint32_t offset) const {
    if (offset < begin || offset >= end || (outside_blocks && file->tmpl.in_block(offset))) {
      return false;
    }
    return std::none_of(dead.begin(), dead.end(), [offset](const auto& range) {
      return offset >= range.first && offset < range.second;
    });
  }
};

DependencyCollector::DependencyCollector(const MacroTable& macros, std::string root_package, VarsFor vars_for)
    : m_macros(macros), m_root(std::move(root_package)), m_vars_for(std::move(vars_for)) {
}

Dependencies DependencyCollector::collect(const SourceFile& file, const Block* block,
                                          std::string_view package) {
  Env env;
  Scope scope;
  scope.file = &file;
  scope.begin = block ? block->body_begin : 0;
  scope.end = block ? block->body_end : file.tmpl.size;
  scope.outside_blocks = block == nullptr;
  scope.package = package;
  scope.node_package = package;
  scope.env = &env;
  mark_dead_loops(scope);
  Dependencies out;
  walk(scope, out, 0);
  return out;
}

void DependencyCollector::mark_dead_loops(Scope& scope) const {
  for (const auto& loop : scope.file->tmpl.loops) {
    if (scope.contains(loop.body_begin) && is_empty(scope, loop.iterable, 0)) {
      scope.dead.emplace_back(loop.body_begin, loop.else_begin);
    }
  }
}

bool DependencyCollector::is_empty(const Scope& scope, const Expr& expr, int depth) const {
  if (depth > k_max_value_depth) {
    return false;
  }
  if (expr.kind == Expr::Kind::list || expr.kind == Expr::Kind::dict) {
    return expr.items.empty();
  }
  if (expr.kind == Expr::Kind::name) {
    if (scope.env != nullptr && scope.env->count(expr.text) > 0) {
      return false;
    }
    bool any = false;
    for (const auto& binding : scope.file->tmpl.bindings) {
      if (binding.name == expr.text && scope.contains(binding.offset)) {
        if (binding.loop || !is_empty(scope, binding.value, depth + 1)) {
          return false;
        }
        any = true;
      }
    }
    return any;
  }
  if (expr.kind != Expr::Kind::call) {
    return false;
  }
  const Call& call = scope.file->tmpl.calls[static_cast<std::size_t>(expr.call)];
  if (builtin_name(call.callee) != "var" || call.args.empty()) {
    return false;
  }
  auto names = values(scope, call.args[0], depth + 1);
  const VarScope& vars = m_vars_for(scope.node_package);
  for (const auto& name : names) {
    YAML::Node value = vars.find(name);
    bool empty = value.IsDefined() ? (value.IsSequence() && value.size() == 0)
                                   : (call.args.size() >= 2 && is_empty(scope, call.args[1], depth + 1));
    if (!empty) {
      return false;
    }
  }
  return !names.empty();
}

void DependencyCollector::walk(const Scope& scope, Dependencies& out, int depth) {
  const auto& calls = scope.file->tmpl.calls;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    if (scope.contains(calls[i].offset)) {
      on_call(scope, i, out, depth);
    }
  }
}

void DependencyCollector::on_call(const Scope& scope, std::size_t index, Dependencies& out, int depth) {
  const auto& calls = scope.file->tmpl.calls;
  const Call& call = calls[index];
  if (call.filter) {
    return;
  }
  std::string_view callee = builtin_name(call.callee);
  if (callee == "ref") {
    on_ref(scope, call, out);
    return;
  }
  if (callee == "source") {
    on_source(scope, call, out);
    return;
  }
  if (callee == "var") {
    on_var(scope, call, out, depth);
    return;
  }
  const MacroDef* macro = resolve(scope, call);
  if (macro != nullptr) {
    if (depth == 0 && !macro->stub) {
      add_unique(out.macros, {macro->unique_id});
    }
    expand(scope, *macro, call, out, depth);
    return;
  }
  std::size_t dot = callee.find('.');
  if (depth == 0 && dot != std::string_view::npos && callee.find('.', dot + 1) == std::string_view::npos &&
      m_known_packages.contains(callee.substr(0, dot))) {
    add_unique(out.macros, {"macro." + std::string(callee)});
  }
}

void DependencyCollector::on_ref(const Scope& scope, const Call& call, Dependencies& out) {
  auto args = positional(call);
  if (args.empty()) {
    return;
  }
  std::vector<std::string> packages{""};
  const Expr* name = args.back();
  if (args.size() >= 2) {
    packages = values(scope, *args[0], 0);
    name = args[1];
  }
  std::vector<std::string> versions{""};
  const Expr* version = keyword(call, "v");
  version = version ? version : keyword(call, "version");
  if (version != nullptr) {
    versions = values(scope, *version, 0);
    if (versions.empty()) {
      versions.emplace_back();
    }
  }
  for (const auto& package : packages) {
    for (const auto& model : values(scope, *name, 0)) {
      for (const auto& v : versions) {
        out.refs.insert(RefCall{package, model, v});
      }
    }
  }
}

void DependencyCollector::on_source(const Scope& scope, const Call& call, Dependencies& out) {
  auto args = positional(call);
  const Expr* source = keyword(call, "source_name");
  const Expr* table = keyword(call, "table_name");
  source = source ? source : (!args.empty() ? args[0] : nullptr);
  table = table ? table : (args.size() >= 2 ? args[1] : nullptr);
  if (source == nullptr || table == nullptr) {
    return;
  }
  for (const auto& s : values(scope, *source, 0)) {
    for (const auto& t : values(scope, *table, 0)) {
      out.sources.insert(SourceCall{s, t});
    }
  }
}

void DependencyCollector::on_var(const Scope& scope, const Call& call, Dependencies& out, int depth) {
  if (call.args.empty() || depth >= k_max_expansion_depth) {
    return;
  }
  const VarScope& vars = m_vars_for(scope.node_package);
  for (const auto& name : values(scope, call.args[0], 0)) {
    YAML::Node value = vars.find(name);
    if (!value.IsScalar() || !has_jinja(value.Scalar())) {
      continue;
    }
    auto& file = m_var_templates[value.Scalar()];
    if (!file) {
      file = std::make_unique<SourceFile>();
      file->package = std::string(scope.node_package);
      file->path = "var " + name;
      file->text = value.Scalar();
      file->tmpl = scan_template(file->text);
    }
    Env env;
    Scope inner = scope;
    inner.file = file.get();
    inner.begin = 0;
    inner.end = file->tmpl.size;
    inner.outside_blocks = true;
    inner.env = &env;
    inner.dead.clear();
    mark_dead_loops(inner);
    walk(inner, out, depth + 1);
  }
}

const MacroDef* DependencyCollector::resolve(const Scope& scope, const Call& call) const {
  std::string_view callee = call.callee;
  if (callee.empty() && call.target >= 0) {
    const Call& target = scope.file->tmpl.calls[static_cast<std::size_t>(call.target)];
    if (target.callee != "adapter.dispatch" || target.args.empty()) {
      return nullptr;
    }
    auto args = positional(target);
    const Expr* ns = keyword(target, "macro_namespace");
    ns = ns ? ns : (args.size() >= 2 ? args[1] : nullptr);
    std::vector<std::string> packages{m_root, std::string(scope.package)};
    if (ns != nullptr) {
      auto named = values(scope, *ns, 0);
      packages.insert(packages.begin() + 1, named.begin(), named.end());
    }
    for (const auto& name : values(scope, target.args[0], 0)) {
      for (const auto& package : packages) {
        if (const MacroDef* found = m_macros.find(package, "default__" + name)) {
          return found;
        }
      }
    }
    return nullptr;
  }
  std::size_t dot = callee.find('.');
  if (dot != std::string_view::npos) {
    return m_macros.find(callee.substr(0, dot), callee.substr(dot + 1));
  }
  for (std::string_view package : {scope.package, std::string_view(m_root), scope.node_package}) {
    if (const MacroDef* found = m_macros.find(package, callee)) {
      return found;
    }
  }
  return nullptr;
}

void DependencyCollector::expand(const Scope& scope, const MacroDef& macro, const Call& call,
                                 Dependencies& out, int depth) {
  if (depth >= k_max_expansion_depth) {
    return;
  }
  const Block& def = macro.definition();
  Env env;
  std::size_t next = 0;
  for (std::size_t i = 0; i < call.args.size(); ++i) {
    const std::string& kw = call.keywords[i];
    if (kw.empty() && next < def.params.size()) {
      env[def.params[next++]] = values(scope, call.args[i], 0);
    } else if (!kw.empty() && std::find(def.params.begin(), def.params.end(), kw) != def.params.end()) {
      env[kw] = values(scope, call.args[i], 0);
    }
  }
  Scope inner;
  inner.file = macro.file;
  inner.begin = def.body_begin;
  inner.end = def.body_end;
  inner.package = macro.package;
  inner.node_package = scope.node_package;
  inner.env = &env;
  for (std::size_t i = 0; i < def.params.size() && i < def.defaults.size(); ++i) {
    if (!env.contains(def.params[i]) && def.defaults[i].end > def.defaults[i].begin) {
      env[def.params[i]] = values(inner, def.defaults[i], 0);
    }
  }
  std::string key = macro.unique_id + "|" + std::string(scope.node_package);
  for (const auto& [param, bound] : env) {
    key += "|" + param + "=";
    for (const auto& value : bound) {
      key += value + ",";
    }
  }
  auto memo = m_memo.find(key);
  if (memo == m_memo.end()) {
    if (!m_active.insert(key).second) {
      return;
    }
    Dependencies found;
    mark_dead_loops(inner);
    walk(inner, found, depth + 1);
    m_active.erase(key);
    memo = m_memo.emplace(key, std::move(found)).first;
  }
  out.refs.insert(memo->second.refs.begin(), memo->second.refs.end());
  out.sources.insert(memo->second.sources.begin(), memo->second.sources.end());
}

std::vector<std::string> DependencyCollector::values(const Scope& scope, const Expr& expr, int depth) const {
  if (depth > k_max_value_depth) {
    return {};
  }
  switch (expr.kind) {
  case Expr::Kind::string:
  case Expr::Kind::number: return {expr.text};
  case Expr::Kind::list: {
    std::vector<std::string> out;
    for (const auto& item : expr.items) {
      add_unique(out, values(scope, item, depth + 1));
    }
    return out;
  }
  case Expr::Kind::name: {
    if (scope.env != nullptr) {
      auto bound = scope.env->find(expr.text);
      if (bound != scope.env->end()) {
        return bound->second;
      }
    }
    std::vector<std::string> out;
    for (const auto& binding : scope.file->tmpl.bindings) {
      if (binding.name == expr.text && scope.contains(binding.offset)) {
        add_unique(out, values(scope, binding.value, depth + 1));
      }
    }
    return out;
  }
  case Expr::Kind::call: {
    const Call& call = scope.file->tmpl.calls[static_cast<std::size_t>(expr.call)];
    if (builtin_name(call.callee) != "var" || call.args.empty()) {
      return {};
    }
    std::vector<std::string> out;
    const VarScope& vars = m_vars_for(scope.node_package);
    for (const auto& name : values(scope, call.args[0], depth + 1)) {
      YAML::Node value = vars.find(name);
      if (value.IsScalar() && !has_jinja(value.Scalar())) {
        add_unique(out, {value.Scalar()});
      } else if (!value.IsDefined() && call.args.size() >= 2) {
        add_unique(out, values(scope, call.args[1], depth + 1));
      }
    }
    return out;
  }
  default: return {};
  }
}

} // namespace steward::dbt::source
