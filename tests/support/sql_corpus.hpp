#pragma once

// The SQL corpora under tests/data/sql: hostile statements (hostile.txt:
// `expect: REASON`, then the SQL) and analytic queries with their expected
// results (analytic.txt: `-- name:`, the SQL, `columns:` and `expect:` rows).
// Entries are separated by a line `----`; `#` lines before an entry's first
// line are comments.

#include <fstream>
#include <string>
#include <vector>

#include "tests/support/fixtures.hpp"

namespace steward::testing {

struct HostileCase {
  std::string expect; ///< the guard's reason name
  std::string statement;
  int line = 0;
};

struct AnalyticCase {
  std::string name;
  std::string statement;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows; ///< cells as text, NULL as `NULL`
  int line = 0;
};

/// `line` split at every `|`.
inline std::vector<std::string> split_cells(const std::string& line) {
  std::vector<std::string> cells;
  std::size_t begin = 0;
  for (std::size_t bar = line.find('|'); bar != std::string::npos; bar = line.find('|', begin)) {
    cells.push_back(line.substr(begin, bar - begin));
    begin = bar + 1;
  }
  cells.push_back(line.substr(begin));
  return cells;
}

/// The entries of tests/data/sql/`file`, each as its lines and first line number.
inline std::vector<std::pair<int, std::vector<std::string>>> corpus_entries(const std::string& file) {
  std::ifstream in(source_dir() / "tests" / "data" / "sql" / file);
  std::vector<std::pair<int, std::vector<std::string>>> entries(1);
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (line == "----") {
      entries.emplace_back();
      continue;
    }
    if (entries.back().second.empty() && line.starts_with("#")) {
      continue;
    }
    if (entries.back().second.empty()) {
      entries.back().first = number;
    }
    entries.back().second.push_back(line);
  }
  std::erase_if(entries, [](const auto& entry) { return entry.second.empty(); });
  return entries;
}

inline std::vector<HostileCase> hostile_corpus() {
  std::vector<HostileCase> cases;
  for (const auto& [line, lines] : corpus_entries("hostile.txt")) {
    HostileCase c;
    c.line = line;
    for (const std::string& text : lines) {
      if (c.expect.empty() && text.starts_with("expect: ")) {
        c.expect = text.substr(8);
      } else {
        c.statement += (c.statement.empty() ? "" : "\n") + text;
      }
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

inline std::vector<AnalyticCase> analytic_corpus() {
  std::vector<AnalyticCase> cases;
  for (const auto& [line, lines] : corpus_entries("analytic.txt")) {
    AnalyticCase c;
    c.line = line;
    bool in_rows = false;
    for (const std::string& text : lines) {
      if (text.starts_with("-- name: ") && c.name.empty()) {
        c.name = text.substr(9);
      } else if (text.starts_with("columns: ")) {
        c.columns = split_cells(text.substr(9));
      } else if (text == "expect:") {
        in_rows = true;
      } else if (in_rows) {
        c.rows.push_back(split_cells(text));
      } else {
        c.statement += (c.statement.empty() ? "" : "\n") + text;
      }
    }
    cases.push_back(std::move(c));
  }
  return cases;
}

} // namespace steward::testing
