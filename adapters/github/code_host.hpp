#pragma once

// The `git::CodeHost` port (core/ports/git.hpp) on GitHub's REST API
// (api.github.com, or GitHub Enterprise Server at `https://HOST/api/v3`):
// `GET /repos/{owner}/{name}` for the default branch, `POST
// /repos/{owner}/{name}/pulls` to open a pull request and, when GitHub
// answers 422 "A pull request already exists", `GET
// /repos/{owner}/{name}/pulls?head=OWNER:BRANCH&state=open` to return the open
// one (`created = false`). Every request sends `Authorization: Bearer
// <token>`, `Accept: application/vnd.github+json` and `X-GitHub-Api-Version:
// 2022-11-28`, over adapters/http's client; no request is retried (callers
// retry whole operations, which are idempotent).
//
// Errors (key `github`): `401 Bad credentials` (the status and GitHub's
// `message`, with the `errors[].message`s of a 422), `404 Not Found
// (repository o/r: check github.repo and that the token can read it)`,
// `GET /repos/o/r timed out after 10 s`, `cannot reach HOST (...)`,
// `GitHub's answer to GET /repos/o/r is not JSON`. The token never appears
// in an error.
//
// Blocking: each call runs on `executor` and the calling (worker) thread
// waits; never call it from one of that executor's threads.

#include <chrono>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "core/ports/git.hpp"

namespace steward::github {

struct GitHubOptions {
  std::string api_url = "https://api.github.com"; ///< trailing `/` optional
  std::string repo;                               ///< `owner/name`
  std::string token;                              ///< a PAT or an installation token; never shown
  std::chrono::milliseconds timeout{30'000};      ///< per request, connect included
  std::string user_agent = "steward";             ///< GitHub refuses requests without one
  std::string ca_file;                            ///< extra CA bundle for HTTPS; empty: system default
};

/// The code host for `options.repo`. Errors: `github.repo: expected
/// owner/name, got "x"`, `github.token: required`, `github.token: must not
/// contain spaces or control characters`, `github.api_url: must start with
/// http:// or https://`.
Result<std::unique_ptr<git::CodeHost>> make_github_code_host(boost::asio::any_io_executor executor,
                                                             GitHubOptions options);

} // namespace steward::github
