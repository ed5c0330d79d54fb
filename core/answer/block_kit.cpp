#include "core/answer/block_kit.hpp"

#include <map>

#include "core/answer/markup.hpp"
#include "core/answer/mrkdwn.hpp"

namespace steward::answer {
namespace {

using json = nlohmann::json;

constexpr std::size_t k_action_id_max = 255;
constexpr std::size_t k_action_suffix_room = 8; // "#" and a repeat count
constexpr std::string_view k_no_answer = "(no answer)";
constexpr std::string_view k_continued = "(continued) ";

json mrkdwn(std::string text) {
  return {{"type", "mrkdwn"}, {"text", std::move(text)}};
}

json plain(std::string text) {
  return {{"type", "plain_text"}, {"text", std::move(text)}, {"emoji", true}};
}

json section(std::string text) {
  return {{"type", "section"}, {"text", mrkdwn(std::move(text))}};
}

/// `text` on one line: line breaks become spaces, ends trimmed.
std::string one_line(std::string_view text) {
  std::string out;
  for (char c : text) {
    out += c == '\n' || c == '\r' || c == '\t' ? ' ' : c;
  }
  std::size_t first = out.find_first_not_of(' ');
  std::size_t last = out.find_last_not_of(' ');
  return first == std::string::npos ? std::string() : out.substr(first, last - first + 1);
}

/// Renders one answer block as zero or more Block Kit blocks.
struct BlockRenderer {
  const BlockKitLimits& limits;
  std::vector<json>& out;

  void operator()(const Header& header) const {
    std::string text = one_line(header.text);
    if (!text.empty()) {
      out.push_back({{"type", "header"}, {"text", plain(markup::truncate_utf8(text, limits.header_text))}});
    }
  }

  void operator()(const Paragraph& paragraph) const {
    for (auto& piece : detail::split_mrkdwn(paragraph.markdown, limits.section_text)) {
      out.push_back(section(std::move(piece)));
    }
  }

  void operator()(const Fields& fields) const {
    std::vector<std::string> texts;
    for (const auto& [label, value] : fields.items) {
      if (std::string text = field_text(label, value); !text.empty()) {
        texts.push_back(std::move(text));
      }
    }
    json block;
    std::size_t size = 0;
    for (auto& text : texts) {
      if (!block.is_null() &&
          (block["fields"].size() >= limits.fields_per_section || size + text.size() > limits.message_text)) {
        out.push_back(std::move(block));
        block = json();
        size = 0;
      }
      if (block.is_null()) {
        block = {{"type", "section"}, {"fields", json::array()}};
      }
      size += text.size();
      block["fields"].push_back(mrkdwn(std::move(text)));
    }
    if (!block.is_null()) {
      out.push_back(std::move(block));
    }
  }

  void operator()(const Code& code) const {
    for (auto& piece : detail::split_code(code.text, limits.section_text)) {
      out.push_back(section(std::move(piece)));
    }
  }

  void operator()(const ListBlock& list) const {
    std::string markdown;
    for (const auto& item : list.items) {
      markdown += (markdown.empty() ? "• " : "\n• ");
      for (char c : item) {
        markdown += c == '\n' ? std::string("\n   ") : std::string(1, c);
      }
    }
    (*this)(Paragraph{markdown});
  }

  void operator()(const Context& context) const {
    for (auto& piece : detail::split_mrkdwn(context.text, limits.section_text)) {
      out.push_back({{"type", "context"}, {"elements", json::array({mrkdwn(std::move(piece))})}});
    }
  }

  void operator()(const Divider& /*divider*/) const { out.push_back({{"type", "divider"}}); }

  void operator()(const Actions& actions) const {
    json block;
    for (const auto& button : actions.buttons) {
      if (!block.is_null() && block["elements"].size() >= limits.buttons_per_actions) {
        out.push_back(std::move(block));
        block = json();
      }
      if (block.is_null()) {
        block = {{"type", "actions"}, {"elements", json::array()}};
      }
      block["elements"].push_back(button_element(button));
    }
    if (!block.is_null()) {
      out.push_back(std::move(block));
    }
  }

  /// `*label*\nvalue` within `field_text`; the label alone when no value.
  [[nodiscard]] std::string field_text(std::string_view label, std::string_view value) const {
    std::string head = label.empty()
                           ? std::string()
                           : "*" + detail::escaped_prefix(one_line(label), limits.field_text / 4) + "*";
    if (value.empty()) {
      return head;
    }
    std::string prefix = head.empty() ? head : head + "\n";
    return prefix + detail::mrkdwn_prefix(value, limits.field_text - prefix.size());
  }

  [[nodiscard]] json button_element(const Button& button) const {
    std::string label = one_line(button.label);
    json element = {
        {"type", "button"},
        {"text",
         plain(markup::truncate_utf8(label.empty() ? std::string("(button)") : label, limits.button_text))},
        {"action_id",
         std::string(markup::utf8_prefix(button.action, k_action_id_max - k_action_suffix_room))},
    };
    if (!button.value.empty()) {
      element["value"] = std::string(markup::utf8_prefix(button.value, limits.button_value));
    }
    if (button.style != ButtonStyle::plain) {
      element["style"] = button.style == ButtonStyle::primary ? "primary" : "danger";
    }
    return element;
  }
};

/// Bytes of text a block shows: every string under a `text` key.
std::size_t text_size(const json& value) {
  std::size_t size = 0;
  if (value.is_object()) {
    for (const auto& [key, item] : value.items()) {
      size += key == "text" && item.is_string() ? item.get_ref<const std::string&>().size() : text_size(item);
    }
  } else if (value.is_array()) {
    for (const auto& item : value) {
      size += text_size(item);
    }
  }
  return size;
}

/// Groups blocks into messages within the block count and text budget.
std::vector<json> group(std::vector<json> blocks, const BlockKitLimits& limits) {
  std::vector<json> messages;
  json current = json::array();
  std::size_t size = 0;
  for (auto& block : blocks) {
    std::size_t block_size = text_size(block);
    if (!current.empty() &&
        (current.size() >= limits.blocks_per_message || size + block_size > limits.message_text)) {
      messages.push_back(std::move(current));
      current = json::array();
      size = 0;
    }
    size += block_size;
    current.push_back(std::move(block));
  }
  messages.push_back(std::move(current));
  return messages;
}

/// Appends `#<n>` to the n-th repeat of an action id within `blocks`.
void make_action_ids_unique(json& blocks) {
  std::map<std::string, int> seen;
  for (auto& block : blocks) {
    if (block["type"] != "actions") {
      continue;
    }
    for (auto& element : block["elements"]) {
      auto id = element["action_id"].get<std::string>();
      if (int count = ++seen[id]; count > 1) {
        element["action_id"] = id + "#" + std::to_string(count);
      }
    }
  }
}

std::string fallback_of(const Answer& answer) {
  if (std::string summary = one_line(answer.summary); !summary.empty()) {
    return summary;
  }
  for (const auto& block : answer.blocks) {
    if (const auto* header = std::get_if<Header>(&block)) {
      if (std::string text = one_line(header->text); !text.empty()) {
        return text;
      }
    }
  }
  return std::string(k_no_answer);
}

} // namespace

std::vector<SlackMessage> render_block_kit(const Answer& answer, const BlockKitLimits& limits) {
  std::vector<json> blocks;
  BlockRenderer renderer{limits, blocks};
  for (const auto& block : answer.blocks) {
    std::visit(renderer, block);
  }
  std::string fallback = fallback_of(answer);
  if (blocks.empty()) {
    blocks.push_back(section(detail::escaped_prefix(fallback, limits.section_text)));
  }
  std::vector<SlackMessage> messages;
  for (auto& message_blocks : group(std::move(blocks), limits)) {
    make_action_ids_unique(message_blocks);
    std::string text = messages.empty() ? fallback : std::string(k_continued) + fallback;
    messages.push_back({{"text", detail::escaped_prefix(text, limits.fallback_text)},
                        {"blocks", std::move(message_blocks)}});
  }
  return messages;
}

std::string_view action_of(std::string_view action_id) {
  std::size_t hash = action_id.rfind('#');
  if (hash == std::string_view::npos || hash + 1 == action_id.size()) {
    return action_id;
  }
  for (char c : action_id.substr(hash + 1)) {
    if (c < '0' || c > '9') {
      return action_id;
    }
  }
  return action_id.substr(0, hash);
}

} // namespace steward::answer
