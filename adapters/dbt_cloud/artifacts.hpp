#pragma once

// dbt Cloud's Admin API v2 over the HTTP client: GET
// `{base}/api/v2/accounts/{account}/runs/{run}/artifacts/{name}` with
// `Authorization: Token <service token>`.

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "adapters/http/client.hpp"
#include "core/ports/dbt_cloud.hpp"

namespace steward::dbt_cloud {

struct ApiOptions {
  std::string base_url = "https://cloud.getdbt.com"; ///< the account's access URL
  std::string token;                                 ///< never logged
  std::chrono::milliseconds timeout{60'000};
};

/// `client` must outlive the result; requests run on `executor` and the
/// calling (worker) thread waits for them.
std::unique_ptr<RunArtifacts> make_run_artifacts(http::Client& client, boost::asio::any_io_executor executor,
                                                 ApiOptions options);

} // namespace steward::dbt_cloud
