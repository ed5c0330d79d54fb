#pragma once

// An HTTP server on 127.0.0.1 (a free port) with its own io_context and
// thread: what the fake GitHub, LLM and dbt Cloud servers stand on. Declare
// it as the last member of the object whose handler it calls, so it starts
// once everything the handler uses exists and stops (joining its thread and
// destroying queued handler coroutines) before any of it is destroyed.

#include <cstddef>
#include <memory>
#include <string>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/http/server.hpp"

namespace steward::testing {

class LoopbackServer {
public:
  /// Starts serving `handler`; throws std::runtime_error("<name>: <reason>")
  /// when it cannot listen. `body_limit`: larger request bodies get 413.
  LoopbackServer(const std::string& name, http::Handler handler, std::size_t body_limit = 1024UL * 1024);
  ~LoopbackServer();
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;
  LoopbackServer(LoopbackServer&&) = delete;
  LoopbackServer& operator=(LoopbackServer&&) = delete;

  [[nodiscard]] unsigned short port() const { return m_server->port(); }
  /// `http://127.0.0.1:<port>`
  [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(port()); }

private:
  boost::asio::io_context m_ioc;
  boost::asio::executor_work_guard<boost::asio::io_context::executor_type> m_work{m_ioc.get_executor()};
  std::unique_ptr<http::Server> m_server;
  std::thread m_thread;
};

} // namespace steward::testing
