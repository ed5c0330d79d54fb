#pragma once

// The daemon's HTTP surface: GET /healthz, GET /readyz, GET /metrics,
// POST /slack/events, and POST /hooks/dbt and /hooks/dbt-cloud
// (bot/alerts/hooks.hpp). Everything else is 404 (405 for a known path with the
// wrong method).

#include <functional>
#include <string>

#include <boost/asio/awaitable.hpp>

#include "adapters/http/server.hpp"
#include "adapters/runtime/blocking_pool.hpp"
#include "bot/alerts/hooks.hpp"
#include "bot/slack/ingress.hpp"
#include "core/knowledge/snapshot.hpp"
#include "core/metrics/registry.hpp"
#include "core/ports/store.hpp"

namespace steward::bot {

struct RouteDeps {
  knowledge::KnowledgeBase& knowledge;
  store::Store& store;
  runtime::BlockingPool& store_pool;
  metrics::Registry& metrics;
  SlackIngress* slack_http = nullptr; ///< null: /slack/events is not served (Socket Mode)
  RunHooks* hooks = nullptr;          ///< null: /hooks/* answer 404
  std::function<std::string()>
      slack_state; ///< empty when ready, else why not (e.g. "no Socket Mode connection")
};

/// The request handler for `http::start_server`.
http::Handler make_routes(RouteDeps& deps);

/// Records every response in `metrics` (requests by route and status, and
/// the latency histogram `steward_http_request_seconds`).
http::ResponseObserver make_observer(metrics::Registry& metrics);

} // namespace steward::bot
