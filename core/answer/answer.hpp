#pragma once

// The answer model: what Steward says, independent of where it is said.
// Slack renders it to Block Kit (core/answer/block_kit.hpp), Teams to
// Adaptive Cards, the terminal to text (core/answer/text.hpp). Producers
// (router, agent, alerts) build an `Answer`; they never write platform JSON.
//
// Inline markup in `Paragraph::markdown`, `Fields` values, `ListBlock` items
// and `Context::text` is a small CommonMark subset every renderer converts:
// `**bold**`, `_italic_`, `` `code` ``, `[label](https://url)`, user mentions
// (`<@U123ABC>`) and user-group mentions (`<!subteam^S123ABC>`), Slack
// mentions shown as written elsewhere, and line breaks.
// Anything else is literal text (renderers escape it for their platform).

#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace steward::answer {

/// A title line (plain text, no markup).
struct Header {
  std::string text;
};

/// Running text with inline markup; may hold several paragraphs ("\n\n").
struct Paragraph {
  std::string markdown;
};

/// Label/value pairs shown as a compact grid (value has inline markup).
struct Fields {
  std::vector<std::pair<std::string, std::string>> items;
};

/// Preformatted text (SQL, a diff, a lineage tree). `language` is a hint.
struct Code {
  std::string text;
  std::string language;
};

/// A bulleted list (items have inline markup).
struct ListBlock {
  std::vector<std::string> items;
};

/// Small secondary text: sources, timings, hints.
struct Context {
  std::string text;
};

struct Divider {};

enum class ButtonStyle { plain, primary, danger };

/// A button. `action` names what clicking does (e.g. `steward.lineage`,
/// `steward.feedback`); `value` is its argument (at most 2000 bytes). Who may
/// click it is decided by `core/access/policy.hpp` from `action`, never by
/// the renderer.
struct Button {
  std::string label;
  std::string action;
  std::string value;
  ButtonStyle style = ButtonStyle::plain;
};

struct Actions {
  std::vector<Button> buttons;
};

using Block = std::variant<Header, Paragraph, Fields, Code, ListBlock, Context, Divider, Actions>;

/// A file shared with an answer (a query's full result as CSV). Renderers
/// ignore it; the chat worker uploads it to the answer's thread.
struct File {
  std::string name;  ///< `result.csv`
  std::string title; ///< shown in the channel
  std::string content;
};

/// One answer. `summary` is the plain one-line fallback (notifications,
/// screen readers, Slack's top-level `text`); `blocks` is the body, in order;
/// `files` are shared after it.
struct Answer {
  std::string summary;
  std::vector<Block> blocks;
  std::vector<File> files{};
};

} // namespace steward::answer
