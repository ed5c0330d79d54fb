#include "tests/support/shop_warehouse.hpp"

#include <fstream>
#include <mutex>
#include <sstream>
#include <stdexcept>

#include <pqxx/connection>
#include <pqxx/nontransaction>

#include "tests/support/fixtures.hpp"

namespace steward::testing {
namespace {

std::string read_sql(const std::string& name) {
  std::ifstream in(source_dir() / "examples" / "shop" / "warehouse" / name);
  if (!in) {
    throw std::runtime_error("cannot read examples/shop/warehouse/" + name);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::string load_shop(const PgServer& server) {
  const std::string url = fresh_pg_database(server);
  pqxx::connection connection(pg_admin_url(url, server.password));
  pqxx::nontransaction work(connection);
  work.exec(read_sql("raw.sql"));
  work.exec(read_sql("build.sql"));
  work.exec("ALTER DATABASE " + database_of(url) + " SET search_path = analytics, snapshots, public");
  return url;
}

} // namespace

std::string database_of(const std::string& url) {
  const std::size_t slash = url.rfind('/');
  const std::size_t query = url.find('?', slash);
  return url.substr(slash + 1, query == std::string::npos ? std::string::npos : query - slash - 1);
}

std::string shop_warehouse(const PgServer& server) {
  static std::mutex mutex;
  static std::string loaded;
  const std::lock_guard lock(mutex);
  if (loaded.empty()) {
    loaded = load_shop(server);
  }
  return loaded;
}

} // namespace steward::testing
