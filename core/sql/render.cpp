#include "core/sql/render.hpp"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "core/answer/markup.hpp"

namespace steward::sql {
namespace {

using answer::markup::utf8_count;
using answer::markup::utf8_length;

/// `text` cut to `max_chars` characters (the last one `…` when cut), line
/// breaks shown as `⏎`.
std::string cell_text(std::string_view text, std::size_t max_chars) {
  std::string out;
  std::size_t chars = 0;
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t length = std::min(utf8_length(static_cast<unsigned char>(text[at])), text.size() - at);
    if (chars + 1 == max_chars && at + length < text.size()) {
      return out + "…";
    }
    const std::string_view piece = text.substr(at, length);
    out += piece == "\n" ? std::string_view("⏎") : piece == "\r" ? std::string_view() : piece;
    ++chars;
    at += length;
  }
  return out;
}

std::string padded(const std::string& text, std::size_t width, bool right) {
  const std::size_t count = utf8_count(text);
  const std::string pad(width > count ? width - count : 0, ' ');
  return right ? pad + text : text + pad;
}

std::string csv_field(std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    return std::string(text);
  }
  std::string out = "\"";
  for (char c : text) {
    out += c == '"' ? std::string("\"\"") : std::string(1, c);
  }
  return out + "\"";
}

std::string plural(std::size_t count, std::string_view word) {
  return std::to_string(count) + " " + std::string(word) + (count == 1 ? "" : "s");
}

std::string when_of(const QualityWarning& warning) {
  return warning.when.empty() ? std::string() : " (" + warning.when + ")";
}

} // namespace

std::string table_text(const warehouse::Table& table, std::size_t max_rows, std::size_t max_cell) {
  const std::size_t shown = std::min(max_rows, table.rows.size());
  std::vector<std::vector<std::string>> cells(shown + 1);
  std::vector<std::size_t> widths(table.columns.size(), 0);
  for (const warehouse::Column& column : table.columns) {
    cells[0].push_back(cell_text(column.name, max_cell));
  }
  for (std::size_t r = 0; r < shown; ++r) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const warehouse::Cell& cell = c < table.rows[r].size() ? table.rows[r][c] : warehouse::Cell();
      cells[r + 1].push_back(cell ? cell_text(*cell, max_cell) : std::string("NULL"));
    }
  }
  for (const auto& row : cells) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      widths[c] = std::max(widths[c], utf8_count(row[c]));
    }
  }
  std::string out;
  for (std::size_t r = 0; r < cells.size(); ++r) {
    std::string line;
    for (std::size_t c = 0; c < cells[r].size(); ++c) {
      line += (c == 0 ? "" : " | ") + padded(cells[r][c], widths[c], r > 0 && table.columns[c].numeric);
    }
    line.erase(line.find_last_not_of(' ') + 1);
    out += line + "\n";
    if (r == 0) {
      std::string rule;
      for (std::size_t c = 0; c < widths.size(); ++c) {
        rule += (c == 0 ? "" : "-+-") + std::string(widths[c], '-');
      }
      out += rule + "\n";
    }
  }
  return out;
}

std::string table_csv(const warehouse::Table& table) {
  std::string out;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    out += (c == 0 ? "" : ",") + csv_field(table.columns[c].name);
  }
  out += "\r\n";
  for (const warehouse::Row& row : table.rows) {
    for (std::size_t c = 0; c < row.size(); ++c) {
      out += (c == 0 ? "" : ",") + (row[c] ? csv_field(*row[c]) : std::string());
    }
    out += "\r\n";
  }
  return out;
}

std::string rows_note(const warehouse::Table& table) {
  std::string note =
      plural(table.rows.size(), "row") + " in " + std::to_string(table.elapsed.count()) + " ms";
  if (table.more_rows) {
    note += " (the first " + std::to_string(table.rows.size()) + "; the query returned more)";
  } else if (table.bytes_capped) {
    note += " (cut short: the result passed the size limit)";
  }
  return note;
}

std::vector<std::string> run_notes(const QueryRun& run) {
  std::vector<std::string> notes;
  if (!run.pii.empty()) {
    std::string names;
    for (const PiiColumn& column : run.pii) {
      names += (names.empty() ? "" : ", ") + ("`" + column.name + "` (" + column.because + ")");
    }
    const std::string_view verb = run.pii_action == PiiAction::drop   ? "dropped"
                                  : run.pii_action == PiiAction::hash ? "hashed"
                                                                      : "masked";
    notes.push_back("PII " + std::string(verb) + ": " + names + ".");
  }
  for (const QualityWarning& warning : run.quality) {
    notes.push_back("⚠️ Data quality: test `" + warning.test + "` on `" + warning.on + "`" +
                    (warning.upstream ? " (upstream of `" + warning.read + "`)" : std::string()) +
                    " had status " + warning.status + " in the latest run" + when_of(warning) + ".");
  }
  return notes;
}

answer::Answer render_run(const QueryRun& run, const RenderOptions& options) {
  answer::Answer out;
  out.summary = "Query result: " + plural(run.table.rows.size(), "row");
  if (options.show_sql) {
    out.blocks.emplace_back(answer::Code{run.checked.statement, "sql"});
  }
  if (run.table.columns.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"The statement returned no columns."});
  } else if (run.table.rows.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"No rows."});
  } else {
    out.blocks.emplace_back(answer::Code{table_text(run.table, options.inline_rows), ""});
  }
  std::string context = rows_note(run.table);
  if (run.table.rows.size() > options.inline_rows) {
    context += ". Showing the first " + std::to_string(options.inline_rows) +
               (options.csv_attached ? "; every row is in the attached CSV." : ".");
  }
  out.blocks.emplace_back(answer::Context{context});
  const std::vector<std::string> notes = run_notes(run);
  if (!notes.empty()) {
    out.blocks.emplace_back(answer::ListBlock{notes});
  }
  return out;
}

answer::Answer render_failure(std::string_view sql, const QueryFailure& failure) {
  answer::Answer out;
  const bool unfinished = !failure.rejection && (failure.error.key == "warehouse.timeout" ||
                                                 failure.error.key == "warehouse.cancelled");
  out.summary = failure.rejection ? "I can't run that SQL"
                : unfinished      ? "The query did not finish"
                                  : "The query failed";
  std::string lead = "The warehouse refused it: **";
  if (failure.rejection) {
    lead = "I can't run that: **";
  } else if (unfinished) {
    lead = "The query did not finish: **";
  }
  out.blocks.emplace_back(answer::Code{std::string(sql), "sql"});
  out.blocks.emplace_back(answer::Paragraph{lead + failure.to_string() + "**"});
  return out;
}

std::string run_json(const QueryRun& run, std::size_t max_rows) {
  nlohmann::json out;
  out["columns"] = nlohmann::json::array();
  for (const warehouse::Column& column : run.table.columns) {
    out["columns"].push_back({{"name", column.name}, {"type", column.type}});
  }
  out["rows"] = nlohmann::json::array();
  for (std::size_t r = 0; r < run.table.rows.size() && r < max_rows; ++r) {
    nlohmann::json row = nlohmann::json::array();
    for (const warehouse::Cell& cell : run.table.rows[r]) {
      row.push_back(cell ? nlohmann::json(*cell) : nlohmann::json());
    }
    out["rows"].push_back(std::move(row));
  }
  out["row_count"] = run.table.rows.size();
  if (run.table.rows.size() > max_rows) {
    out["rows_omitted"] = run.table.rows.size() - max_rows;
  }
  out["more_rows"] = run.table.more_rows;
  out["bytes_capped"] = run.table.bytes_capped;
  out["pii_columns"] = nlohmann::json::array();
  for (const PiiColumn& column : run.pii) {
    out["pii_columns"].push_back(column.name);
  }
  out["failing_tests"] = nlohmann::json::array();
  for (const QualityWarning& warning : run.quality) {
    out["failing_tests"].push_back({{"test", warning.test},
                                    {"status", warning.status},
                                    {"on", warning.on},
                                    {"when", warning.when},
                                    {"message", warning.message}});
  }
  return out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

} // namespace steward::sql
