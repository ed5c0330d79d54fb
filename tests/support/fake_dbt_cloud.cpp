#include "tests/support/fake_dbt_cloud.hpp"

#include <array>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string_view>
#include <thread>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "adapters/http/server.hpp"
#include "tests/support/loopback_server.hpp"

namespace steward::testing {

namespace net = boost::asio;

struct FakeDbtCloud::Impl {
  std::string token;
  mutable std::mutex mutex;
  std::map<std::string, std::string> artifacts; ///< path → body
  std::vector<std::string> targets;
  /// Last: it starts once everything above exists and stops first.
  LoopbackServer server{"fake dbt cloud",
                        [this](http::Request request) { return handle(std::move(request)); }};

  explicit Impl(std::string given) : token(std::move(given)) {}

  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  static http::Response reply(int status, std::string body) {
    http::Response response;
    response.status = status;
    response.content_type = "application/json";
    response.body = std::move(body);
    return response;
  }

  static std::string envelope(int code, const std::string& message) {
    return R"({"status":{"code":)" + std::to_string(code) + R"(,"is_success":false,"user_message":")" +
           message + R"(","developer_message":""},"data":null})";
  }

  net::awaitable<http::Response> handle(http::Request request) {
    const std::lock_guard lock(mutex);
    targets.push_back(request.target);
    if (request.header("Authorization").value_or("") != "Token " + token) {
      co_return reply(401, envelope(401, "Invalid token."));
    }
    if (request.method != "GET") {
      co_return reply(405, envelope(405, "Method not allowed."));
    }
    auto found = artifacts.find(std::string(request.path()));
    if (found == artifacts.end()) {
      co_return reply(404, envelope(404, "The requested resource was not found."));
    }
    co_return reply(200, found->second);
  }
};

FakeDbtCloud::FakeDbtCloud(std::string token) : m_impl(std::make_unique<Impl>(std::move(token))) {
}

FakeDbtCloud::~FakeDbtCloud() = default;

std::string FakeDbtCloud::base_url() const {
  return "http://127.0.0.1:" + std::to_string(m_impl->server.port());
}

void FakeDbtCloud::add_artifact(const std::string& account, const std::string& run, const std::string& name,
                                std::string body) {
  const std::lock_guard lock(m_impl->mutex);
  m_impl->artifacts["/api/v2/accounts/" + account + "/runs/" + run + "/artifacts/" + name] = std::move(body);
}

std::vector<std::string> FakeDbtCloud::requests() const {
  const std::lock_guard lock(m_impl->mutex);
  return m_impl->targets;
}

std::string dbt_cloud_signature(const std::string& secret, const std::string& body) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
  unsigned int size = 0;
  HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
       reinterpret_cast<const unsigned char*>(body.data()), body.size(), digest.data(), &size);
  std::string hex;
  for (unsigned int i = 0; i < size; ++i) {
    constexpr std::string_view k_digits = "0123456789abcdef";
    hex += k_digits[digest[i] >> 4U];
    hex += k_digits[digest[i] & 0xFU];
  }
  return hex;
}

} // namespace steward::testing
