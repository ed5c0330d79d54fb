#include "core/router/format.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <utility>

#include "core/answer/markup.hpp"
#include "core/util/text.hpp"

namespace steward::router::detail {

std::string display_name(const dbt::Node& node) {
  if (node.type == dbt::ResourceType::source && !node.source_name.empty()) {
    return std::string(node.source_name) + "." + std::string(node.name);
  }
  return node.name.empty() ? std::string(node.unique_id) : std::string(node.name);
}

std::string code(std::string_view text) {
  std::string out = "`";
  for (char c : text) {
    if (c != '`') {
      out += c;
    }
  }
  return out.size() == 1 ? std::string("` `") : out + "`";
}

std::string type_name(dbt::ResourceType type) {
  std::string name(dbt::to_string(type));
  for (char& c : name) {
    c = c == '_' ? ' ' : c;
  }
  return name;
}

std::string count_of(std::size_t count, dbt::ResourceType type) {
  std::string name = type_name(type);
  if (count != 1) {
    if (name.ends_with("is")) { // analysis
      name = name.substr(0, name.size() - 2) + "es";
    } else if (name.ends_with("ry")) { // saved query
      name = name.substr(0, name.size() - 1) + "ies";
    } else if (type != dbt::ResourceType::unknown) {
      name += "s";
    }
  }
  return std::to_string(count) + " " + name;
}

std::string type_heading(dbt::ResourceType type) {
  std::string phrase = count_of(2, type);
  phrase = phrase.substr(phrase.find(' ') + 1);
  phrase.front() = static_cast<char>(std::toupper(static_cast<unsigned char>(phrase.front())));
  return phrase;
}

std::string plural(std::size_t count, std::string_view noun) {
  return std::to_string(count) + " " + std::string(noun) + (count == 1 ? "" : "s");
}

std::string first_line(std::string_view text, std::size_t width) {
  for (auto line : split(text, '\n')) {
    line = trim(line);
    if (!line.empty()) {
      // Plain text: cutting marked-up text could leave a marker unclosed.
      return answer::markup::truncate_utf8(answer::markup::to_plain(line), width);
    }
  }
  return {};
}

std::string squeezed(std::string_view text, std::size_t width) {
  std::string out;
  for (char c : trim(text)) {
    bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r';
    if (!space) {
      out += c;
    } else if (!out.empty() && out.back() != ' ') {
      out += ' ';
    }
  }
  return answer::markup::truncate_utf8(out, width);
}

std::string node_item(const dbt::Node& node, bool with_description) {
  std::string item = code(display_name(node)) + " (" + type_name(node.type) + ")";
  if (with_description) {
    if (std::string line = first_line(node.description, 120); !line.empty()) {
      item += " — " + line;
    }
  }
  return item;
}

answer::Actions node_buttons(const dbt::Node& node, std::string_view current) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 4> k_buttons = {{
      {"steward.describe", "Describe"},
      {"steward.upstream", "Upstream"},
      {"steward.downstream", "Downstream"},
      {"steward.impact", "What breaks?"},
  }};
  answer::Actions actions;
  for (const auto& [action, label] : k_buttons) {
    if (action != current) {
      actions.buttons.push_back({std::string(label), std::string(action), std::string(node.unique_id)});
    }
  }
  return actions;
}

std::string seconds(double value) {
  std::array<char, 64> text{};
  auto [end, error] =
      std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed, 2);
  if (error != std::errc()) {
    return "?s";
  }
  return std::string(text.data(), end) + "s";
}

std::string and_more(std::size_t hidden) {
  return hidden == 0 ? std::string() : "_and " + std::to_string(hidden) + " more_";
}

Routed routed(answer::Answer answer, std::string_view intent, const dbt::Node* focus) {
  Routed out{std::move(answer), std::string(intent), {}, {}};
  if (focus != nullptr) {
    out.focus = std::string(focus->unique_id);
    out.cited.push_back(out.focus);
  }
  return out;
}

void cite(Routed& routed, std::string_view unique_id) {
  if (std::find(routed.cited.begin(), routed.cited.end(), unique_id) == routed.cited.end()) {
    routed.cited.emplace_back(unique_id);
  }
}

namespace {

std::string owner_text(std::string_view name, std::string_view email) {
  if (name.empty() || name == email) {
    return std::string(email);
  }
  return email.empty() ? std::string(name) : std::string(name) + " (" + std::string(email) + ")";
}

} // namespace

std::string owner_of(const dbt::Project& project, const dbt::Node& node) {
  if (std::string own = owner_text(node.owner, node.owner_email); !own.empty()) {
    return own;
  }
  if (node.group.empty()) {
    return {};
  }
  for (dbt::NodeId id : project.named(node.group)) {
    const dbt::Node& group = project.node(id);
    if (group.type == dbt::ResourceType::group) {
      return owner_text(group.owner, group.owner_email);
    }
  }
  return {};
}

} // namespace steward::router::detail
