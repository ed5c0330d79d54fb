#include "adapters/slack/web_api.hpp"

#include <random>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "adapters/slack/rate_limiter.hpp"
#include "core/slack/form.hpp"

namespace steward::slack {

namespace net = boost::asio;

namespace {

using Clock = std::chrono::steady_clock;

net::awaitable<void> sleep_for(Clock::duration wait) {
  net::steady_timer timer(co_await net::this_coro::executor);
  timer.expires_after(wait);
  co_await timer.async_wait(net::as_tuple(net::use_awaitable));
}

std::string form_encode(const nlohmann::json& args) {
  std::string body;
  for (const auto& [key, value] : args.items()) {
    if (!body.empty()) {
      body += '&';
    }
    body += url_encode(key) + '=' + url_encode(value.is_string() ? value.get<std::string>() : value.dump());
  }
  return body;
}

/// Seconds from a Retry-After header; 1 when absent or unreadable.
std::chrono::seconds retry_after(const http::ClientResponse& response) {
  const std::string_view text = response.header("Retry-After").value_or("1");
  long seconds = 0;
  for (char c : text) {
    if (c < '0' || c > '9') {
      return std::chrono::seconds(1);
    }
    seconds = seconds * 10 + (c - '0');
  }
  return std::chrono::seconds(std::clamp(seconds, 1L, 3600L));
}

bool retryable(http::FailureKind kind) {
  return kind != http::FailureKind::invalid_url && kind != http::FailureKind::too_large &&
         kind != http::FailureKind::tls;
}

class SlackWebApi final : public WebApi {
public:
  SlackWebApi(http::Client& client, WebApiOptions options, metrics::Registry* registry)
      : m_client(client), m_options(std::move(options)), m_registry(registry) {
    if (!m_options.base_url.ends_with('/')) {
      m_options.base_url += '/';
    }
    if (m_registry != nullptr) {
      m_registry->describe("steward_slack_api_calls_total", "Slack Web API calls by method and result.");
      m_registry->describe("steward_slack_rate_limited_total", "Slack 429 answers by method.");
    }
  }

  net::awaitable<ApiResult<nlohmann::json>> call(std::string method, nlohmann::json args,
                                                 CallOptions options) override {
    http::ClientRequest request;
    request.url = m_options.base_url + method;
    request.timeout = m_options.call_timeout;
    const std::string& token = options.token.empty() ? m_options.token : options.token;
    request.headers.emplace_back("Authorization", "Bearer " + token);
    if (options.form) {
      request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
      request.body = form_encode(args);
    } else {
      request.headers.emplace_back("Content-Type", "application/json; charset=utf-8");
      request.body = args.dump();
    }
    const std::string channel = args.is_object() ? args.value("channel", "") : "";
    auto response = co_await exchange(method, channel, std::move(request));
    if (!response) {
      co_return tl::unexpected(response.error());
    }
    nlohmann::json body = nlohmann::json::parse(response->body, nullptr, false);
    if (!body.is_object()) {
      count(method, "bad_json");
      co_return tl::unexpected(
          ApiError{{"slack." + method, "Slack answered with something that is not JSON"}, "", true});
    }
    if (!body.value("ok", false)) {
      std::string code = body.value("error", "unknown_error");
      count(method, code);
      co_return tl::unexpected(ApiError{{"slack." + method, code}, code, false});
    }
    count(method, "ok");
    co_return body;
  }

  net::awaitable<ApiResult<std::string>> post_raw(std::string url, std::string content_type,
                                                  std::string body) override {
    http::ClientRequest request;
    request.url = std::move(url);
    request.timeout = m_options.call_timeout;
    request.headers.emplace_back("Content-Type", std::move(content_type));
    request.body = std::move(body);
    auto response = co_await exchange("response_url", "", std::move(request));
    if (!response) {
      co_return tl::unexpected(response.error());
    }
    count("response_url", "ok");
    co_return response->body;
  }

private:
  /// Sends `request` with pacing, 429 handling and bounded retries; returns
  /// the first 2xx response.
  net::awaitable<ApiResult<http::ClientResponse>>
  exchange(const std::string& method, const std::string& channel, http::ClientRequest request) {
    const auto give_up = Clock::now() + m_options.max_wait;
    int attempt = 0;
    std::string last_problem;
    while (attempt < m_options.max_attempts) {
      if (auto wait = m_limiter.reserve(method, channel, Clock::now()); wait > Clock::duration::zero()) {
        if (Clock::now() + wait > give_up) {
          co_return tl::unexpected(rate_limited(method));
        }
        co_await sleep_for(wait);
        continue;
      }
      ++attempt;
      auto response = co_await m_client.send(request);
      if (!response) {
        last_problem = response.error().error.reason;
        count(method, "transport");
        if (!retryable(response.error().kind)) {
          break;
        }
      } else if (response->status == 429) {
        --attempt; // 429s are bounded by max_wait, not attempts
        const auto pause = retry_after(*response);
        if (m_registry != nullptr) {
          m_registry->increment("steward_slack_rate_limited_total", {{"method", method}});
        }
        spdlog::warn("slack: {} rate limited; retrying after {}s", method, pause.count());
        m_limiter.pause(method, Clock::now() + pause);
        continue;
      } else if (response->status >= 500) {
        last_problem = "HTTP " + std::to_string(response->status);
        count(method, "http_" + std::to_string(response->status));
      } else if (response->status >= 200 && response->status < 300) {
        co_return std::move(*response);
      } else {
        count(method, "http_" + std::to_string(response->status));
        co_return tl::unexpected(
            ApiError{{"slack." + method, "HTTP " + std::to_string(response->status)}, "", false});
      }
      if (attempt < m_options.max_attempts) {
        co_await sleep_for(backoff(attempt));
      }
    }
    co_return tl::unexpected(ApiError{
        {"slack." + method, last_problem + " (after " + std::to_string(attempt) + " attempts)"}, "", true});
  }

  ApiError rate_limited(const std::string& method) {
    return ApiError{{"slack." + method, "ratelimited (waiting would exceed the limit)"}, "ratelimited", true};
  }

  Clock::duration backoff(int attempt) {
    const auto base = m_options.retry_base * (1LL << std::min(attempt - 1, 10));
    const auto capped = std::min<std::chrono::milliseconds>(base, m_options.retry_max);
    std::lock_guard lock(m_random_mutex);
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return std::chrono::duration_cast<Clock::duration>(capped * jitter(m_random));
  }

  void count(const std::string& method, const std::string& status) {
    if (m_registry != nullptr) {
      m_registry->increment("steward_slack_api_calls_total", {{"method", method}, {"status", status}});
    }
  }

  http::Client& m_client;
  WebApiOptions m_options;
  metrics::Registry* m_registry;
  RateLimiter m_limiter;
  std::mutex m_random_mutex;
  std::minstd_rand m_random{std::random_device{}()};
};

} // namespace

std::unique_ptr<WebApi> make_web_api(http::Client& client, WebApiOptions options,
                                     metrics::Registry* registry) {
  return std::make_unique<SlackWebApi>(client, std::move(options), registry);
}

} // namespace steward::slack
