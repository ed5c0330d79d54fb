// Links (n-ary, role-playing, transactional): their hubs, hash key
// composition and the stages that compute them.
#include <algorithm>
#include <set>

#include "core/datavault/plan_detail.hpp"
#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

/// One resolved `related_hubs` entry.
struct Member {
  const RelatedHub* spec = nullptr;
  const Entity* entity = nullptr;
  const HubModel* hub = nullptr;
  ForeignKey key;
};

std::vector<std::string> hub_entity_names(const Planner& planner) {
  std::vector<std::string> out;
  for (const Entity& entity : planner.spec().entities) {
    if (entity.has_hub) {
      out.push_back(entity.name);
    }
  }
  return out;
}

std::vector<Member> resolve_members(Planner& planner, const Link& link) {
  std::vector<Member> members;
  std::set<std::string> columns;
  for (const RelatedHub& related : link.hubs) {
    const Entity* entity = planner.entity(related.hub);
    if (entity == nullptr || !entity->has_hub) {
      planner.error(related.path, related.at,
                    "unknown hub '" + related.hub + "' in link " + link.name +
                        Planner::did_you_mean(related.hub, hub_entity_names(planner)));
      continue;
    }
    const auto repeats = std::count_if(link.hubs.begin(), link.hubs.end(),
                                       [&](const RelatedHub& other) { return other.hub == related.hub; });
    if (repeats > 1 && related.role.empty()) {
      planner.error(related.path, related.at,
                    "hub " + related.hub + " appears " + std::to_string(repeats) + " times in link " +
                        link.name + ": give each a role and its key_field (related_hubs: [{hub: " +
                        related.hub + ", role: ..., key_field: ...}])");
      continue;
    }
    if (!related.role.empty() && !is_identifier(related.role)) {
      planner.error(related.path + ".role", related.at, "role '" + related.role + "' is not an identifier");
    }
    if (repeats > 1 && related.key_fields.empty()) {
      planner.error(related.path + ".key_field", related.at,
                    "missing: role " + related.role + " of hub " + related.hub +
                        " needs the source columns of its business key (key_field)");
    }
    if (!related.key_fields.empty() && related.key_fields.size() != entity->hub.business_key.size()) {
      planner.error(related.path + ".key_field", related.at,
                    "the business key of " + related.hub + " has " +
                        std::to_string(entity->hub.business_key.size()) + " column(s) but key_field gives " +
                        std::to_string(related.key_fields.size()));
    }
    const HubModel* hub = planner.hub(related.hub);
    if (hub == nullptr) {
      continue;
    }
    Member member{&related, entity, hub, {}};
    member.key.entity = related.hub;
    member.key.role = related.role;
    member.key.hub_model = hub->model;
    member.key.hub_hash_key = hub->hash_key;
    member.key.column = related.role.empty() || related.key_fields.empty()
                            ? hub->hash_key
                            : planner.column(expand(planner.naming().hash_key,
                                                    {.entity = related.role, .relationship = related.role}));
    if (!columns.insert(member.key.column).second) {
      planner.error(related.path, related.at,
                    "two hubs of link " + link.name + " share the column " + member.key.column);
    }
    members.push_back(std::move(member));
  }
  return members;
}

/// What the link's hash key hashes: each hub's business key, hubs in
/// alphabetical order of entity then role, then the transaction key.
std::vector<std::string> key_columns(const Planner& planner, const Link& link, std::vector<Member> members) {
  std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) {
    return std::tie(a.key.entity, a.key.role) < std::tie(b.key.entity, b.key.role);
  });
  std::vector<std::string> out;
  for (const Member& member : members) {
    const auto columns =
        member.spec->key_fields.empty() ? member.hub->business_key : planner.columns(member.spec->key_fields);
    out.insert(out.end(), columns.begin(), columns.end());
  }
  const auto transaction = planner.columns(link.transaction_key);
  out.insert(out.end(), transaction.begin(), transaction.end());
  return out;
}

std::vector<std::string> default_sources(const Planner& planner, const std::vector<Member>& members) {
  std::vector<std::string> out;
  if (members.empty()) {
    return out;
  }
  for (const SourceMapping& mapping : members.front().entity->source_mappings) {
    const bool everywhere = std::all_of(members.begin(), members.end(), [&](const Member& member) {
      return !member.spec->key_fields.empty() || planner.mapping(*member.entity, mapping.source) != nullptr;
    });
    if (everywhere) {
      out.push_back(mapping.source);
    }
  }
  return out;
}

void check_shape(Planner& planner, const Link& link, std::size_t members) {
  const bool transactional = link.transactional();
  if (!transactional && link.hubs.size() < 2) {
    planner.error(
        link.path + ".related_hubs", link.at,
        "link " + link.name + " has " + std::to_string(link.hubs.size()) +
            " hub(s); a link needs at least two (or one hub twice, with roles); for events on one hub "
            "use relationship_type: transactional");
  } else if (transactional && link.hubs.empty()) {
    planner.error(link.path + ".related_hubs", link.at, "a transactional link needs at least one hub");
  }
  const std::vector<std::string> types{"one_to_one",    "one_to_many",    "many_to_one",   "many_to_many",
                                       "transactional", "non_historized", "non_historised"};
  if (!link.relationship_type.empty() &&
      std::find(types.begin(), types.end(), to_lower(link.relationship_type)) == types.end()) {
    planner.warn(link.path + ".relationship_type", link.at,
                 "'" + link.relationship_type + "' is not one of " + join(types) +
                     Planner::did_you_mean(to_lower(link.relationship_type), types));
  }
  if (!transactional && (!link.payload.empty() || !link.transaction_key.empty())) {
    planner.warn(link.path + (link.payload.empty() ? ".transaction_key" : ".payload"), link.at,
                 "ignored: payload and transaction_key belong to transactional links; put attributes of a "
                 "relationship in a satellite of the link");
  }
  if (transactional && link.transaction_key.empty() && members > 0) {
    planner.warn(link.path + ".transaction_key", link.at,
                 "no transaction_key: two transactions between the same hubs get the same hash key and the "
                 "second is dropped");
  }
  if (!is_identifier(link.name) && !link.name.empty()) {
    planner.error(link.path + ".name", link.at, "link name '" + link.name + "' is not an identifier");
  }
}

/// Warns when `hub` is not loaded from `source`, which loads `link`.
void warn_orphan(Planner& planner, const Link& link, const HubModel& hub, const std::string& entity,
                 const std::string& source, const std::string& path) {
  const std::string& link_model = planner.plan().links.back().model; // the link being planned
  const std::string stage_model = planner.stage(source).model;
  if (std::find(hub.stages.begin(), hub.stages.end(), stage_model) != hub.stages.end()) {
    return;
  }
  planner.warn(path, link.at,
               "hub " + hub.model + " is not loaded from source " + source + ", which loads link " +
                   link_model + ": the link may point at " + entity + " keys the hub does not have (add " +
                   source + " to its hub.sources)");
}

void stage_link(Planner& planner, const Link& link, const std::vector<Member>& members, std::size_t index,
                const std::string& source, const std::string& path) {
  LinkModel& model = planner.plan().links[index];
  for (const Member& member : members) {
    if (member.spec->key_fields.empty()) {
      planner.stage_hub_key(*member.entity, source, member.spec->path, member.spec->at);
    } else {
      for (const std::string& field : member.spec->key_fields) {
        planner.need_column(source, field, member.spec->path + ".key_field", member.spec->at);
      }
      planner.add_hashed(planner.stage(source),
                         {member.key.column, planner.columns(member.spec->key_fields), false,
                          "Hash key of " + member.key.entity + " as " + member.key.role + "."},
                         "hash key of role " + member.key.role, member.spec->path, member.spec->at);
    }
    warn_orphan(planner, link, *member.hub, member.key.entity, source, path);
  }
  if (model.transactional) {
    if (planner.source(source)->effective_from.empty()) {
      planner.error(path, link.at,
                    "a transactional link needs an effective date: set source_mappings." + source +
                        ".effective_from");
    }
    for (const std::string& column : link.payload) {
      planner.need_column(source, column, link.path + ".payload", link.at);
    }
  }
  for (const std::string& column : link.transaction_key) {
    planner.need_column(source, column, link.path + ".transaction_key", link.at);
  }
  planner.add_hashed(planner.stage(source),
                     {model.hash_key, model.key_columns, false, "Hash key of link " + link.name + "."},
                     "hash key of link " + link.name, path, link.at);
  model.stages.push_back(planner.stage(source).model);
}

void plan_link(Planner& planner, const Link& link) {
  const std::vector<Member> members = resolve_members(planner, link);
  check_shape(planner, link, members.size());
  LinkModel model;
  model.name = link.name;
  model.description = link.description;
  model.spec_path = link.path;
  model.transactional = link.transactional();
  const Naming& naming = planner.naming();
  model.model = !link.model_name.empty()
                    ? link.model_name
                    : expand(model.transactional ? naming.transactional_link : naming.link,
                             {.entity = link.name, .relationship = link.name});
  model.hash_key = planner.column(
      link.hash_key.empty() ? expand(naming.hash_key, {.entity = link.name, .relationship = link.name})
                            : link.hash_key);
  for (const Member& member : members) {
    model.foreign_keys.push_back(member.key);
  }
  model.key_columns = key_columns(planner, link, members);
  model.payload = model.transactional ? planner.columns(link.payload) : std::vector<std::string>{};
  model.sources = link.sources.empty() ? default_sources(planner, members) : link.sources;
  planner.name_model(model.model, link.path, link.at);
  if (members.size() != link.hubs.size()) {
    planner.plan().links.push_back(std::move(model)); // still listed, for satellites' messages
    return;
  }
  if (model.sources.empty()) {
    planner.error(link.path + ".sources", link.at,
                  "no source maps every hub of link " + link.name +
                      ": list sources: and map each hub's business key in them (source_mappings)");
  } else if (model.transactional && model.sources.size() > 1) {
    planner.error(link.path + ".sources", link.at,
                  "a transactional link loads from one source (" + planner.plan().transactional_macro +
                      " takes one source_model); this one lists " + std::to_string(model.sources.size()) +
                      ": split it into one link per source");
  }
  planner.decide("link " + model.model + ": hash key " + model.hash_key + " hashes " +
                 join(model.key_columns) +
                 " (hubs in alphabetical order, each hub's business key in its order" +
                 (link.transaction_key.empty() ? "" : ", then the transaction key") + ")");
  planner.plan().links.push_back(std::move(model));
  const std::size_t index = planner.plan().links.size() - 1;
  const std::vector<std::string> sources = planner.plan().links[index].sources;
  for (std::size_t i = 0; i < sources.size(); ++i) {
    const std::string path =
        link.sources.empty() ? link.path + ".sources" : link.path + ".sources[" + std::to_string(i) + "]";
    if (planner.source(sources[i]) == nullptr) {
      planner.error(path, link.at,
                    "source " + sources[i] + " is used but not mapped: add source_mappings." + sources[i] +
                        Planner::did_you_mean(sources[i], planner.source_names()));
      continue;
    }
    stage_link(planner, link, members, index, sources[i], path);
  }
}

} // namespace

void plan_links(Planner& planner) {
  std::set<std::string> names;
  for (const Entity& entity : planner.spec().entities) {
    for (const Link& link : entity.links) {
      if (link.name.empty()) {
        continue;
      }
      if (!names.insert(link.name).second) {
        planner.error(link.path + ".name", link.at, "duplicate link name " + link.name);
        continue;
      }
      plan_link(planner, link);
    }
  }
}

} // namespace steward::datavault::detail
