// The fake Slack's HTTP side: one coroutine per connection, keep-alive,
// routing to the Web API, response_url and upload handlers, scripted
// answers, and the WebSocket upgrade on /link.

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/websocket/rfc6455.hpp>

#include "core/slack/form.hpp"
#include "tests/support/fake_slack_impl.hpp"

namespace steward::testing {

using namespace fake_slack;
using namespace std::chrono_literals;

namespace {

constexpr auto use_tuple = net::as_tuple(net::use_awaitable);

HttpResponse text_response(http::status status, std::string text, unsigned version) {
  HttpResponse response{status, version};
  response.set(http::field::content_type, "text/plain; charset=utf-8");
  response.body() = std::move(text);
  return response;
}

/// A form value that looks like JSON (`[`, `{`) is parsed, as Slack does for
/// `blocks`, `metadata`, `files` and `view`.
nlohmann::json form_value(const std::string& value) {
  if (!value.empty() && (value.front() == '[' || value.front() == '{')) {
    nlohmann::json parsed = nlohmann::json::parse(value, nullptr, /*allow_exceptions=*/false);
    if (!parsed.is_discarded()) {
      return parsed;
    }
  }
  return value;
}

void add_form_fields(nlohmann::json& args, std::string_view form) {
  const auto fields = slack::parse_form(form);
  if (!fields) {
    return;
  }
  for (const auto& [name, value] : *fields) {
    if (!args.contains(name)) {
      args[name] = form_value(value);
    }
  }
}

/// The request's arguments: a JSON object body, or form fields, plus the
/// query string's fields.
nlohmann::json parse_args(const HttpRequest& request, std::string_view query) {
  nlohmann::json args = nlohmann::json::object();
  const std::string_view content_type = request[http::field::content_type];
  if (content_type.starts_with("application/json")) {
    nlohmann::json body = nlohmann::json::parse(request.body(), nullptr, /*allow_exceptions=*/false);
    if (body.is_object()) {
      args = std::move(body);
    }
  } else if (content_type.starts_with("application/x-www-form-urlencoded")) {
    add_form_fields(args, request.body());
  }
  add_form_fields(args, query);
  return args;
}

/// The token from `Authorization: Bearer <token>`, else a `token` argument.
std::string token_of(const HttpRequest& request, const nlohmann::json& args) {
  const std::string_view authorization = request[http::field::authorization];
  if (authorization.starts_with("Bearer ")) {
    return std::string(authorization.substr(7));
  }
  const auto token = args.find("token");
  return token != args.end() && token->is_string() ? token->get<std::string>() : std::string();
}

/// Which handler a path goes to: the Web API method, "response_url",
/// "upload", or "" (404).
std::string route(std::string_view path) {
  if (path.starts_with("/api/") && path.size() > 5) {
    return std::string(path.substr(5));
  }
  if (path.starts_with("/response/")) {
    return "response_url";
  }
  if (path.starts_with("/upload/")) {
    return "upload";
  }
  return {};
}

} // namespace

HttpResponse fake_slack::json_response(const nlohmann::json& body, unsigned version) {
  HttpResponse response{http::status::ok, version};
  response.set(http::field::content_type, "application/json; charset=utf-8");
  response.body() = body.dump();
  return response;
}

net::awaitable<void> FakeSlack::Impl::serve(net::ip::tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  for (;;) {
    http::request_parser<http::string_body> parser;
    parser.body_limit(64U * 1024U * 1024U);
    stream.expires_after(30s);
    auto [read_error, read_size] = co_await http::async_read(stream, buffer, parser, use_tuple);
    if (read_error) {
      co_return; // closed, timed out or garbage: drop the connection
    }
    HttpRequest request = parser.release();
    if (beast::websocket::is_upgrade(request)) {
      if (request.target().starts_with("/link")) {
        stream.expires_never();
        co_await serve_socket(std::move(stream), std::move(request));
      }
      co_return;
    }
    HttpResponse response = co_await handle(request);
    response.keep_alive(request.keep_alive());
    response.prepare_payload();
    stream.expires_after(30s);
    auto [write_error, write_size] = co_await http::async_write(stream, response, use_tuple);
    if (write_error || !response.keep_alive()) {
      beast::error_code ignored;
      stream.socket().shutdown(net::ip::tcp::socket::shutdown_send, ignored);
      co_return;
    }
  }
}

net::awaitable<HttpResponse> FakeSlack::Impl::handle(const HttpRequest& request) {
  const std::string_view target = request.target();
  const std::size_t question = target.find('?');
  const std::string_view path = target.substr(0, question);
  const std::string_view query =
      question == std::string_view::npos ? std::string_view{} : target.substr(question + 1);
  const std::string method = route(path);
  if (method.empty()) {
    co_return text_response(http::status::not_found, "not found", request.version());
  }
  RecordedCall call{method,         std::string(target),      {},
                    request.body(), nlohmann::json::object(), std::chrono::steady_clock::now()};
  for (const auto& field : request) {
    call.headers.emplace_back(field.name_string(), field.value());
  }
  if (method != "upload") {
    call.args = parse_args(request, query);
  }
  const nlohmann::json args = call.args;
  {
    const std::lock_guard lock(mutex);
    calls.push_back(std::move(call));
  }
  changed.notify_all();

  co_await wait_while_held(method);
  if (auto script = next_script(method)) {
    switch (script->kind) {
    case Script::Kind::rate_limit: {
      HttpResponse response = json_response({{"ok", false}, {"error", "ratelimited"}}, request.version());
      response.result(http::status::too_many_requests);
      response.set(http::field::retry_after, std::to_string(script->number));
      co_return response;
    }
    case Script::Kind::fail:
      co_return text_response(static_cast<http::status>(script->number), "fake slack: scripted failure",
                              request.version());
    case Script::Kind::error:
      co_return json_response({{"ok", false}, {"error", script->code}}, request.version());
    case Script::Kind::delay: {
      net::steady_timer timer(co_await net::this_coro::executor, script->delay);
      co_await timer.async_wait(use_tuple);
      break;
    }
    }
  }
  if (method == "response_url") {
    co_return text_response(http::status::ok, "ok", request.version());
  }
  if (method == "upload") {
    co_return text_response(http::status::ok, "OK - " + std::to_string(request.body().size()),
                            request.version());
  }
  // Slack reads these methods' arguments from forms (and the query) only; a
  // JSON body reaches them as no arguments at all.
  const bool form_only = method == "conversations.replies" || method == "conversations.history" ||
                         method == "users.info" || method == "users.lookupByEmail" ||
                         method == "usergroups.users.list";
  const bool json_body = request[http::field::content_type].starts_with("application/json");
  nlohmann::json effective = args;
  if (form_only && json_body) {
    effective = nlohmann::json::object();
    add_form_fields(effective, query);
  }
  co_return json_response(call_method(method, token_of(request, args), effective), request.version());
}

net::awaitable<void> FakeSlack::Impl::wait_while_held(const std::string& method) {
  std::shared_ptr<net::steady_timer> timer;
  {
    const std::lock_guard lock(mutex);
    if (held.contains(method)) {
      timer = std::make_shared<net::steady_timer>(ioc, net::steady_timer::time_point::max());
      held_waiters[method].push_back(timer);
    }
  }
  if (timer) {
    // `release` cancels the timer from the io thread.
    co_await timer->async_wait(use_tuple);
  }
}

std::optional<Script> FakeSlack::Impl::next_script(const std::string& method) {
  const std::lock_guard lock(mutex);
  const auto it = scripts.find(method);
  if (it == scripts.end() || it->second.empty()) {
    return std::nullopt;
  }
  Script script = std::move(it->second.front());
  it->second.pop_front();
  return script;
}

} // namespace steward::testing
