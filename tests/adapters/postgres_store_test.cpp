// PostgreSQL-specific behaviour of the store: connecting (URLs, passwords,
// timeouts), migrations under concurrency, the audit trigger, the pool and
// reconnection. Backend-neutral behaviour is in store_*_test.cpp.
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <pqxx/connection>
#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "adapters/postgres/postgres_store.hpp"
#include "tests/support/postgres.hpp"
#include "tests/support/store_fixture.hpp"

namespace steward::testing {
namespace {

using namespace std::chrono_literals;
using postgres::open_postgres_store;
using postgres::PostgresOptions;

constexpr const char* k_password_error =
    "must not contain a password; set STEWARD_STORE_PASSWORD or store.password_file";

PostgresOptions options_for(std::string url, std::string password, int pool_size = 2) {
  PostgresOptions options;
  options.url = std::move(url);
  options.password = std::move(password);
  options.pool_size = pool_size;
  options.connect_timeout = 1000ms;
  return options;
}

/// A listening TCP socket on 127.0.0.1 that never accepts or answers; closed
/// with the object. `listening = false` closes it at once, leaving a port that
/// refuses connections.
class Socket {
public:
  explicit Socket(bool listening) : m_fd(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    auto* generic = reinterpret_cast<sockaddr*>(&address);
    if (::bind(m_fd, generic, size) != 0 || ::getsockname(m_fd, generic, &size) != 0 ||
        (listening && ::listen(m_fd, 8) != 0)) {
      throw std::runtime_error("cannot set up a loopback socket");
    }
    m_port = ntohs(address.sin_port);
    if (!listening) {
      ::close(m_fd);
      m_fd = -1;
    }
  }
  ~Socket() {
    if (m_fd >= 0) {
      ::close(m_fd);
    }
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  Socket(Socket&&) = delete;
  Socket& operator=(Socket&&) = delete;

  [[nodiscard]] int port() const { return m_port; }

private:
  int m_fd;
  int m_port = 0;
};

// --- Without a server --------------------------------------------------------

TEST(PostgresStoreOpen, RefusesAPasswordInTheUrl) {
  for (const std::string url : {"postgresql://steward:hunter2@127.0.0.1:1/steward",
                                "postgres://steward:hunter2@localhost/steward?sslmode=disable",
                                "postgresql://steward@127.0.0.1:1/steward?password=hunter2",
                                "host=127.0.0.1 port=1 dbname=steward password=hunter2",
                                "postgresql://steward:hunter2@127.0.0.1:1/steward?bad%zz=1"}) {
    auto opened = open_postgres_store(options_for(url, "the-real-one"));
    ASSERT_FALSE(opened) << url;
    EXPECT_EQ(opened.error().key, "store.url") << url;
    EXPECT_EQ(opened.error().reason, k_password_error) << url;
    EXPECT_EQ(opened.error().to_string().find("hunter2"), std::string::npos);
  }
}

TEST(PostgresStoreOpen, AMalformedUrlIsAUrlError) {
  auto opened = open_postgres_store(options_for("host=127.0.0.1 no_such_option=1", "secret-pw"));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().key, "store.url");
  EXPECT_NE(opened.error().reason.find("no_such_option"), std::string::npos) << opened.error().reason;
}

TEST(PostgresStoreOpen, RefusesAnEmptyPool) {
  auto opened = open_postgres_store(options_for("postgresql://steward@127.0.0.1:1/steward", "", 0));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().key, "store.pool_size");
}

TEST(PostgresStoreOpen, AnUnreachableServerFailsFast) {
  Socket closed(false);
  const std::string password = "pw-that-must-not-leak";
  const auto started = std::chrono::steady_clock::now();
  auto opened = open_postgres_store(
      options_for("postgresql://steward@127.0.0.1:" + std::to_string(closed.port()) + "/steward", password));
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().key, "store.url");
  const std::string prefix = "cannot connect to 127.0.0.1:" + std::to_string(closed.port()) + " (";
  EXPECT_EQ(opened.error().reason.rfind(prefix, 0), 0U) << opened.error().reason;
  EXPECT_NE(opened.error().reason.find("refused"), std::string::npos) << opened.error().reason;
  EXPECT_EQ(opened.error().to_string().find(password), std::string::npos);
}

TEST(PostgresStoreOpen, TheConnectTimeoutIsHonoured) {
  Socket silent(true); // accepts the TCP handshake (backlog), never answers
  const auto started = std::chrono::steady_clock::now();
  auto opened = open_postgres_store(options_for(
      "host=127.0.0.1 port=" + std::to_string(silent.port()) + " dbname=steward user=steward", "pw"));
  // libpq waits at least 2 s whatever the setting.
  EXPECT_LT(std::chrono::steady_clock::now() - started, 8s);
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().key, "store.url");
  EXPECT_NE(opened.error().reason.find("timeout"), std::string::npos) << opened.error().reason;
}

// --- With a server --------------------------------------------------------------

class PostgresStore : public ::testing::Test {
protected:
  void SetUp() override {
    auto server = pg_server();
    STEWARD_REQUIRE_PG(server);
    m_server = *server;
    m_url = fresh_pg_database(m_server);
  }

  [[nodiscard]] const std::string& url() const { return m_url; }
  [[nodiscard]] const std::string& password() const { return m_server.password; }

  [[nodiscard]] Result<std::unique_ptr<store::Store>> open(int pool_size = 2) const {
    return open_postgres_store(options_for(m_url, m_server.password, pool_size));
  }

  /// A connection of our own to the test database, beside the store's.
  [[nodiscard]] pqxx::connection admin() const {
    return pqxx::connection(pg_admin_url(m_url, m_server.password));
  }

  /// `url()` naming database `name` instead.
  [[nodiscard]] std::string url_of_database(const std::string& name) const {
    return m_url.substr(0, m_url.rfind('/') + 1) + name;
  }

private:
  PgServer m_server;
  std::string m_url;
};

TEST_F(PostgresStore, AWrongPasswordIsAnAuthenticationError) {
  const std::string wrong = "not-the-password-0xC0FFEE";
  auto opened = open_postgres_store(options_for(url(), wrong));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().key, "store.password");
  EXPECT_EQ(opened.error().reason, R"(authentication failed for user "steward")");
  EXPECT_EQ(opened.error().to_string().find(wrong), std::string::npos);
}

TEST_F(PostgresStore, AMissingPasswordSaysWhereToSetIt) {
  auto opened = open_postgres_store(options_for(url(), ""));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().key, "store.password");
  EXPECT_NE(opened.error().reason.find("STEWARD_STORE_PASSWORD"), std::string::npos) << opened.error().reason;
}

TEST_F(PostgresStore, AMissingDatabaseIsAUrlError) {
  auto opened = open_postgres_store(options_for(url_of_database("no_such_database"), password()));
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().key, "store.url");
  EXPECT_NE(opened.error().reason.find(R"(database "no_such_database" does not exist)"), std::string::npos)
      << opened.error().reason;
  EXPECT_EQ(opened.error().to_string().find(password()), std::string::npos);
}

TEST_F(PostgresStore, KeyValueConnectionStringsWork) {
  // url() is postgresql://steward@127.0.0.1:PORT/DB
  const std::size_t host = url().find('@') + 1;
  const std::size_t colon = url().find(':', host);
  const std::size_t slash = url().find('/', colon);
  const std::string conninfo = "host=" + url().substr(host, colon - host) +
                               " port=" + url().substr(colon + 1, slash - colon - 1) +
                               " dbname=" + url().substr(slash + 1) + " user=steward";
  auto opened = open_postgres_store(options_for(conninfo, password()));
  ASSERT_TRUE(opened) << opened.error().to_string();
  EXPECT_TRUE((*opened)->ping());
  EXPECT_EQ((*opened)->backend(), "postgres");
}

TEST_F(PostgresStore, RefusesADatabaseMigratedByANewerSteward) {
  ASSERT_TRUE(open());
  const int supported = postgres::postgres_schema_version();
  {
    auto connection = admin();
    pqxx::nontransaction(connection)
        .exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (" +
              std::to_string(supported + 1) + ", 'from the future', 0)");
  }
  auto opened = open();
  ASSERT_FALSE(opened);
  EXPECT_EQ(opened.error().key, "store");
  EXPECT_EQ(opened.error().reason, "database schema version " + std::to_string(supported + 1) +
                                       " is newer than this steward supports (" + std::to_string(supported) +
                                       "); upgrade steward");
}

TEST_F(PostgresStore, StoresOpenedTogetherMigrateOnce) {
  constexpr int k_openers = 6;
  std::atomic<int> ready{0};
  std::vector<std::string> errors(k_openers);
  std::vector<std::thread> threads;
  for (int i = 0; i < k_openers; ++i) {
    threads.emplace_back([&, i] {
      ++ready;
      while (ready < k_openers) {
        std::this_thread::yield();
      }
      auto opened = open(1);
      errors[i] = opened ? "" : opened.error().to_string();
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  for (const auto& error : errors) {
    EXPECT_EQ(error, "");
  }
  auto connection = admin();
  const auto rows = pqxx::nontransaction(connection).exec("SELECT version FROM schema_migrations");
  EXPECT_EQ(rows.size(), static_cast<std::size_t>(postgres::postgres_schema_version()));
  auto opened = open();
  ASSERT_TRUE(opened);
  EXPECT_EQ(must((*opened)->schema_version()), postgres::postgres_schema_version());
}

TEST_F(PostgresStore, TheDatabaseRefusesToRewriteTheAuditLog) {
  auto opened = open();
  ASSERT_TRUE(opened) << opened.error().to_string();
  must((*opened)->append_audit({0, "U1", "git.push", "steward/fix-1", "{}", wall_now()}));
  auto connection = admin();
  for (const std::string sql :
       {"UPDATE audit_log SET actor = 'mallory'::bytea", "DELETE FROM audit_log", "TRUNCATE audit_log"}) {
    try {
      pqxx::nontransaction(connection).exec(sql);
      ADD_FAILURE() << sql << " succeeded";
    } catch (const pqxx::sql_error& e) {
      EXPECT_NE(std::string(e.what()).find("audit_log is append-only"), std::string::npos) << e.what();
    }
  }
  auto entries = must((*opened)->audit_entries(0, 10));
  ASSERT_EQ(entries.size(), 1U);
  EXPECT_EQ(entries[0].actor, "U1");
}

TEST_F(PostgresStore, MoreCallersThanConnectionsAllComplete) {
  auto opened = open(2);
  ASSERT_TRUE(opened) << opened.error().to_string();
  store::Store& store = **opened;
  constexpr int k_threads = 8;
  constexpr int k_jobs = 25;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < k_threads; ++t) {
    threads.emplace_back([&, t] {
      const std::string owner = "worker-" + std::to_string(t);
      for (int i = 0; i < k_jobs; ++i) {
        auto now = wall_now();
        bool ok = store.enqueue({"test", "{}", "", 3, std::nullopt}, now).has_value();
        auto claimed = store.claim(owner, 1, 30s, now);
        ok = ok && claimed.has_value();
        for (const auto& job : claimed ? *claimed : std::vector<store::Job>{}) {
          ok = ok && store.complete({job.id, owner, job.attempts}, now).value_or(false);
        }
        failures += ok ? 0 : 1;
      }
    });
  }
  for (auto& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(failures, 0);
  auto counts = must(store.counts(wall_now() + 1h));
  EXPECT_EQ(counts.done + counts.queued, k_threads * k_jobs);
  EXPECT_EQ(counts.running, 0);
}

// A connection the server dropped while idle (restart, failover, idle
// timeout, an admin) is found closed before anything is sent on it; it is
// replaced and the call runs on the new one: callers see no error.
TEST_F(PostgresStore, ConnectionsKilledByTheServerAreReopened) {
  auto opened = open(2);
  ASSERT_TRUE(opened) << opened.error().to_string();
  store::Store& store = **opened;
  auto connection = admin();
  for (int round = 0; round < 3; ++round) {
    const auto killed = pqxx::nontransaction(connection)
                            .exec("SELECT pg_terminate_backend(pid, 5000) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND application_name = 'steward'");
    // Both pooled connections at first; later only those used since.
    EXPECT_EQ(killed.size() == 2U, round == 0) << "round " << round << ": " << killed.size();
    EXPECT_TRUE(store.ping()) << "round " << round;
    auto enqueued =
        store.enqueue({"test", "{}", "key-" + std::to_string(round), 3, std::nullopt}, wall_now());
    ASSERT_TRUE(enqueued) << enqueued.error().to_string();
    EXPECT_TRUE(enqueued->created);
  }
  EXPECT_EQ(must(store.counts(wall_now())).queued, 3);
}

// A connection lost while a write is under way leaves its outcome unknown:
// that one call fails saying so, and the next call reconnects.
TEST_F(PostgresStore, AConnectionLostMidWriteIsReportedAsInDoubt) {
  auto opened = open(1);
  ASSERT_TRUE(opened) << opened.error().to_string();
  store::Store& store = **opened;
  must(store.enqueue({"test", "{}", "", 3, std::nullopt}, wall_now()));
  auto claimed = must(store.claim("w", 1, 30s, wall_now()));
  ASSERT_EQ(claimed.size(), 1U);
  const store::Lease lease{claimed[0].id, "w", claimed[0].attempts};

  auto holder = admin();
  pqxx::work locking(holder);
  locking.exec("SELECT id FROM jobs FOR UPDATE"); // complete() will wait for this lock
  std::thread killer([this] {
    auto connection = admin();
    for (int i = 0; i < 1000; ++i) {
      const auto waiting = pqxx::nontransaction(connection)
                               .exec("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                                     "AND application_name = 'steward' AND wait_event_type = 'Lock'");
      if (!waiting.empty()) {
        pqxx::nontransaction(connection)
            .exec("SELECT pg_terminate_backend(" + std::string(waiting[0][0].c_str()) + ", 5000)");
        return;
      }
      std::this_thread::sleep_for(10ms);
    }
  });
  auto completed = store.complete(lease, wall_now());
  killer.join();
  locking.abort();
  ASSERT_FALSE(completed);
  EXPECT_EQ(completed.error().key, "store");
  EXPECT_EQ(completed.error().reason,
            "complete: connection lost while committing; the change may or may not have been saved");
  EXPECT_TRUE(must(store.complete(lease, wall_now()))) << "the lost statement did not commit";
}

TEST_F(PostgresStore, TextIsKeptByteForByte) {
  auto opened = open();
  ASSERT_TRUE(opened) << opened.error().to_string();
  using namespace std::string_literals;
  const std::string odd = "nul \0 here, invalid UTF-8 \xff\xfe \xc3\x28, quote ' backslash \\x41"s;
  auto id = must((*opened)->enqueue({odd, odd, odd, 3, std::nullopt}, wall_now())).id;
  auto job = must((*opened)->job(id));
  ASSERT_TRUE(job.has_value());
  EXPECT_EQ(job->kind, odd);
  EXPECT_EQ(job->payload, odd);
  EXPECT_EQ(job->idempotency_key, odd);
  must((*opened)->put_setting(odd, odd, wall_now()));
  EXPECT_EQ(must((*opened)->setting(odd)), std::optional<std::string>(odd));
}

} // namespace
} // namespace steward::testing
