#pragma once

// The HTTP side shared by the LLM providers (private to adapters/llm): one
// JSON POST with retries, back-off, `Retry-After`, an overall deadline, error
// texts a user can read (never holding the API key) and the request and token
// metrics. The exchange runs as a coroutine on the executor; `post` blocks
// the calling thread until it is done.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "adapters/http/client.hpp"
#include "adapters/llm/retry.hpp"
#include "core/metrics/registry.hpp"
#include "core/ports/llm.hpp"
#include "core/util/error.hpp"

namespace steward::llm {

using Clock = std::chrono::steady_clock;

struct TransportOptions {
  std::string provider; ///< names the provider in error texts ("openai", "anthropic")
  std::string label;    ///< the `provider` metrics label; empty: `provider`
  std::string secret;   ///< the API key: replaced by `[redacted]` in any error text
  int max_attempts = 4;
  std::chrono::milliseconds initial_backoff{500};
  std::string ca_file;
};

/// The time a whole call may take: `total` (for messages) ending at `deadline`.
struct Budget {
  Clock::time_point deadline;
  std::chrono::milliseconds total{0};

  static Budget of(std::chrono::milliseconds total) { return {Clock::now() + total, total}; }
};

/// @par Thread safety
/// Every member may be called from any thread but the executor's own (`post`
/// blocks until the exchange, which runs there, is done).
class Transport {
public:
  Transport(boost::asio::any_io_executor executor, TransportOptions options, metrics::Registry* metrics);

  /// POSTs `body` (JSON) to `url` with `headers` and returns the parsed body of
  /// the first 2xx answer, which must be a JSON object. Connection failures,
  /// timeouts, 429 and 5xx are retried until `max_attempts` or the budget runs
  /// out; other statuses fail at once with the provider's message. Every
  /// attempt is counted in `steward_llm_requests_total` here, except a 2xx
  /// answer that is a JSON object: the caller counts that one with
  /// `succeeded`, `malformed` or `rejected` once it has read it.
  Result<nlohmann::json> post(std::string url, http::Headers headers, std::string body, Budget budget);

  /// Counts a 2xx answer as `ok` and its tokens.
  void succeeded(const Usage& usage);
  /// Counts a 2xx answer that could not be understood; returns
  /// `llm: <provider> sent a malformed response: <what>`.
  Error malformed(std::string_view what);
  /// Counts a 2xx answer that holds an error instead of a reply (OpenRouter,
  /// some proxies) as `error`; returns `llm: <provider> returned an error:
  /// <message>`.
  Error rejected(std::string_view message);
  /// `Error{"llm", reason}` with the secret redacted.
  [[nodiscard]] Error error(std::string reason) const;
  [[nodiscard]] const std::string& provider() const { return m_options.provider; }

private:
  struct Attempt;
  boost::asio::awaitable<Result<nlohmann::json>> exchange(http::ClientRequest request, Budget budget);
  boost::asio::awaitable<Attempt> attempt(http::ClientRequest request, Budget budget);
  [[nodiscard]] Attempt from_failure(const http::ClientError& failure, Budget budget);
  [[nodiscard]] Attempt from_status(const http::ClientResponse& response);
  void count(std::string_view outcome);

  boost::asio::any_io_executor m_executor;
  TransportOptions m_options;
  metrics::Registry* m_metrics;
  std::unique_ptr<http::Client> m_client;
  Backoff m_backoff;
};

/// `1.5 s`, `60 s`, `200 ms`: a duration for messages.
std::string describe(std::chrono::milliseconds duration);

} // namespace steward::llm
