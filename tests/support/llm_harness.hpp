#pragma once

// Helpers for the LLM provider tests: options pointing at a FakeLlm, message
// builders and a port nothing listens on.

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <gtest/gtest.h>

#include "adapters/llm/llm.hpp"
#include "core/metrics/registry.hpp"
#include "tests/support/fake_llm.hpp"
#include "tests/support/net_harness.hpp"

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

/// A request with Steward's kind of system prompt, the user's `text` and a
/// 3 s timeout.
inline llm::Request question(std::string text) {
  llm::Request request;
  request.system = "You are Steward. Answer only from tool results.";
  request.messages.push_back(user_message(std::move(text)));
  request.timeout = std::chrono::seconds(3);
  return request;
}

/// A fake LLM, an io_context and a metrics registry for one provider's
/// model; `model()` makes the model (replacing the previous one).
class LanguageModelTest : public ::testing::Test {
protected:
  LanguageModelTest(std::string provider, std::string model)
      : m_provider(std::move(provider)), m_model_name(std::move(model)) {}

  llm::LanguageModel& model(const llm::ProviderOptions& options) {
    auto made = llm::make_language_model(m_io.executor(), options, &m_metrics);
    if (!made) {
      throw std::runtime_error(made.error().to_string());
    }
    m_model = std::move(*made);
    return *m_model;
  }
  llm::LanguageModel& model() { return model(options()); }
  [[nodiscard]] llm::ProviderOptions options() const {
    return fake_options(m_fake, m_provider, m_model_name);
  }

  /// `steward_llm_requests_total{provider, outcome}` for this provider.
  [[nodiscard]] double counted(const std::string& outcome) const {
    return requests_counted(m_metrics, m_provider, outcome);
  }

  std::string m_provider;
  std::string m_model_name;
  FakeLlm m_fake;
  IoThread m_io{2};
  metrics::Registry m_metrics;
  std::unique_ptr<llm::LanguageModel> m_model; ///< after m_io: destroyed before its io_context
};

} // namespace steward::testing
