#include "core/search/index.hpp"

#include <algorithm>
#include <functional>
#include <span>
#include <string>
#include <utility>

#include "core/search/index_data.hpp"
#include "core/search/tokenizer.hpp"
#include "core/util/text.hpp"

namespace steward::search {
namespace {

using detail::IndexData;
using detail::NameEntry;

bool is_searchable(const dbt::Node& node) {
  if (!node.enabled) {
    return false;
  }
  switch (node.type) {
  case dbt::ResourceType::model:
  case dbt::ResourceType::seed:
  case dbt::ResourceType::snapshot:
  case dbt::ResourceType::source:
  case dbt::ResourceType::metric:
  case dbt::ResourceType::semantic_model:
  case dbt::ResourceType::saved_query:
  case dbt::ResourceType::exposure:
  case dbt::ResourceType::doc: return true;
  default: return false;
  }
}

/// Term ids of texts tokenized before. Column names and (doc-block)
/// descriptions repeat across a project's layers, so most column text is
/// tokenized once. Keys are views into the project's arena.
class TermCache {
public:
  std::span<const std::uint32_t> terms(std::string_view text, Tokenizer& tokenizer, Vocabulary& vocabulary) {
    if ((m_used + 1) * 4 > m_slots.size() * 3) {
      grow();
    }
    const std::uint64_t hash = std::hash<std::string_view>{}(text);
    const std::size_t mask = m_slots.size() - 1;
    std::size_t slot = hash & mask;
    for (; m_slots[slot].used; slot = (slot + 1) & mask) {
      const Slot& found = m_slots[slot];
      if (found.hash == hash && found.text == text) {
        return std::span<const std::uint32_t>(m_ids).subspan(found.begin, found.size);
      }
    }
    const auto begin = static_cast<std::uint32_t>(m_ids.size());
    tokenizer.reset(text);
    for (std::string_view term; tokenizer.next(term);) {
      m_ids.push_back(vocabulary.intern(term));
    }
    const auto size = static_cast<std::uint32_t>(m_ids.size() - begin);
    m_slots[slot] = Slot{hash, text, begin, size, true};
    ++m_used;
    return std::span<const std::uint32_t>(m_ids).subspan(begin, size);
  }

private:
  struct Slot {
    std::uint64_t hash = 0;
    std::string_view text;
    std::uint32_t begin = 0;
    std::uint32_t size = 0;
    bool used = false;
  };

  void grow() {
    std::vector<Slot> old =
        std::exchange(m_slots, std::vector<Slot>(m_slots.empty() ? 4096 : m_slots.size() * 2));
    const std::size_t mask = m_slots.size() - 1;
    for (const Slot& entry : old) {
      if (entry.used) {
        std::size_t slot = entry.hash & mask;
        while (m_slots[slot].used) {
          slot = (slot + 1) & mask;
        }
        m_slots[slot] = entry;
      }
    }
  }

  std::vector<Slot> m_slots;
  std::size_t m_used = 0;
  std::vector<std::uint32_t> m_ids;
};

/// Feeds the text of one node's fields into the postings builder.
class DocumentWriter {
public:
  DocumentWriter(Vocabulary& vocabulary, PostingsBuilder& builder)
      : m_vocabulary(vocabulary), m_builder(builder) {}

  void add_node(const dbt::Node& node) {
    add(node.name, Field::name);
    if (!node.alias.empty() && node.alias != node.name) {
      add(node.alias, Field::name);
    }
    if (node.type == dbt::ResourceType::source) {
      add_cached(node.source_name, Field::name);
      if (node.identifier != node.name) {
        add(node.identifier, Field::name);
      }
    }
    add(node.label, Field::description);
    add(node.description, Field::description);
    std::size_t item = 0;
    for (const dbt::Column& column : node.columns) {
      add_column(item++, column.name, column.description);
    }
    for (const dbt::SemanticField& field : node.semantic_fields) {
      add_column(item++, field.name, field.description);
    }
    for (std::string_view tag : node.tags) {
      add_cached(tag, Field::tags);
    }
    add_path(node);
    add_cached(node.package_name, Field::tags);
    add_cached(dbt::to_string(node.type), Field::tags);
    add_cached(node.source_description, Field::tags);
    add(node.model_ref, Field::tags);
    add_cached(node.owner, Field::tags);
  }

private:
  void add(std::string_view text, Field field) {
    m_tokenizer.reset(text);
    for (std::string_view term; m_tokenizer.next(term);) {
      m_builder.add(m_vocabulary.intern(term), field);
    }
  }

  void add_cached(std::string_view text, Field field, std::uint16_t item = k_no_item) {
    if (text.empty()) {
      return;
    }
    for (std::uint32_t term : m_cache.terms(text, m_tokenizer, m_vocabulary)) {
      m_builder.add(term, field, item);
    }
  }

  // Directories repeat from node to node, so they go through the cache; a
  // file named after the node adds nothing its name has not.
  void add_path(const dbt::Node& node) {
    std::string_view path = node.path;
    const std::size_t slash = path.find_last_of('/');
    std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
    if (slash != std::string_view::npos) {
      add_cached(path.substr(0, slash), Field::tags);
    }
    const std::size_t dot = file.find('.');
    if (file.substr(0, dot) == node.name) {
      add_cached(file.substr(dot == std::string_view::npos ? file.size() : dot), Field::tags);
    } else {
      add_cached(file, Field::tags);
    }
  }

  void add_column(std::size_t index, std::string_view name, std::string_view description) {
    const bool tracked = index <= k_max_item;
    const auto item = static_cast<std::uint16_t>(index);
    add_cached(name, Field::columns, tracked ? static_cast<std::uint16_t>(item | k_item_in_name) : k_no_item);
    add_cached(description, Field::columns, tracked ? item : k_no_item);
  }

  Vocabulary& m_vocabulary;
  PostingsBuilder& m_builder;
  Tokenizer m_tokenizer;
  TermCache m_cache;
};

/// `text` lower-cased, copied into `arena` only when that changes it.
std::string_view lower_key(std::string_view text, StringArena& arena, std::string& scratch) {
  if (std::none_of(text.begin(), text.end(), [](char c) { return c >= 'A' && c <= 'Z'; })) {
    return text;
  }
  scratch.assign(text);
  for (char& c : scratch) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return arena.store(scratch);
}

/// Records the names `node` answers to: its name, its alias when that
/// differs, and for a source `source_name.table`.
void add_names(const dbt::Node& node, std::uint32_t doc, IndexData& data, std::string& scratch) {
  auto add_key = [&](std::string_view key) {
    data.names.push_back(NameEntry{detail::name_hash(key), key, doc});
  };
  if (!node.name.empty()) {
    add_key(lower_key(node.name, data.name_text, scratch));
  }
  if (!node.alias.empty() && !iequals(node.alias, node.name)) {
    add_key(lower_key(node.alias, data.name_text, scratch));
  }
  if (node.type == dbt::ResourceType::source && !node.source_name.empty() && !node.name.empty()) {
    add_key(data.name_text.store(to_lower(std::string(node.source_name) + "." + std::string(node.name))));
  }
}

/// A generous guess at the distinct (document, term) pairs `nodes` make.
/// Reserving address space is cheap; regrowing a large array is not.
std::size_t estimate_occurrences(std::span<const dbt::Node> nodes) {
  std::size_t estimate = 0;
  for (const dbt::Node& node : nodes) {
    if (is_searchable(node)) {
      estimate += 32 + node.description.size() / 6 + 6 * (node.columns.size() + node.semantic_fields.size());
    }
  }
  return estimate;
}

void index_names(IndexData& data) {
  std::sort(data.names.begin(), data.names.end(), [](const NameEntry& a, const NameEntry& b) {
    if (a.hash != b.hash) {
      return a.hash < b.hash;
    }
    const int order = a.key.compare(b.key);
    return order != 0 ? order < 0 : a.doc < b.doc;
  });
  for (std::size_t i = 0; i < data.names.size(); ++i) {
    if (i == 0 || data.names[i].key != data.names[i - 1].key) {
      data.name_typos.add(data.names[i].key, static_cast<std::uint32_t>(i));
    }
  }
  data.name_typos.finish();
}

} // namespace

Index Index::build(const dbt::Project& project) {
  auto data = std::make_shared<IndexData>();
  data->nodes = project.nodes();
  PostingsBuilder builder;
  builder.reserve(estimate_occurrences(data->nodes));
  DocumentWriter writer(data->vocabulary, builder);
  std::string scratch;
  for (dbt::NodeId id = 0; id < data->nodes.size(); ++id) {
    const dbt::Node& node = data->nodes[id];
    if (!is_searchable(node) || builder.documents() >= k_max_documents) {
      continue;
    }
    std::uint32_t doc = builder.begin_document();
    data->doc_node.push_back(id);
    writer.add_node(node);
    builder.end_document();
    add_names(node, doc, *data, scratch);
  }
  const std::size_t term_count = data->vocabulary.size();
  data->postings = std::move(builder).finish(term_count);
  for (std::uint32_t term = 0; term < term_count; ++term) {
    std::string_view text = data->vocabulary.text(term);
    if (text.size() >= 3) {
      data->term_typos.add(text, term);
    }
  }
  data->term_typos.finish();
  index_names(*data);
  Index index;
  index.m_data = std::move(data);
  return index;
}

std::size_t Index::size() const {
  return m_data ? m_data->doc_node.size() : 0;
}

} // namespace steward::search
