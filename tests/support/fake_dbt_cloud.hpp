#pragma once

// A fake dbt Cloud Admin API v2 on 127.0.0.1 for tests: serves the run
// artifacts registered with `add_artifact` at
// `GET /api/v2/accounts/{account}/runs/{run}/artifacts/{name}` to requests
// carrying `Authorization: Token <token>`, like dbt Cloud: 401 with its JSON
// envelope for a missing or wrong token, 404 for an unknown run or
// artifact. Records every request. Runs on its own thread; thread-safe.

#include <memory>
#include <string>
#include <vector>

namespace steward::testing {

class FakeDbtCloud {
public:
  explicit FakeDbtCloud(std::string token = "dbtc_test_token");
  ~FakeDbtCloud();
  FakeDbtCloud(const FakeDbtCloud&) = delete;
  FakeDbtCloud& operator=(const FakeDbtCloud&) = delete;

  /// `http://127.0.0.1:<port>`, the `dbt_cloud.api_base_url` to configure.
  [[nodiscard]] std::string base_url() const;

  void add_artifact(const std::string& account, const std::string& run, const std::string& name,
                    std::string body);

  /// Request targets received, in order.
  [[nodiscard]] std::vector<std::string> requests() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

/// The `Authorization` value dbt Cloud sends with `body`: hex HMAC-SHA256
/// under `secret`.
std::string dbt_cloud_signature(const std::string& secret, const std::string& body);

} // namespace steward::testing
