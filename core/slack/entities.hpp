#pragma once

// Slack escapes `&`, `<` and `>` in the text people type (messages and slash
// commands) as `&amp;`, `&lt;` and `&gt;`; its own markup (`<@U1>`,
// `<https://…|label>`) uses the bare characters. Text that is code (SQL, a
// YAML spec) needs the typed characters back.

#include <string>
#include <string_view>

namespace steward::slack {

/// `text` with `&lt;`, `&gt;` and `&amp;` decoded, in one pass (so `&amp;lt;`
/// becomes `&lt;`, as typed). Other `&…;` sequences are kept.
std::string decode_entities(std::string_view text);

} // namespace steward::slack
