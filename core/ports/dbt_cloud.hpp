#pragma once

// The dbt Cloud Admin API, for what a webhook leaves out: a run's artifacts
// (`run_results.json`, `manifest.json`). Adapter: adapters/dbt_cloud.
//
// Blocking: call it from worker threads. Errors name `dbt_cloud` and say
// what failed (`dbt_cloud: 404 run 12345 has no run_results.json`); the API
// token never appears in one.

#include <string>
#include <string_view>

#include "core/util/error.hpp"

namespace steward::dbt_cloud {

class RunArtifacts {
public:
  virtual ~RunArtifacts() = default;

  /// The text of artifact `name` (`run_results.json`) of run `run` in
  /// account `account`: the last step's, as the API returns by default.
  virtual Result<std::string> artifact(std::string_view account, std::string_view run,
                                       std::string_view name) = 0;
};

} // namespace steward::dbt_cloud
