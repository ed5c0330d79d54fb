// Conversations, their turns and tool steps, and feedback on answers.
#include <string>

#include "adapters/sqlite/queries.hpp"
#include "adapters/sqlite/query.hpp"

namespace steward::sqlite::conversations {
namespace {

using store::Id;
using store::TimePoint;

#define TURN_COLUMNS "id, conversation_id, role, user_id, text, message, tokens, created_at"

store::Turn read_turn(const Statement& row) {
  store::Turn turn;
  turn.id = row.integer(0);
  turn.conversation_id = row.integer(1);
  turn.role = row.text(2);
  turn.user = row.text(3);
  turn.text = row.text(4);
  turn.message = row.text(5);
  turn.tokens = row.integer(6);
  turn.created_at = row.time(7);
  return turn;
}

store::ToolStep read_step(const Statement& row) {
  return store::ToolStep{row.text(0), row.text(1), row.integer(2), store::Millis(row.integer(3)),
                         row.integer(4)};
}

store::Feedback read_feedback(const Statement& row) {
  return store::Feedback{row.integer(0), row.text(1),
                         store::feedback_kind_from(row.text(2)).value_or(store::FeedbackKind::comment),
                         row.text(3), row.time(4)};
}

Id read_id(const Statement& row) {
  return row.integer(0);
}

Result<void> insert_step(Connection& db, Id turn, std::int64_t seq, const store::ToolStep& step) {
  auto inserted =
      execute(db,
              "INSERT INTO tool_steps (turn_id, seq, tool, input, output_bytes, duration_ms, tokens) "
              "VALUES (?, ?, ?, ?, ?, ?, ?)",
              [&](Statement& s) {
                s.bind(turn).bind(seq).bind(step.tool).bind(step.input).bind(step.output_bytes);
                s.bind(static_cast<std::int64_t>(step.duration.count())).bind(step.tokens);
              });
  if (!inserted) {
    return tl::unexpected(missing_or(inserted.error(), "turn " + std::to_string(turn)));
  }
  return {};
}

} // namespace

Result<Id> conversation(Connection& db, const store::ConversationKey& key, TimePoint now) {
  return write_transaction(db, [&]() -> Result<Id> {
    auto inserted = execute(db,
                            "INSERT INTO conversations (platform, workspace, channel, thread, created_at) "
                            "VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                            [&](Statement& s) {
                              s.bind(key.platform).bind(key.workspace).bind(key.channel).bind(key.thread);
                              s.bind(now);
                            });
    if (!inserted) {
      return tl::unexpected(inserted.error());
    }
    if (*inserted > 0) {
      return db.last_insert_id();
    }
    auto existing = query_one<Id>(
        db,
        "SELECT id FROM conversations WHERE platform = ? AND workspace = ? AND channel = ? AND thread = ?",
        [&](Statement& s) { s.bind(key.platform).bind(key.workspace).bind(key.channel).bind(key.thread); },
        read_id);
    if (existing && !*existing) {
      return fail("store", "conversation: the insert was skipped but no conversation has its key");
    }
    return existing.map([](const std::optional<Id>& id) { return *id; });
  });
}

Result<Id> add_turn(Connection& db, Id conversation, const store::NewTurn& turn, TimePoint now) {
  return write_transaction(db, [&]() -> Result<Id> {
    auto inserted = execute(
        db,
        "INSERT INTO turns (conversation_id, role, user_id, text, platform, workspace, channel, message, "
        "tokens, created_at) SELECT id, ?, ?, ?, platform, workspace, channel, ?, ?, ? FROM conversations "
        "WHERE id = ?",
        [&](Statement& s) {
          s.bind(turn.role).bind(turn.user).bind(turn.text).bind(turn.message).bind(turn.tokens).bind(now);
          s.bind(conversation);
        });
    if (!inserted) {
      return tl::unexpected(inserted.error());
    }
    if (*inserted == 0) {
      return fail("store", "conversation " + std::to_string(conversation) + " does not exist");
    }
    return db.last_insert_id();
  });
}

Result<std::vector<store::Turn>> turns(Connection& db, Id conversation, std::int64_t limit) {
  return query_all<store::Turn>(
      db,
      "SELECT " TURN_COLUMNS " FROM (SELECT " TURN_COLUMNS " FROM turns WHERE conversation_id = ? "
      "ORDER BY id DESC LIMIT ?) ORDER BY id",
      [&](Statement& s) { s.bind(conversation).bind(clamp_limit(limit)); }, read_turn);
}

Result<std::optional<store::Turn>> turn_by_message(Connection& db, const store::MessageRef& message) {
  if (message.message.empty()) {
    return std::optional<store::Turn>(); // turns without a message id are not findable
  }
  return query_one<store::Turn>(
      db,
      "SELECT " TURN_COLUMNS " FROM turns WHERE platform = ? AND workspace = ? AND channel = ? "
      "AND message = ? ORDER BY id DESC LIMIT 1",
      [&](Statement& s) {
        s.bind(message.platform).bind(message.workspace).bind(message.channel).bind(message.message);
      },
      read_turn);
}

Result<void> add_tool_steps(Connection& db, Id turn, std::span<const store::ToolStep> steps) {
  return write_transaction(db, [&]() -> Result<void> {
    auto next = query_one<std::int64_t>(
        db, "SELECT COALESCE(MAX(seq), 0) + 1 FROM tool_steps WHERE turn_id = ?",
        [&](Statement& s) { s.bind(turn); }, read_id);
    if (!next) {
      return tl::unexpected(next.error());
    }
    std::int64_t seq = next->value_or(1);
    for (const store::ToolStep& step : steps) {
      if (auto inserted = insert_step(db, turn, seq++, step); !inserted) {
        return inserted;
      }
    }
    return {};
  });
}

Result<std::vector<store::ToolStep>> tool_steps(Connection& db, Id turn) {
  return query_all<store::ToolStep>(
      db,
      "SELECT tool, input, output_bytes, duration_ms, tokens FROM tool_steps WHERE turn_id = ? ORDER BY seq",
      [&](Statement& s) { s.bind(turn); }, read_step);
}

Result<Id> add_feedback(Connection& db, const store::Feedback& feedback) {
  return write_transaction(db, [&]() -> Result<Id> {
    auto inserted =
        execute(db, "INSERT INTO feedback (answer_id, user_id, kind, value, at) VALUES (?, ?, ?, ?, ?)",
                [&](Statement& s) {
                  s.bind(feedback.answer).bind(feedback.user).bind(store::to_string(feedback.kind));
                  s.bind(feedback.value).bind(feedback.at);
                });
    if (!inserted) {
      return tl::unexpected(missing_or(inserted.error(), "answer " + std::to_string(feedback.answer)));
    }
    return db.last_insert_id();
  });
}

Result<std::vector<store::Feedback>> feedback_for(Connection& db, Id answer) {
  return query_all<store::Feedback>(
      db, "SELECT answer_id, user_id, kind, value, at FROM feedback WHERE answer_id = ? ORDER BY id",
      [&](Statement& s) { s.bind(answer); }, read_feedback);
}

Result<std::vector<store::Feedback>> recent_feedback(Connection& db, std::int64_t limit) {
  return query_all<store::Feedback>(
      db, "SELECT answer_id, user_id, kind, value, at FROM feedback ORDER BY id DESC LIMIT ?",
      [&](Statement& s) { s.bind(clamp_limit(limit)); }, read_feedback);
}

} // namespace steward::sqlite::conversations
