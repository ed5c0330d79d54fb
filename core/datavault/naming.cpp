#include "core/datavault/naming.hpp"

#include <algorithm>
#include <cctype>

#include "core/util/text.hpp"

namespace steward::datavault {
namespace {

std::string to_upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  }
  return out;
}

const std::string* value_of(const Placeholders& values, std::string_view name) {
  if (name == "source") {
    return &values.source;
  }
  if (name == "entity") {
    return &values.entity;
  }
  if (name == "relationship") {
    return &values.relationship;
  }
  if (name == "group") {
    return &values.group;
  }
  return nullptr;
}

bool all_upper(std::string_view text) {
  return std::none_of(text.begin(), text.end(),
                      [](char c) { return std::islower(static_cast<unsigned char>(c)); });
}

} // namespace

std::string expand(std::string_view template_text, const Placeholders& values) {
  std::string out;
  std::size_t at = 0;
  while (at < template_text.size()) {
    const std::size_t open = template_text.find('{', at);
    const std::size_t close = open == std::string_view::npos ? open : template_text.find('}', open);
    if (close == std::string_view::npos) {
      out += template_text.substr(at);
      break;
    }
    out += template_text.substr(at, open - at);
    const std::string_view name = template_text.substr(open + 1, close - open - 1);
    const std::string* value = value_of(values, to_lower(name));
    if (value == nullptr || value->empty()) {
      out += template_text.substr(open, close - open + 1);
    } else {
      out += all_upper(name) ? to_upper(*value) : to_lower(*value);
    }
    at = close + 1;
  }
  return out;
}

std::vector<std::string> placeholders_in(std::string_view template_text) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = template_text.find('{', at);
    if (open == std::string_view::npos) {
      break;
    }
    const std::size_t close = template_text.find('}', open);
    if (close == std::string_view::npos) {
      break;
    }
    out.push_back(to_lower(template_text.substr(open + 1, close - open - 1)));
    at = close + 1;
  }
  return out;
}

std::vector<std::string> check_template(std::string_view template_text,
                                        std::initializer_list<std::string_view> allowed,
                                        std::initializer_list<std::string_view> required) {
  std::vector<std::string> problems;
  if (trim(template_text).empty()) {
    problems.emplace_back("empty template");
    return problems;
  }
  const auto opens = std::count(template_text.begin(), template_text.end(), '{');
  const auto closes = std::count(template_text.begin(), template_text.end(), '}');
  if (opens != closes) {
    problems.emplace_back("unbalanced braces in '" + std::string(template_text) + "'");
  }
  const std::vector<std::string_view> names(allowed.begin(), allowed.end());
  const std::vector<std::string> used = placeholders_in(template_text);
  for (const std::string& name : used) {
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      continue;
    }
    std::string message = "{" + name + "} is not available here";
    if (auto near = closest(name, names, 1); !near.empty()) {
      message += "; did you mean {" + near.front() + "}?";
    }
    problems.push_back(std::move(message));
  }
  for (std::string_view name : required) {
    if (std::find(used.begin(), used.end(), name) == used.end()) {
      problems.push_back("'" + std::string(template_text) + "' does not use {" + std::string(name) +
                         "}, so every model of this kind would get the same name");
    }
  }
  return problems;
}

std::string apply_case(std::string_view identifier, IdentifierCase wanted) {
  switch (wanted) {
  case IdentifierCase::lower: return to_lower(identifier);
  case IdentifierCase::upper: return to_upper(identifier);
  default: return std::string(identifier);
  }
}

bool is_identifier(std::string_view text) {
  if (text.empty() || (std::isalpha(static_cast<unsigned char>(text.front())) == 0 && text.front() != '_')) {
    return false;
  }
  return std::all_of(text.begin(), text.end(),
                     [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
}

std::string template_prefix(std::string_view template_text) {
  return std::string(template_text.substr(0, template_text.find('{')));
}

std::string template_suffix(std::string_view template_text) {
  const std::size_t close = template_text.rfind('}');
  return close == std::string_view::npos ? std::string() : std::string(template_text.substr(close + 1));
}

} // namespace steward::datavault
