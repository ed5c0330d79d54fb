#pragma once

// Loopback helpers for the network adapter tests: an io_context running on
// background threads, a way to await a coroutine on it from the test thread,
// and a raw TCP client that writes bytes and reads HTTP responses with a
// deadline (for input no well-behaved client sends).

#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>

namespace steward::testing {

/// An io_context served by `threads` background threads until destroyed.
class IoThread {
public:
  explicit IoThread(int threads = 1) : m_guard(m_io.get_executor()) {
    for (int i = 0; i < threads; ++i) {
      m_threads.emplace_back([this] { m_io.run(); });
    }
  }
  ~IoThread() { stop(); }
  IoThread(const IoThread&) = delete;
  IoThread& operator=(const IoThread&) = delete;
  IoThread(IoThread&&) = delete;
  IoThread& operator=(IoThread&&) = delete;

  /// Stops the io_context and joins its threads (pending work is abandoned,
  /// not destroyed). Idempotent.
  void stop() {
    m_guard.reset();
    m_io.stop();
    for (auto& thread : m_threads) {
      if (thread.joinable()) {
        thread.join();
      }
    }
  }

  boost::asio::io_context& io() { return m_io; }
  boost::asio::any_io_executor executor() { return m_io.get_executor(); }

  /// Runs `task` on the io_context and waits (at most `limit`) for its result.
  template <typename T>
  T await(boost::asio::awaitable<T> task, std::chrono::milliseconds limit = std::chrono::seconds(10)) {
    auto future = boost::asio::co_spawn(m_io, std::move(task), boost::asio::use_future);
    if (future.wait_for(limit) != std::future_status::ready) {
      throw std::runtime_error("coroutine did not finish in time");
    }
    return future.get();
  }

private:
  boost::asio::io_context m_io;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_guard;
  std::vector<std::thread> m_threads;
};

/// A default `T` changed by `set`: options and requests without designated
/// initializers (which warn about every field left out).
template <typename T, typename Set>
T with(Set set) {
  T value;
  set(value);
  return value;
}

/// Polls `condition` every few milliseconds until it holds or `limit` passes;
/// returns its last value.
template <typename Condition>
bool wait_until(Condition condition, std::chrono::milliseconds limit = std::chrono::seconds(5)) {
  auto until = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() >= until) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return true;
}

using RawResponse = boost::beast::http::response<boost::beast::http::string_body>;

/// A blocking TCP client with deadlines, for speaking raw bytes to a server.
class RawConnection {
public:
  explicit RawConnection(unsigned short port, std::string_view host = "127.0.0.1") {
    boost::system::error_code ec;
    m_socket.connect({boost::asio::ip::make_address(host), port}, ec);
    m_connected = !ec;
  }

  [[nodiscard]] bool connected() const { return m_connected; }

  /// Writes `bytes`; false when the connection is gone.
  bool send(std::string_view bytes) {
    boost::system::error_code ec;
    boost::asio::write(m_socket, boost::asio::buffer(bytes.data(), bytes.size()), ec);
    return !ec;
  }

  /// The next response, or nothing when the connection closed or nothing
  /// complete arrived within `limit`. `head`: the response to a HEAD request.
  std::optional<RawResponse> read_response(std::chrono::milliseconds limit = std::chrono::seconds(3),
                                           bool head = false) {
    boost::beast::http::response_parser<boost::beast::http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    parser.skip(head);
    bool done = false;
    boost::system::error_code result;
    boost::beast::http::async_read(m_socket, m_buffer, parser,
                                   [&](boost::system::error_code ec, std::size_t) {
                                     done = true;
                                     result = ec;
                                   });
    run(limit, done);
    if (!done || result) {
      return std::nullopt;
    }
    return parser.release();
  }

  /// True when the peer closes the connection within `limit` (bytes that
  /// arrive first are discarded).
  bool closed_within(std::chrono::milliseconds limit) {
    bool closed = false;
    bool done = false;
    std::vector<char> scratch(64 * 1024);
    std::function<void(boost::system::error_code, std::size_t)> on_read;
    on_read = [&](boost::system::error_code ec, std::size_t) {
      if (ec) {
        closed = ec != boost::asio::error::operation_aborted;
        done = true;
        return;
      }
      m_socket.async_read_some(boost::asio::buffer(scratch), on_read);
    };
    m_buffer.clear();
    m_socket.async_read_some(boost::asio::buffer(scratch), on_read);
    run(limit, done);
    return closed;
  }

private:
  /// Runs the private io_context until `done` or `limit`; cancels what is left.
  void run(std::chrono::milliseconds limit, const bool& done) {
    m_io.restart();
    auto until = std::chrono::steady_clock::now() + limit;
    while (!done && std::chrono::steady_clock::now() < until) {
      m_io.run_one_until(until);
    }
    if (!done) {
      boost::system::error_code ec;
      m_socket.cancel(ec);
      m_io.restart();
      m_io.run();
    }
  }

  boost::asio::io_context m_io;
  boost::asio::ip::tcp::socket m_socket{m_io};
  boost::beast::flat_buffer m_buffer;
  bool m_connected = false;
};

} // namespace steward::testing
