#pragma once

// A fake GitHub REST API on 127.0.0.1 for tests, answering like GitHub does
// (bodies and status codes copied from GitHub's documented answers). It runs
// on its own thread; every member is thread-safe.
//
// - Every request needs `Authorization: Bearer <token>` (or `token <token>`):
//   otherwise 401 `{"message":"Bad credentials",...}` (no header: `Requires
//   authentication`).
// - `GET /repos/{repo}` → the repository, with `default_branch`; any other
//   repository → 404 `{"message":"Not Found",...}`.
// - `POST /repos/{repo}/pulls` `{title, head, base, body, draft}` → 201 and
//   the new pull request (numbers count from 1). A missing title, head or
//   base → 422 `missing_field`; head equal to base → 422 "No commits
//   between"; an open pull request from the same head → 422 "A pull request
//   already exists for OWNER:BRANCH."; a body that is not JSON → 400.
// - `GET /repos/{repo}/pulls?head=OWNER:BRANCH&state=open|closed|all` → the
//   matching pull requests (state defaults to open), newest first.
// - Anything else → 404.
// `fail_next` and `delay_next` apply to the next requests of any kind, in
// arrival order, before authentication.

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace steward::testing {

class FakeGitHub {
public:
  struct Options {
    std::string repo = "octo/shop";
    std::string token = "ghp_FakeToken0123456789";
    std::string default_branch = "main";
  };

  struct Request {
    std::string method;
    std::string target;                                       ///< path and query as sent
    std::string path;                                         ///< without the query
    std::vector<std::pair<std::string, std::string>> headers; ///< names lower-cased
    std::string body;
    nlohmann::json json; ///< parsed body; null when empty or not JSON
    [[nodiscard]] std::string header(std::string_view name) const;
  };

  struct Pull {
    std::int64_t number = 0; ///< assigned by `add_pull` and on creation
    std::string title;
    std::string head; ///< the branch name (no `owner:`)
    std::string base;
    std::string body;
    bool draft = false;
    std::string state = "open";
    [[nodiscard]] std::string html_url(const std::string& repo) const;
  };

  FakeGitHub();
  explicit FakeGitHub(Options options);
  ~FakeGitHub();
  FakeGitHub(const FakeGitHub&) = delete;
  FakeGitHub& operator=(const FakeGitHub&) = delete;
  FakeGitHub(FakeGitHub&&) = delete;
  FakeGitHub& operator=(FakeGitHub&&) = delete;

  /// `http://127.0.0.1:<port>`, the `api_url` to configure.
  [[nodiscard]] std::string api_url() const;
  [[nodiscard]] unsigned short port() const;
  [[nodiscard]] const Options& options() const;

  /// Answers the next `count` requests with `status` and GitHub's error body
  /// for it (`{"message":"Server Error"}` for 5xx).
  void fail_next(int count, int status = 500);
  /// Holds the answer to the next `count` requests for `delay`.
  void delay_next(int count, std::chrono::milliseconds delay);

  /// Adds a pull request as if opened elsewhere; returns its number.
  std::int64_t add_pull(Pull pull);
  /// Marks pull request `number` closed.
  void close_pull(std::int64_t number);

  [[nodiscard]] std::vector<Request> requests() const;
  [[nodiscard]] std::vector<Pull> pulls() const;

private:
  struct Impl;
  std::unique_ptr<Impl> m_impl;
};

} // namespace steward::testing
