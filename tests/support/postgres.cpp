#include "tests/support/postgres.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>

#include <unistd.h>

#include <pqxx/connection>
#include <pqxx/nontransaction>

// LeakSanitizer: libpqxx 6.4 leaks one libpq result each time a query finds
// its connection broken (make_result asks for the client encoding, which
// throws on a dead connection, before it owns the result). The store drops
// and reopens such connections, and tests kill connections on purpose.
extern "C" const char* __lsan_default_suppressions() {
  return "leak:PQmakeEmptyPGresult\n";
}

namespace steward::testing {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name); // NOLINT(concurrency-mt-unsafe): tests set no variables
  return value != nullptr ? value : "";
}

std::string percent_encoded(const std::string& text) {
  std::string out;
  for (unsigned char c : text) {
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      char buffer[4];
      std::snprintf(buffer, sizeof buffer, "%%%02X", c);
      out += buffer;
    }
  }
  return out;
}

/// `url` with its database (the path) replaced by `database`.
std::string with_database(const std::string& url, const std::string& database) {
  const std::size_t scheme = url.find("://");
  if (scheme == std::string::npos) {
    throw std::runtime_error("PGTEST_URL must be a postgresql:// URL");
  }
  const std::size_t query = url.find('?', scheme + 3);
  const std::size_t path = url.find('/', scheme + 3);
  const std::size_t authority_end = std::min(path, query);
  std::string out = url.substr(0, authority_end) + "/" + database;
  if (query != std::string::npos) {
    out += url.substr(query);
  }
  return out;
}

std::string unique_database_name() {
  static std::atomic<int> counter{0};
  std::random_device random;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", random());
  return "steward_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++) + "_" + suffix;
}

} // namespace

std::optional<PgServer> pg_server() {
  std::string url = env("PGTEST_URL");
  if (url.empty()) {
    return std::nullopt;
  }
  return PgServer{url, env("PGTEST_PASSWORD")};
}

bool pg_required() {
  return env("PGTEST_REQUIRE") == "1";
}

std::string pg_admin_url(const std::string& url, const std::string& password) {
  if (password.empty()) {
    return url;
  }
  return url + (url.find('?') == std::string::npos ? "?" : "&") + "password=" + percent_encoded(password);
}

std::string fresh_pg_database(const PgServer& server) {
  const std::string name = unique_database_name();
  try {
    pqxx::connection admin(pg_admin_url(server.url, server.password));
    pqxx::nontransaction(admin).exec("CREATE DATABASE " + name);
  } catch (const std::exception& e) {
    throw std::runtime_error("cannot create test database " + name + ": " + e.what());
  }
  return with_database(server.url, name);
}

} // namespace steward::testing
