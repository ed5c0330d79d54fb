#include "adapters/llm/transport.hpp"

#include <algorithm>
#include <exception>
#include <optional>
#include <utility>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>

#include "adapters/llm/provider_error.hpp"

namespace steward::llm {

namespace net = boost::asio;
using std::chrono::milliseconds;

namespace {

constexpr const char* k_requests = "steward_llm_requests_total";
constexpr const char* k_tokens = "steward_llm_tokens_total";

/// The time left, rounded up so that an exchange given it ends no earlier
/// than the budget does.
milliseconds remaining(const Budget& budget) {
  return std::chrono::ceil<milliseconds>(budget.deadline - Clock::now());
}

net::awaitable<void> sleep_for(milliseconds wait) {
  net::steady_timer timer(co_await net::this_coro::executor);
  timer.expires_after(wait);
  co_await timer.async_wait(net::as_tuple(net::use_awaitable));
}

std::string after(int attempts) {
  return attempts > 1 ? " (after " + std::to_string(attempts) + " attempts)" : "";
}

} // namespace

/// What one HTTP exchange came to: a usable body, an error that ends the
/// call, or a `problem` worth another attempt (after `retry_after`, if the
/// server said so).
struct Transport::Attempt {
  std::optional<nlohmann::json> body;
  std::optional<std::string> fatal;
  std::string problem;
  std::optional<milliseconds> retry_after;
  bool out_of_time = false;
};

Transport::Transport(net::any_io_executor executor, TransportOptions options, metrics::Registry* metrics)
    : m_executor(std::move(executor)), m_options(std::move(options)), m_metrics(metrics),
      m_backoff(m_options.initial_backoff) {
  if (m_options.label.empty()) {
    m_options.label = m_options.provider;
  }
  http::ClientOptions client;
  client.ca_file = m_options.ca_file;
  client.max_body = 64UL * 1024 * 1024;
  m_client = http::make_client(m_executor, std::move(client));
  if (m_metrics != nullptr) {
    m_metrics->describe(k_requests, "Language model HTTP requests by provider and outcome.");
    m_metrics->describe(k_tokens, "Language model tokens by direction (input, output).");
  }
}

Result<nlohmann::json> Transport::post(std::string url, http::Headers headers, std::string body,
                                       Budget budget) {
  http::ClientRequest request;
  request.method = "POST";
  request.url = std::move(url);
  request.headers = std::move(headers);
  request.headers.emplace_back("Content-Type", "application/json");
  request.headers.emplace_back("Accept", "application/json");
  request.body = std::move(body);
  try {
    return net::co_spawn(m_executor, exchange(std::move(request), budget), net::use_future).get();
  } catch (const std::exception& e) {
    return tl::unexpected(error(m_options.provider + " call failed: " + e.what()));
  }
}

net::awaitable<Result<nlohmann::json>> Transport::exchange(http::ClientRequest request, Budget budget) {
  int attempts = 0;
  for (;;) {
    const milliseconds left = remaining(budget);
    if (left <= milliseconds::zero()) {
      co_return tl::unexpected(
          error(m_options.provider + " timed out after " + describe(budget.total) + after(attempts)));
    }
    request.timeout = left;
    ++attempts;
    Attempt outcome = co_await attempt(request, budget);
    if (outcome.body) {
      co_return std::move(*outcome.body);
    }
    if (outcome.fatal) {
      co_return tl::unexpected(error(*outcome.fatal + after(attempts)));
    }
    if (outcome.out_of_time) {
      co_return tl::unexpected(
          error(m_options.provider + " timed out after " + describe(budget.total) + after(attempts)));
    }
    if (attempts >= m_options.max_attempts) {
      co_return tl::unexpected(error(outcome.problem + after(attempts)));
    }
    const milliseconds wait = outcome.retry_after.value_or(m_backoff.delay(attempts));
    if (wait >= remaining(budget)) {
      const std::string why = outcome.retry_after ? "asked to retry after " + describe(wait) : "no time left";
      co_return tl::unexpected(error(outcome.problem + " (gave up after " + std::to_string(attempts) +
                                     (attempts == 1 ? " attempt: " : " attempts: ") + why + ")"));
    }
    co_await sleep_for(wait);
  }
}

net::awaitable<Transport::Attempt> Transport::attempt(http::ClientRequest request, Budget budget) {
  auto response = co_await m_client->send(std::move(request));
  if (!response) {
    co_return from_failure(response.error(), budget);
  }
  if (response->status < 200 || response->status >= 300) {
    co_return from_status(*response);
  }
  nlohmann::json body = nlohmann::json::parse(response->body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) {
    Attempt outcome;
    outcome.fatal =
        malformed(body.is_discarded() ? "the body is not JSON" : "the body is not a JSON object").reason;
    co_return outcome;
  }
  Attempt outcome;
  outcome.body = std::move(body);
  co_return outcome;
}

Transport::Attempt Transport::from_failure(const http::ClientError& failure, Budget budget) {
  const std::string& provider = m_options.provider;
  const std::string where = failure.error.key;
  const std::string& reason = failure.error.reason;
  Attempt outcome;
  switch (failure.kind) {
  case http::FailureKind::timeout:
    count("timeout");
    outcome.out_of_time = Clock::now() >= budget.deadline;
    outcome.problem = provider + " at " + where + " " + reason;
    break;
  case http::FailureKind::invalid_url:
    count("unreachable");
    outcome.fatal = provider + ": the URL is not usable: " + reason;
    break;
  case http::FailureKind::tls:
    count("unreachable");
    outcome.fatal = provider + " at " + where + " refused a secure connection: " + reason;
    break;
  case http::FailureKind::too_large:
    count("malformed");
    outcome.fatal = provider + " sent a malformed response: " + reason;
    break;
  case http::FailureKind::resolve:
  case http::FailureKind::connect:
  case http::FailureKind::io:
    count("unreachable");
    outcome.problem = provider + " is unreachable at " + where + ": " + reason;
    break;
  }
  return outcome;
}

Transport::Attempt Transport::from_status(const http::ClientResponse& response) {
  const int status = response.status;
  count("http_" + std::to_string(status));
  const std::string message = provider_message(response.body);
  std::string text = m_options.provider + " returned HTTP " + std::to_string(status);
  if (!message.empty()) {
    text += ": " + message;
  }
  Attempt outcome;
  if (status == 429 || status >= 500) {
    outcome.problem = std::move(text);
    outcome.retry_after = retry_after(response);
  } else {
    outcome.fatal = std::move(text);
  }
  return outcome;
}

void Transport::succeeded(const Usage& usage) {
  count("ok");
  if (m_metrics != nullptr) {
    if (usage.input_tokens > 0) {
      m_metrics->increment(k_tokens, {{"direction", "input"}}, static_cast<double>(usage.input_tokens));
    }
    if (usage.output_tokens > 0) {
      m_metrics->increment(k_tokens, {{"direction", "output"}}, static_cast<double>(usage.output_tokens));
    }
  }
}

Error Transport::malformed(std::string_view what) {
  count("malformed");
  return error(m_options.provider + " sent a malformed response: " + std::string(what));
}

Error Transport::rejected(std::string_view message) {
  count("error");
  return error(m_options.provider +
               " returned an error: " + (message.empty() ? std::string("no message") : std::string(message)));
}

Error Transport::error(std::string reason) const {
  return Error{"llm", redact(std::move(reason), m_options.secret)};
}

void Transport::count(std::string_view outcome) {
  if (m_metrics != nullptr) {
    m_metrics->increment(k_requests, {{"provider", m_options.label}, {"outcome", std::string(outcome)}});
  }
}

std::string describe(milliseconds duration) {
  const auto count = duration.count();
  if (count < 1000) {
    return std::to_string(count) + " ms";
  }
  if (count % 1000 == 0) {
    return std::to_string(count / 1000) + " s";
  }
  const auto tenths = (count + 50) / 100; // rounded to a tenth of a second
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " s";
}

} // namespace steward::llm
