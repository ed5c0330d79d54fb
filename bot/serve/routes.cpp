#include "bot/serve/routes.hpp"

#include <chrono>

#include <nlohmann/json.hpp>

#include "bot/jobs/clock.hpp"

namespace steward::bot {

namespace net = boost::asio;

namespace {

constexpr std::string_view k_known_paths[] = {"/slack/events", "/healthz",   "/readyz",
                                              "/metrics",      "/hooks/dbt", "/hooks/dbt-cloud"};

http::Response text(int status, std::string content_type, std::string body) {
  http::Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

http::Response method_not_allowed(std::string_view allow) {
  http::Response response = text(405, "application/json", R"({"error":"method_not_allowed"})");
  response.headers.emplace_back("Allow", std::string(allow));
  return response;
}

net::awaitable<http::Response> readiness(RouteDeps& deps) {
  nlohmann::json checks = nlohmann::json::object();
  bool ready = true;
  if (auto snapshot = deps.knowledge.current()) {
    checks["knowledge"] = "ok: generation " + std::to_string(snapshot->generation);
  } else {
    const auto error = deps.knowledge.last_error();
    checks["knowledge"] = "not loaded" + (error ? ": " + error->to_string() : std::string());
    ready = false;
  }
  auto ping = co_await deps.store_pool.run([&deps] { return deps.store.ping(); });
  checks["store"] = ping ? std::string("ok: ") + std::string(deps.store.backend()) : ping.error().to_string();
  ready = ready && ping.has_value();
  if (deps.slack_state) {
    const std::string problem = deps.slack_state();
    checks["slack"] = problem.empty() ? "ok" : problem;
    ready = ready && problem.empty();
  }
  nlohmann::json body = {{"status", ready ? "ready" : "not ready"}, {"checks", checks}};
  co_return text(ready ? 200 : 503, "application/json", body.dump());
}

net::awaitable<http::Response> metrics_page(RouteDeps& deps) {
  auto counts = co_await deps.store_pool.run([&deps] { return deps.store.counts(wall_now()); });
  if (counts) {
    deps.metrics.set("steward_queue_jobs", {{"state", "queued"}}, static_cast<double>(counts->queued));
    deps.metrics.set("steward_queue_jobs", {{"state", "due"}}, static_cast<double>(counts->due));
    deps.metrics.set("steward_queue_jobs", {{"state", "running"}}, static_cast<double>(counts->running));
    deps.metrics.set("steward_queue_jobs", {{"state", "dead"}}, static_cast<double>(counts->dead));
  } else {
    deps.metrics.increment("steward_errors_total", {{"kind", "store"}});
  }
  co_return text(200, "text/plain; version=0.0.4; charset=utf-8", deps.metrics.render());
}

} // namespace

http::Handler make_routes(RouteDeps& deps) {
  deps.metrics.describe("steward_queue_jobs", "Jobs in the durable queue by state (read at scrape time).");
  deps.metrics.describe("steward_errors_total", "Errors by kind.");
  // Declared up front so the families show before their first sample.
  deps.metrics.increment("steward_errors_total", {{"kind", "store"}}, 0);
  deps.metrics.increment("steward_llm_tokens_total", {{"direction", "input"}}, 0);
  deps.metrics.increment("steward_llm_tokens_total", {{"direction", "output"}}, 0);
  deps.metrics.describe("steward_llm_tokens_total", "LLM tokens used, by direction (input, output).");
  return [&deps](http::Request request) -> net::awaitable<http::Response> {
    const std::string_view path = request.path();
    if (path == "/slack/events" && deps.slack_http != nullptr) {
      co_return co_await deps.slack_http->handle_http(std::move(request));
    }
    if (RunHooks::serves(path) && deps.hooks != nullptr) {
      co_return co_await deps.hooks->handle(std::move(request));
    }
    // No co_await inside ?: — g++ 12 destroys such temporaries twice.
    const bool get = request.method == "GET" || request.method == "HEAD";
    const bool known = path == "/healthz" || path == "/readyz" || path == "/metrics";
    if (!known) {
      co_return text(404, "application/json", R"({"error":"not_found"})");
    }
    if (!get) {
      co_return method_not_allowed("GET");
    }
    if (path == "/readyz") {
      http::Response response = co_await readiness(deps);
      co_return response;
    }
    if (path == "/metrics") {
      http::Response response = co_await metrics_page(deps);
      co_return response;
    }
    co_return text(200, "application/json", R"({"status":"ok"})");
  };
}

http::ResponseObserver make_observer(metrics::Registry& metrics) {
  metrics.describe("steward_http_requests_total", "HTTP responses by route and status.");
  metrics.describe("steward_http_request_seconds",
                   "Time from reading a request to writing its response (Slack's ack latency), by route.");
  return [&metrics](std::string_view path, int status, std::chrono::nanoseconds elapsed) {
    std::string route = "other";
    for (std::string_view known : k_known_paths) {
      if (path == known) {
        route = std::string(known);
      }
    }
    metrics.increment("steward_http_requests_total", {{"route", route}, {"status", std::to_string(status)}});
    metrics.observe("steward_http_request_seconds", {{"route", route}},
                    std::chrono::duration<double>(elapsed).count(), metrics::latency_bounds());
  };
}

} // namespace steward::bot
