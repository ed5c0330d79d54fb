#include "adapters/github/code_host.hpp"

#include <algorithm>
#include <exception>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_future.hpp>

#include "adapters/github/problems.hpp"
#include "adapters/http/client.hpp"
#include "core/slack/form.hpp"

namespace steward::github {

namespace net = boost::asio;

namespace {

/// A GitHub answer: its status and its body parsed (discarded when not JSON).
struct Reply {
  int status = 0;
  nlohmann::json body;
};

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
         c == '.';
}

bool valid_name(std::string_view name) {
  return !name.empty() && name != "." && name != ".." && std::all_of(name.begin(), name.end(), name_char);
}

std::int64_t number_of(const nlohmann::json& pull) {
  const auto found = pull.find("number");
  return found != pull.end() && found->is_number_integer() ? found->get<std::int64_t>() : 0;
}

class GitHubCodeHost final : public git::CodeHost {
public:
  GitHubCodeHost(net::any_io_executor executor, GitHubOptions options)
      : m_executor(std::move(executor)), m_options(std::move(options)),
        m_owner(m_options.repo.substr(0, m_options.repo.find('/'))), m_repo_path("/repos/" + m_options.repo) {
    while (m_options.api_url.ends_with('/')) {
      m_options.api_url.pop_back();
    }
    http::ClientOptions client;
    client.user_agent = m_options.user_agent;
    client.ca_file = m_options.ca_file;
    m_client = http::make_client(m_executor, std::move(client));
  }

  Result<std::string> default_branch() override {
    auto reply = call("GET", m_repo_path, {});
    if (!reply) {
      return tl::unexpected(reply.error());
    }
    if (reply->status != 200) {
      return tl::unexpected(status_error("GET", m_repo_path, *reply));
    }
    const auto branch = reply->body.find("default_branch");
    if (branch == reply->body.end() || !branch->is_string() || branch->get<std::string>().empty()) {
      return tl::unexpected(error("GitHub's answer to GET " + m_repo_path + " has no default_branch"));
    }
    return branch->get<std::string>();
  }

  Result<git::PullRequest> open_pull_request(const git::PullRequestSpec& spec) override {
    if (spec.title.empty() || spec.head.empty() || spec.base.empty()) {
      return tl::unexpected(error("a pull request needs a title, a head branch and a base branch"));
    }
    const nlohmann::json request = {{"title", spec.title},
                                    {"head", spec.head},
                                    {"base", spec.base},
                                    {"body", spec.body},
                                    {"draft", spec.draft}};
    const std::string path = m_repo_path + "/pulls";
    auto reply = call("POST", path, request.dump());
    if (!reply) {
      return tl::unexpected(reply.error());
    }
    if (reply->status == 201 || reply->status == 200) {
      return pull_request(reply->body, "POST " + path, true);
    }
    if (reply->status == 422 && pull_request_exists(reply->body)) {
      return open_pull_request_from(spec.head, *reply);
    }
    return tl::unexpected(status_error("POST", path, *reply));
  }

private:
  /// The open pull request from `head` (after a 422 `already_exists`, which
  /// is the error when none turns up).
  Result<git::PullRequest> open_pull_request_from(const std::string& head, const Reply& refused) {
    const std::string label = head.find(':') == std::string::npos ? m_owner + ":" + head : head;
    const std::string path = m_repo_path + "/pulls?head=" + slack::url_encode(label) + "&state=open";
    auto reply = call("GET", path, {});
    if (!reply) {
      return tl::unexpected(reply.error());
    }
    if (reply->status != 200) {
      return tl::unexpected(status_error("GET", path, *reply));
    }
    if (!reply->body.is_array()) {
      return tl::unexpected(error("GitHub's answer to GET " + path + " is not a list of pull requests"));
    }
    if (reply->body.empty()) {
      return tl::unexpected(status_error("POST", m_repo_path + "/pulls", refused));
    }
    return pull_request(reply->body.front(), "GET " + path, false);
  }

  Result<git::PullRequest> pull_request(const nlohmann::json& pull, const std::string& what, bool created) {
    git::PullRequest out;
    out.number = number_of(pull);
    out.created = created;
    const auto url = pull.is_object() ? pull.find("html_url") : pull.end();
    if (out.number <= 0 || url == pull.end() || !url->is_string()) {
      return tl::unexpected(error("GitHub's answer to " + what + " has no pull request number and html_url"));
    }
    out.url = url->get<std::string>();
    return out;
  }

  /// Sends one request and waits for the answer; fails only when none came.
  Result<Reply> call(const std::string& method, const std::string& path, std::string body) {
    http::ClientRequest request;
    request.method = method;
    request.url = m_options.api_url + path;
    request.timeout = m_options.timeout;
    request.headers = {{"Accept", "application/vnd.github+json"},
                       {"X-GitHub-Api-Version", "2022-11-28"},
                       {"Authorization", "Bearer " + m_options.token}};
    if (!body.empty()) {
      request.headers.emplace_back("Content-Type", "application/json");
      request.body = std::move(body);
    }
    http::ClientResult<http::ClientResponse> response;
    try {
      response = net::co_spawn(m_executor, m_client->send(std::move(request)), net::use_future).get();
    } catch (const std::exception& e) {
      return tl::unexpected(error(method + " " + path + " failed: " + e.what()));
    }
    if (!response) {
      return tl::unexpected(transport_error(method + " " + path, response.error()));
    }
    Reply reply{response->status, nlohmann::json::parse(response->body, nullptr, false)};
    if (reply.body.is_discarded() && response->status >= 200 && response->status < 300) {
      return tl::unexpected(error("GitHub's answer to " + method + " " + path + " is not JSON"));
    }
    return reply;
  }

  Error transport_error(const std::string& what, const http::ClientError& failure) const {
    switch (failure.kind) {
    case http::FailureKind::timeout:
      return error(what + " timed out after " + duration_text(m_options.timeout));
    case http::FailureKind::resolve:
    case http::FailureKind::connect:
    case http::FailureKind::tls:
      return error("cannot reach " + failure.error.key + " (" + failure.error.reason + ")");
    default: return error(what + " failed: " + failure.error.to_string());
    }
  }

  Error status_error(const std::string& method, const std::string& path, const Reply& reply) const {
    std::string problem = status_problem(reply.status, reply.body);
    if (reply.status == 404) {
      problem += " (" + method + " " + path + ": check github.repo and that the token can read " +
                 m_options.repo + ")";
    }
    return error(std::move(problem));
  }

  [[nodiscard]] Error error(std::string reason) const {
    return Error{"github", redact(std::move(reason), m_options.token)};
  }

  net::any_io_executor m_executor;
  GitHubOptions m_options;
  std::string m_owner;
  std::string m_repo_path;
  std::unique_ptr<http::Client> m_client;
};

Result<void> check(const GitHubOptions& options) {
  const std::size_t slash = options.repo.find('/');
  if (slash == std::string::npos || !valid_name(std::string_view(options.repo).substr(0, slash)) ||
      !valid_name(std::string_view(options.repo).substr(slash + 1))) {
    return fail("github.repo", "expected owner/name, got \"" + options.repo + "\"");
  }
  if (options.token.empty()) {
    return fail("github.token", "required");
  }
  const bool unsafe = std::any_of(options.token.begin(), options.token.end(),
                                  [](char c) { return static_cast<unsigned char>(c) <= 0x20 || c == 0x7f; });
  if (unsafe) {
    return fail("github.token", "must not contain spaces or control characters");
  }
  if (!options.api_url.starts_with("http://") && !options.api_url.starts_with("https://")) {
    return fail("github.api_url", "must start with http:// or https://");
  }
  return {};
}

} // namespace

Result<std::unique_ptr<git::CodeHost>> make_github_code_host(net::any_io_executor executor,
                                                             GitHubOptions options) {
  if (auto checked = check(options); !checked) {
    return tl::unexpected(checked.error());
  }
  return std::make_unique<GitHubCodeHost>(std::move(executor), std::move(options));
}

} // namespace steward::github
