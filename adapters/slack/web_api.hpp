#pragma once

// Slack's Web API over HTTP: JSON bodies (form bodies for read methods),
// `Authorization: Bearer`, per-method rate limiting by Slack's tiers (and
// about one message per second per channel for chat.postMessage), 429
// honoured with `Retry-After` (the method pauses for everyone), bounded
// retries with jitter on 5xx, timeouts and connection failures, and
// `ok:false` surfaced as an error carrying Slack's error code.

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include <boost/asio/awaitable.hpp>
#include <nlohmann/json.hpp>

#include "adapters/http/client.hpp"
#include "core/metrics/registry.hpp"
#include "core/util/error.hpp"

namespace steward::slack {

struct WebApiOptions {
  std::string base_url = "https://slack.com/api/"; ///< trailing slash optional
  std::string token;                               ///< bot token (xoxb-...); never logged
  int max_attempts = 4; ///< per call, 429s excluded from the count up to `max_wait`
  std::chrono::milliseconds retry_base{500};
  std::chrono::milliseconds retry_max{8'000};
  std::chrono::milliseconds call_timeout{10'000}; ///< one HTTP exchange
  std::chrono::milliseconds max_wait{120'000};    ///< give up when rate limits would hold a call longer
};

struct CallOptions {
  bool form = false; ///< send `args` form-encoded (values that are not strings are JSON-encoded)
  std::string token; ///< overrides the bot token (apps.connections.open uses the app token)
};

/// A Slack error: key `slack.<method>`, reason Slack's `error` code (or the
/// transport failure). `rate_limited` is set when the call gave up on 429s.
struct ApiError {
  Error error;
  std::string code; ///< Slack's `error` (e.g. "channel_not_found"); empty for transport failures
  bool retryable = false;
};

template <typename T>
using ApiResult = tl::expected<T, ApiError>;

/// @par Thread safety
/// `call` may run concurrently from any executor.
class WebApi {
public:
  virtual ~WebApi() = default;

  /// Calls `method` with `args`; returns the whole response body on `ok:true`.
  /// Records `steward_slack_api_calls_total{method,status}` and
  /// `steward_slack_rate_limited_total{method}` in the registry, if any.
  virtual boost::asio::awaitable<ApiResult<nlohmann::json>> call(std::string method, nlohmann::json args,
                                                                 CallOptions options = {}) = 0;

  /// POSTs `body` to `url` (a `response_url` or an upload URL) with the same
  /// retry rules; Slack answers these with plain 200s, not JSON.
  virtual boost::asio::awaitable<ApiResult<std::string>> post_raw(std::string url, std::string content_type,
                                                                  std::string body) = 0;
};

std::unique_ptr<WebApi> make_web_api(http::Client& client, WebApiOptions options,
                                     metrics::Registry* registry = nullptr);

} // namespace steward::slack
