#include <algorithm>
#include <string>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/json_document.hpp"
#include "core/util/text.hpp"

namespace steward::dbt {
namespace {

using json::od::value;

struct CatalogColumn {
  std::string_view name;
  std::string_view type;
  std::string_view comment;
  long long index = 0;
};

void read_catalog_columns(json::Reader& r, value v, std::vector<CatalogColumn>& out) {
  r.fields(v, [&](std::string_view key, value item) {
    CatalogColumn column;
    r.fields(item, [&](std::string_view field, value inner) {
      if (field == "name") {
        column.name = r.scalar(inner);
      } else if (field == "type") {
        column.type = r.scalar(inner);
      } else if (field == "comment") {
        column.comment = r.scalar(inner);
      } else if (field == "index") {
        column.index = r.integer(inner).value_or(0);
      }
    });
    if (column.name.empty()) {
      column.name = r.store(key);
    }
    out.push_back(column);
  });
}

void read_stats(json::Reader& r, value v, std::vector<Stat>& out) {
  r.fields(v, [&](std::string_view key, value item) {
    Stat stat;
    bool include = true;
    r.fields(item, [&](std::string_view field, value inner) {
      if (field == "id") {
        stat.id = r.scalar(inner);
      } else if (field == "label") {
        stat.label = r.scalar(inner);
      } else if (field == "value") {
        stat.value = r.scalar(inner);
      } else if (field == "include") {
        include = r.boolean(inner).value_or(true);
      }
    });
    if (stat.id.empty()) {
      stat.id = r.store(key);
    }
    if (include && stat.id != "has_stats") {
      out.push_back(stat);
    }
  });
}

/// Gives YAML columns their warehouse type and appends undocumented ones in
/// warehouse order.
void merge_columns(Node& node, std::vector<CatalogColumn> columns) {
  std::sort(columns.begin(), columns.end(), [](const auto& a, const auto& b) { return a.index < b.index; });
  for (const auto& column : columns) {
    auto it = std::find_if(node.columns.begin(), node.columns.end(),
                           [&](const Column& known) { return iequals(known.name, column.name); });
    if (it != node.columns.end()) {
      if (it->data_type.empty()) {
        it->data_type = column.type;
      }
      continue;
    }
    Column extra;
    extra.name = column.name;
    extra.data_type = column.type;
    extra.description = column.comment;
    extra.documented = false;
    node.columns.push_back(std::move(extra));
  }
}

struct Entry {
  std::string_view unique_id;
  std::string_view table_type;
  std::vector<CatalogColumn> columns;
  std::vector<Stat> stats;
};

Entry read_entry(json::Reader& r, std::string_view unique_id, value v) {
  Entry entry;
  entry.unique_id = unique_id;
  r.fields(v, [&](std::string_view key, value item) {
    if (key == "metadata") {
      r.fields(item, [&](std::string_view field, value inner) {
        if (field == "type") {
          entry.table_type = r.scalar(inner);
        }
      });
    } else if (key == "columns") {
      read_catalog_columns(r, item, entry.columns);
    } else if (key == "stats") {
      read_stats(r, item, entry.stats);
    }
  });
  return entry;
}

/// Merges entries into the manifest's nodes; returns how many matched none.
std::size_t merge(std::vector<Entry>& entries, ProjectBuilder& builder) {
  std::size_t unmatched = 0;
  for (auto& entry : entries) {
    Node* node = builder.find_mut(entry.unique_id);
    if (node == nullptr) {
      ++unmatched;
      continue;
    }
    node->table_type = entry.table_type;
    node->stats = std::move(entry.stats);
    merge_columns(*node, std::move(entry.columns));
  }
  return unmatched;
}

} // namespace

Result<ArtifactInfo> parse_catalog(JsonText text, std::string_view label, ProjectBuilder& builder) {
  ArtifactInfo info{"catalog", std::string(label), 0, {}, {}};
  std::vector<Entry> entries;
  std::vector<std::string> errors;
  auto parsed = detail::parse_owned(std::move(text), label, builder, [&](json::Reader& r, value root) {
    r.fields(root, [&](std::string_view key, value item) {
      if (key == "metadata") {
        r.fields(item, [&](std::string_view field, value inner) {
          detail::read_metadata_field(r, field, inner, info);
        });
      } else if (key == "nodes" || key == "sources") {
        r.fields(item, [&](std::string_view unique_id, value entry) {
          entries.push_back(read_entry(r, r.store(unique_id), entry));
        });
      } else if (key == "errors") {
        for (std::string_view error : r.strings(item)) {
          errors.emplace_back(error);
        }
      }
    });
  });
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  std::size_t unmatched = merge(entries, builder);
  for (const auto& error : errors) {
    builder.warn(std::string(label) + ": dbt reported a catalog error: " + error);
  }
  if (unmatched > 0) {
    builder.warn(std::string(label) + ": " + std::to_string(unmatched) +
                 " catalog entries match no node of the manifest");
  }
  return info;
}

} // namespace steward::dbt
