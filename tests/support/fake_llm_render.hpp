#pragma once

// The fake LLM's answers in each wire protocol (private to fake_llm*.cpp).

#include <string>

#include <nlohmann/json.hpp>

#include "adapters/http/server.hpp"
#include "tests/support/fake_llm.hpp"

namespace steward::test::fake_llm {

enum class Protocol { openai, anthropic, embeddings };

/// A Chat Completions (`openai`) or Messages (`anthropic`) answer for
/// `reply` to a request for `model`; `serial` numbers generated ids.
nlohmann::json render_reply(Protocol protocol, const FakeLlm::Reply& reply, const std::string& model,
                            int serial);

/// The provider's error answer with HTTP `status` and `message`.
http::Response error_response(Protocol protocol, int status, const std::string& message);

/// The embeddings answer for `request`'s `input` (a string or an array of
/// strings), or a 400 error answer.
http::Response embeddings_response(const nlohmann::json& request);

/// A 200 JSON answer.
http::Response json_response(const nlohmann::json& body);

} // namespace steward::test::fake_llm
