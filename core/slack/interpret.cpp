#include <string>

#include "core/slack/inbound.hpp"
#include "core/slack/payload_json.hpp"
#include "core/util/text.hpp"

namespace steward::slack {
namespace {

bool is_id_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/// A user mention `<@ID>` or `<@ID|label>` at the start of `text`.
struct Mention {
  std::size_t length = 0; ///< 0: none
  std::string_view id;
};

Mention mention_at(std::string_view text) {
  if (text.size() < 4 || text.substr(0, 2) != "<@") {
    return {};
  }
  const std::size_t close = text.find('>');
  if (close == std::string_view::npos) {
    return {};
  }
  const std::string_view inside = text.substr(2, close - 2);
  const std::string_view id = inside.substr(0, inside.find('|'));
  if (id.empty()) {
    return {};
  }
  for (const char c : id) {
    if (!is_id_char(c)) {
      return {};
    }
  }
  return Mention{close + 1, id};
}

} // namespace

std::string strip_mention(std::string_view text, std::string_view bot_user_id) {
  std::string_view rest = trim(text);
  if (const Mention leading = mention_at(rest); leading.length > 0) {
    rest = rest.substr(leading.length);
  }
  std::string out;
  out.reserve(rest.size());
  std::size_t i = 0;
  while (i < rest.size()) {
    if (rest[i] == '<' && !bot_user_id.empty()) {
      const Mention mention = mention_at(rest.substr(i));
      if (mention.length > 0 && mention.id == bot_user_id) {
        i += mention.length;
        if (!out.empty() && out.back() == ' ' && i < rest.size() && rest[i] == ' ') {
          ++i; // "a <@BOT> b" reads "a b"
        }
        continue;
      }
    }
    out.push_back(rest[i]);
    ++i;
  }
  return std::string(trim(out));
}

Result<Work> interpret(InboundKind kind, std::string_view payload, const SelfIdentity& self) {
  switch (kind) {
  case InboundKind::url_verification:
  case InboundKind::ssl_check:
  case InboundKind::app_rate_limited: return Ignored{"no work for this request"};
  case InboundKind::event:
  case InboundKind::command:
  case InboundKind::interaction: break;
  }
  const auto json = detail::parse_object(payload);
  if (!json) {
    return fail("payload", "not a JSON object");
  }
  if (kind == InboundKind::event) {
    return detail::interpret_event(*json, self);
  }
  if (kind == InboundKind::command) {
    return detail::interpret_command(*json);
  }
  return detail::interpret_interaction(*json);
}

} // namespace steward::slack
