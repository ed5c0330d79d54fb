#include "core/answer/text.hpp"

#include "core/answer/markup.hpp"

namespace steward::answer {
namespace {

/// `text` with every line after the first prefixed by `indent`, ending in a
/// line break; trailing line breaks of `text` are dropped.
std::string continued(std::string_view text, std::string_view indent) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) {
    text.remove_suffix(1);
  }
  std::string out;
  for (char c : text) {
    out += c;
    if (c == '\n') {
      out += indent;
    }
  }
  return out + "\n";
}

/// Every line of `text` prefixed by `indent` (empty lines stay empty).
std::string indented(std::string_view text, std::string_view indent) {
  while (!text.empty() && text.back() == '\n') {
    text.remove_suffix(1);
  }
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    std::string_view line = text.substr(start, end == std::string_view::npos ? end : end - start);
    out += (line.empty() ? std::string() : std::string(indent) + std::string(line)) + "\n";
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
  return out;
}

/// Renders one block as terminal text (empty when it shows nothing).
struct TextRenderer {
  std::vector<Choice>& choices;
  int& next_choice;

  std::string operator()(const Header& header) const {
    if (header.text.empty()) {
      return {};
    }
    return header.text + "\n" + std::string(markup::utf8_count(header.text), '=') + "\n";
  }

  std::string operator()(const Paragraph& paragraph) const {
    std::string text = markup::to_plain(paragraph.markdown);
    return text.empty() ? text : continued(text, "");
  }

  std::string operator()(const Fields& fields) const {
    std::string out;
    for (const auto& [label, value] : fields.items) {
      out += continued(label + ": " + markup::to_plain(value), "  ");
    }
    return out;
  }

  std::string operator()(const Code& code) const {
    return code.text.empty() ? code.text : indented(code.text, "    ");
  }

  std::string operator()(const ListBlock& list) const {
    std::string out;
    for (const auto& item : list.items) {
      out += continued("- " + markup::to_plain(item), "  ");
    }
    return out;
  }

  std::string operator()(const Context& context) const {
    return context.text.empty() ? std::string() : indented(markup::to_plain(context.text), "  ");
  }

  std::string operator()(const Divider& /*divider*/) const { return "---\n"; }

  std::string operator()(const Actions& actions) const {
    std::string out;
    for (const auto& button : actions.buttons) {
      int number = next_choice++;
      out += (out.empty() ? "[" : "  [") + std::to_string(number) + "] " + button.label;
      choices.push_back({number, button});
    }
    return out.empty() ? out : out + "\n";
  }
};

} // namespace

std::string render_text(const Answer& answer, std::vector<Choice>& choices, int first_choice) {
  int next_choice = first_choice;
  TextRenderer renderer{choices, next_choice};
  std::string out;
  for (const auto& block : answer.blocks) {
    std::string part = std::visit(renderer, block);
    if (!part.empty()) {
      out += (out.empty() ? "" : "\n") + part;
    }
  }
  if (out.empty()) {
    out = (answer.summary.empty() ? std::string("(no answer)") : answer.summary) + "\n";
  }
  return out;
}

} // namespace steward::answer
