#include "bot/config/file_input.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <set>

#include "core/util/text.hpp"

namespace steward::config {
namespace {

struct FileCloser {
  void operator()(std::FILE* file) const { (void)std::fclose(file); }
};

// Unknown maps are reported leaf by leaf down to this depth, then as a whole.
constexpr int k_max_unknown_depth = 8;

std::string did_you_mean(std::string_view name, const std::vector<std::string>& names) {
  std::vector<std::string_view> candidates(names.begin(), names.end());
  std::vector<std::string> near = closest(name, candidates, 1);
  return near.empty() ? "" : "; did you mean " + near.front() + "?";
}

/// Walks the YAML tree, collecting known settings and reporting the rest.
class Walker {
public:
  Walker(const Schema& schema, std::string file, FileContents& out)
      : m_schema(schema), m_names(schema.file_names()), m_sections(schema.section_names()),
        m_file(std::move(file)), m_out(out) {}

  void walk_map(const YAML::Node& map, const std::string& prefix) {
    for (auto it = map.begin(); it != map.end(); ++it) {
      // Copies: `it->` yields a temporary pair, so references to its parts dangle.
      YAML::Node name = it->first;
      YAML::Node value = it->second;
      if (!name.IsScalar()) {
        error(prefix.empty() ? m_file : prefix, "keys must be plain names, got " + describe_node(name));
        continue;
      }
      std::string key = prefix.empty() ? name.Scalar() : prefix + "." + name.Scalar();
      if (m_schema.find(key) != nullptr || m_schema.find_secret_file(key) != nullptr) {
        if (!m_seen.insert(key).second) {
          error(key, "set more than once");
        } else {
          m_out.entries.push_back(FileEntry{key, value});
        }
      } else if (m_schema.is_section(key)) {
        walk_section(key, value);
      } else {
        unknown(key, value, 0);
      }
    }
  }

private:
  void walk_section(const std::string& key, const YAML::Node& value) {
    if (value.IsNull()) {
      return;
    }
    if (!value.IsMap()) {
      std::string members;
      for (const KeySpec& spec : m_schema.keys()) {
        if (spec.key.starts_with(key + ".")) {
          members += (members.empty() ? "" : ", ") + spec.key;
        }
      }
      error(key, "expected a map of settings (" + members + "), got " + describe_node(value));
      return;
    }
    walk_map(value, key);
  }

  void unknown(const std::string& key, const YAML::Node& value, int depth) {
    if (value.IsMap() && value.size() > 0 && depth < k_max_unknown_depth) {
      for (auto it = value.begin(); it != value.end(); ++it) {
        if (!it->first.IsScalar()) {
          error(key, unknown_key(key));
          return;
        }
        unknown(key + "." + it->first.Scalar(), it->second, depth + 1);
      }
      return;
    }
    error(key, unknown_key(key));
  }

  /// Suggests the nearest setting, else the nearest section.
  std::string unknown_key(const std::string& key) const {
    std::string hint = did_you_mean(key, m_names);
    return "unknown key" + (hint.empty() ? did_you_mean(key, m_sections) : hint);
  }

  void error(std::string key, std::string reason) {
    m_out.errors.push_back(Error{std::move(key), std::move(reason)});
  }

  const Schema& m_schema;
  std::vector<std::string> m_names;
  std::vector<std::string> m_sections;
  std::string m_file;
  FileContents& m_out;
  std::set<std::string> m_seen;
};

std::string yaml_failure(const YAML::Exception& failure) {
  if (failure.mark.is_null()) {
    return "invalid YAML: " + failure.msg;
  }
  return "invalid YAML at line " + std::to_string(failure.mark.line + 1) + ", column " +
         std::to_string(failure.mark.column + 1) + ": " + failure.msg;
}

} // namespace

tl::expected<std::string, std::string> read_limited_file(const std::filesystem::path& path,
                                                         std::size_t limit) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return tl::unexpected(std::string("is a directory, expected a file"));
  }
  std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
  if (!file) {
    return tl::unexpected(std::string(std::strerror(errno)));
  }
  std::string text;
  char buffer[1 << 14];
  while (true) {
    std::size_t got = std::fread(buffer, 1, sizeof(buffer), file.get());
    text.append(buffer, got);
    if (text.size() > limit) {
      return tl::unexpected("larger than " + std::to_string(limit / 1024) + " KiB");
    }
    if (got < sizeof(buffer)) {
      if (std::ferror(file.get()) != 0) {
        return tl::unexpected(std::string(std::strerror(errno)));
      }
      return text;
    }
  }
}

tl::expected<Secret, std::string> read_secret_file(const std::filesystem::path& path) {
  auto text = read_limited_file(path, k_max_secret_bytes);
  if (!text) {
    return tl::unexpected("cannot read secret file " + path.string() + ": " + text.error());
  }
  while (!text->empty() && (text->back() == '\n' || text->back() == '\r')) {
    text->pop_back();
  }
  if (text->empty()) {
    return tl::unexpected("secret file " + path.string() + " is empty");
  }
  return Secret(std::move(*text));
}

FileContents read_config_yaml(const Schema& schema, const std::filesystem::path& file) {
  FileContents out;
  auto fail_file = [&](std::string reason) {
    out.errors.push_back(Error{file.string(), std::move(reason)});
    return out;
  };
  auto text = read_limited_file(file, k_max_config_bytes);
  if (!text) {
    return fail_file("cannot read config file: " + text.error());
  }
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(*text);
  } catch (const YAML::Exception& failure) {
    return fail_file(yaml_failure(failure));
  } catch (const std::exception& failure) {
    return fail_file(std::string("invalid YAML: ") + failure.what());
  }
  if (documents.size() > 1) {
    return fail_file("holds " + std::to_string(documents.size()) + " YAML documents; expected one");
  }
  if (documents.empty() || documents.front().IsNull()) {
    out.parsed = true;
    return out; // an empty file sets nothing
  }
  if (!documents.front().IsMap()) {
    return fail_file("expected a map of settings at the top level, got " + describe_node(documents.front()));
  }
  out.parsed = true;
  Walker(schema, file.string(), out).walk_map(documents.front(), "");
  return out;
}

std::string describe_node(const YAML::Node& node) {
  switch (node.Type()) {
  case YAML::NodeType::Null: return "nothing";
  case YAML::NodeType::Scalar: return "a single value";
  case YAML::NodeType::Sequence: return "a list";
  case YAML::NodeType::Map: return "a map";
  case YAML::NodeType::Undefined: break;
  }
  return "an undefined value";
}

} // namespace steward::config
