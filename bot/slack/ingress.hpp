#pragma once

// Slack ingress: turns an inbound HTTP request (Events API, slash command,
// interactivity) or Socket Mode envelope into an ack and, when it asks for
// work, a persisted job. The order mirrors Bolt's receiver (reference §7):
// body limit (server) → ssl_check → signature → parse → url_verification →
// persist → ack. Work itself never runs here: the ack must leave within 3 s.

#include <atomic>
#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "adapters/http/server.hpp"
#include "adapters/runtime/blocking_pool.hpp"
#include "bot/jobs/enqueue_batcher.hpp"
#include "core/metrics/registry.hpp"
#include "core/ports/store.hpp"
#include "core/slack/inbound.hpp"

namespace steward::bot {

struct SlackIngressOptions {
  std::string signing_secret; ///< HTTP mode only; never logged
  slack::SelfIdentity self;
  int max_attempts = 5; ///< of the jobs it enqueues
};

/// @par Thread safety
/// Handlers may run concurrently on any executor.
class SlackIngress {
public:
  /// `wake` is called after a job was enqueued (wakes idle workers).
  SlackIngress(store::JobQueue& jobs, runtime::BlockingPool& store_pool, metrics::Registry& metrics,
               SlackIngressOptions options, std::function<void()> wake);

  /// POST /slack/events: 200 (with a body for url_verification and slash
  /// commands), 401 bad/missing/stale signature, 400 malformed body, 503 when
  /// the job could not be persisted (Slack retries; nothing acked is lost).
  boost::asio::awaitable<http::Response> handle_http(http::Request request);

  /// One Socket Mode envelope; returns the ack payload (JSON text, may be
  /// empty). Throws when the work could not be persisted, so no ack is sent
  /// and Slack redelivers.
  boost::asio::awaitable<std::string> handle_envelope(std::string type, std::string payload);

private:
  struct Ack {
    int status = 200;
    std::string body; ///< JSON; empty for none
  };
  boost::asio::awaitable<Ack> accept(slack::Inbound inbound, int retry_num);
  boost::asio::awaitable<bool> persist(const slack::Inbound& inbound);

  EnqueueBatcher m_batcher; ///< persists deliveries before the ack, grouped under load
  metrics::Registry& m_metrics;
  SlackIngressOptions m_options;
  std::function<void()> m_wake;
};

/// The job kind for an inbound kind: `slack.event`, `slack.command`, `slack.interaction`.
std::string job_kind(slack::InboundKind kind);

} // namespace steward::bot
