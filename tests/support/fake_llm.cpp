// The fake LLM's server, routing, authentication, scripting and recording.
// Answers are rendered in fake_llm_render.cpp.

#include "tests/support/fake_llm.hpp"

#include <algorithm>
#include <cctype>
#include <deque>
#include <iterator>
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
#include "tests/support/fake_llm_render.hpp"
#include "tests/support/loopback_server.hpp"

namespace steward::test {

namespace net = boost::asio;
using fake_llm::Protocol;

namespace {

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::optional<Protocol> protocol_of(std::string_view path) {
  if (path.ends_with("/chat/completions")) {
    return Protocol::openai;
  }
  if (path.ends_with("/messages")) {
    return Protocol::anthropic;
  }
  if (path.ends_with("/embeddings")) {
    return Protocol::embeddings;
  }
  return std::nullopt;
}

/// Why `request` is not authenticated for `protocol` with `key`; empty when it is.
std::string auth_problem(const FakeLlm::Request& request, Protocol protocol, const std::string& key) {
  if (key.empty()) {
    return {};
  }
  if (protocol == Protocol::anthropic) {
    if (request.header("x-api-key") != key) {
      return "invalid x-api-key";
    }
    return request.header("anthropic-version").empty() ? "anthropic-version header is required" : "";
  }
  const std::string authorization = request.header("authorization");
  if (authorization == "Bearer " + key || request.header("api-key") == key) {
    return {};
  }
  if (authorization.empty() && request.header("api-key").empty()) {
    return "You didn't provide an API key.";
  }
  const std::string sent =
      authorization.starts_with("Bearer ") ? authorization.substr(7) : request.header("api-key");
  return "Incorrect API key provided: " + sent + ".";
}

std::string model_of(const nlohmann::json& body) {
  const auto model = body.find("model");
  return model != body.end() && model->is_string() ? model->get<std::string>() : "fake-model";
}

} // namespace

std::string FakeLlm::Request::header(std::string_view name) const {
  const std::string wanted = lower(name);
  for (const auto& [key, value] : headers) {
    if (key == wanted) {
      return value;
    }
  }
  return {};
}

struct FakeLlm::Impl {
  explicit Impl(std::string key);
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;
  Impl(Impl&&) = delete;
  Impl& operator=(Impl&&) = delete;

  net::awaitable<http::Response> handle(http::Request request);
  net::awaitable<http::Response> chat(const Request& recorded, Protocol protocol);
  http::Response embeddings(const Request& recorded);
  Request record(const http::Request& request);
  FakeLlm::Reply next_reply(const Request& recorded);

  std::string api_key;

  mutable std::mutex mutex;
  std::deque<Reply> replies;
  Responder responder;
  int embedding_failures = 0;
  int embedding_status = 500;
  int serial = 0;
  std::vector<Request> requests;

  /// Last: it starts once everything above exists and stops first.
  testing::LoopbackServer server{
      "fake llm", [this](http::Request request) { return handle(std::move(request)); }, 64UL * 1024 * 1024};
};

FakeLlm::Impl::Impl(std::string key) : api_key(std::move(key)) {
}

net::awaitable<http::Response> FakeLlm::Impl::handle(http::Request request) {
  const Request recorded = record(request);
  const auto protocol = protocol_of(recorded.path);
  if (!protocol) {
    co_return fake_llm::error_response(Protocol::openai, 404, "Unknown path " + recorded.path);
  }
  if (std::string problem = auth_problem(recorded, *protocol, api_key); !problem.empty()) {
    co_return fake_llm::error_response(*protocol, 401, problem);
  }
  if (*protocol == Protocol::embeddings) {
    co_return embeddings(recorded);
  }
  co_return co_await chat(recorded, *protocol);
}

net::awaitable<http::Response> FakeLlm::Impl::chat(const Request& recorded, Protocol protocol) {
  if (!recorded.json.is_object()) {
    co_return fake_llm::error_response(protocol, 400, "the request body is not a JSON object");
  }
  const Reply reply = next_reply(recorded);
  if (reply.delay > std::chrono::milliseconds::zero()) {
    net::steady_timer timer(co_await net::this_coro::executor, reply.delay);
    co_await timer.async_wait(net::as_tuple(net::use_awaitable));
  }
  http::Response response;
  if (reply.raw_body) {
    response = http::Response{reply.status, "application/json", *reply.raw_body, {}};
  } else if (reply.status != 200) {
    response = fake_llm::error_response(protocol, reply.status, reply.error_message);
  } else {
    int number = 0;
    {
      const std::lock_guard lock(mutex);
      number = ++serial;
    }
    response =
        fake_llm::json_response(fake_llm::render_reply(protocol, reply, model_of(recorded.json), number));
  }
  if (reply.retry_after) {
    response.headers.emplace_back("Retry-After", *reply.retry_after);
  }
  co_return response;
}

http::Response FakeLlm::Impl::embeddings(const Request& recorded) {
  {
    const std::lock_guard lock(mutex);
    if (embedding_failures > 0) {
      --embedding_failures;
      return fake_llm::error_response(Protocol::embeddings, embedding_status, "scripted failure");
    }
  }
  return fake_llm::embeddings_response(recorded.json);
}

FakeLlm::Request FakeLlm::Impl::record(const http::Request& request) {
  Request recorded;
  recorded.path = std::string(request.path());
  recorded.target = request.target;
  for (const auto& [name, value] : request.headers) {
    recorded.headers.emplace_back(lower(name), value);
  }
  recorded.body = request.body;
  recorded.json = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (recorded.json.is_discarded()) {
    recorded.json = nullptr;
  }
  const std::lock_guard lock(mutex);
  requests.push_back(recorded);
  return recorded;
}

FakeLlm::Reply FakeLlm::Impl::next_reply(const Request& recorded) {
  Responder decide;
  {
    const std::lock_guard lock(mutex);
    decide = responder;
  }
  if (decide) {
    if (auto reply = decide(recorded)) {
      return std::move(*reply);
    }
  }
  const std::lock_guard lock(mutex);
  if (replies.empty()) {
    Reply reply;
    reply.text = "fake answer";
    return reply;
  }
  Reply reply = std::move(replies.front());
  replies.pop_front();
  return reply;
}

FakeLlm::FakeLlm(std::string api_key) : m_impl(std::make_unique<Impl>(std::move(api_key))) {
}

FakeLlm::~FakeLlm() = default;

std::string FakeLlm::base_url() const {
  return "http://127.0.0.1:" + std::to_string(port()) + "/v1";
}

unsigned short FakeLlm::port() const {
  return m_impl->server.port();
}

void FakeLlm::push(Reply reply) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->replies.push_back(std::move(reply));
}

void FakeLlm::set_responder(Responder responder) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->responder = std::move(responder);
}

void FakeLlm::fail_embeddings(int count, int status) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->embedding_failures = count;
  m_impl->embedding_status = status;
}

std::vector<FakeLlm::Request> FakeLlm::requests() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->requests;
}

std::vector<FakeLlm::Request> FakeLlm::requests(std::string_view path) const {
  const std::lock_guard lock(m_impl->mutex);
  std::vector<Request> out;
  std::copy_if(m_impl->requests.begin(), m_impl->requests.end(), std::back_inserter(out),
               [&](const Request& request) { return request.path == path; });
  return out;
}

void FakeLlm::clear_requests() {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->requests.clear();
}

} // namespace steward::test
