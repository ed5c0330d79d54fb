#include "core/dbt/source/macros.hpp"

namespace steward::dbt::source {
namespace {

struct Stub {
  const char* package;
  const char* text;
};

// Parse-time behaviour of fivetran_utils macros: the branch taken when no
// union vars are set calls `source()` with these parameters.
constexpr Stub k_stubs[] = {
    {"fivetran_utils",
     "{% macro union_connections(connection_dictionary, single_source_name, single_table_name, "
     "default_identifier=single_table_name) %}{{ source(single_source_name, single_table_name) }}"
     "{% endmacro %}"
     "{% macro union_data(table_identifier, database_variable, schema_variable, default_database, "
     "default_schema, default_variable, union_schema_variable='union_schemas', "
     "union_database_variable='union_databases') %}{{ source(default_schema, table_identifier) }}"
     "{% endmacro %}"},
};

std::string key_of(std::string_view package, std::string_view name) {
  std::string key(package);
  key.push_back('.');
  key.append(name);
  return key;
}

} // namespace

std::vector<std::string> MacroTable::add(const SourceFile& file) {
  std::vector<std::string> duplicates;
  const auto& blocks = file.tmpl.blocks;
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const Block& block = blocks[i];
    if (block.kind == Block::Kind::docs || block.kind == Block::Kind::snapshot) {
      continue;
    }
    auto macro = std::make_unique<MacroDef>();
    macro->package = file.package;
    macro->name = block.kind == Block::Kind::test ? "test_" + block.name : block.name;
    macro->unique_id = "macro." + key_of(file.package, macro->name);
    macro->file = &file;
    macro->block = i;
    auto [it, inserted] = m_by_key.try_emplace(key_of(file.package, macro->name), macro.get());
    if (!inserted) {
      duplicates.push_back(macro->name);
      continue;
    }
    m_packages.insert(file.package);
    m_macros.push_back(std::move(macro));
  }
  return duplicates;
}

void MacroTable::add_builtin_stubs() {
  for (const auto& stub : k_stubs) {
    if (has_package(stub.package)) {
      continue;
    }
    auto file = std::make_unique<SourceFile>();
    file->package = stub.package;
    file->path = "(built-in stand-in)";
    file->text = stub.text;
    file->tmpl = scan_template(file->text);
    for (std::size_t i = 0; i < file->tmpl.blocks.size(); ++i) {
      auto macro = std::make_unique<MacroDef>();
      macro->package = stub.package;
      macro->name = file->tmpl.blocks[i].name;
      macro->unique_id = "macro." + key_of(stub.package, macro->name);
      macro->file = file.get();
      macro->block = i;
      macro->stub = true;
      m_by_key.try_emplace(key_of(stub.package, macro->name), macro.get());
      m_macros.push_back(std::move(macro));
    }
    m_stub_files.push_back(std::move(file));
  }
}

const MacroDef* MacroTable::find(std::string_view package, std::string_view name) const {
  auto it = m_by_key.find(key_of(package, name));
  return it == m_by_key.end() ? nullptr : it->second;
}

bool MacroTable::has_package(std::string_view package) const {
  return m_packages.contains(std::string(package));
}

std::vector<const MacroDef*> MacroTable::all() const {
  std::vector<const MacroDef*> out;
  for (const auto& macro : m_macros) {
    if (!macro->stub) {
      out.push_back(macro.get());
    }
  }
  return out;
}

} // namespace steward::dbt::source
