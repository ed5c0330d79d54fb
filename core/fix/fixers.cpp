#include "core/fix/fixers.hpp"

#include <algorithm>

#include "core/fix/kinds.hpp"

namespace steward::fix {
namespace {

bool is_yaml(std::string_view path) {
  auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
  };
  return ends(".yml") || ends(".yaml");
}

std::string without_package(std::string_view path) {
  std::size_t at = path.find("://");
  return std::string(at == std::string_view::npos ? path : path.substr(at + 3));
}

} // namespace

std::string_view to_string(Risk risk) {
  switch (risk) {
  case Risk::low: return "low";
  case Risk::medium: return "medium";
  case Risk::high: return "high";
  }
  return "medium";
}

std::string yaml_file_of(const dbt::Node& node, const dbt::Project& /*project*/) {
  if (node.type == dbt::ResourceType::model || node.type == dbt::ResourceType::snapshot) {
    return without_package(node.path);
  }
  if (is_yaml(node.path)) {
    return without_package(node.path);
  }
  return without_package(node.patch_path);
}

std::vector<FixOption> propose_fixes(const dbt::Project& project, const FailureFacts& facts,
                                     const ReadFile& read) {
  detail::Context ctx = detail::make_context(project, facts, read);
  std::vector<FixOption> options;
  if (ctx.failing == nullptr) {
    return options;
  }
  if (ctx.test == "accepted_values") {
    options = detail::accepted_values_fixes(ctx);
  } else if (ctx.test == "not_null") {
    options = detail::not_null_fixes(ctx);
  } else if (ctx.test == "unique") {
    options = detail::unique_fixes(ctx);
  } else if (ctx.test == "relationships") {
    options = detail::relationships_fixes(ctx);
  } else if (ctx.test == "freshness") {
    options = detail::freshness_fixes(ctx);
  }
  std::stable_sort(options.begin(), options.end(),
                   [](const FixOption& a, const FixOption& b) { return a.risk < b.risk; });
  constexpr std::size_t k_max_options = 5;
  if (options.size() > k_max_options) {
    options.resize(k_max_options);
  }
  return options;
}

} // namespace steward::fix
