// The fake Slack's lifecycle, scripting and inspection. The HTTP side is in
// fake_slack_http.cpp, the Web API methods in fake_slack_api.cpp and Socket
// Mode in fake_slack_socket.cpp.

#include "tests/support/fake_slack.hpp"

#include <algorithm>
#include <cstdio>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_awaitable.hpp>

#include "tests/support/fake_slack_impl.hpp"

namespace steward::testing {

using namespace fake_slack;
using tcp = net::ip::tcp;

void fake_slack::report(const char* what, const std::exception_ptr& error) {
  if (!error) {
    return;
  }
  try {
    std::rethrow_exception(error);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "fake slack: %s failed: %s\n", what, e.what());
  }
}

FakeSlack::Impl::Impl() : acceptor(ioc, tcp::endpoint(net::ip::make_address("127.0.0.1"), 0)) {
  port = acceptor.local_endpoint().port();
  net::co_spawn(ioc, accept_loop(), [](const std::exception_ptr& e) { report("accept loop", e); });
  thread = std::thread([this] { ioc.run(); });
}

FakeSlack::Impl::~Impl() {
  ioc.stop();
  thread.join();
  // Connections and timers go before `ioc`, which then destroys the
  // coroutine frames still queued on it.
  sockets.clear();
  held_waiters.clear();
}

net::awaitable<void> FakeSlack::Impl::accept_loop() {
  for (;;) {
    tcp::socket socket = co_await acceptor.async_accept(net::use_awaitable);
    net::co_spawn(ioc, serve(std::move(socket)),
                  [](const std::exception_ptr& e) { report("connection", e); });
  }
}

FakeSlack::FakeSlack() : m_impl(std::make_unique<Impl>()) {
}

FakeSlack::~FakeSlack() = default;

unsigned short FakeSlack::port() const {
  return m_impl->port;
}

std::string FakeSlack::api_base_url() const {
  return url("/api/");
}

std::string FakeSlack::url(std::string_view path) const {
  return "http://127.0.0.1:" + std::to_string(m_impl->port) + std::string(path);
}

void FakeSlack::Impl::add_script(std::string method, Script script) {
  const std::lock_guard lock(mutex);
  scripts[std::move(method)].push_back(std::move(script));
}

void FakeSlack::rate_limit_next(std::string method, int retry_after_seconds) {
  m_impl->add_script(std::move(method), Script{Script::Kind::rate_limit, retry_after_seconds, {}, {}});
}

void FakeSlack::fail_next(std::string method, int status) {
  m_impl->add_script(std::move(method), Script{Script::Kind::fail, status, {}, {}});
}

void FakeSlack::error_next(std::string method, std::string code) {
  m_impl->add_script(std::move(method), Script{Script::Kind::error, 0, std::move(code), {}});
}

void FakeSlack::delay_next(std::string method, std::chrono::milliseconds delay) {
  m_impl->add_script(std::move(method), Script{Script::Kind::delay, 0, {}, delay});
}

void FakeSlack::hold(std::string method) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->held.insert(std::move(method));
}

void FakeSlack::release(std::string method) {
  std::vector<std::shared_ptr<net::steady_timer>> waiters;
  {
    const std::lock_guard lock(m_impl->mutex);
    m_impl->held.erase(method);
    if (auto it = m_impl->held_waiters.find(method); it != m_impl->held_waiters.end()) {
      waiters = std::move(it->second);
      m_impl->held_waiters.erase(it);
    }
  }
  // Timers belong to the io thread; cancel them there.
  net::post(m_impl->ioc, [waiters = std::move(waiters)] {
    for (const auto& timer : waiters) {
      timer->cancel();
    }
  });
}

std::vector<RecordedCall> FakeSlack::calls(std::string_view method) const {
  const std::lock_guard lock(m_impl->mutex);
  std::vector<RecordedCall> out;
  for (const RecordedCall& call : m_impl->calls) {
    if (method.empty() || call.method == method) {
      out.push_back(call);
    }
  }
  return out;
}

std::vector<RecordedCall> FakeSlack::wait_for_calls(std::string_view method, std::size_t count,
                                                    std::chrono::milliseconds timeout) const {
  std::unique_lock lock(m_impl->mutex);
  m_impl->changed.wait_for(lock, timeout, [&] {
    const auto matching =
        std::count_if(m_impl->calls.begin(), m_impl->calls.end(),
                      [&](const RecordedCall& call) { return method.empty() || call.method == method; });
    return static_cast<std::size_t>(matching) >= count;
  });
  lock.unlock();
  return calls(method);
}

std::vector<StoredMessage> FakeSlack::messages(std::string_view channel) const {
  const std::lock_guard lock(m_impl->mutex);
  std::vector<StoredMessage> out;
  for (const StoredMessage& message : m_impl->messages) {
    if (message.channel == channel) {
      out.push_back(message);
    }
  }
  return out;
}

void FakeSlack::add_user_message(StoredMessage message) {
  const std::lock_guard lock(m_impl->mutex);
  if (message.ts.empty()) {
    message.ts = m_impl->next_ts();
  }
  if (message.user.empty() && message.bot_id.empty()) {
    message.user = "U0USER";
  }
  m_impl->messages.push_back(std::move(message));
}

void FakeSlack::add_user(std::string id, std::string email) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->emails[std::move(email)] = std::move(id);
}

void FakeSlack::add_user_group(std::string id, std::vector<std::string> members) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->user_groups[std::move(id)] = std::move(members);
}

int FakeSlack::socket_connections() const {
  const std::lock_guard lock(m_impl->mutex);
  return static_cast<int>(m_impl->sockets.size());
}

bool FakeSlack::wait_for_socket_connections(int count, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(m_impl->mutex);
  return m_impl->changed.wait_for(lock, timeout,
                                  [&] { return static_cast<int>(m_impl->sockets.size()) >= count; });
}

bool FakeSlack::send_envelope(const nlohmann::json& envelope) {
  return m_impl->send_on_oldest(envelope.dump());
}

bool FakeSlack::send_disconnect(std::string_view reason) {
  const nlohmann::json frame{{"type", "disconnect"},
                             {"reason", std::string(reason)},
                             {"debug_info", {{"host", "fake-slack-applink"}}}};
  return m_impl->send_on_oldest(frame.dump(), true);
}

int FakeSlack::drop_socket_connections() {
  std::vector<std::shared_ptr<SocketConnection>> open;
  {
    const std::lock_guard lock(m_impl->mutex);
    open = m_impl->sockets;
  }
  net::post(m_impl->ioc, [open] {
    for (const auto& connection : open) {
      boost::system::error_code ignored;
      beast::get_lowest_layer(connection->ws).socket().close(ignored);
    }
  });
  return static_cast<int>(open.size());
}

std::vector<nlohmann::json> FakeSlack::acks() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->acks;
}

std::vector<nlohmann::json> FakeSlack::wait_for_acks(std::size_t count,
                                                     std::chrono::milliseconds timeout) const {
  std::unique_lock lock(m_impl->mutex);
  m_impl->changed.wait_for(lock, timeout, [&] { return m_impl->acks.size() >= count; });
  return m_impl->acks;
}

int FakeSlack::socket_connects() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->socket_connects;
}

} // namespace steward::testing
