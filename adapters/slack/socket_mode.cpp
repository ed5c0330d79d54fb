#include "adapters/slack/socket_mode.hpp"

#include <atomic>
#include <map>
#include <mutex>
#include <random>
#include <set>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <spdlog/spdlog.h>

#include "adapters/runtime/log_failure.hpp"
#include "core/slack/socket_mode.hpp"

namespace steward::slack {

namespace net = boost::asio;

namespace {

using Clock = std::chrono::steady_clock;
constexpr auto k_replacement_wait = std::chrono::seconds(10);
constexpr auto k_ack_wait = std::chrono::seconds(3); ///< Slack's ack deadline

net::awaitable<void> sleep_for(Clock::duration wait) {
  net::steady_timer timer(co_await net::this_coro::executor);
  timer.expires_after(wait);
  co_await timer.async_wait(net::as_tuple(net::use_awaitable));
}

/// Shared by every connection coroutine; outlives them (held by shared_ptr).
struct Shared {
  net::any_io_executor executor;
  WebApi& api;
  SocketModeOptions options;
  EnvelopeHandler handler;
  metrics::Registry* registry;
  std::atomic<bool> stopping{false};
  std::atomic<bool> disabled{false};
  std::atomic<int> open{0};
  std::atomic<int> loops{0};
  std::atomic<std::uint64_t> hellos{0}; ///< connections that said hello, ever
  std::mutex mutex;
  std::set<std::shared_ptr<http::WebSocket>> sockets; ///< guarded by mutex
  std::map<const http::WebSocket*, int>
      in_flight; ///< envelopes being handled, per connection; guarded by mutex
  std::minstd_rand random{std::random_device{}()}; ///< guarded by mutex

  Shared(net::any_io_executor ex, WebApi& a, SocketModeOptions o, EnvelopeHandler h, metrics::Registry* r)
      : executor(std::move(ex)), api(a), options(std::move(o)), handler(std::move(h)), registry(r) {}

  Clock::duration backoff(int failures) {
    const auto base = options.reconnect_base * (1LL << std::min(failures, 10));
    const auto capped = std::min<std::chrono::milliseconds>(base, options.reconnect_max);
    std::lock_guard lock(mutex);
    std::uniform_real_distribution<double> jitter(0.5, 1.0);
    return std::chrono::duration_cast<Clock::duration>(capped * jitter(random));
  }

  void count(std::string_view what) const {
    if (registry != nullptr) {
      registry->increment("steward_slack_socket_events_total", {{"event", std::string(what)}});
    }
  }
};

using SharedPtr = std::shared_ptr<Shared>;

net::awaitable<void> connection_loop(SharedPtr shared);

/// Handles one envelope and sends its ack; no ack when the handler throws.
/// Counts an envelope as in flight on its connection while it lives.
class InFlight {
public:
  InFlight(Shared& shared, const http::WebSocket* socket) : m_shared(shared), m_socket(socket) {
    const std::lock_guard lock(m_shared.mutex);
    ++m_shared.in_flight[m_socket];
  }
  ~InFlight() {
    const std::lock_guard lock(m_shared.mutex);
    if (--m_shared.in_flight[m_socket] <= 0) {
      m_shared.in_flight.erase(m_socket);
    }
  }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;
  InFlight(InFlight&&) = delete;
  InFlight& operator=(InFlight&&) = delete;

private:
  Shared& m_shared;
  const http::WebSocket* m_socket;
};

bool has_in_flight(Shared& shared, const http::WebSocket* socket) {
  const std::lock_guard lock(shared.mutex);
  return shared.in_flight.contains(socket);
}

net::awaitable<void> handle_envelope(SharedPtr shared, std::shared_ptr<http::WebSocket> socket, Frame frame) {
  const InFlight counted(*shared, socket.get());
  std::string payload = co_await shared->handler(frame.envelope_type, frame.payload);
  // Built before the co_await: g++ 12 mishandles a ?: temporary inside one.
  std::string ack =
      frame.accepts_response_payload ? ack_frame(frame.envelope_id, payload) : ack_frame(frame.envelope_id);
  auto written = co_await socket->write(std::move(ack));
  if (!written) {
    spdlog::warn("slack socket mode: ack for envelope {} not sent ({}); Slack will redeliver it",
                 frame.envelope_id, written.error().error.reason);
  }
  shared->count("envelope");
}

enum class Next { reconnect, replaced, stop };

/// Starts a replacement connection, waits (bounded) for it to say hello,
/// then closes `socket`; the old connection keeps reading (and acking) until
/// that close, so nothing sent on it in between is lost.
net::awaitable<void> retire(SharedPtr shared, std::shared_ptr<http::WebSocket> socket) {
  const std::uint64_t hellos = shared->hellos;
  ++shared->loops;
  net::co_spawn(shared->executor, connection_loop(shared), [](const std::exception_ptr& e) {
    runtime::log_failure("slack socket mode: connection", e);
  });
  const auto deadline = Clock::now() + k_replacement_wait;
  while (shared->hellos == hellos && Clock::now() < deadline && !shared->stopping) {
    co_await sleep_for(std::chrono::milliseconds(20));
  }
  // Envelopes received on the old connection are acked on it before it closes.
  const auto acked_by = Clock::now() + k_ack_wait;
  while (has_in_flight(*shared, socket.get()) && Clock::now() < acked_by) {
    co_await sleep_for(std::chrono::milliseconds(5));
  }
  co_await socket->close(1000);
}

/// Reads frames until the connection ends; says what to do next.
net::awaitable<Next> serve(SharedPtr shared, std::shared_ptr<http::WebSocket> socket, bool& said_hello) {
  bool retiring = false;
  for (;;) {
    auto text = co_await socket->read();
    if (!text) {
      if (retiring) {
        co_return Next::replaced;
      }
      if (shared->stopping) {
        co_return Next::stop;
      }
      spdlog::warn("slack socket mode: connection lost: {}", text.error().error.reason);
      co_return Next::reconnect;
    }
    auto frame = parse_frame(*text);
    if (!frame) {
      spdlog::warn("slack socket mode: {}", frame.error().to_string());
      continue;
    }
    if (frame->type == FrameType::hello && !said_hello) {
      said_hello = true;
      ++shared->open;
      ++shared->hellos;
    } else if (frame->type == FrameType::envelope) {
      net::co_spawn(shared->executor, handle_envelope(shared, socket, std::move(*frame)),
                    [](const std::exception_ptr& e) {
                      runtime::log_failure("slack socket mode: envelope not acked", e);
                    });
    } else if (frame->type == FrameType::disconnect) {
      if (frame->reason == DisconnectReason::link_disabled) {
        spdlog::error("slack socket mode: Slack disabled Socket Mode for this app (link_disabled); stopping");
        shared->disabled = true;
        shared->stopping = true;
        co_return Next::stop;
      }
      if (frame->reason != DisconnectReason::warning &&
          frame->reason != DisconnectReason::refresh_requested) {
        co_return Next::reconnect;
      }
      if (!retiring) {
        // Open the new connection before closing this one, so no envelope is lost.
        retiring = true;
        shared->count("refresh");
        net::co_spawn(shared->executor, retire(shared, socket), [](const std::exception_ptr& e) {
          runtime::log_failure("slack socket mode: refresh", e);
        });
      }
    }
  }
}

/// apps.connections.open, then the WebSocket handshake.
net::awaitable<http::ClientResult<std::unique_ptr<http::WebSocket>>> open_socket(SharedPtr shared) {
  CallOptions options;
  options.token = shared->options.app_token;
  auto opened = co_await shared->api.call("apps.connections.open", nlohmann::json::object(), options);
  if (!opened) {
    co_return tl::unexpected(http::ClientError{http::FailureKind::io, opened.error().error});
  }
  const std::string url = opened->value("url", "");
  if (url.empty()) {
    co_return tl::unexpected(http::ClientError{http::FailureKind::io,
                                               Error{"slack.apps.connections.open", "no url in the answer"}});
  }
  co_return co_await http::connect_websocket(url, shared->options.websocket);
}

net::awaitable<void> connection_loop(SharedPtr shared) {
  int failures = 0;
  while (!shared->stopping) {
    auto connected = co_await open_socket(shared);
    if (!connected) {
      const auto wait = shared->backoff(failures++);
      spdlog::warn("slack socket mode: cannot connect ({}); retrying in {} ms",
                   connected.error().error.to_string(),
                   std::chrono::duration_cast<std::chrono::milliseconds>(wait).count());
      shared->count("connect_failed");
      co_await sleep_for(wait);
      continue;
    }
    std::shared_ptr<http::WebSocket> socket(std::move(*connected));
    bool stopped = false;
    {
      // Under the mutex stop() reads `stopping` and the set with: a socket
      // opened while stopping is closed here, never left reading.
      std::lock_guard lock(shared->mutex);
      stopped = shared->stopping;
      if (!stopped) {
        shared->sockets.insert(socket);
      }
    }
    if (stopped) {
      co_await socket->close(1000);
      break;
    }
    bool said_hello = false;
    const Next next = co_await serve(shared, socket, said_hello);
    {
      std::lock_guard lock(shared->mutex);
      shared->sockets.erase(socket);
    }
    if (said_hello) {
      --shared->open;
      failures = 0;
    }
    co_await socket->close(1000);
    if (next == Next::replaced || next == Next::stop) {
      break;
    }
    shared->count("reconnect");
    co_await sleep_for(shared->backoff(failures++));
  }
  --shared->loops;
}

class SocketModeClient final : public SocketMode {
public:
  explicit SocketModeClient(SharedPtr shared) : m_shared(std::move(shared)) {}
  SocketModeClient(const SocketModeClient&) = delete;
  SocketModeClient& operator=(const SocketModeClient&) = delete;
  SocketModeClient(SocketModeClient&&) = delete;
  SocketModeClient& operator=(SocketModeClient&&) = delete;

  ~SocketModeClient() override { m_shared->stopping = true; }

  void start() override {
    for (int i = 0; i < m_shared->options.connections; ++i) {
      ++m_shared->loops;
      net::co_spawn(m_shared->executor, connection_loop(m_shared), [](const std::exception_ptr& e) {
        runtime::log_failure("slack socket mode: connection", e);
      });
    }
  }

  net::awaitable<void> stop() override {
    std::set<std::shared_ptr<http::WebSocket>> sockets;
    {
      std::lock_guard lock(m_shared->mutex);
      m_shared->stopping = true;
      sockets = m_shared->sockets;
    }
    for (const auto& socket : sockets) {
      co_await socket->close(1000);
    }
    const auto deadline = Clock::now() + std::chrono::seconds(5);
    while (m_shared->loops > 0 && Clock::now() < deadline) {
      co_await sleep_for(std::chrono::milliseconds(20));
    }
  }

  [[nodiscard]] int open_connections() const override { return m_shared->open; }

  [[nodiscard]] SocketModeState state() const override {
    if (m_shared->disabled) {
      return SocketModeState::disabled;
    }
    if (m_shared->stopping) {
      return SocketModeState::stopped;
    }
    return m_shared->open > 0 ? SocketModeState::connected : SocketModeState::connecting;
  }

private:
  SharedPtr m_shared;
};

} // namespace

std::unique_ptr<SocketMode> make_socket_mode(net::any_io_executor executor, WebApi& api,
                                             SocketModeOptions options, EnvelopeHandler handler,
                                             metrics::Registry* registry) {
  if (registry != nullptr) {
    registry->describe("steward_slack_socket_events_total",
                       "Socket Mode events: envelopes acked, reconnects, failed connects.");
  }
  return std::make_unique<SocketModeClient>(
      std::make_shared<Shared>(std::move(executor), api, std::move(options), std::move(handler), registry));
}

} // namespace steward::slack
