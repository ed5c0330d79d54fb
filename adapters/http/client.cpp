#include "adapters/http/client.hpp"

#include <algorithm>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <spdlog/spdlog.h>

#include "adapters/http/client_connection.hpp"

namespace steward::http {
namespace {

namespace net = boost::asio;

/// Destroys `connection` on its own strand, where its operations ran.
void retire(std::unique_ptr<Connection> connection) {
  auto executor = connection->executor();
  net::post(executor, [connection = std::move(connection)] {});
}

/// Idle connections per origin, newest last.
///
/// @par Thread safety
/// Every member is thread-safe.
class Pool {
public:
  Pool(std::size_t max_idle_per_origin, std::chrono::milliseconds idle_timeout)
      : m_max_idle(max_idle_per_origin), m_idle_timeout(idle_timeout) {}
  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  Pool(Pool&&) = delete;
  Pool& operator=(Pool&&) = delete;
  ~Pool() {
    for (auto& [origin, idle] : m_idle) {
      for (auto& entry : idle) {
        retire(std::move(entry.connection));
      }
    }
  }

  /// The most recently used idle connection to `origin`, if any.
  std::unique_ptr<Connection> take(const std::string& origin) {
    std::lock_guard lock(m_mutex);
    prune(Clock::now());
    auto found = m_idle.find(origin);
    if (found == m_idle.end() || found->second.empty()) {
      return nullptr;
    }
    auto connection = std::move(found->second.back().connection);
    found->second.pop_back();
    return connection;
  }

  /// Keeps `connection` for reuse, closing the oldest one past the limit.
  void put(const std::string& origin, std::unique_ptr<Connection> connection) {
    std::lock_guard lock(m_mutex);
    auto now = Clock::now();
    prune(now);
    if (m_max_idle == 0) {
      retire(std::move(connection));
      return;
    }
    auto& idle = m_idle[origin];
    idle.push_back(Entry{std::move(connection), now});
    while (idle.size() > m_max_idle) {
      retire(std::move(idle.front().connection));
      idle.pop_front();
    }
  }

private:
  struct Entry {
    std::unique_ptr<Connection> connection;
    Clock::time_point idle_since;
  };

  /// Closes connections idle for longer than the timeout (caller holds the lock).
  void prune(Clock::time_point now) {
    for (auto it = m_idle.begin(); it != m_idle.end();) {
      auto& idle = it->second;
      while (!idle.empty() && now - idle.front().idle_since >= m_idle_timeout) {
        retire(std::move(idle.front().connection));
        idle.pop_front();
      }
      it = idle.empty() ? m_idle.erase(it) : std::next(it);
    }
  }

  std::mutex m_mutex;
  std::map<std::string, std::deque<Entry>> m_idle;
  std::size_t m_max_idle;
  std::chrono::milliseconds m_idle_timeout;
};

struct ClientState {
  ClientState(net::any_io_executor executor_, ClientOptions options_)
      : executor(std::move(executor_)), options(std::move(options_)),
        pool(options.max_idle_per_host, options.idle_timeout) {
    auto context = make_client_tls_context(options.ca_file);
    if (context) {
      tls = std::move(*context);
    } else {
      tls_error = context.error().to_string();
    }
  }

  net::any_io_executor executor;
  ClientOptions options;
  std::shared_ptr<net::ssl::context> tls;
  std::string tls_error;
  Pool pool;
};

/// Runs one exchange on `connection` (a fresh one when null) on the strand
/// the coroutine was spawned on, and pools the connection when it may be
/// reused.
net::awaitable<Exchange> run_exchange(std::shared_ptr<ClientState> state,
                                      std::unique_ptr<Connection> connection, const ClientRequest& request,
                                      const Url& url, Clock::time_point deadline) {
  if (!connection) {
    if (url.tls && !state->tls) {
      co_return Exchange{tl::unexpected(client_error(FailureKind::tls, url, state->tls_error)), true, false};
    }
    auto connect_deadline = std::min(deadline, Clock::now() + state->options.connect_timeout);
    auto opened = co_await open_connection(url, state->tls.get(), connect_deadline);
    if (!opened) {
      co_return Exchange{tl::unexpected(opened.error()), true, false};
    }
    connection = std::move(*opened);
  }
  auto outcome = co_await connection->exchange(request, url, deadline, state->options);
  if (outcome.reusable) {
    state->pool.put(url.origin(), std::move(connection));
  }
  co_return outcome;
}

class BeastClient final : public Client {
public:
  BeastClient(net::any_io_executor executor, ClientOptions options)
      : m_state(std::make_shared<ClientState>(std::move(executor), std::move(options))) {}

  net::awaitable<ClientResult<ClientResponse>> send(ClientRequest request) override {
    auto state = m_state;
    auto url = parse_url(request.url);
    if (!url) {
      co_return tl::unexpected(ClientError{FailureKind::invalid_url, url.error()});
    }
    if (auto checked = check_request(request, *url); !checked) {
      co_return tl::unexpected(ClientError{FailureKind::invalid_url, checked.error()});
    }
    auto deadline = Clock::now() + request.timeout;
    for (int attempt = 0;; ++attempt) {
      auto connection = attempt == 0 ? state->pool.take(url->origin()) : nullptr;
      bool reused = connection != nullptr;
      auto strand = reused ? connection->executor() : net::make_strand(state->executor);
      auto outcome = co_await net::co_spawn(
          strand, run_exchange(state, std::move(connection), request, *url, deadline), net::use_awaitable);
      bool stale =
          reused && !outcome.result && outcome.nothing_read && outcome.result.error().kind == FailureKind::io;
      if (!stale) {
        co_return std::move(outcome.result);
      }
      // A kept-alive connection the server had closed: once more on a fresh one.
      spdlog::debug("http: {}: pooled connection was closed ({}); retrying on a new one",
                    outcome.result.error().error.key, outcome.result.error().error.reason);
    }
  }

private:
  std::shared_ptr<ClientState> m_state;
};

} // namespace

std::unique_ptr<Client> make_client(net::any_io_executor executor, ClientOptions options) {
  return std::make_unique<BeastClient>(std::move(executor), std::move(options));
}

} // namespace steward::http
