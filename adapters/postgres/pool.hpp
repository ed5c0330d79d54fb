#pragma once

// Private to the PostgreSQL adapter: a fixed set of libpqxx connections that
// calls borrow one at a time.

#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string_view>
#include <type_traits>
#include <vector>

#include "adapters/postgres/conninfo.hpp"

namespace pqxx {
class connection_base;
} // namespace pqxx

namespace steward::postgres {

/// `pool_size` connections, each lent to one call at a time.
///
/// `run(what, body)` waits for a free connection (there is no limit on the
/// wait), reconnects it first when it was dropped, and calls `body` with it.
/// `body` opens its own transaction and returns a `Result`; exceptions never
/// leave `run`:
/// - a lost connection (`pqxx::broken_connection`, found before `body`
///   runs or thrown by it) is dropped and `body` runs once more on a fresh
///   connection. That is safe because nothing was committed: `body` either
///   only reads, or writes in a transaction that PostgreSQL rolls back when
///   its client goes away. When reconnecting fails, `run` returns
///   `COMPONENT: WHAT: cannot connect: ...` (`ConnInfo::component`:
///   `store`, `warehouse`; so are the errors below);
/// - a connection lost while a write was committing (`pqxx::in_doubt_error`:
///   during COMMIT, or during an autocommit statement, see `write_once`)
///   cannot be retried: `store: WHAT: connection lost while committing; the
///   change may or may not have been saved`. This is the one case where an
///   error does not prove that nothing was written;
/// - any other exception becomes `store: WHAT: <first line of its message>`.
///
/// Thread-safe. Connections are not shared: `body` owns its connection until
/// it returns. Every new connection gets `prepare` called on it (to register
/// prepared statements).
class Pool {
public:
  using Prepare = std::function<void(pqxx::connection_base&)>;

  /// Opens all `size` connections now, or (`connect_now` false) none: each
  /// is opened by the first call that borrows it. Errors are those of
  /// `connect_error`.
  static Result<std::unique_ptr<Pool>> open(ConnInfo info, int size, Prepare prepare,
                                            bool connect_now = true);

  Pool(const Pool&) = delete;
  Pool& operator=(const Pool&) = delete;
  Pool(Pool&&) = delete;
  Pool& operator=(Pool&&) = delete;
  ~Pool();

  template <typename Body>
  auto run(std::string_view what, Body&& body) -> std::invoke_result_t<Body&, pqxx::connection_base&>;

private:
  struct Slot; // one connection, or none after a loss (pool.cpp)

  /// A borrowed slot; hands it back when destroyed.
  class Borrowed {
  public:
    Borrowed(Pool& pool, std::size_t index) : m_pool(&pool), m_index(index) {}
    Borrowed(Borrowed&& other) noexcept : m_pool(other.m_pool), m_index(other.m_index) {
      other.m_pool = nullptr;
    }
    Borrowed(const Borrowed&) = delete;
    Borrowed& operator=(const Borrowed&) = delete;
    Borrowed& operator=(Borrowed&&) = delete;
    ~Borrowed();

    pqxx::connection_base& connection();
    /// Throws `pqxx::broken_connection` when the connection is known to be
    /// lost (the server closed it); reads what is pending, never waits.
    void probe();
    /// Closes the connection; the next borrower of the slot reconnects.
    void discard();

  private:
    Pool* m_pool;
    std::size_t m_index;
  };

  /// What to do about an exception thrown by a call's body.
  struct Failure {
    bool retry = false;
    Error error;
  };

  Pool(ConnInfo info, std::size_t size, Prepare prepare);

  /// Connects slot `index` (which must be unconnected).
  Result<void> connect(std::size_t index);
  Result<Borrowed> borrow(std::string_view what);
  void give_back(std::size_t index);
  /// Classifies the exception being handled; call only inside `catch`.
  Failure on_exception(Borrowed& borrowed, std::string_view what) const;

  ConnInfo m_info;
  Prepare m_prepare;
  std::vector<Slot> m_slots; // slot i belongs to whoever borrowed i
  std::mutex m_mutex;
  std::condition_variable m_returned;
  std::vector<std::size_t> m_free; // guarded by m_mutex
};

// --- Inline implementations ---

template <typename Body>
auto Pool::run(std::string_view what, Body&& body) -> std::invoke_result_t<Body&, pqxx::connection_base&> {
  for (int attempt = 1;; ++attempt) {
    auto borrowed = borrow(what);
    if (!borrowed) {
      return tl::unexpected(std::move(borrowed.error()));
    }
    try {
      borrowed->probe();
      return body(borrowed->connection());
    } catch (...) {
      Failure failure = on_exception(*borrowed, what);
      if (!failure.retry || attempt > 1) {
        return tl::unexpected(std::move(failure.error));
      }
    }
  }
}

} // namespace steward::postgres
