#pragma once

// Helpers for the LLM provider tests: options pointing at a FakeLlm, message
// builders and a port nothing listens on.

#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>

#include "adapters/llm/llm.hpp"
#include "core/metrics/registry.hpp"
#include "tests/support/fake_llm.hpp"

namespace steward::testing {

/// Options for `provider` against `fake`: its base URL and key, model
/// `model`, three attempts and a short back-off so retry tests stay fast.
inline llm::ProviderOptions fake_options(const FakeLlm& fake, std::string provider,
                                         std::string model = "test-model") {
  llm::ProviderOptions options;
  options.provider = std::move(provider);
  options.base_url = fake.base_url();
  options.model = std::move(model);
  options.api_key = "sk-test";
  options.max_attempts = 3;
  options.initial_backoff = std::chrono::milliseconds(20);
  return options;
}

inline llm::Message user_message(std::string text) {
  llm::Message message;
  message.role = llm::Role::user;
  message.text = std::move(text);
  return message;
}

inline llm::Message assistant_message(std::string text, std::vector<llm::ToolCall> calls = {}) {
  llm::Message message;
  message.role = llm::Role::assistant;
  message.text = std::move(text);
  message.tool_calls = std::move(calls);
  return message;
}

inline llm::Message tool_result(std::string id, std::string name, std::string text, bool is_error = false) {
  llm::Message message;
  message.role = llm::Role::tool;
  message.tool_call_id = std::move(id);
  message.tool_name = std::move(name);
  message.text = std::move(text);
  message.is_error = is_error;
  return message;
}

/// `steward_llm_requests_total{provider, outcome}`.
inline double requests_counted(const metrics::Registry& registry, const std::string& provider,
                               const std::string& outcome) {
  return registry.value("steward_llm_requests_total", {{"provider", provider}, {"outcome", outcome}});
}

/// A loopback port that was free a moment ago (bound, then closed), so a
/// connection to it is refused.
inline unsigned short unused_port() {
  boost::asio::io_context io;
  boost::asio::ip::tcp::acceptor acceptor(io, {boost::asio::ip::make_address("127.0.0.1"), 0});
  const unsigned short port = acceptor.local_endpoint().port();
  acceptor.close();
  return port;
}

} // namespace steward::testing
