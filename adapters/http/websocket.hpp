#pragma once

// A WebSocket client (Beast) for `ws://` and `wss://` URLs. `wss://` uses
// TLS with SNI and host-name verification against the system CA store (or
// `ca_file`). Keepalive pings go out when the connection is idle; a peer
// silent past `idle_timeout` closes it. Writes are queued and sent by one
// writer, so `write` may be called concurrently.

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "adapters/http/client.hpp"
#include "core/util/error.hpp"

namespace steward::http {

struct WebSocketOptions {
  std::chrono::milliseconds handshake_timeout{10'000}; ///< TCP connect + TLS + upgrade
  std::chrono::milliseconds idle_timeout{10'000};      ///< ping after half of it idle; close after all of it
  std::string ca_file;
  std::size_t max_message = 4UL * 1024 * 1024;
  std::string user_agent = "steward/0.1";
};

/// An open connection. Destroying it closes the socket abruptly; call
/// `close` first for a clean close.
class WebSocket {
public:
  virtual ~WebSocket() = default;
  /// The next text (or binary) message. Fails (`io`) when the peer closes or
  /// the connection dies; (`timeout`) when the peer goes silent.
  virtual boost::asio::awaitable<ClientResult<std::string>> read() = 0;
  /// Queues `text` and waits until it is written.
  virtual boost::asio::awaitable<ClientResult<void>> write(std::string text) = 0;
  /// Sends a close frame with `code` (1000 normal) and waits briefly for the
  /// peer's; never fails.
  virtual boost::asio::awaitable<void> close(unsigned short code = 1000) = 0;
};

boost::asio::awaitable<ClientResult<std::unique_ptr<WebSocket>>>
connect_websocket(std::string url, WebSocketOptions options = {});

} // namespace steward::http
