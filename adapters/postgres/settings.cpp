// The embedding cache and the settings table.
#include <bit>
#include <stdexcept>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {
namespace {

/// `vector` as little-endian IEEE float32 values, whatever the host order.
std::string encode(std::span<const float> vector) {
  std::string out(vector.size() * 4, '\0');
  for (std::size_t i = 0; i < vector.size(); ++i) {
    const auto bits = std::bit_cast<std::uint32_t>(vector[i]);
    for (std::size_t b = 0; b < 4; ++b) {
      out[4 * i + b] = static_cast<char>((bits >> (8 * b)) & 0xFFU);
    }
  }
  return out;
}

std::vector<float> decode(std::string_view data, std::int64_t dims) {
  if (dims < 0 || data.size() != static_cast<std::size_t>(dims) * 4) {
    throw std::runtime_error("corrupt embedding: " + std::to_string(data.size()) + " bytes for " +
                             std::to_string(dims) + " dimensions");
  }
  std::vector<float> vector(static_cast<std::size_t>(dims));
  for (std::size_t i = 0; i < vector.size(); ++i) {
    std::uint32_t bits = 0;
    for (std::size_t b = 0; b < 4; ++b) {
      bits |= static_cast<std::uint32_t>(static_cast<unsigned char>(data[4 * i + b])) << (8 * b);
    }
    vector[i] = std::bit_cast<float>(bits);
  }
  return vector;
}

} // namespace

Result<void> put_embedding(Pool& pool, std::string_view model, std::string_view content_hash,
                           std::span<const float> vector, TimePoint now) {
  const std::string data = encode(vector);
  return pool.run("put_embedding", [&](pqxx::connection_base& connection) -> Result<void> {
    write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
      INSERT INTO embeddings (model, content_hash, dims, vector, updated_at) VALUES ($1, $2, $3, $4, $5)
      ON CONFLICT (model, content_hash) DO UPDATE SET
        dims = EXCLUDED.dims, vector = EXCLUDED.vector, updated_at = EXCLUDED.updated_at)sql",
                            bytes(model), bytes(content_hash), static_cast<std::int64_t>(vector.size()),
                            bytes(data), ms(now));
    });
    return {};
  });
}

Result<std::optional<std::vector<float>>> embedding(Pool& pool, std::string_view model,
                                                    std::string_view content_hash) {
  return pool.run(
      "embedding", [&](pqxx::connection_base& connection) -> Result<std::optional<std::vector<float>>> {
        pqxx::nontransaction read(connection);
        const pqxx::result rows =
            read.exec_params("SELECT dims, vector FROM embeddings WHERE model = $1 AND content_hash = $2",
                             bytes(model), bytes(content_hash));
        if (rows.empty()) {
          return std::nullopt;
        }
        return decode(text_of(rows[0]["vector"]), rows[0]["dims"].as<std::int64_t>());
      });
}

Result<void> put_setting(Pool& pool, std::string_view key, std::string_view value, TimePoint now) {
  return pool.run("put_setting", [&](pqxx::connection_base& connection) -> Result<void> {
    write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
      INSERT INTO settings (key, value, updated_at) VALUES ($1, $2, $3)
      ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at)sql",
                            bytes(key), bytes(value), ms(now));
    });
    return {};
  });
}

Result<std::optional<std::string>> setting(Pool& pool, std::string_view key) {
  return pool.run("setting", [&](pqxx::connection_base& connection) -> Result<std::optional<std::string>> {
    pqxx::nontransaction read(connection);
    const pqxx::result rows = read.exec_params("SELECT value FROM settings WHERE key = $1", bytes(key));
    if (rows.empty()) {
      return std::nullopt;
    }
    return text_of(rows[0][0]);
  });
}

Result<bool> erase_setting(Pool& pool, std::string_view key) {
  return pool.run("erase_setting", [&](pqxx::connection_base& connection) -> Result<bool> {
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params("DELETE FROM settings WHERE key = $1", bytes(key));
    });
    return rows.affected_rows() == 1;
  });
}

} // namespace steward::postgres
