// Reading Mermaid erDiagram syntax: entity blocks with attribute lines and
// relationship lines (`A ||--o{ B : label`).
#include "core/datavault/mermaid_er.hpp"

#include <cctype>
#include <optional>

#include "core/util/text.hpp"

namespace steward::datavault::detail {
namespace {

/// Whitespace-separated tokens; a `"..."` token keeps its spaces (quotes
/// dropped, `quoted` set). Fails on an unterminated quote.
struct Token {
  std::string text;
  bool quoted = false;
};

std::optional<std::vector<Token>> tokens(std::string_view line) {
  std::vector<Token> out;
  std::size_t i = 0;
  while (i < line.size()) {
    if (std::isspace(static_cast<unsigned char>(line[i])) != 0) {
      ++i;
      continue;
    }
    if (line[i] == '"') {
      const std::size_t end = line.find('"', i + 1);
      if (end == std::string_view::npos) {
        return std::nullopt;
      }
      out.push_back({std::string(line.substr(i + 1, end - i - 1)), true});
      i = end + 1;
      continue;
    }
    std::size_t end = i;
    while (end < line.size() && std::isspace(static_cast<unsigned char>(line[end])) == 0 &&
           line[end] != '"') {
      ++end;
    }
    out.push_back({std::string(line.substr(i, end - i)), false});
    i = end;
  }
  return out;
}

/// `NAME`, `"NAME"` or `NAME["Alias"]`: the name.
std::string entity_name(std::string_view text) {
  if (const std::size_t bracket = text.find('['); bracket != std::string_view::npos) {
    text = text.substr(0, bracket);
  }
  text = trim(text);
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  return std::string(text);
}

bool is_relation_operator(std::string_view token) {
  return token.size() >= 4 &&
         (token.find("--") != std::string_view::npos || token.find("..") != std::string_view::npos);
}

Result<ErColumn> read_column(std::string_view line, int number) {
  auto parts = tokens(line);
  const std::string where = "line " + std::to_string(number);
  if (!parts) {
    return fail(where, "a quoted comment is not closed");
  }
  if (parts->size() < 2 || (*parts)[0].quoted || (*parts)[1].quoted) {
    return fail(where, "cannot read the column '" + std::string(line) +
                           "' (expected `type name`, then PK/FK/UK and a \"comment\")");
  }
  ErColumn column;
  column.type = (*parts)[0].text;
  column.name = (*parts)[1].text;
  column.line = number;
  for (std::size_t i = 2; i < parts->size(); ++i) {
    const Token& token = (*parts)[i];
    if (token.quoted) {
      column.comment = token.text;
      continue;
    }
    for (std::string_view key : split(token.text, ',')) {
      key = trim(key);
      if (key.empty()) {
        continue;
      }
      if (key == "PK") {
        column.pk = true;
      } else if (key == "FK") {
        column.fk = true;
      } else if (key == "UK") {
        column.uk = true;
      } else {
        return fail(where, "'" + std::string(key) + "' is not a key marker (PK, FK or UK)");
      }
    }
  }
  return column;
}

ErEntity& entity(ErDiagram& diagram, const std::string& name, int line) {
  for (ErEntity& existing : diagram.entities) {
    if (existing.name == name) {
      return existing;
    }
  }
  diagram.entities.push_back({name, {}, line});
  return diagram.entities.back();
}

std::optional<Error> read_relation(std::string_view line, int number, ErDiagram& diagram) {
  const std::size_t colon = line.find(':');
  const std::string_view head = line.substr(0, colon);
  auto parts = tokens(head);
  if (!parts || parts->size() != 3 || !is_relation_operator((*parts)[1].text)) {
    return Error{"line " + std::to_string(number),
                 "cannot read '" + std::string(line) +
                     "' (expected `ENTITY {`, `}`, a column, or `A ||--o{ B : label`)"};
  }
  ErRelation relation;
  relation.left = entity_name((*parts)[0].text);
  relation.right = entity_name((*parts)[2].text);
  relation.line = number;
  if (colon != std::string_view::npos) {
    std::string_view label = trim(line.substr(colon + 1));
    if (label.size() >= 2 && label.front() == '"' && label.back() == '"') {
      label = label.substr(1, label.size() - 2);
    }
    relation.label = std::string(label);
  }
  entity(diagram, relation.left, number);
  entity(diagram, relation.right, number);
  diagram.relations.push_back(std::move(relation));
  return std::nullopt;
}

} // namespace

Result<ErDiagram> read_er_diagram(std::string_view text, int first_line) {
  ErDiagram diagram;
  bool started = false;
  bool front_matter = false;
  std::optional<std::size_t> open; // index of the entity whose block is open
  int open_line = 0;
  const std::vector<std::string_view> lines = split(text, '\n');
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const int number = first_line + static_cast<int>(i);
    const std::string_view line = trim(lines[i]);
    if (line == "---" && !started) {
      front_matter = !front_matter;
      continue;
    }
    if (front_matter || line.empty() || line.starts_with("%%")) {
      continue;
    }
    if (!started) {
      if (line != "erDiagram") {
        return fail("line " + std::to_string(number),
                    "expected erDiagram, found '" + std::string(line) + "'");
      }
      started = true;
      continue;
    }
    if (open) {
      if (line == "}") {
        open.reset();
        continue;
      }
      auto column = read_column(line, number);
      if (!column) {
        return tl::unexpected(column.error());
      }
      diagram.entities[*open].columns.push_back(std::move(*column));
      continue;
    }
    if (line.starts_with("direction ") || line.starts_with("title ") || line.starts_with("accTitle") ||
        line.starts_with("accDescr") || line.starts_with("style ") || line.starts_with("classDef ") ||
        line.starts_with("class ")) {
      continue;
    }
    if (line.ends_with("}") && line.find('{') != std::string_view::npos && !is_relation_operator(line) &&
        trim(line.substr(line.find('{') + 1, line.size() - line.find('{') - 2)).empty()) {
      entity(diagram, entity_name(line.substr(0, line.find('{'))), number); // `NAME { }`: no columns
      continue;
    }
    if (auto parts = tokens(line); parts && parts->size() == 1 && !is_relation_operator(line) &&
                                   (std::isalpha(static_cast<unsigned char>(line.front())) != 0 ||
                                    line.front() == '_' || line.front() == '"')) {
      entity(diagram, entity_name(line), number); // a bare `NAME`
      continue;
    }
    if (line.ends_with("{") && !is_relation_operator(line)) {
      const std::string name = entity_name(line.substr(0, line.size() - 1));
      if (name.empty()) {
        return fail("line " + std::to_string(number), "an entity block needs a name before {");
      }
      entity(diagram, name, number);
      for (std::size_t e = 0; e < diagram.entities.size(); ++e) {
        if (diagram.entities[e].name == name) {
          open = e;
        }
      }
      open_line = number;
      continue;
    }
    if (auto error = read_relation(line, number, diagram)) {
      return tl::unexpected(*error);
    }
  }
  if (!started) {
    return fail("mermaid", "no erDiagram found (the diagram must start with the line erDiagram)");
  }
  if (open) {
    return fail("line " + std::to_string(open_line),
                "the block of " + diagram.entities[*open].name + " is not closed with }");
  }
  return diagram;
}

} // namespace steward::datavault::detail
