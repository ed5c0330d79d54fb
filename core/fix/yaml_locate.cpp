#include "core/fix/yaml_locate.hpp"

#include <algorithm>
#include <cctype>

#include "core/fix/yaml_text.hpp"

namespace steward::fix::yaml {
namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

std::string scalar_of(const YAML::Node& node) {
  return node.IsScalar() ? node.Scalar() : std::string();
}

std::string_view section_of(dbt::ResourceType type) {
  switch (type) {
  case dbt::ResourceType::seed: return "seeds";
  case dbt::ResourceType::snapshot: return "snapshots";
  default: return "models";
  }
}

/// Fills the naming parts of `site` when `item` is the test `test`.
bool match_item(const YAML::Node& item, std::string_view test, TestSite& site) {
  if (item.IsScalar()) {
    if (item.Scalar() != test) {
      return false;
    }
    site.item = item;
    site.name = item;
    return true;
  }
  if (!item.IsMap()) {
    return false;
  }
  YAML::Node named = child(item, "test_name");
  if (named.IsScalar()) {
    if (named.Scalar() != test) {
      return false;
    }
    site.item = item;
    site.name = named;
    site.body = item;
    site.body_is_item = true;
    return true;
  }
  if (item.size() != 1 || scalar_of(item.begin()->first) != test) {
    return false;
  }
  site.item = item;
  site.name = item.begin()->first;
  if (item.begin()->second.IsMap()) {
    site.body = item.begin()->second;
  }
  return true;
}

/// The first test `test` in the `tests:`/`data_tests:` lists of `map` that
/// `accept` approves.
template <typename Accept>
std::optional<TestSite> find_in(const YAML::Node& map, std::string_view test, Accept accept) {
  for (std::string_view key : {"data_tests", "tests"}) {
    YAML::Node list = child(map, key);
    if (!list.IsSequence()) {
      continue;
    }
    for (const auto& item : list) {
      TestSite site;
      if (match_item(item, test, site) && accept(site)) {
        site.list = list;
        return site;
      }
    }
  }
  return std::nullopt;
}

} // namespace

YAML::Node find_named(const YAML::Node& list, std::string_view name) {
  if (!list.IsSequence()) {
    return YAML::Node(YAML::NodeType::Undefined);
  }
  for (bool exact : {true, false}) {
    for (const YAML::Node& item : list) {
      std::string candidate = scalar_of(child(item, "name"));
      if (exact ? candidate == name : iequals(candidate, name)) {
        return item;
      }
    }
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

YAML::Node find_source(const YAML::Node& root, std::string_view source_name) {
  return find_named(child(root, "sources"), source_name);
}

YAML::Node find_entry(const YAML::Node& root, const dbt::Node& target) {
  if (target.type == dbt::ResourceType::source) {
    return find_named(child(find_source(root, target.source_name), "tables"), target.name);
  }
  return find_named(child(root, section_of(target.type)), target.name);
}

std::optional<TestSite> find_test(const YAML::Node& root, const dbt::Node& target, std::string_view column,
                                  std::string_view test) {
  YAML::Node entry = find_entry(root, target);
  if (!entry.IsMap()) {
    return std::nullopt;
  }
  std::optional<TestSite> site;
  YAML::Node column_map = column.empty() ? YAML::Node() : find_named(child(entry, "columns"), column);
  if (column_map.IsMap()) {
    site = find_in(column_map, test, [](const TestSite&) { return true; });
    if (site) {
      site->column = column_map;
    }
  }
  if (!site) {
    site = find_in(entry, test, [&](const TestSite& s) {
      return column.empty() || iequals(scalar_of(test_setting(s, "column_name")), column);
    });
  }
  if (site) {
    site->entry = entry;
  }
  return site;
}

YAML::Node test_setting(const TestSite& site, std::string_view key) {
  for (std::string_view section : {"arguments", "config"}) {
    YAML::Node value = child(child(site.body, section), key);
    if (value.IsDefined()) {
      return value;
    }
  }
  return child(site.body, key);
}

} // namespace steward::fix::yaml
