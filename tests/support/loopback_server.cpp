#include "tests/support/loopback_server.hpp"

#include <stdexcept>

namespace steward::testing {

LoopbackServer::LoopbackServer(const std::string& name, http::Handler handler, std::size_t body_limit) {
  http::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.body_limit = body_limit;
  auto started = http::start_server(m_ioc.get_executor(), options, std::move(handler));
  if (!started) {
    throw std::runtime_error(name + ": " + started.error().to_string());
  }
  m_server = std::move(*started);
  m_thread = std::thread([this] { m_ioc.run(); });
}

LoopbackServer::~LoopbackServer() {
  m_server->stop();
  m_work.reset();
  m_ioc.stop();
  m_thread.join();
  m_server.reset();
}

} // namespace steward::testing
