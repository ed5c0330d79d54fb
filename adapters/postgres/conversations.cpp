// Conversations, their turns and the tool steps behind answers.
#include <algorithm>

#include <pqxx/binarystring>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <pqxx/transaction>
#include <pqxx/transaction_base>

#include "adapters/postgres/operations.hpp"
#include "adapters/postgres/sql.hpp"

namespace steward::postgres {
namespace {

store::Turn turn_from(const pqxx::row& row) {
  store::Turn turn;
  turn.id = row["id"].as<Id>();
  turn.conversation_id = row["conversation_id"].as<Id>();
  turn.role = text_of(row["role"]);
  turn.user = text_of(row["user_id"]);
  turn.text = text_of(row["text"]);
  turn.message = text_of(row["message"]);
  turn.tokens = row["tokens"].as<std::int64_t>();
  turn.created_at = time_of(row["created_at"]);
  return turn;
}

} // namespace

Result<Id> conversation(Pool& pool, const store::ConversationKey& key, TimePoint now) {
  return pool.run("conversation", [&](pqxx::connection_base& connection) -> Result<Id> {
    const auto platform = bytes(key.platform);
    const auto workspace = bytes(key.workspace);
    const auto channel = bytes(key.channel);
    const auto thread = bytes(key.thread);
    auto find = [&] {
      pqxx::nontransaction read(connection);
      return read.exec_params(R"sql(
        SELECT id FROM conversations
        WHERE platform = $1 AND workspace = $2 AND channel = $3 AND thread = $4)sql",
                              platform, workspace, channel, thread);
    };
    // Usually it exists; when two callers create it at once, one insert
    // does nothing and that caller finds the other's row.
    if (const pqxx::result found = find(); !found.empty()) {
      return found[0][0].as<Id>();
    }
    const pqxx::result inserted = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
        INSERT INTO conversations (platform, workspace, channel, thread, created_at)
        VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (platform, workspace, channel, thread) DO NOTHING
        RETURNING id)sql",
                            platform, workspace, channel, thread, ms(now));
    });
    return (inserted.empty() ? find() : inserted).at(0).at(0).as<Id>();
  });
}

Result<Id> add_turn(Pool& pool, Id conversation, const store::NewTurn& turn, TimePoint now) {
  return pool.run("add_turn", [&](pqxx::connection_base& connection) -> Result<Id> {
    // The turn keeps its conversation's place, so feedback finds it by message.
    const pqxx::result rows = write_once(connection, [&](pqxx::transaction_base& tx) {
      return tx.exec_params(R"sql(
        INSERT INTO turns (conversation_id, role, user_id, text, platform, workspace, channel, message,
                           tokens, created_at)
        SELECT c.id, $2, $3, $4, c.platform, c.workspace, c.channel, $5, $6, $7
        FROM conversations c WHERE c.id = $1
        RETURNING id)sql",
                            conversation, bytes(turn.role), bytes(turn.user), bytes(turn.text),
                            bytes(turn.message), turn.tokens, ms(now));
    });
    if (rows.empty()) { // nothing was written
      return fail("store", "conversation " + std::to_string(conversation) + " does not exist");
    }
    return rows[0][0].as<Id>();
  });
}

Result<std::vector<store::Turn>> turns(Pool& pool, Id conversation, std::int64_t limit) {
  return pool.run("turns", [&](pqxx::connection_base& connection) -> Result<std::vector<store::Turn>> {
    pqxx::nontransaction read(connection);
    const pqxx::result rows = read.exec_params(R"sql(
      SELECT * FROM (SELECT * FROM turns WHERE conversation_id = $1 ORDER BY id DESC LIMIT $2) last
      ORDER BY id)sql",
                                               conversation, std::max<std::int64_t>(limit, 0));
    std::vector<store::Turn> found;
    found.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      found.push_back(turn_from(row));
    }
    return found;
  });
}

Result<std::optional<store::Turn>> turn_by_message(Pool& pool, const store::MessageRef& message) {
  return pool.run(
      "turn_by_message", [&](pqxx::connection_base& connection) -> Result<std::optional<store::Turn>> {
        pqxx::nontransaction read(connection);
        const pqxx::result rows = read.exec_params(R"sql(
      SELECT * FROM turns
      WHERE platform = $1 AND workspace = $2 AND channel = $3 AND message = $4 AND message <> ''::bytea
      ORDER BY id DESC LIMIT 1)sql",
                                                   bytes(message.platform), bytes(message.workspace),
                                                   bytes(message.channel), bytes(message.message));
        if (rows.empty()) {
          return std::nullopt;
        }
        return turn_from(rows[0]);
      });
}

Result<void> add_tool_steps(Pool& pool, Id turn, std::span<const store::ToolStep> steps) {
  if (steps.empty()) {
    return {};
  }
  return pool.run("add_tool_steps", [&](pqxx::connection_base& connection) -> Result<void> {
    pqxx::work work(connection);
    // Locking the turn serialises appends to it, so sequence numbers stay unique.
    if (work.exec_params("SELECT 1 FROM turns WHERE id = $1 FOR NO KEY UPDATE", turn).empty()) {
      return fail("store", "turn " + std::to_string(turn) + " does not exist");
    }
    auto seq = work.exec_params1("SELECT COALESCE(MAX(seq), 0) FROM tool_steps WHERE turn_id = $1", turn)[0]
                   .as<int>();
    for (const store::ToolStep& step : steps) {
      work.exec_params(R"sql(
        INSERT INTO tool_steps (turn_id, seq, tool, input, output_bytes, duration_ms, tokens)
        VALUES ($1, $2, $3, $4, $5, $6, $7))sql",
                       turn, ++seq, bytes(step.tool), bytes(step.input), step.output_bytes, ms(step.duration),
                       step.tokens);
    }
    work.commit();
    return {};
  });
}

Result<std::vector<store::ToolStep>> tool_steps(Pool& pool, Id turn) {
  return pool.run("tool_steps",
                  [&](pqxx::connection_base& connection) -> Result<std::vector<store::ToolStep>> {
                    pqxx::nontransaction read(connection);
                    const pqxx::result rows = read.exec_params(R"sql(
      SELECT tool, input, output_bytes, duration_ms, tokens FROM tool_steps WHERE turn_id = $1
      ORDER BY seq)sql",
                                                               turn);
                    std::vector<store::ToolStep> found;
                    found.reserve(rows.size());
                    for (const pqxx::row& row : rows) {
                      store::ToolStep step;
                      step.tool = text_of(row["tool"]);
                      step.input = text_of(row["input"]);
                      step.output_bytes = row["output_bytes"].as<std::int64_t>();
                      step.duration = Millis(row["duration_ms"].as<std::int64_t>());
                      step.tokens = row["tokens"].as<std::int64_t>();
                      found.push_back(std::move(step));
                    }
                    return found;
                  });
}

} // namespace steward::postgres
