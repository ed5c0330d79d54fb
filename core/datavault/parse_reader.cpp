#include "core/datavault/parse_reader.hpp"

#include <utility>

#include "core/util/text.hpp"

namespace steward::datavault::detail {

Location Reader::at(const YAML::Node& node) const {
  Location location;
  location.document = m_document;
  const YAML::Mark mark = node.Mark();
  location.line = mark.is_null() ? 0 : mark.line + 1;
  return location;
}

void Reader::error(const YAML::Node& node, std::string path, std::string message) {
  m_out->push_back({Severity::error, std::move(path), std::move(message), at(node)});
}

void Reader::warn(const YAML::Node& node, std::string path, std::string message) {
  m_out->push_back({Severity::warning, std::move(path), std::move(message), at(node)});
}

void Reader::check_keys(const YAML::Node& node, const std::string& path,
                        std::initializer_list<std::string_view> known) {
  if (!node.IsMap()) {
    return;
  }
  std::vector<std::string_view> names(known.begin(), known.end());
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    bool found = false;
    for (std::string_view name : names) {
      found = found || name == key;
    }
    if (found) {
      continue;
    }
    std::string message = "unknown key '" + key + "', ignored";
    if (auto near = closest(key, names, 1); !near.empty()) {
      message += "; did you mean " + near.front() + "?";
    } else {
      std::string list;
      for (std::string_view name : names) {
        list += (list.empty() ? "" : ", ") + std::string(name);
      }
      message += " (known: " + list + ")";
    }
    warn(entry.first, join(path, key), std::move(message));
  }
}

bool Reader::text(const YAML::Node& node, std::string_view key, const std::string& path, std::string& out) {
  const YAML::Node value = node[std::string(key)];
  if (!value || value.IsNull()) {
    return true;
  }
  if (!value.IsScalar()) {
    error(value, join(path, key), "expected a single value, not a list or mapping");
    return false;
  }
  out = value.Scalar();
  return true;
}

bool Reader::texts_of(const YAML::Node& value, const std::string& path, std::vector<std::string>& out) {
  if (!value || value.IsNull()) {
    return true;
  }
  if (value.IsScalar()) {
    if (!value.Scalar().empty()) {
      out.push_back(value.Scalar());
    }
    return true;
  }
  if (!value.IsSequence()) {
    error(value, path, "expected a name or a list of names, not a mapping");
    return false;
  }
  bool ok = true;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const YAML::Node item = value[i];
    if (!item.IsScalar() || item.Scalar().empty()) {
      error(item, index(path, i), "expected a name");
      ok = false;
      continue;
    }
    out.push_back(item.Scalar());
  }
  return ok;
}

bool Reader::texts(const YAML::Node& node, std::string_view key, const std::string& path,
                   std::vector<std::string>& out) {
  return texts_of(node[std::string(key)], join(path, key), out);
}

bool Reader::expect_map(const YAML::Node& node, const std::string& path, std::string_view what) {
  if (node.IsMap()) {
    return true;
  }
  error(node, path, "expected a mapping (" + std::string(what) + ")");
  return false;
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string index(const std::string& path, std::size_t i) {
  return path + "[" + std::to_string(i) + "]";
}

namespace {

void read_case(Reader& reader, const YAML::Node& node, const std::string& path, IdentifierCase& out) {
  std::string value;
  if (!reader.text(node, "case", path, value) || value.empty()) {
    return;
  }
  const std::string lower = to_lower(value);
  if (lower == "upper") {
    out = IdentifierCase::upper;
  } else if (lower == "lower") {
    out = IdentifierCase::lower;
  } else if (lower == "keep" || lower == "preserve") {
    out = IdentifierCase::keep;
  } else {
    reader.error(node["case"], join(path, "case"), "'" + value + "' is not upper, lower or keep");
  }
}

void read_naming(Reader& reader, const YAML::Node& node, Naming& naming) {
  const std::string path = "project.naming";
  if (!reader.expect_map(node, path, "naming templates")) {
    return;
  }
  reader.check_keys(node, path,
                    {"stage", "hub", "link", "transactional_link", "satellite", "effectivity_satellite",
                     "hash_key", "hashdiff", "load_date", "record_source", "effective_from", "start_date",
                     "end_date", "case"});
  for (auto [key, field] :
       {std::pair{"stage", &naming.stage}, std::pair{"hub", &naming.hub}, std::pair{"link", &naming.link},
        std::pair{"transactional_link", &naming.transactional_link},
        std::pair{"satellite", &naming.satellite},
        std::pair{"effectivity_satellite", &naming.effectivity_satellite},
        std::pair{"hash_key", &naming.hash_key}, std::pair{"hashdiff", &naming.hashdiff},
        std::pair{"load_date", &naming.load_date}, std::pair{"record_source", &naming.record_source},
        std::pair{"effective_from", &naming.effective_from}, std::pair{"start_date", &naming.start_date},
        std::pair{"end_date", &naming.end_date}}) {
    reader.text(node, key, path, *field);
  }
  read_case(reader, node, path, naming.identifier_case);
}

void read_folders(Reader& reader, const YAML::Node& node, Folders& folders) {
  const std::string path = "project.folders";
  if (!reader.expect_map(node, path, "folders per kind of model")) {
    return;
  }
  reader.check_keys(node, path, {"stage", "hub", "link", "satellite"});
  for (auto [key, field] : {std::pair{"stage", &folders.stage}, std::pair{"hub", &folders.hub},
                            std::pair{"link", &folders.link}, std::pair{"satellite", &folders.satellite}}) {
    reader.text(node, key, path, *field);
  }
}

} // namespace

void read_settings(Reader& reader, const YAML::Node& node, Settings& settings) {
  const std::string path = "project";
  settings.at = reader.at(node);
  if (!reader.expect_map(node, path, "package, platform, naming, ...")) {
    return;
  }
  reader.check_keys(node, path,
                    {"name", "description", "package", "package_version", "platform", "materialization",
                     "stage_materialization", "naming", "folders"});
  for (auto [key, field] :
       {std::pair{"package", &settings.package}, std::pair{"package_version", &settings.package_version},
        std::pair{"platform", &settings.platform}, std::pair{"materialization", &settings.materialization},
        std::pair{"stage_materialization", &settings.stage_materialization}}) {
    reader.text(node, key, path, *field);
  }
  if (const YAML::Node naming = node["naming"]; naming && !naming.IsNull()) {
    read_naming(reader, naming, settings.naming);
  }
  if (const YAML::Node folders = node["folders"]; folders && !folders.IsNull()) {
    read_folders(reader, folders, settings.folders);
  }
}

} // namespace steward::datavault::detail
