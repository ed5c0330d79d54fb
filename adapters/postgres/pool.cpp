#include "adapters/postgres/pool.hpp"

#include <exception>
#include <string>
#include <utility>

#include <pqxx/connection>
#include <pqxx/except>

namespace steward::postgres {

struct Pool::Slot {
  std::unique_ptr<pqxx::connection> connection;
};

Result<std::unique_ptr<Pool>> Pool::open(ConnInfo info, int size, Prepare prepare, bool connect_now) {
  std::unique_ptr<Pool> pool(new Pool(std::move(info), static_cast<std::size_t>(size), std::move(prepare)));
  for (std::size_t index = 0; connect_now && index < pool->m_slots.size(); ++index) {
    if (auto connected = pool->connect(index); !connected) {
      return tl::unexpected(std::move(connected.error()));
    }
  }
  return pool;
}

Pool::Pool(ConnInfo info, std::size_t size, Prepare prepare)
    : m_info(std::move(info)), m_prepare(std::move(prepare)), m_slots(size) {
  m_free.reserve(size);
  for (std::size_t i = size; i > 0; --i) {
    m_free.push_back(i - 1);
  }
}

Pool::~Pool() = default;

Result<void> Pool::connect(std::size_t index) {
  try {
    auto connection = std::make_unique<pqxx::connection>(m_info.conninfo);
    m_prepare(*connection);
    m_slots[index].connection = std::move(connection);
    return {};
  } catch (const pqxx::broken_connection& e) {
    return tl::unexpected(connect_error(m_info, e.what()));
  } catch (const std::exception& e) {
    return fail(m_info.component, "cannot set up a connection to " + m_info.endpoint + " (" +
                                      first_line(scrub(e.what(), m_info.secrets)) + ")");
  }
}

Result<Pool::Borrowed> Pool::borrow(std::string_view what) {
  std::size_t index = 0;
  {
    std::unique_lock lock(m_mutex);
    m_returned.wait(lock, [this] { return !m_free.empty(); });
    index = m_free.back();
    m_free.pop_back();
  }
  Borrowed borrowed(*this, index);
  if (!m_slots[index].connection) {
    if (auto connected = connect(index); !connected) {
      return fail(m_info.component, std::string(what) + ": cannot connect: " + connected.error().to_string());
    }
  }
  return borrowed;
}

void Pool::give_back(std::size_t index) {
  {
    std::lock_guard lock(m_mutex);
    m_free.push_back(index);
  }
  m_returned.notify_one();
}

pqxx::connection_base& Pool::Borrowed::connection() {
  return *m_pool->m_slots[m_index].connection;
}

void Pool::Borrowed::probe() {
  connection().get_notifs();
}

void Pool::Borrowed::discard() {
  m_pool->m_slots[m_index].connection.reset();
}

Pool::Borrowed::~Borrowed() {
  if (m_pool != nullptr) {
    m_pool->give_back(m_index);
  }
}

Pool::Failure Pool::on_exception(Borrowed& borrowed, std::string_view what) const {
  const std::string prefix = std::string(what) + ": ";
  try {
    throw;
  } catch (const pqxx::in_doubt_error&) {
    borrowed.discard();
    return {false,
            Error{m_info.component, prefix + "connection lost while committing; the change may or may not "
                                             "have been saved"}};
  } catch (const pqxx::broken_connection& e) {
    borrowed.discard();
    return {true, Error{m_info.component,
                        prefix + "connection lost (" + first_line(scrub(e.what(), m_info.secrets)) + ")"}};
  } catch (const std::exception& e) {
    if (!borrowed.connection().is_open()) {
      borrowed.discard();
    }
    return {false, Error{m_info.component, prefix + first_line(scrub(e.what(), m_info.secrets))}};
  } catch (...) {
    borrowed.discard();
    return {false, Error{m_info.component, prefix + "unexpected exception"}};
  }
}

} // namespace steward::postgres
