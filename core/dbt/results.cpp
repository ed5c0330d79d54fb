#include <string>

#include "core/dbt/artifacts.hpp"
#include "core/dbt/json_document.hpp"

namespace steward::dbt {
namespace {

using json::od::value;

std::vector<Timing> read_timing(json::Reader& r, value v) {
  std::vector<Timing> out;
  r.elements(v, [&](std::size_t, value item) {
    Timing timing;
    r.fields(item, [&](std::string_view key, value inner) {
      if (key == "name") {
        timing.name = r.scalar(inner);
      } else if (key == "started_at") {
        timing.started_at = r.scalar(inner);
      } else if (key == "completed_at") {
        timing.completed_at = r.scalar(inner);
      }
    });
    out.push_back(timing);
  });
  return out;
}

RunResult read_result(json::Reader& r, value v) {
  RunResult result;
  r.fields(v, [&](std::string_view key, value item) {
    if (key == "unique_id") {
      result.unique_id = r.scalar(item);
    } else if (key == "status") {
      result.status = r.scalar(item);
    } else if (key == "message") {
      result.message = r.scalar(item);
    } else if (key == "failures") {
      result.failures = r.integer(item);
    } else if (key == "execution_time") {
      result.execution_time = r.number(item).value_or(0);
    } else if (key == "thread_id") {
      result.thread_id = r.scalar(item);
    } else if (key == "compiled_code" || key == "compiled_sql") {
      result.compiled_code = r.scalar(item);
    } else if (key == "relation_name") {
      result.relation_name = r.scalar(item);
    } else if (key == "adapter_response") {
      result.adapter_response_json = r.raw(item);
    } else if (key == "timing") {
      result.timing = read_timing(r, item);
    } else if (key == "node") {
      // v1-v3 embed the node; its unique_id stands in when the result lacks one.
      r.fields(item, [&](std::string_view field, value inner) {
        if (field == "unique_id" && result.unique_id.empty()) {
          result.unique_id = r.scalar(inner);
        }
      });
    }
  });
  return result;
}

FreshnessResult read_freshness(json::Reader& r, value v) {
  FreshnessResult result;
  r.fields(v, [&](std::string_view key, value item) {
    if (key == "unique_id") {
      result.unique_id = r.scalar(item);
    } else if (key == "status") {
      result.status = r.scalar(item);
    } else if (key == "max_loaded_at") {
      result.max_loaded_at = r.scalar(item);
    } else if (key == "snapshotted_at") {
      result.snapshotted_at = r.scalar(item);
    } else if (key == "max_loaded_at_time_ago_in_s") {
      result.age_seconds = r.number(item);
    } else if (key == "criteria") {
      result.criteria_json = r.raw(item);
    } else if (key == "error" || key == "message") {
      result.error = r.scalar(item);
    }
  });
  return result;
}

} // namespace

Result<ArtifactInfo> parse_run_results(JsonText text, std::string_view label, ProjectBuilder& builder) {
  ArtifactInfo info{"run_results", std::string(label), 0, {}, {}};
  RunResults results;
  auto parsed = detail::parse_owned(std::move(text), label, builder, [&](json::Reader& r, value root) {
    r.fields(root, [&](std::string_view key, value item) {
      if (key == "metadata") {
        r.fields(item, [&](std::string_view field, value inner) {
          if (!detail::read_metadata_field(r, field, inner, info) && field == "invocation_id") {
            results.invocation_id = r.scalar(inner);
          }
        });
      } else if (key == "results") {
        r.elements(item, [&](std::size_t, value entry) { results.results.push_back(read_result(r, entry)); });
      } else if (key == "elapsed_time") {
        results.elapsed_time = r.number(item).value_or(0);
      } else if (key == "args") {
        r.fields(item, [&](std::string_view field, value inner) {
          if (field == "which") {
            results.command = r.scalar(inner);
          }
        });
      }
    });
  });
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  results.schema_version = info.schema_version;
  results.dbt_version = builder.store(info.dbt_version);
  results.generated_at = builder.store(info.generated_at);
  builder.set_run_results(std::move(results));
  return info;
}

Result<ArtifactInfo> parse_sources(JsonText text, std::string_view label, ProjectBuilder& builder) {
  ArtifactInfo info{"sources", std::string(label), 0, {}, {}};
  FreshnessResults results;
  auto parsed = detail::parse_owned(std::move(text), label, builder, [&](json::Reader& r, value root) {
    r.fields(root, [&](std::string_view key, value item) {
      if (key == "metadata") {
        r.fields(item, [&](std::string_view field, value inner) {
          if (!detail::read_metadata_field(r, field, inner, info) && field == "invocation_id") {
            results.invocation_id = r.scalar(inner);
          }
        });
      } else if (key == "results") {
        r.elements(item,
                   [&](std::size_t, value entry) { results.results.push_back(read_freshness(r, entry)); });
      }
    });
  });
  if (!parsed) {
    return tl::unexpected(parsed.error());
  }
  results.schema_version = info.schema_version;
  results.dbt_version = builder.store(info.dbt_version);
  results.generated_at = builder.store(info.generated_at);
  builder.set_freshness(std::move(results));
  return info;
}

} // namespace steward::dbt
