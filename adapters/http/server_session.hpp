#pragma once

// The server's per-connection side (private to adapters/http): what a
// connection coroutine shares with the listener, and the coroutine itself.

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>

#include "adapters/http/server.hpp"

namespace steward::http {

/// State the listener and every connection share.
///
/// @par Thread safety
/// `options`, `handler`, `observer` and `tls` are set before the first
/// connection and never change; the rest is thread-safe.
class ServerShared {
public:
  ServerShared(ServerOptions options_, Handler handler_, ResponseObserver observer_)
      : options(std::move(options_)), handler(std::move(handler_)), observer(std::move(observer_)) {}

  const ServerOptions options;
  const Handler handler;
  const ResponseObserver observer;
  std::unique_ptr<boost::asio::ssl::context> tls; ///< null: plain HTTP

  [[nodiscard]] bool stopped() const { return m_stopped.load(); }

  /// Marks the server stopped and runs every registered closer; true the
  /// first time only.
  bool stop();

  /// Reserves a connection slot; false when `max_connections` are open.
  bool reserve_connection();
  /// Releases a slot reserved by `reserve_connection`.
  void release_connection();

  /// Registers `close` (it must be safe to call from any thread) to run when
  /// the server stops; returns a handle for `remove_closer`. Runs `close` at
  /// once when the server has already stopped.
  std::uint64_t add_closer(std::function<void()> close);
  void remove_closer(std::uint64_t id);

private:
  std::atomic<bool> m_stopped{false};
  std::atomic<std::size_t> m_connections{0};
  std::mutex m_mutex;
  std::uint64_t m_next_closer = 1;
  std::map<std::uint64_t, std::function<void()>> m_closers;
};

/// Serves HTTP on `socket` until the peer closes, a timeout, an error or
/// `shared->stop()`. Must be spawned on `socket`'s executor, a strand; owns
/// one slot from `reserve_connection` and releases it.
boost::asio::awaitable<void> serve_connection(std::shared_ptr<ServerShared> shared,
                                              boost::asio::ip::tcp::socket socket);

} // namespace steward::http
