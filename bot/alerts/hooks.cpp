#include "bot/alerts/hooks.hpp"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "adapters/crypto/keyed_hash.hpp"
#include "bot/alerts/ingest.hpp"
#include "bot/jobs/clock.hpp"

namespace steward::bot {

namespace net = boost::asio;

namespace {

http::Response json_response(int status, const nlohmann::json& body) {
  http::Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = body.dump();
  return response;
}

http::Response error_response(int status, std::string_view error, std::string detail = "") {
  nlohmann::json body{{"ok", false}, {"error", error}};
  if (!detail.empty()) {
    body["detail"] = std::move(detail);
  }
  return json_response(status, body);
}

/// `Bearer <token>` (scheme case-insensitive).
std::string_view bearer(std::string_view header) {
  constexpr std::string_view k_scheme = "bearer ";
  if (header.size() < k_scheme.size()) {
    return {};
  }
  for (std::size_t i = 0; i < k_scheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != k_scheme[i]) {
      return {};
    }
  }
  return header.substr(k_scheme.size());
}

/// The artifact text of a /hooks/dbt body: the body itself, or its `run_results` member.
std::string artifact_of(const std::string& body) {
  const nlohmann::json parsed = nlohmann::json::parse(body, nullptr, false);
  if (parsed.is_object() && parsed.contains("run_results") && parsed["run_results"].is_object()) {
    return parsed["run_results"].dump();
  }
  return body;
}

std::string id_text(const nlohmann::json& value) {
  if (value.is_string()) {
    return value.get<std::string>();
  }
  if (value.is_number_integer()) {
    return std::to_string(value.get<long long>());
  }
  return "";
}

} // namespace

RunHooks::RunHooks(store::JobQueue& jobs, runtime::BlockingPool& store_pool, metrics::Registry& metrics,
                   RunHookOptions options, std::function<void()> wake)
    : m_jobs(jobs), m_store_pool(store_pool), m_metrics(metrics), m_options(std::move(options)),
      m_wake(std::move(wake)) {
}

bool RunHooks::serves(std::string_view path) {
  return path == "/hooks/dbt" || path == "/hooks/dbt-cloud";
}

net::awaitable<http::Response> RunHooks::handle(http::Request request) {
  const std::string_view path = request.path();
  const bool cloud = path == "/hooks/dbt-cloud";
  if ((cloud ? m_options.webhook_secret : m_options.token).empty()) {
    co_return error_response(404, "not_found");
  }
  if (request.method != "POST") {
    http::Response response = error_response(405, "method_not_allowed");
    response.headers.emplace_back("Allow", "POST");
    co_return response;
  }
  if (cloud) {
    http::Response response = co_await dbt_cloud(request);
    co_return response;
  }
  http::Response response = co_await dbt(request);
  co_return response;
}

net::awaitable<http::Response> RunHooks::dbt(const http::Request& request) {
  const std::string_view token = bearer(request.header("Authorization").value_or(""));
  if (token.empty() || !crypto::equal_constant_time(token, m_options.token)) {
    spdlog::warn("hooks: rejected /hooks/dbt from {}: bad or missing bearer token", request.remote);
    m_metrics.increment("steward_errors_total", {{"kind", "hook_auth"}});
    co_return error_response(401, "unauthorized");
  }
  auto job = run_job(artifact_of(request.body), "hook", "body", m_options.max_attempts);
  if (!job) {
    m_metrics.increment("steward_errors_total", {{"kind", "hook_malformed"}});
    co_return error_response(400, "bad_artifact", job.error().to_string());
  }
  const std::string invocation = job->idempotency_key.substr(job->idempotency_key.find(':') + 1);
  std::string fields = nlohmann::json{{"invocation_id", invocation}}.dump();
  std::string hook = "dbt"; // named: g++ 12 mishandles array temporaries in co_await arguments
  http::Response response = co_await enqueue(std::move(*job), std::move(hook), std::move(fields));
  co_return response;
}

net::awaitable<http::Response> RunHooks::dbt_cloud(const http::Request& request) {
  const std::string expected = crypto::hmac_sha256_hex(m_options.webhook_secret, request.body);
  const std::string_view signature = request.header("Authorization").value_or("");
  if (signature.empty() || expected.empty() || !crypto::equal_constant_time(signature, expected)) {
    spdlog::warn("hooks: rejected /hooks/dbt-cloud from {}: signature does not match", request.remote);
    m_metrics.increment("steward_errors_total", {{"kind", "hook_auth"}});
    co_return error_response(401, "unauthorized");
  }
  const nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (!body.is_object() || !body.contains("data") || !body["data"].is_object()) {
    co_return error_response(400, "bad_payload", "not a dbt Cloud webhook (no data object)");
  }
  const std::string event = body.value("eventType", "");
  if (event != "job.run.completed" && event != "job.run.errored") {
    co_return json_response(200, nlohmann::json{{"ok", true}, {"ignored", event}});
  }
  const std::string account = id_text(body.value("accountId", nlohmann::json()));
  const std::string run = id_text(body["data"].value("runId", nlohmann::json()));
  if (account.empty() || run.empty()) {
    co_return error_response(400, "bad_payload", "accountId and data.runId are required");
  }
  store::NewJob job;
  job.kind = std::string(k_cloud_run_job_kind);
  job.payload = nlohmann::json{
      {"account", account},
      {"run", run},
      {"job_name", body["data"].value("jobName", "")},
      {"event",
       event}}.dump();
  job.idempotency_key = "dbt_cloud:" + account + ":" + run;
  job.max_attempts = m_options.max_attempts;
  std::string fields = nlohmann::json{{"run_id", run}}.dump();
  std::string hook = "dbt-cloud";
  http::Response response = co_await enqueue(std::move(job), std::move(hook), std::move(fields));
  co_return response;
}

net::awaitable<http::Response> RunHooks::enqueue(store::NewJob job, std::string hook,
                                                 std::string fields_json) {
  auto enqueued = co_await m_store_pool.run([this, &job] { return m_jobs.enqueue(job, wall_now()); });
  if (!enqueued) {
    spdlog::error("hooks: could not store the run from /hooks/{}: {}", hook, enqueued.error().to_string());
    m_metrics.increment("steward_errors_total", {{"kind", "store"}});
    http::Response response = error_response(503, "unavailable");
    response.headers.emplace_back("Retry-After", "5");
    co_return response;
  }
  if (enqueued->created) {
    m_wake();
  }
  nlohmann::json body = nlohmann::json::parse(fields_json, nullptr, false);
  body["ok"] = true;
  body["job"] = enqueued->id;
  body["duplicate"] = !enqueued->created;
  m_metrics.increment("steward_runs_received_total",
                      {{"hook", hook}, {"duplicate", enqueued->created ? "false" : "true"}});
  co_return json_response(202, body);
}

Result<CloudRun> read_cloud_run_job(const store::Job& job) {
  const nlohmann::json payload = nlohmann::json::parse(job.payload, nullptr, false);
  if (!payload.is_object() || !payload.contains("account") || !payload.contains("run")) {
    return fail("job " + std::to_string(job.id), "not a dbt.cloud_run payload");
  }
  return CloudRun{payload.value("account", ""), payload.value("run", ""), payload.value("job_name", "")};
}

} // namespace steward::bot
