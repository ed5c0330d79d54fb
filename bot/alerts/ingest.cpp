#include "bot/alerts/ingest.hpp"

#include <nlohmann/json.hpp>

namespace steward::bot {

Result<store::NewJob> run_job(std::string_view artifact, std::string_view source, std::string_view label,
                              int max_attempts) {
  auto run = alerts::parse_run(artifact, label);
  if (!run) {
    return tl::unexpected(run.error());
  }
  store::NewJob job;
  job.kind = std::string(k_run_job_kind);
  job.payload = nlohmann::json{{"source", source}, {"artifact", artifact}}.dump();
  job.idempotency_key = "dbt.run:" + run->invocation_id;
  job.max_attempts = max_attempts;
  return job;
}

Result<RunDelivery> read_run_job(const store::Job& job) {
  const std::string key = "job " + std::to_string(job.id);
  const nlohmann::json payload = nlohmann::json::parse(job.payload, nullptr, false);
  if (!payload.is_object() || !payload.contains("artifact") || !payload["artifact"].is_string()) {
    return fail(key, "not a dbt.run payload");
  }
  auto run = alerts::parse_run(payload["artifact"].get<std::string>(), key);
  if (!run) {
    return tl::unexpected(run.error());
  }
  return RunDelivery{payload.value("source", "file"), std::move(*run)};
}

store::NewJob redraw_job(store::Id incident, const std::string& note, store::TimePoint now) {
  store::NewJob job;
  job.kind = std::string(k_redraw_job_kind);
  job.payload = nlohmann::json{{"incident", incident}, {"note", note}}.dump();
  job.idempotency_key =
      "dbt.redraw:" + std::to_string(incident) + ":" + std::to_string(now.time_since_epoch().count());
  return job;
}

} // namespace steward::bot
