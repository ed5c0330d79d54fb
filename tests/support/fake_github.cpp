// The fake GitHub's server, routing, authentication, scripting and recording.

#include "tests/support/fake_github.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <mutex>
#include <stdexcept>
#include <thread>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "adapters/http/server.hpp"
#include "core/slack/form.hpp"
#include "tests/support/loopback_server.hpp"

namespace steward::testing {

namespace net = boost::asio;

namespace {

constexpr const char* k_docs = "https://docs.github.com/rest";

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

http::Response json_response(int status, const nlohmann::json& body) {
  return http::Response{status, "application/json; charset=utf-8", body.dump(), {}};
}

http::Response error_response(int status, std::string message, const std::string& docs = k_docs) {
  return json_response(
      status,
      {{"message", std::move(message)}, {"documentation_url", docs}, {"status", std::to_string(status)}});
}

http::Response validation_failed(nlohmann::json error) {
  return json_response(
      422, {{"message", "Validation Failed"},
            {"errors", nlohmann::json::array({std::move(error)})},
            {"documentation_url", "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"},
            {"status", "422"}});
}

std::string message_for(int status) {
  switch (status) {
  case 401: return "Bad credentials";
  case 403: return "Resource not accessible by personal access token";
  case 404: return "Not Found";
  case 422: return "Validation Failed";
  case 502: return "Server Error";
  case 503: return "Service Unavailable";
  default: return status >= 500 ? "Server Error" : "Error";
  }
}

std::string string_field(const nlohmann::json& body, const char* key) {
  const auto found = body.is_object() ? body.find(key) : body.end();
  return found != body.end() && found->is_string() ? found->get<std::string>() : std::string();
}

} // namespace

std::string FakeGitHub::Request::header(std::string_view name) const {
  const std::string wanted = lower(name);
  for (const auto& [key, value] : headers) {
    if (key == wanted) {
      return value;
    }
  }
  return {};
}

std::string FakeGitHub::Pull::html_url(const std::string& repo) const {
  return "https://github.com/" + repo + "/pull/" + std::to_string(number);
}

struct FakeGitHub::Impl {
  explicit Impl(Options given);
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;

  net::awaitable<http::Response> handle(http::Request request);
  http::Response route(const Request& request);
  http::Response create_pull(const Request& request);
  http::Response list_pulls(const Request& request);
  nlohmann::json pull_json(const Pull& pull) const;
  nlohmann::json repo_json() const;
  std::string owner() const { return options.repo.substr(0, options.repo.find('/')); }

  Options options;

  mutable std::mutex mutex;
  std::vector<Request> requests;
  std::vector<Pull> pulls;
  int failures = 0;
  int failure_status = 500;
  int delays = 0;
  std::chrono::milliseconds delay{0};

  /// Last: it starts once everything above exists and stops first.
  LoopbackServer server{"fake github", [this](http::Request request) { return handle(std::move(request)); }};
};

FakeGitHub::Impl::Impl(Options given) : options(std::move(given)) {
}

net::awaitable<http::Response> FakeGitHub::Impl::handle(http::Request request) {
  Request recorded{request.method, request.target, std::string(request.path()), {}, request.body, nullptr};
  for (const auto& [name, value] : request.headers) {
    recorded.headers.emplace_back(lower(name), value);
  }
  recorded.json = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (recorded.json.is_discarded()) {
    recorded.json = nullptr;
  }
  std::chrono::milliseconds wait{0};
  int fail_with = 0;
  {
    const std::lock_guard lock(mutex);
    requests.push_back(recorded);
    if (delays > 0) {
      --delays;
      wait = delay;
    }
    if (failures > 0) {
      --failures;
      fail_with = failure_status;
    }
  }
  if (wait > std::chrono::milliseconds::zero()) {
    net::steady_timer timer(co_await net::this_coro::executor, wait);
    co_await timer.async_wait(net::as_tuple(net::use_awaitable));
  }
  if (fail_with != 0) {
    co_return error_response(fail_with, message_for(fail_with));
  }
  co_return route(recorded);
}

http::Response FakeGitHub::Impl::route(const Request& request) {
  const std::string authorization = request.header("authorization");
  if (authorization.empty()) {
    return error_response(401, "Requires authentication");
  }
  if (authorization != "Bearer " + options.token && authorization != "token " + options.token) {
    return error_response(401, "Bad credentials");
  }
  const std::string repo_path = "/repos/" + options.repo;
  if (request.method == "GET" && request.path == repo_path) {
    return json_response(200, repo_json());
  }
  if (request.method == "POST" && request.path == repo_path + "/pulls") {
    return create_pull(request);
  }
  if (request.method == "GET" && request.path == repo_path + "/pulls") {
    return list_pulls(request);
  }
  return error_response(404, "Not Found");
}

http::Response FakeGitHub::Impl::create_pull(const Request& request) {
  if (!request.json.is_object()) {
    return error_response(400, "Problems parsing JSON");
  }
  Pull pull;
  pull.title = string_field(request.json, "title");
  pull.head = string_field(request.json, "head");
  pull.base = string_field(request.json, "base");
  pull.body = string_field(request.json, "body");
  pull.draft = request.json.value("draft", false);
  const std::array<std::pair<const char*, const std::string*>, 3> required{
      {{"title", &pull.title}, {"head", &pull.head}, {"base", &pull.base}}};
  for (const auto& [field, value] : required) {
    if (value->empty()) {
      return validation_failed({{"resource", "PullRequest"}, {"code", "missing_field"}, {"field", field}});
    }
  }
  if (pull.head.starts_with(owner() + ":")) {
    pull.head = pull.head.substr(owner().size() + 1);
  }
  if (pull.head == pull.base) {
    return validation_failed({{"resource", "PullRequest"},
                              {"code", "custom"},
                              {"message", "No commits between " + pull.base + " and " + pull.head}});
  }
  const std::lock_guard lock(mutex);
  const bool exists = std::any_of(pulls.begin(), pulls.end(), [&](const Pull& other) {
    return other.state == "open" && other.head == pull.head;
  });
  if (exists) {
    return validation_failed(
        {{"resource", "PullRequest"},
         {"code", "custom"},
         {"message", "A pull request already exists for " + owner() + ":" + pull.head + "."}});
  }
  pull.number = static_cast<std::int64_t>(pulls.size()) + 1;
  pulls.push_back(pull);
  http::Response response = json_response(201, pull_json(pull));
  response.headers.emplace_back("Location", "http://127.0.0.1:" + std::to_string(server.port()) + "/repos/" +
                                                options.repo + "/pulls/" + std::to_string(pull.number));
  return response;
}

http::Response FakeGitHub::Impl::list_pulls(const Request& request) {
  const std::size_t question = request.target.find('?');
  const auto query = slack::parse_form(question == std::string::npos
                                           ? std::string_view()
                                           : std::string_view(request.target).substr(question + 1));
  if (!query) {
    return error_response(400, "Bad query");
  }
  std::string head;
  std::string state = "open";
  for (const auto& [key, value] : *query) {
    if (key == "head") {
      head = value;
    } else if (key == "state") {
      state = value;
    }
  }
  nlohmann::json out = nlohmann::json::array();
  const std::lock_guard lock(mutex);
  for (std::size_t i = pulls.size(); i > 0; --i) {
    const Pull& pull = pulls[i - 1];
    const bool head_matches = head.empty() || head == owner() + ":" + pull.head;
    if (head_matches && (state == "all" || state == pull.state)) {
      out.push_back(pull_json(pull));
    }
  }
  return json_response(200, out);
}

nlohmann::json FakeGitHub::Impl::pull_json(const Pull& pull) const {
  const std::string api = "http://127.0.0.1:" + std::to_string(server.port()) + "/repos/" + options.repo;
  return {{"url", api + "/pulls/" + std::to_string(pull.number)},
          {"id", 1'000'000 + pull.number},
          {"number", pull.number},
          {"state", pull.state},
          {"title", pull.title},
          {"body", pull.body},
          {"draft", pull.draft},
          {"html_url", pull.html_url(options.repo)},
          {"user", {{"login", "steward-bot"}}},
          {"head", {{"label", owner() + ":" + pull.head}, {"ref", pull.head}}},
          {"base", {{"label", owner() + ":" + pull.base}, {"ref", pull.base}}}};
}

nlohmann::json FakeGitHub::Impl::repo_json() const {
  return {{"id", 123456},
          {"name", options.repo.substr(options.repo.find('/') + 1)},
          {"full_name", options.repo},
          {"private", true},
          {"owner", {{"login", owner()}, {"type", "Organization"}}},
          {"html_url", "https://github.com/" + options.repo},
          {"default_branch", options.default_branch}};
}

FakeGitHub::FakeGitHub() : FakeGitHub(Options{}) {
}

FakeGitHub::FakeGitHub(Options options) : m_impl(std::make_unique<Impl>(std::move(options))) {
}

FakeGitHub::~FakeGitHub() = default;

std::string FakeGitHub::api_url() const {
  return "http://127.0.0.1:" + std::to_string(port());
}

unsigned short FakeGitHub::port() const {
  return m_impl->server.port();
}

const FakeGitHub::Options& FakeGitHub::options() const {
  return m_impl->options;
}

void FakeGitHub::fail_next(int count, int status) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->failures = count;
  m_impl->failure_status = status;
}

void FakeGitHub::delay_next(int count, std::chrono::milliseconds delay) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->delays = count;
  m_impl->delay = delay;
}

std::int64_t FakeGitHub::add_pull(Pull pull) {
  const std::lock_guard lock(m_impl->mutex);
  pull.number = static_cast<std::int64_t>(m_impl->pulls.size()) + 1;
  m_impl->pulls.push_back(pull);
  return pull.number;
}

void FakeGitHub::close_pull(std::int64_t number) {
  const std::lock_guard lock(m_impl->mutex);
  for (Pull& pull : m_impl->pulls) {
    if (pull.number == number) {
      pull.state = "closed";
    }
  }
}

std::vector<FakeGitHub::Request> FakeGitHub::requests() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->requests;
}

std::vector<FakeGitHub::Pull> FakeGitHub::pulls() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->pulls;
}

} // namespace steward::testing
