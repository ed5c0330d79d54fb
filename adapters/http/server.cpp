#include "adapters/http/server.hpp"

#include <charconv>
#include <chrono>
#include <exception>
#include <utility>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <openssl/ssl.h>
#include <spdlog/spdlog.h>

#include "adapters/http/connect.hpp"
#include "adapters/http/server_session.hpp"

namespace steward::http {

namespace net = boost::asio;
using boost::system::error_code;
using net::ip::tcp;

bool ServerShared::stop() {
  if (m_stopped.exchange(true)) {
    return false;
  }
  std::map<std::uint64_t, std::function<void()>> closers;
  {
    std::lock_guard lock(m_mutex);
    closers.swap(m_closers);
  }
  for (auto& [id, close] : closers) {
    close();
  }
  return true;
}

bool ServerShared::reserve_connection() {
  if (m_connections.fetch_add(1) >= options.max_connections) {
    m_connections.fetch_sub(1);
    return false;
  }
  return true;
}

void ServerShared::release_connection() {
  m_connections.fetch_sub(1);
}

std::uint64_t ServerShared::add_closer(std::function<void()> close) {
  {
    std::lock_guard lock(m_mutex);
    if (!m_stopped.load()) {
      auto id = m_next_closer++;
      m_closers.emplace(id, std::move(close));
      return id;
    }
  }
  close();
  return 0;
}

void ServerShared::remove_closer(std::uint64_t id) {
  std::lock_guard lock(m_mutex);
  m_closers.erase(id);
}

namespace {

/// Parses "host:port" ("[v6]:port"; an empty host means every IPv4 address).
Result<tcp::endpoint> parse_listen(const std::string& listen, const net::any_io_executor& executor) {
  auto colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return fail("server.listen", "'" + listen + "' is not host:port");
  }
  std::string host = listen.substr(0, colon);
  std::string_view port_text = std::string_view(listen).substr(colon + 1);
  unsigned port = 0;
  auto [end, parse_ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (parse_ec != std::errc() || end != port_text.data() + port_text.size() || port > 65535 ||
      port_text.empty()) {
    return fail("server.listen", "'" + listen + "' has no valid port");
  }
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) {
    return tcp::endpoint(tcp::v4(), static_cast<unsigned short>(port));
  }
  error_code ec;
  auto address = net::ip::make_address(host, ec);
  if (!ec) {
    return tcp::endpoint(address, static_cast<unsigned short>(port));
  }
  tcp::resolver resolver(executor);
  auto results = resolver.resolve(host, std::string(port_text), tcp::resolver::passive, ec);
  if (ec || results.empty()) {
    return fail("server.listen", "cannot resolve '" + host + "': " + (ec ? ec.message() : "no address"));
  }
  return results.begin()->endpoint();
}

Result<std::unique_ptr<net::ssl::context>> make_server_tls_context(const TlsFiles& files) {
  auto context = std::make_unique<net::ssl::context>(net::ssl::context::tls_server);
  error_code ec;
  context->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                           net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 |
                           net::ssl::context::no_tlsv1_1 | net::ssl::context::single_dh_use,
                       ec);
  context->use_certificate_chain_file(files.certificate_chain, ec);
  if (ec) {
    return fail("server.tls_cert", "cannot load '" + files.certificate_chain + "': " + tls_reason(ec));
  }
  context->use_private_key_file(files.private_key, net::ssl::context::pem, ec);
  if (ec) {
    return fail("server.tls_key", "cannot load '" + files.private_key + "': " + tls_reason(ec));
  }
  if (SSL_CTX_check_private_key(context->native_handle()) != 1) {
    return fail("server.tls_key", "'" + files.private_key + "' does not match the certificate");
  }
  return context;
}

Result<std::shared_ptr<tcp::acceptor>> open_acceptor(const net::any_io_executor& executor,
                                                     const std::string& listen) {
  auto endpoint = parse_listen(listen, executor);
  if (!endpoint) {
    return tl::unexpected(endpoint.error());
  }
  auto acceptor = std::make_shared<tcp::acceptor>(net::make_strand(executor));
  error_code ec;
  acceptor->open(endpoint->protocol(), ec);
  if (!ec) {
    acceptor->set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor->bind(*endpoint, ec);
  }
  if (!ec) {
    acceptor->listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return fail("server.listen", "cannot listen on " + listen + ": " + ec.message());
  }
  return acceptor;
}

net::awaitable<void> accept_loop(std::shared_ptr<ServerShared> shared,
                                 std::shared_ptr<tcp::acceptor> acceptor, net::any_io_executor executor) {
  net::steady_timer pause(acceptor->get_executor());
  while (!shared->stopped()) {
    tcp::socket socket(net::make_strand(executor));
    auto [ec] = co_await acceptor->async_accept(socket, use_tuple);
    if (shared->stopped() || ec == net::error::operation_aborted) {
      break;
    }
    if (ec) {
      // Typically out of file descriptors: wait for some to be released.
      spdlog::warn("http: accept failed: {}", ec.message());
      pause.expires_after(std::chrono::milliseconds(100));
      co_await pause.async_wait(use_tuple);
      continue;
    }
    if (!shared->reserve_connection()) {
      spdlog::warn("http: {} connections open; closing a new one", shared->options.max_connections);
      socket.close(ec);
      continue;
    }
    auto socket_executor = socket.get_executor();
    net::co_spawn(socket_executor, serve_connection(shared, std::move(socket)),
                  [](const std::exception_ptr& error) { log_failure("connection", error); });
  }
}

class BeastServer final : public Server {
public:
  BeastServer(std::shared_ptr<ServerShared> shared, std::shared_ptr<tcp::acceptor> acceptor)
      : m_shared(std::move(shared)), m_acceptor(std::move(acceptor)) {
    error_code ec;
    m_port = m_acceptor->local_endpoint(ec).port();
  }
  BeastServer(const BeastServer&) = delete;
  BeastServer& operator=(const BeastServer&) = delete;
  BeastServer(BeastServer&&) = delete;
  BeastServer& operator=(BeastServer&&) = delete;
  ~BeastServer() override { stop(); }

  unsigned short port() const override { return m_port; }

  void stop() override {
    if (m_shared->stop()) {
      net::post(m_acceptor->get_executor(), [acceptor = m_acceptor] {
        error_code ec;
        acceptor->close(ec);
      });
    }
  }

private:
  std::shared_ptr<ServerShared> m_shared;
  std::shared_ptr<tcp::acceptor> m_acceptor;
  unsigned short m_port = 0;
};

} // namespace

Result<std::unique_ptr<Server>> start_server(net::any_io_executor executor, ServerOptions options,
                                             Handler handler, ResponseObserver observer) {
  auto shared = std::make_shared<ServerShared>(std::move(options), std::move(handler), std::move(observer));
  if (shared->options.tls) {
    auto context = make_server_tls_context(*shared->options.tls);
    if (!context) {
      return tl::unexpected(context.error());
    }
    shared->tls = std::move(*context);
  }
  auto acceptor = open_acceptor(executor, shared->options.listen);
  if (!acceptor) {
    return tl::unexpected(acceptor.error());
  }
  auto acceptor_executor = (*acceptor)->get_executor();
  net::co_spawn(acceptor_executor, accept_loop(shared, *acceptor, std::move(executor)),
                [](const std::exception_ptr& error) { log_failure("listener", error); });
  return std::make_unique<BeastServer>(std::move(shared), std::move(*acceptor));
}

} // namespace steward::http
