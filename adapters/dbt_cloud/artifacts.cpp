#include "adapters/dbt_cloud/artifacts.hpp"

#include <algorithm>
#include <cctype>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>
#include <nlohmann/json.hpp>

namespace steward::dbt_cloud {

namespace {

namespace net = boost::asio;

bool is_id(std::string_view text) {
  return !text.empty() && text.size() <= 20 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_artifact_name(std::string_view name) {
  return !name.empty() && name.find("..") == std::string_view::npos && name.front() != '/' &&
         std::all_of(name.begin(), name.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_' || c == '-' || c == '.' ||
                  c == '/';
         });
}

/// dbt Cloud's error text: `status.user_message` of its JSON envelope, else the status.
std::string api_message(const http::ClientResponse& response) {
  const nlohmann::json body = nlohmann::json::parse(response.body, nullptr, false);
  if (body.is_object() && body.contains("status") && body["status"].is_object()) {
    std::string message = body["status"].value("user_message", "");
    if (!message.empty()) {
      return message;
    }
  }
  return response.status == 401 || response.status == 403 ? "the API token was refused" : "request failed";
}

class ArtifactsImpl final : public RunArtifacts {
public:
  ArtifactsImpl(http::Client& client, net::any_io_executor executor, ApiOptions options)
      : m_client(client), m_executor(std::move(executor)), m_options(std::move(options)) {
    while (!m_options.base_url.empty() && m_options.base_url.back() == '/') {
      m_options.base_url.pop_back();
    }
  }

  Result<std::string> artifact(std::string_view account, std::string_view run,
                               std::string_view name) override {
    if (!is_id(account) || !is_id(run)) {
      return fail("dbt_cloud", "account and run ids must be numbers");
    }
    if (!is_artifact_name(name)) {
      return fail("dbt_cloud", "not an artifact name: " + std::string(name));
    }
    http::ClientRequest request;
    request.method = "GET";
    request.url = m_options.base_url + "/api/v2/accounts/" + std::string(account) + "/runs/" +
                  std::string(run) + "/artifacts/" + std::string(name);
    request.headers.emplace_back("Authorization", "Token " + m_options.token);
    request.headers.emplace_back("Accept", "application/json");
    request.timeout = m_options.timeout;
    auto response = net::co_spawn(m_executor, m_client.send(std::move(request)), net::use_future).get();
    if (!response) {
      return fail("dbt_cloud", "could not fetch " + std::string(name) + " of run " + std::string(run) + ": " +
                                   response.error().error.to_string());
    }
    if (response->status != 200) {
      return fail("dbt_cloud", std::to_string(response->status) + " fetching " + std::string(name) +
                                   " of run " + std::string(run) + ": " + api_message(*response));
    }
    return std::move(response->body);
  }

private:
  http::Client& m_client;
  net::any_io_executor m_executor;
  ApiOptions m_options;
};

} // namespace

std::unique_ptr<RunArtifacts> make_run_artifacts(http::Client& client, net::any_io_executor executor,
                                                 ApiOptions options) {
  return std::make_unique<ArtifactsImpl>(client, std::move(executor), std::move(options));
}

} // namespace steward::dbt_cloud
