// The GitHub code host against the fake GitHub over loopback HTTP: the
// default branch, a pull request opened with GitHub's exact request shape,
// retries that return the open pull request instead of a second one, and
// failures (bad token, unknown repository, 5xx, timeouts, nothing
// listening, malformed answers) as errors that never hold the token.

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "adapters/github/code_host.hpp"
#include "adapters/http/server.hpp"
#include "tests/support/fake_github.hpp"
#include "tests/support/net_harness.hpp"

namespace steward::github {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using steward::testing::FakeGitHub;
using steward::testing::IoThread;
using ::testing::HasSubstr;
using ::testing::Not;

FakeGitHub::Options fake_options() {
  FakeGitHub::Options options;
  options.repo = "octo/shop";
  options.default_branch = "trunk";
  return options;
}

class GitHubTest : public ::testing::Test {
protected:
  GitHubOptions options() const {
    GitHubOptions out;
    out.api_url = m_fake.api_url();
    out.repo = "octo/shop";
    out.token = m_fake.options().token;
    out.timeout = 5s;
    out.user_agent = "steward-test";
    return out;
  }

  git::CodeHost& host(const GitHubOptions& given) {
    auto made = make_github_code_host(m_io.executor(), given);
    if (!made) {
      throw std::runtime_error(made.error().to_string());
    }
    m_host = std::move(*made);
    return *m_host;
  }
  git::CodeHost& host() { return host(options()); }

  static git::PullRequestSpec pull_spec() {
    git::PullRequestSpec spec;
    spec.title = "Fix orders.value: add the missing column";
    spec.head = "steward/fix-12-add_value";
    spec.base = "trunk";
    spec.body = "Incident 12: `not_null_orders_value` failed.\n\n- adds `value`";
    return spec;
  }

  /// `error`'s text, checked never to hold the token.
  std::string text_of(const Error& error) const {
    std::string text = error.to_string();
    EXPECT_THAT(text, Not(HasSubstr(m_fake.options().token)));
    return text;
  }

  static void expect_github_headers(const FakeGitHub::Request& request, const std::string& token) {
    EXPECT_EQ(request.header("accept"), "application/vnd.github+json");
    EXPECT_EQ(request.header("x-github-api-version"), "2022-11-28");
    EXPECT_EQ(request.header("authorization"), "Bearer " + token);
    EXPECT_EQ(request.header("user-agent"), "steward-test");
  }

  FakeGitHub m_fake{fake_options()};
  IoThread m_io{1};
  std::unique_ptr<git::CodeHost> m_host; ///< after m_io: destroyed before its io_context
};

TEST_F(GitHubTest, ReadsTheDefaultBranch) {
  auto branch = host().default_branch();
  ASSERT_TRUE(branch) << branch.error().to_string();
  EXPECT_EQ(*branch, "trunk");
  const auto requests = m_fake.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "GET");
  EXPECT_EQ(requests[0].target, "/repos/octo/shop");
  expect_github_headers(requests[0], m_fake.options().token);
}

TEST_F(GitHubTest, OpensAPullRequestWithGitHubsRequestShape) {
  git::PullRequestSpec spec = pull_spec();
  spec.draft = true;
  auto opened = host().open_pull_request(spec);
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_TRUE(opened->created);
  EXPECT_EQ(opened->number, 1);
  EXPECT_EQ(opened->url, "https://github.com/octo/shop/pull/1");

  const auto requests = m_fake.requests();
  ASSERT_EQ(requests.size(), 1U);
  EXPECT_EQ(requests[0].method, "POST");
  EXPECT_EQ(requests[0].target, "/repos/octo/shop/pulls");
  EXPECT_EQ(requests[0].header("content-type"), "application/json");
  expect_github_headers(requests[0], m_fake.options().token);
  EXPECT_EQ(requests[0].json, json({{"title", spec.title},
                                    {"head", spec.head},
                                    {"base", spec.base},
                                    {"body", spec.body},
                                    {"draft", true}}));
  const auto pulls = m_fake.pulls();
  ASSERT_EQ(pulls.size(), 1U);
  EXPECT_TRUE(pulls[0].draft);
  EXPECT_EQ(pulls[0].head, spec.head);
}

TEST_F(GitHubTest, ARetryReturnsTheOpenPullRequestInsteadOfASecondOne) {
  auto first = host().open_pull_request(pull_spec());
  ASSERT_TRUE(first) << first.error().to_string();
  auto again = host().open_pull_request(pull_spec());
  ASSERT_TRUE(again) << again.error().to_string();
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->number, first->number);
  EXPECT_EQ(again->url, first->url);
  EXPECT_EQ(m_fake.pulls().size(), 1U);

  const auto requests = m_fake.requests();
  ASSERT_EQ(requests.size(), 3U);
  EXPECT_EQ(requests[2].method, "GET");
  EXPECT_EQ(requests[2].target, "/repos/octo/shop/pulls?head=octo%3Asteward%2Ffix-12-add_value&state=open");
  expect_github_headers(requests[2], m_fake.options().token);
}

TEST_F(GitHubTest, FindsAPullRequestOpenedElsewhereButNotAClosedOne) {
  FakeGitHub::Pull existing;
  existing.title = "by hand";
  existing.head = "steward/fix-12-add_value";
  existing.base = "trunk";
  const std::int64_t number = m_fake.add_pull(existing);
  m_fake.add_pull(FakeGitHub::Pull{0, "other", "steward/other", "trunk", "", false, "open"});

  auto found = host().open_pull_request(pull_spec());
  ASSERT_TRUE(found) << found.error().to_string();
  EXPECT_FALSE(found->created);
  EXPECT_EQ(found->number, number);

  m_fake.close_pull(number);
  auto reopened = host().open_pull_request(pull_spec());
  ASSERT_TRUE(reopened) << reopened.error().to_string();
  EXPECT_TRUE(reopened->created);
  EXPECT_EQ(reopened->number, 3);
}

TEST_F(GitHubTest, ABadTokenIsReportedWithGitHubsMessage) {
  GitHubOptions wrong = options();
  wrong.token = "ghp_WrongToken987";
  auto branch = host(wrong).default_branch();
  ASSERT_FALSE(branch);
  EXPECT_EQ(text_of(branch.error()), "github: 401 Bad credentials");
  auto pull = m_host->open_pull_request(pull_spec());
  ASSERT_FALSE(pull);
  EXPECT_EQ(pull.error().to_string(), "github: 401 Bad credentials");
  EXPECT_THAT(pull.error().to_string(), Not(HasSubstr(wrong.token)));
  EXPECT_TRUE(m_fake.pulls().empty());
}

TEST_F(GitHubTest, AnUnknownRepositoryNamesWhatToCheck) {
  GitHubOptions missing = options();
  missing.repo = "octo/missing";
  auto branch = host(missing).default_branch();
  ASSERT_FALSE(branch);
  const std::string text = text_of(branch.error());
  EXPECT_THAT(text, ::testing::StartsWith("github: 404 Not Found"));
  EXPECT_THAT(text, HasSubstr("octo/missing"));
}

TEST_F(GitHubTest, ServerErrorsAreReportedAndNotRetried) {
  m_fake.fail_next(1, 502);
  auto pull = host().open_pull_request(pull_spec());
  ASSERT_FALSE(pull);
  EXPECT_EQ(text_of(pull.error()), "github: 502 Server Error");
  EXPECT_EQ(m_fake.requests().size(), 1U);
  auto later = m_host->open_pull_request(pull_spec());
  EXPECT_TRUE(later) << later.error().to_string();
}

TEST_F(GitHubTest, ValidationFailuresCarryGitHubsReasons) {
  git::PullRequestSpec same = pull_spec();
  same.head = "trunk";
  auto refused = host().open_pull_request(same);
  ASSERT_FALSE(refused);
  EXPECT_EQ(text_of(refused.error()), "github: 422 Validation Failed: No commits between trunk and trunk");

  git::PullRequestSpec untitled = pull_spec();
  untitled.title.clear();
  auto incomplete = m_host->open_pull_request(untitled);
  ASSERT_FALSE(incomplete);
  EXPECT_THAT(incomplete.error().to_string(), HasSubstr("needs a title"));
  EXPECT_EQ(m_fake.requests().size(), 1U); // refused before asking GitHub
}

TEST_F(GitHubTest, AnAnswerThatTakesTooLongTimesOut) {
  m_fake.delay_next(1, 3s);
  GitHubOptions quick = options();
  quick.timeout = 300ms;
  const auto started = std::chrono::steady_clock::now();
  auto branch = host(quick).default_branch();
  ASSERT_FALSE(branch);
  EXPECT_EQ(text_of(branch.error()), "github: GET /repos/octo/shop timed out after 300 ms");
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
}

TEST_F(GitHubTest, NothingListeningIsReported) {
  unsigned short port = 0;
  {
    IoThread scratch;
    auto server = http::start_server(
        scratch.executor(), testing::with<http::ServerOptions>([](auto& o) { o.listen = "127.0.0.1:0"; }),
        [](http::Request) -> boost::asio::awaitable<http::Response> { co_return http::Response{}; });
    ASSERT_TRUE(server);
    port = (*server)->port();
    (*server)->stop();
  }
  GitHubOptions closed = options();
  closed.api_url = "http://127.0.0.1:" + std::to_string(port);
  auto branch = host(closed).default_branch();
  ASSERT_FALSE(branch);
  EXPECT_THAT(text_of(branch.error()), HasSubstr("github: cannot reach 127.0.0.1:" + std::to_string(port)));
}

/// A server that answers every request with `status` and `body`.
class CannedServer {
public:
  CannedServer(int status, const std::string& body) {
    auto server = http::start_server(
        m_io.executor(), testing::with<http::ServerOptions>([](auto& o) { o.listen = "127.0.0.1:0"; }),
        [status, body](http::Request) -> boost::asio::awaitable<http::Response> {
          co_return http::Response{status, "application/json", body, {}};
        });
    if (!server) {
      throw std::runtime_error(server.error().to_string());
    }
    m_server = std::move(*server);
  }
  ~CannedServer() { m_server->stop(); }
  CannedServer(const CannedServer&) = delete;
  CannedServer& operator=(const CannedServer&) = delete;
  CannedServer(CannedServer&&) = delete;
  CannedServer& operator=(CannedServer&&) = delete;

  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_server->port()); }

private:
  IoThread m_io;
  std::unique_ptr<http::Server> m_server;
};

TEST_F(GitHubTest, MalformedAnswersAreReportedClearly) {
  CannedServer html(200, "<html>proxy login</html>");
  GitHubOptions proxied = options();
  proxied.api_url = html.url();
  auto branch = host(proxied).default_branch();
  ASSERT_FALSE(branch);
  EXPECT_EQ(text_of(branch.error()), "github: GitHub's answer to GET /repos/octo/shop is not JSON");
  auto pull = m_host->open_pull_request(pull_spec());
  ASSERT_FALSE(pull);
  EXPECT_THAT(text_of(pull.error()), HasSubstr("is not JSON"));

  CannedServer empty(200, "{}");
  proxied.api_url = empty.url();
  auto no_branch = host(proxied).default_branch();
  ASSERT_FALSE(no_branch);
  EXPECT_THAT(text_of(no_branch.error()), HasSubstr("has no default_branch"));
  auto no_number = m_host->open_pull_request(pull_spec());
  ASSERT_FALSE(no_number);
  EXPECT_THAT(text_of(no_number.error()), HasSubstr("has no pull request number"));

  CannedServer gateway(503, "<html>down</html>");
  proxied.api_url = gateway.url();
  auto down = host(proxied).default_branch();
  ASSERT_FALSE(down);
  EXPECT_EQ(text_of(down.error()), "github: 503 Service Unavailable");
}

TEST_F(GitHubTest, ATokenEchoedByTheServerIsRedacted) {
  const std::string token = m_fake.options().token;
  CannedServer echo(401, json({{"message", "Bad credentials: " + token}}).dump());
  GitHubOptions options_echo = options();
  options_echo.api_url = echo.url();
  auto branch = host(options_echo).default_branch();
  ASSERT_FALSE(branch);
  EXPECT_EQ(text_of(branch.error()), "github: 401 Bad credentials: [redacted]");
}

TEST(GitHubOptionsTest, RefusesOptionsThatCannotWork) {
  IoThread io;
  auto make = [&](auto change) {
    GitHubOptions options;
    options.repo = "octo/shop";
    options.token = "ghp_x";
    change(options);
    auto made = make_github_code_host(io.executor(), options);
    return made ? std::string("ok") : made.error().to_string();
  };
  EXPECT_EQ(make([](GitHubOptions&) {}), "ok");
  EXPECT_EQ(make([](GitHubOptions& o) { o.repo = "shop"; }),
            "github.repo: expected owner/name, got \"shop\"");
  EXPECT_THAT(make([](GitHubOptions& o) { o.repo = "octo/shop/x"; }), HasSubstr("github.repo"));
  EXPECT_THAT(make([](GitHubOptions& o) { o.repo = "octo/../x"; }), HasSubstr("github.repo"));
  EXPECT_EQ(make([](GitHubOptions& o) { o.token.clear(); }), "github.token: required");
  EXPECT_EQ(make([](GitHubOptions& o) { o.token = "ghp_x\r\nX-Evil: 1"; }),
            "github.token: must not contain spaces or control characters");
  EXPECT_EQ(make([](GitHubOptions& o) { o.api_url = "ftp://github.example"; }),
            "github.api_url: must start with http:// or https://");
}

} // namespace
} // namespace steward::github
