#pragma once

// Error texts from provider answers (private to adapters/llm).

#include <string>
#include <string_view>

namespace steward::llm {

/// The provider's own message in an error answer `body`: `error.message`
/// (OpenAI, Anthropic, Azure), `error` as a string (Ollama), `message` or
/// `detail` (vLLM and other servers); for a body that is not JSON, its text
/// on one line. At most about 300 characters; empty when there is none.
std::string provider_message(std::string_view body);

/// `text` with every occurrence of `secret` replaced by `[redacted]` (when
/// `secret` has at least 4 characters: shorter ones are no key).
std::string redact(std::string text, std::string_view secret);

} // namespace steward::llm
