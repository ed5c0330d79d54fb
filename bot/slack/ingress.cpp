#include "bot/slack/ingress.hpp"

#include <chrono>
#include <exception>
#include <stdexcept>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "adapters/slack/signature.hpp"
#include "bot/jobs/clock.hpp"
#include "bot/slack/replies.hpp"
#include "core/util/text.hpp"

namespace steward::bot {

namespace net = boost::asio;

namespace {

http::Response json_response(int status, std::string body) {
  http::Response response;
  response.status = status;
  if (!body.empty()) {
    response.content_type = "application/json";
    response.body = std::move(body);
  }
  return response;
}

std::string_view verdict_name(slack::Verdict verdict) {
  switch (verdict) {
  case slack::Verdict::ok: return "ok";
  case slack::Verdict::missing: return "missing";
  case slack::Verdict::malformed: return "malformed";
  case slack::Verdict::stale: return "stale";
  case slack::Verdict::mismatch: return "mismatch";
  }
  return "unknown";
}

int retry_number(const http::Request& request) {
  if (auto retry = request.header("X-Slack-Retry-Num")) {
    int value = 0;
    for (char c : *retry) {
      if (c < '0' || c > '9') {
        return 0;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
  return 0;
}

std::int64_t unix_seconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

} // namespace

std::string job_kind(slack::InboundKind kind) {
  switch (kind) {
  case slack::InboundKind::command: return "slack.command";
  case slack::InboundKind::interaction: return "slack.interaction";
  default: return "slack.event";
  }
}

SlackIngress::SlackIngress(store::JobQueue& jobs, runtime::BlockingPool& store_pool,
                           metrics::Registry& metrics, SlackIngressOptions options,
                           std::function<void()> wake)
    : m_batcher(jobs, store_pool, &metrics), m_metrics(metrics), m_options(std::move(options)),
      m_wake(std::move(wake)) {
  m_metrics.describe(
      "steward_slack_inbound_total",
      "Slack deliveries by kind and outcome (queued, duplicate, ignored, answered, rejected).");
}

net::awaitable<http::Response> SlackIngress::handle_http(http::Request request) {
  if (request.method != "POST") {
    http::Response response = json_response(405, R"({"error":"method_not_allowed"})");
    response.headers.emplace_back("Allow", "POST");
    co_return response;
  }
  const std::string_view content_type = request.header("Content-Type").value_or("");
  // ssl_check carries no signature; answer it and ignore the rest of the body.
  if (content_type.starts_with("application/x-www-form-urlencoded") &&
      (request.body == "ssl_check=1" || request.body.starts_with("ssl_check=1&") ||
       request.body.find("&ssl_check=1") != std::string::npos)) {
    co_return json_response(200, "");
  }
  const slack::Verdict verdict =
      slack::verify_signature(m_options.signing_secret, request.header("X-Slack-Request-Timestamp"),
                              request.header("X-Slack-Signature"), request.body, unix_seconds());
  if (verdict != slack::Verdict::ok) {
    spdlog::warn("slack: rejected request from {}: signature {}", request.remote, verdict_name(verdict));
    m_metrics.increment("steward_errors_total", {{"kind", "slack_signature"}});
    co_return json_response(401, "");
  }
  auto inbound = slack::read_http_body(content_type, request.body);
  if (!inbound) {
    spdlog::warn("slack: malformed request from {}: {}", request.remote, inbound.error().to_string());
    m_metrics.increment("steward_errors_total", {{"kind", "slack_malformed"}});
    co_return json_response(400, nlohmann::json{{"error", inbound.error().to_string()}}.dump());
  }
  try {
    Ack ack = co_await accept(std::move(*inbound), retry_number(request));
    http::Response response = json_response(ack.status, std::move(ack.body));
    if (ack.status >= 500) {
      // Ask Slack to retry: we did not acknowledge the delivery.
      response.headers.emplace_back("Retry-After", "1");
    }
    co_return response;
  } catch (const std::exception& e) {
    spdlog::error("slack: could not accept delivery: {}", e.what());
    co_return json_response(503, "");
  }
}

net::awaitable<std::string> SlackIngress::handle_envelope(std::string type, std::string payload) {
  auto inbound = slack::read_socket_payload(type, payload);
  if (!inbound) {
    // Malformed: ack it anyway (redelivery would not fix it) and say why.
    spdlog::warn("slack: malformed {} envelope: {}", type, inbound.error().to_string());
    m_metrics.increment("steward_errors_total", {{"kind", "slack_malformed"}});
    co_return std::string();
  }
  Ack ack = co_await accept(std::move(*inbound), 0);
  if (ack.status >= 500) {
    throw std::runtime_error("the delivery could not be persisted; not acking so Slack redelivers");
  }
  co_return ack.body;
}

net::awaitable<SlackIngress::Ack> SlackIngress::accept(slack::Inbound inbound, int retry_num) {
  const std::string kind = job_kind(inbound.kind);
  switch (inbound.kind) {
  case slack::InboundKind::url_verification:
    co_return Ack{200, nlohmann::json{{"challenge", inbound.challenge}}.dump()};
  case slack::InboundKind::ssl_check: co_return Ack{};
  case slack::InboundKind::app_rate_limited:
    spdlog::warn("slack: Slack is rate limiting this app's events (app_rate_limited) for team {}",
                 inbound.team);
    m_metrics.increment("steward_errors_total", {{"kind", "slack_app_rate_limited"}});
    co_return Ack{};
  default: break;
  }
  auto work = slack::interpret(inbound.kind, inbound.payload, m_options.self);
  if (!work) {
    m_metrics.increment("steward_errors_total", {{"kind", "slack_malformed"}});
    co_return Ack{400, nlohmann::json{{"error", work.error().to_string()}}.dump()};
  }
  if (const auto* ignored = std::get_if<slack::Ignored>(&*work)) {
    spdlog::debug("slack: ignored {} ({})", inbound.type, ignored->reason);
    m_metrics.increment("steward_slack_inbound_total", {{"kind", kind}, {"outcome", "ignored"}});
    co_return Ack{};
  }
  if (std::optional<std::string> immediate = immediate_reply(*work)) {
    m_metrics.increment("steward_slack_inbound_total", {{"kind", kind}, {"outcome", "answered"}});
    co_return Ack{200, std::move(*immediate)};
  }
  const bool created = co_await persist(inbound);
  m_metrics.increment("steward_slack_inbound_total",
                      {{"kind", kind}, {"outcome", created ? "queued" : "duplicate"}});
  if (!created) {
    spdlog::info("slack: duplicate delivery {} (retry {}) dropped", inbound.dedupe_key, retry_num);
  }
  co_return Ack{200, acknowledgement(*work)};
}

net::awaitable<bool> SlackIngress::persist(const slack::Inbound& inbound) {
  store::NewJob job;
  job.kind = job_kind(inbound.kind);
  job.payload = inbound.payload;
  job.idempotency_key = inbound.dedupe_key.empty() ? std::string() : "slack:" + inbound.dedupe_key;
  job.max_attempts = m_options.max_attempts;
  auto enqueued = co_await m_batcher.enqueue(std::move(job));
  if (!enqueued) {
    m_metrics.increment("steward_errors_total", {{"kind", "store"}});
    throw std::runtime_error("store: " + enqueued.error().to_string());
  }
  if (enqueued->created && m_wake) {
    m_wake();
  }
  co_return enqueued->created;
}

} // namespace steward::bot
