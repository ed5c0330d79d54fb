#include "core/fix/llm_options.hpp"

#include <algorithm>
#include <map>

#include "core/fix/context.hpp"

namespace steward::fix {
namespace {

constexpr std::size_t k_max_text = 600; ///< characters kept of a title, what, pro or con
constexpr std::size_t k_max_items = 4;  ///< pros or cons kept
constexpr std::size_t k_max_edits = 8;

std::string without_package(std::string_view path) {
  std::size_t at = path.find("://");
  return std::string(at == std::string_view::npos ? path : path.substr(at + 3));
}

bool editable(std::string_view path) {
  auto ends = [&](std::string_view s) {
    return path.size() >= s.size() && path.substr(path.size() - s.size()) == s;
  };
  return ends(".sql") || ends(".yml") || ends(".yaml");
}

void add_paths_of(const dbt::Node* node, std::vector<std::string>& paths) {
  if (node == nullptr) {
    return;
  }
  for (std::string_view raw : {node->path, node->patch_path}) {
    std::string path = without_package(raw);
    if (!path.empty() && editable(path) && std::find(paths.begin(), paths.end(), path) == paths.end()) {
      paths.push_back(std::move(path));
    }
  }
}

bool safe_path(std::string_view path) {
  return !path.empty() && path.front() != '/' && path.find("..") == std::string_view::npos &&
         path.find('\\') == std::string_view::npos;
}

std::string clipped(std::string text) {
  if (text.size() > k_max_text) {
    text.resize(k_max_text);
    text += "…";
  }
  return text;
}

std::vector<std::string> strings(const nlohmann::json& value) {
  std::vector<std::string> out;
  if (!value.is_array()) {
    return out;
  }
  for (const auto& item : value) {
    if (item.is_string() && out.size() < k_max_items) {
      out.push_back(clipped(item.get<std::string>()));
    }
  }
  return out;
}

Risk risk_of(const nlohmann::json& value) {
  const std::string risk = value.is_string() ? value.get<std::string>() : "";
  if (risk == "low") {
    return Risk::low;
  }
  return risk == "high" ? Risk::high : Risk::medium;
}

std::size_t occurrences(std::string_view text, std::string_view find) {
  std::size_t count = 0;
  for (std::size_t at = text.find(find); at != std::string_view::npos; at = text.find(find, at + 1)) {
    ++count;
  }
  return count;
}

/// The JSON object in a reply: the whole reply, a fenced block, or the text
/// from the first `{` to the last `}`.
nlohmann::json json_in(std::string_view reply) {
  auto parsed = nlohmann::json::parse(reply, nullptr, false);
  if (!parsed.is_discarded()) {
    return parsed;
  }
  const std::size_t open = reply.find('{');
  const std::size_t close = reply.rfind('}');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open) {
    return {};
  }
  parsed = nlohmann::json::parse(reply.substr(open, close - open + 1), nullptr, false);
  return parsed.is_discarded() ? nlohmann::json() : parsed;
}

/// `spec` with only the fields Steward uses, of the right types.
LlmSpec normalised(const nlohmann::json& raw) {
  LlmSpec spec = nlohmann::json::object();
  spec["title"] = clipped(raw.value("title", ""));
  spec["what"] = clipped(raw.value("what", ""));
  spec["pros"] = strings(raw.value("pros", nlohmann::json::array()));
  spec["cons"] = strings(raw.value("cons", nlohmann::json::array()));
  spec["risk"] = std::string(to_string(risk_of(raw.value("risk", nlohmann::json()))));
  spec["edits"] = nlohmann::json::array();
  const nlohmann::json edits = raw.value("edits", nlohmann::json::array());
  if (edits.is_array()) {
    for (const auto& edit : edits) {
      if (edit.is_object()) {
        spec["edits"].push_back({{"path", edit.value("path", "")},
                                 {"find", edit.value("find", "")},
                                 {"replace", edit.value("replace", "")}});
      }
    }
  }
  return spec;
}

} // namespace

std::vector<SourceFile> files_for_llm(const dbt::Project& project, const FailureFacts& facts,
                                      const ReadFile& read, std::size_t max_files) {
  detail::Context ctx = detail::make_context(project, facts, read);
  std::vector<std::string> paths;
  add_paths_of(ctx.failing, paths);
  if (ctx.target != ctx.failing) {
    add_paths_of(ctx.target, paths);
  }
  std::vector<SourceFile> files;
  for (const std::string& path : paths) {
    if (files.size() >= max_files || !read) {
      break;
    }
    if (Result<std::string> text = read(path)) {
      files.push_back({path, std::move(*text)});
    }
  }
  return files;
}

std::string_view llm_fix_instructions() {
  return "You propose fixes for a failing dbt test, model or source freshness check. You get the evidence "
         "and the project files involved. Propose one or two fixes that differ from the options already "
         "offered. Each fix changes only the files shown, as exact text replacements: `find` is a snippet "
         "copied exactly from the file (including indentation) that occurs once in it, `replace` is its new "
         "text. Keep edits minimal, keep YAML comments and formatting, and never invent columns or models "
         "that are not in the evidence or files. If the cause is in the data and no code change helps, "
         "return no options.\n"
         "Reply with JSON only, in this shape:\n"
         R"({"options": [{"title": "imperative, under 80 characters", "what": "what it changes and why the )"
         R"(check then passes", "pros": ["..."], "cons": ["..."], "risk": "low|medium|high", "edits": )"
         R"([{"path": "models/...", "find": "exact text", "replace": "new text"}]}]})";
}

std::string llm_fix_request(std::string_view evidence, const std::vector<FixOption>& offered,
                            const std::vector<SourceFile>& files, std::size_t max_file_chars) {
  std::string out = "## Evidence\n";
  out += evidence;
  out += "\n\n## Options already offered\n";
  if (offered.empty()) {
    out += "(none)\n";
  }
  for (const FixOption& option : offered) {
    out += "- " + option.title + "\n";
  }
  out += "\n## Files\n";
  for (const SourceFile& file : files) {
    out += "\n### " + file.path + "\n```\n" + file.text.substr(0, max_file_chars);
    if (file.text.size() > max_file_chars) {
      out += "\n… (" + std::to_string(file.text.size() - max_file_chars) + " more characters)";
    }
    out += "\n```\n";
  }
  return out;
}

Result<FixOption> option_from_spec(const LlmSpec& spec, std::string id, const ReadFile& read,
                                   const std::vector<std::string>& allowed) {
  if (!spec.is_object() || spec.value("title", "").empty()) {
    return fail("option", "has no title");
  }
  const nlohmann::json edits = spec.value("edits", nlohmann::json::array());
  if (!edits.is_array() || edits.empty()) {
    return fail("option", "changes no file");
  }
  if (edits.size() > k_max_edits) {
    return fail("option", "has more than " + std::to_string(k_max_edits) + " edits");
  }
  std::map<std::string, FileEdit> changed; // by path, in path order
  std::vector<std::string> order;
  std::size_t n = 0;
  for (const auto& edit : edits) {
    const std::string where = "edit " + std::to_string(++n);
    const std::string path = edit.value("path", "");
    const std::string find = edit.value("find", "");
    const std::string replace = edit.value("replace", "");
    const bool listed = allowed.empty() || std::find(allowed.begin(), allowed.end(), path) != allowed.end();
    if (!safe_path(path) || !listed) {
      return fail(where, "'" + path + "' is not one of the files shown");
    }
    if (find.empty()) {
      return fail(where, "has an empty 'find'");
    }
    auto at = changed.find(path);
    if (at == changed.end()) {
      if (!read) {
        return fail(where, path + " cannot be read");
      }
      Result<std::string> text = read(path);
      if (!text) {
        return fail(where, text.error().to_string());
      }
      at = changed.emplace(path, FileEdit{path, *text, *text}).first;
      order.push_back(path);
    }
    const std::size_t count = occurrences(at->second.after, find);
    if (count != 1) {
      return fail(where, "'find' text occurs " + std::to_string(count) + " times in " + path);
    }
    at->second.after.replace(at->second.after.find(find), find.size(), replace);
  }
  std::vector<FileEdit> file_edits;
  file_edits.reserve(order.size());
  for (const std::string& path : order) {
    file_edits.push_back(std::move(changed.at(path)));
  }
  detail::OptionText text{std::move(id),
                          spec.value("title", ""),
                          spec.value("what", ""),
                          strings(spec.value("pros", nlohmann::json::array())),
                          strings(spec.value("cons", nlohmann::json::array())),
                          risk_of(spec.value("risk", nlohmann::json()))};
  std::optional<FixOption> option = detail::make_option(std::move(text), std::move(file_edits));
  if (!option) {
    return fail("option", "changes nothing");
  }
  return std::move(*option);
}

LlmFixes parse_llm_fixes(std::string_view reply, const std::vector<SourceFile>& files,
                         const std::vector<FixOption>& offered, const ReadFile& read, std::size_t limit) {
  LlmFixes out;
  const nlohmann::json parsed = json_in(reply);
  const nlohmann::json options =
      parsed.is_object() ? parsed.value("options", nlohmann::json()) : nlohmann::json();
  if (!options.is_array()) {
    out.rejected.emplace_back("the reply is not JSON with an \"options\" list");
    return out;
  }
  std::vector<std::string> allowed;
  allowed.reserve(files.size());
  for (const SourceFile& file : files) {
    allowed.push_back(file.path);
  }
  std::size_t n = 0;
  for (const auto& raw : options) {
    ++n;
    if (!raw.is_object()) {
      out.rejected.push_back("option " + std::to_string(n) + ": not an object");
      continue;
    }
    LlmSpec spec = normalised(raw);
    Result<FixOption> option =
        option_from_spec(spec, "llm_" + std::to_string(out.fixes.size() + 1), read, allowed);
    if (!option) {
      out.rejected.push_back("option " + std::to_string(n) + ": " + option.error().to_string());
      continue;
    }
    const auto same = [&](const FixOption& other) { return other.diff == option->diff; };
    if (std::any_of(offered.begin(), offered.end(), same) ||
        std::any_of(out.fixes.begin(), out.fixes.end(),
                    [&](const LlmFix& fix) { return same(fix.option); })) {
      out.rejected.push_back("option " + std::to_string(n) + ": repeats an option already offered");
      continue;
    }
    if (out.fixes.size() >= limit) {
      out.rejected.push_back("option " + std::to_string(n) + ": more than " + std::to_string(limit) +
                             " options");
      continue;
    }
    out.fixes.push_back({std::move(*option), std::move(spec)});
  }
  return out;
}

} // namespace steward::fix
