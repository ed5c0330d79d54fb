#include <cstdio>
#include <fstream>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/source/phases.hpp"

namespace steward::dbt::source {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t k_max_file_bytes = std::size_t{16} * 1024 * 1024;

bool is_code(FileKind kind) {
  return kind == FileKind::model || kind == FileKind::python_model || kind == FileKind::snapshot ||
         kind == FileKind::macro || kind == FileKind::analysis || kind == FileKind::test ||
         kind == FileKind::generic_test || kind == FileKind::docs;
}

/// Reads and scans one file; null (with a warning naming it) when it cannot
/// be read, is too large or looks binary.
const SourceFile* load(ParseState& state, const FileEntry& entry) {
  std::error_code ec;
  auto size = fs::file_size(entry.absolute, ec);
  if (!ec && size > k_max_file_bytes) {
    state.warn(display_path(state, entry.absolute) + ": skipped, larger than 16 MiB");
    return nullptr;
  }
  auto text = read_file(entry.absolute);
  if (!text) {
    state.warn("skipped " + display_path(state, entry.absolute) + ": " + text.error().reason);
    return nullptr;
  }
  if (std::string_view(*text).substr(0, 8192).find('\0') != std::string_view::npos) {
    state.warn(display_path(state, entry.absolute) + ": skipped, looks like a binary file");
    return nullptr;
  }
  auto file = std::make_unique<SourceFile>();
  file->package = entry.package->file.name;
  file->path = entry.path;
  file->text = std::move(*text);
  file->tmpl =
      scan_template(file->text, entry.kind == FileKind::python_model ? Language::python : Language::jinja);
  state.files.push_back(std::move(file));
  return state.files.back().get();
}

void register_definitions(ParseState& state, const FileEntry& entry, const SourceFile& file) {
  if (entry.kind == FileKind::macro || entry.kind == FileKind::generic_test) {
    for (const auto& name : state.macros.add(file)) {
      state.warn(display_path(state, entry.absolute) + ": macro " + name + " is defined twice in package " +
                 file.package + "; kept the first");
    }
  } else if (entry.kind == FileKind::docs) {
    for (const auto& name : state.docs.add(file)) {
      state.warn(display_path(state, entry.absolute) + ": docs block " + name +
                 " is defined twice in package " + file.package + "; kept the first");
    }
  }
}

/// Merged `config(...)` calls in `file` between `begin` and `end` (outside
/// blocks when `outside_blocks`).
NodeConfig code_config(const SourceFile& file, std::uint32_t begin, std::uint32_t end, bool outside_blocks,
                       const VarLookup& vars) {
  NodeConfig config;
  for (const auto& call : file.tmpl.calls) {
    bool is_config =
        call.callee == "config" || call.callee == "dbt.config" || call.callee == "builtins.config";
    if (!is_config || call.filter || call.offset < begin || call.offset >= end ||
        (outside_blocks && file.tmpl.in_block(call.offset))) {
      continue;
    }
    config.apply(config_from_call(call, file.text, vars));
  }
  return config;
}

PendingNode base_node(ParseState& state, const FileEntry& entry, ResourceType type, std::string_view name) {
  PendingNode p;
  const std::string& package = entry.package->file.name;
  p.package = entry.package;
  p.stem = std::string(name);
  p.fqn.push_back(package);
  p.fqn.insert(p.fqn.end(), entry.folders.begin(), entry.folders.end());
  p.fqn.emplace_back(name);
  Node& n = p.node;
  n.type = type;
  n.name = state.store(name);
  n.package_name = state.store(package);
  n.path = state.store(entry.path);
  n.unique_id = state.store(unique_id(type, package, name));
  return p;
}

/// Adds `p`. A second definition of the same name is kept too: dbt accepts
/// that when all but one are disabled, which is only known once configs are
/// merged (`resolve_and_add` warns when two stay enabled).
void add_unique(ParseState& state, PendingNode p) {
  state.add(std::move(p));
}

void add_code_node(ParseState& state, const FileEntry& entry, const SourceFile& file, ResourceType type) {
  PendingNode p = base_node(state, entry, type, entry.stem);
  p.node.language = entry.kind == FileKind::python_model ? "python" : "sql";
  p.node.raw_code = state.store(file.text);
  p.deps = state.collector->collect(file, nullptr, file.package);
  p.code_config = code_config(file, 0, file.tmpl.size, true, state.vars(file.package).lookup());
  add_unique(state, std::move(p));
}

void add_snapshots(ParseState& state, const FileEntry& entry, const SourceFile& file) {
  for (const auto& block : file.tmpl.blocks) {
    if (block.kind != Block::Kind::snapshot) {
      continue;
    }
    PendingNode p = base_node(state, entry, ResourceType::snapshot, block.name);
    p.node.language = "sql";
    p.node.raw_code =
        state.store(std::string_view(file.text).substr(block.body_begin, block.body_end - block.body_begin));
    p.deps = state.collector->collect(file, &block, file.package);
    p.code_config =
        code_config(file, block.body_begin, block.body_end, false, state.vars(file.package).lookup());
    add_unique(state, std::move(p));
  }
}

/// The header row of a CSV file (quoted fields, a BOM and CRLF handled).
std::vector<std::string> csv_header(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  std::getline(in, line);
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) {
    line.erase(0, 3);
  }
  std::vector<std::string> out;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < line.size() && i < std::size_t{1024} * 1024; ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.push_back(std::move(field));
      field.clear();
    } else if (c != '\r') {
      field.push_back(c);
    }
  }
  if (!field.empty() || !out.empty()) {
    out.push_back(std::move(field));
  }
  return out;
}

void add_seed(ParseState& state, const FileEntry& entry) {
  PendingNode p = base_node(state, entry, ResourceType::seed, entry.stem);
  for (const auto& name : csv_header(entry.absolute)) {
    Column column;
    column.name = state.store(name);
    column.documented = false;
    p.node.columns.push_back(std::move(column));
  }
  add_unique(state, std::move(p));
}

} // namespace

void read_code_files(ParseState& state) {
  std::vector<const SourceFile*> scanned(state.entries.size(), nullptr);
  for (std::size_t i = 0; i < state.entries.size(); ++i) {
    const FileEntry& entry = state.entries[i];
    if (is_code(entry.kind)) {
      scanned[i] = load(state, entry);
      if (scanned[i] != nullptr) {
        register_definitions(state, entry, *scanned[i]);
      }
    }
  }
  state.macros.add_builtin_stubs();
  state.docs.set_root(state.root().file.name);
  state.collector = std::make_unique<DependencyCollector>(
      state.macros, state.root().file.name,
      [&state](std::string_view package) -> const VarScope& { return state.vars(package); });
  state.collector->set_known_packages(state.package_names);
  for (std::size_t i = 0; i < state.entries.size(); ++i) {
    const FileEntry& entry = state.entries[i];
    const SourceFile* file = scanned[i];
    switch (entry.kind) {
    case FileKind::model:
    case FileKind::python_model:
      if (file != nullptr) {
        add_code_node(state, entry, *file, ResourceType::model);
      }
      break;
    case FileKind::analysis:
      if (file != nullptr) {
        add_code_node(state, entry, *file, ResourceType::analysis);
      }
      break;
    case FileKind::test:
      if (file != nullptr) {
        add_code_node(state, entry, *file, ResourceType::test);
      }
      break;
    case FileKind::snapshot:
      if (file != nullptr) {
        add_snapshots(state, entry, *file);
      }
      break;
    case FileKind::seed: add_seed(state, entry); break;
    default: break;
    }
  }
}

} // namespace steward::dbt::source
