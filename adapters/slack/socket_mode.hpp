#pragma once

// Socket Mode (reference: slack-teams.md §4): `apps.connections.open` with
// the app-level token, then a WebSocket per connection (default 2). Each
// envelope is acked within 3 s, with the handler's response payload when the
// envelope accepts one. `disconnect` with `warning`/`refresh_requested` opens
// the replacement connection before closing the old one; `link_disabled`
// stops for good. Dead connections reconnect with jittered back-off.

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/awaitable.hpp>

#include "adapters/http/websocket.hpp"
#include "adapters/slack/web_api.hpp"
#include "core/metrics/registry.hpp"

namespace steward::slack {

/// Handles one envelope: `type` (events_api, slash_commands, interactive) and
/// its `payload` JSON text. Returns the ack's response payload (JSON text;
/// empty for none). Must finish well within 3 s: persist, don't process.
/// An exception means "not acked": Slack redelivers.
using EnvelopeHandler =
    std::function<boost::asio::awaitable<std::string>(std::string type, std::string payload)>;

struct SocketModeOptions {
  std::string app_token; ///< xapp-...; never logged
  int connections = 2;
  std::chrono::milliseconds reconnect_base{1'000};
  std::chrono::milliseconds reconnect_max{60'000};
  http::WebSocketOptions websocket;
};

enum class SocketModeState { connecting, connected, stopped, disabled };

class SocketMode {
public:
  virtual ~SocketMode() = default;
  /// Starts the connections; returns at once.
  virtual void start() = 0;
  /// Closes every connection cleanly and stops reconnecting; the returned
  /// awaitable completes when all are closed.
  virtual boost::asio::awaitable<void> stop() = 0;
  /// Connections that have received `hello` and are open now.
  [[nodiscard]] virtual int open_connections() const = 0;
  /// `disabled` after `link_disabled`.
  [[nodiscard]] virtual SocketModeState state() const = 0;
};

std::unique_ptr<SocketMode> make_socket_mode(boost::asio::any_io_executor executor, WebApi& api,
                                             SocketModeOptions options, EnvelopeHandler handler,
                                             metrics::Registry* registry = nullptr);

} // namespace steward::slack
