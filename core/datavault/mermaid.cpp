// A Mermaid erDiagram as a spec; the conventions are in mermaid.hpp.
#include "core/datavault/mermaid.hpp"

#include <algorithm>
#include <array>
#include <optional>

#include "core/datavault/mermaid_er.hpp"
#include "core/datavault/naming.hpp"
#include "core/util/text.hpp"

namespace steward::datavault {
namespace {

using detail::ErColumn;
using detail::ErDiagram;
using detail::ErEntity;

enum class Kind : std::uint8_t { hub, link, transactional_link, satellite, effectivity_satellite, other };

struct Classified {
  Kind kind = Kind::other;
  std::string name; ///< lower-cased, prefix removed
  const ErEntity* entity = nullptr;
};

Classified classify(const ErEntity& entity) {
  static constexpr std::array<std::pair<std::string_view, Kind>, 15> k_prefixes{{
      {"eff_sat_", Kind::effectivity_satellite},
      {"effsat_", Kind::effectivity_satellite},
      {"nh_link_", Kind::transactional_link},
      {"nhlink_", Kind::transactional_link},
      {"t_link_", Kind::transactional_link},
      {"tlink_", Kind::transactional_link},
      {"nhl_", Kind::transactional_link},
      {"hub_", Kind::hub},
      {"link_", Kind::link},
      {"lnk_", Kind::link},
      {"sat_", Kind::satellite},
      {"es_", Kind::effectivity_satellite},
      {"h_", Kind::hub},
      {"l_", Kind::link},
      {"s_", Kind::satellite},
  }};
  const std::string lower = to_lower(entity.name);
  for (const auto& [prefix, kind] : k_prefixes) {
    if (lower.starts_with(prefix) && lower.size() > prefix.size()) {
      return {kind, lower.substr(prefix.size()), &entity};
    }
  }
  return {Kind::other, lower, &entity};
}

bool is_metadata(std::string_view column) {
  static constexpr std::array<std::string_view, 20> k_names{
      "load_date",        "load_datetime",  "load_dts", "load_ts",    "loaddate",     "ldts",
      "dv_load_date",     "record_source",  "rsrc",     "rec_src",    "recordsource", "dv_recsource",
      "effective_from",   "effective_date", "eff_from", "start_date", "end_date",     "applied_date",
      "dv_record_source", "load_end_date"};
  const std::string lower = to_lower(column);
  return std::find(k_names.begin(), k_names.end(), lower) != k_names.end();
}

bool is_hash_key(const ErColumn& column) {
  const std::string lower = to_lower(column.name);
  return lower.ends_with("_hk") || lower.ends_with("_pk") || lower == "hk" || lower == "pk";
}

bool is_hashdiff(const ErColumn& column) {
  const std::string lower = to_lower(column.name);
  return lower.find("hashdiff") != std::string::npos || lower.find("hash_diff") != std::string::npos;
}

const ErColumn* primary_key(const ErEntity& entity) {
  for (const ErColumn& column : entity.columns) {
    if (column.pk && !is_hashdiff(column)) {
      return &column;
    }
  }
  for (const ErColumn& column : entity.columns) {
    if (is_hash_key(column) && !column.fk) {
      return &column;
    }
  }
  return nullptr;
}

Location at_line(int line) {
  return Location{0, line};
}

/// The conversion's working state: classified entities and hash key owners.
struct Converter {
  std::vector<Classified> items;
  std::vector<std::pair<std::string, std::string>> hash_keys; ///< lower-cased column → hub/link name
  Parsed out;

  [[nodiscard]] std::optional<std::string> owner_of(const std::string& column) const {
    const std::string lower = to_lower(column);
    for (const auto& [key, owner] : hash_keys) {
      if (key == lower) {
        return owner;
      }
    }
    return std::nullopt;
  }
  [[nodiscard]] const Classified* find(const std::string& raw_name) const {
    for (const Classified& item : items) {
      if (item.entity->name == raw_name) {
        return &item;
      }
    }
    return nullptr;
  }
  Entity* entity(const std::string& name) {
    for (Entity& entity : out.spec.entities) {
      if (entity.name == name) {
        return &entity;
      }
    }
    return nullptr;
  }
  Link* link(const std::string& name) {
    for (Entity& entity : out.spec.entities) {
      for (Link& link : entity.links) {
        if (link.name == name) {
          return &link;
        }
      }
    }
    return nullptr;
  }
  /// Names of the hubs/links that `item` has a relationship line with.
  [[nodiscard]] std::vector<const Classified*> related(const Classified& item,
                                                       const ErDiagram& diagram) const {
    std::vector<const Classified*> found;
    for (const auto& relation : diagram.relations) {
      const std::string* other = relation.left == item.entity->name    ? &relation.right
                                 : relation.right == item.entity->name ? &relation.left
                                                                       : nullptr;
      if (other != nullptr) {
        if (const Classified* classified = find(*other)) {
          found.push_back(classified);
        }
      }
    }
    return found;
  }
  void warn(int line, std::string path, std::string message) {
    out.diagnostics.push_back({Severity::warning, std::move(path), std::move(message), at_line(line)});
  }
};

void add_hub(Converter& converter, const Classified& item) {
  Entity entity;
  entity.name = item.name;
  entity.path = "entities[" + std::to_string(converter.out.spec.entities.size()) + "]";
  entity.at = at_line(item.entity->line);
  entity.has_hub = true;
  entity.hub.path = entity.path + ".hub";
  entity.hub.at = entity.at;
  const ErColumn* key = primary_key(*item.entity);
  const bool any_uk = std::any_of(item.entity->columns.begin(), item.entity->columns.end(),
                                  [](const ErColumn& column) { return column.uk; });
  for (const ErColumn& column : item.entity->columns) {
    const bool business = any_uk ? column.uk
                                 : (&column != key && !is_hash_key(column) && !column.fk &&
                                    !is_metadata(column.name) && !is_hashdiff(column));
    if (business) {
      entity.hub.business_key.push_back(column.name);
    }
  }
  if (key != nullptr) {
    converter.hash_keys.emplace_back(to_lower(key->name), item.name);
    if (!iequals(key->name, expand(Naming{}.hash_key, {.entity = item.name}))) {
      entity.hub.hash_key = key->name;
    }
  } else {
    converter.hash_keys.emplace_back(to_lower(expand(Naming{}.hash_key, {.entity = item.name})), item.name);
  }
  converter.out.spec.entities.push_back(std::move(entity));
}

void add_link(Converter& converter, const Classified& item, const ErDiagram& diagram) {
  Link link;
  link.name = item.name;
  link.at = at_line(item.entity->line);
  const bool transactional = item.kind == Kind::transactional_link;
  if (transactional) {
    link.relationship_type = "transactional";
  }
  const ErColumn* key = primary_key(*item.entity);
  for (const ErColumn& column : item.entity->columns) {
    if (&column == key || is_metadata(column.name) || is_hashdiff(column)) {
      continue;
    }
    if (auto owner = converter.owner_of(column.name); owner && converter.entity(*owner) != nullptr) {
      link.hubs.push_back({*owner, "", {}, "", at_line(column.line)});
    } else if (column.fk) {
      converter.warn(column.line, "",
                     item.entity->name + "." + column.name +
                         ": FK column matches no hub's hash key; ignored");
    } else if (transactional) {
      (column.uk ? link.transaction_key : link.payload).push_back(column.name);
    } else {
      converter.warn(column.line, "",
                     item.entity->name + "." + column.name +
                         ": a link holds keys only; put attributes in a satellite of the link");
    }
  }
  for (const Classified* other : converter.related(item, diagram)) {
    const bool listed = std::any_of(link.hubs.begin(), link.hubs.end(),
                                    [&](const RelatedHub& hub) { return hub.hub == other->name; });
    if (other->kind == Kind::hub && !listed) {
      link.hubs.push_back({other->name, "", {}, "", at_line(item.entity->line)});
    }
  }
  if (key != nullptr && !iequals(key->name, expand(Naming{}.hash_key, {.entity = item.name}))) {
    link.hash_key = key->name;
  }
  converter.hash_keys.emplace_back(
      to_lower(key != nullptr ? key->name : expand(Naming{}.hash_key, {.entity = item.name})), item.name);
  Entity* owner = link.hubs.empty() ? nullptr : converter.entity(link.hubs.front().hub);
  if (owner == nullptr) {
    Entity entity;
    entity.name = item.name;
    entity.path = "entities[" + std::to_string(converter.out.spec.entities.size()) + "]";
    entity.at = link.at;
    converter.out.spec.entities.push_back(std::move(entity));
    owner = &converter.out.spec.entities.back();
  }
  link.path = owner->path + ".links[" + std::to_string(owner->links.size()) + "]";
  for (std::size_t i = 0; i < link.hubs.size(); ++i) {
    link.hubs[i].path = link.path + ".related_hubs[" + std::to_string(i) + "]";
  }
  owner->links.push_back(std::move(link));
}

/// The hub or link a satellite hangs off: a relationship line, then a
/// key column, then its name's prefix.
std::optional<std::string> parent_of(const Converter& converter, const Classified& item,
                                     const ErDiagram& diagram) {
  for (const Classified* other : converter.related(item, diagram)) {
    if (other->kind == Kind::hub || other->kind == Kind::link || other->kind == Kind::transactional_link) {
      return other->name;
    }
  }
  for (const ErColumn& column : item.entity->columns) {
    if (column.pk || column.fk || is_hash_key(column)) {
      if (auto owner = converter.owner_of(column.name)) {
        return owner;
      }
    }
  }
  std::optional<std::string> best;
  for (const Classified& other : converter.items) {
    const bool parent_kind =
        other.kind == Kind::hub || other.kind == Kind::link || other.kind == Kind::transactional_link;
    if (parent_kind && (item.name == other.name || item.name.starts_with(other.name + "_")) &&
        (!best || other.name.size() > best->size())) {
      best = other.name;
    }
  }
  return best;
}

void add_satellite(Converter& converter, const Classified& item, const ErDiagram& diagram) {
  auto parent = parent_of(converter, item, diagram);
  if (!parent) {
    converter.out.diagnostics.push_back(
        {Severity::error, item.entity->name,
         "satellite without a parent: no relationship line, key column or name prefix matches a hub or link",
         at_line(item.entity->line)});
    return;
  }
  Satellite sat;
  sat.name = item.name.starts_with(*parent + "_") ? item.name.substr(parent->size() + 1) : item.name;
  sat.parent = *parent;
  sat.at = at_line(item.entity->line);
  if (item.kind == Kind::effectivity_satellite) {
    sat.change_tracking = ChangeTracking::effectivity;
  }
  for (const ErColumn& column : item.entity->columns) {
    if (is_hashdiff(column)) {
      if (!iequals(column.name, expand(Naming{}.hashdiff, {.group = sat.name}))) {
        sat.hashdiff = column.name;
      }
      continue;
    }
    if (column.fk && to_lower(column.comment).find("driving") != std::string::npos) {
      if (auto hub = converter.owner_of(column.name)) {
        sat.driving_key.push_back(*hub);
      }
    }
    if (column.pk || column.fk || is_hash_key(column) || is_metadata(column.name)) {
      continue;
    }
    sat.attributes.push_back(column.name);
  }
  if (Entity* entity = converter.entity(*parent); entity != nullptr && entity->has_hub) {
    sat.path = entity->path + ".satellites[" + std::to_string(entity->satellites.size()) + "]";
    entity->satellites.push_back(std::move(sat));
  } else if (Link* link = converter.link(*parent)) {
    sat.path = link->path + ".satellites[" + std::to_string(link->satellites.size()) + "]";
    link->satellites.push_back(std::move(sat));
  }
}

} // namespace

namespace detail {

Parsed convert_diagram(const ErDiagram& diagram) {
  Converter converter;
  for (const ErEntity& entity : diagram.entities) {
    converter.items.push_back(classify(entity));
    if (converter.items.back().kind == Kind::other) {
      converter.warn(entity.line, "",
                     entity.name + ": not a hub, link or satellite (prefix the name with HUB_, LINK_, "
                                   "SAT_, NH_LINK_ or EFF_SAT_); left out");
    }
  }
  // Hubs first (links point at them), then links, then satellites.
  converter.out.spec.entities.reserve(converter.items.size());
  for (const Classified& item : converter.items) {
    if (item.kind == Kind::hub) {
      add_hub(converter, item);
    }
  }
  for (const Classified& item : converter.items) {
    if (item.kind == Kind::link || item.kind == Kind::transactional_link) {
      add_link(converter, item, diagram);
    }
  }
  for (const Classified& item : converter.items) {
    if (item.kind == Kind::satellite || item.kind == Kind::effectivity_satellite) {
      add_satellite(converter, item, diagram);
    }
  }
  return std::move(converter.out);
}

} // namespace detail
} // namespace steward::datavault
