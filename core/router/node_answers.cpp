#include "core/answer/markup.hpp"
#include "core/router/answers.hpp"
#include "core/router/format.hpp"
#include "core/util/text.hpp"

namespace steward::router::detail {
namespace {

using answer::Answer;
using answer::Context;
using answer::Fields;
using answer::Header;
using answer::ListBlock;
using answer::Paragraph;

constexpr std::size_t k_columns_in_describe = 20;
constexpr std::size_t k_description_bytes = 2500;
constexpr std::size_t k_same_name_cap = 15;

std::string joined(const std::vector<std::string_view>& items) {
  std::string out;
  for (auto item : items) {
    out += (out.empty() ? "" : ", ") + std::string(item);
  }
  return out;
}

/// Docs blocks, groups and macros have no lineage worth showing.
bool in_graph(dbt::ResourceType type) {
  return type != dbt::ResourceType::doc && type != dbt::ResourceType::group &&
         type != dbt::ResourceType::macro;
}

std::string title_of(const dbt::Node& node) {
  return display_name(node) + " (" + type_name(node.type) + ")";
}

std::string_view description_of(const dbt::Node& node) {
  return trim(node.description.empty() ? node.source_description : node.description);
}

Paragraph description_block(std::string_view description) {
  if (description.empty()) {
    return Paragraph{"_No description._"};
  }
  return Paragraph{answer::markup::truncate_utf8(description, k_description_bytes)};
}

void add_field(Fields& fields, std::string label, std::string_view value) {
  if (!value.empty()) {
    fields.items.emplace_back(std::move(label), std::string(value));
  }
}

Fields facts_of(const dbt::Node& node) {
  Fields fields;
  add_field(fields, "Materialization", node.materialized);
  if (dbt::is_relation(node.type) || node.type == dbt::ResourceType::source) {
    add_field(fields, "Relation", dbt::relation_of(node));
  }
  add_field(fields, "Owner", node.owner.empty() ? node.owner_email : node.owner);
  add_field(fields, "Group", node.group);
  add_field(fields, "Access", node.access);
  add_field(fields, "Tags", joined(node.tags));
  add_field(fields, "Kind", node.kind);
  add_field(fields, "Maturity", node.maturity);
  add_field(fields, "Link",
            node.url.empty() ? std::string()
                             : "[" + std::string(node.url) + "](" + std::string(node.url) + ")");
  add_field(fields, "Loader", node.loader);
  add_field(fields, "Version", node.version);
  add_field(fields, "Path", node.path.empty() ? std::string() : code(node.path));
  add_field(fields, "Package", node.package_name);
  return fields;
}

std::string column_item(const dbt::Column& column) {
  std::string item = code(column.name);
  if (!column.data_type.empty()) {
    item += " (" + std::string(column.data_type) + ")";
  }
  if (std::string line = first_line(column.description, 120); !line.empty()) {
    item += " — " + line;
  }
  return item;
}

/// Appends a titled list of node `node`'s columns, at most `cap` of them.
void add_columns(Answer& answer, const dbt::Node& node, std::size_t cap) {
  if (node.columns.empty()) {
    return;
  }
  answer.blocks.emplace_back(Paragraph{"**Columns** (" + std::to_string(node.columns.size()) + ")"});
  ListBlock list;
  for (std::size_t i = 0; i < node.columns.size() && i < cap; ++i) {
    list.items.push_back(column_item(node.columns[i]));
  }
  if (node.columns.size() > cap) {
    list.items.push_back(and_more(node.columns.size() - cap));
  }
  answer.blocks.emplace_back(std::move(list));
}

std::size_t count_non_tests(const dbt::Project& project, dbt::NodeId id, lineage::Direction direction) {
  std::size_t count = 0;
  for (const auto& reached : project.graph().closure(id, direction)) {
    count += dbt::is_test(project.node(reached.node).type) ? 0 : 1;
  }
  return count;
}

std::string last_run(const dbt::Project& project, const dbt::Node& node) {
  const dbt::RunResult* result = project.run_result(node.unique_id);
  if (result == nullptr) {
    return {};
  }
  return " · last run: " + std::string(result->status) + " in " + seconds(result->execution_time);
}

/// Nodes in `direction` of `id` with a column named like `column`, nearest
/// first; cites the nodes it lists in `routed`.
ListBlock same_name_columns(const dbt::Project& project, dbt::NodeId id, std::string_view column,
                            lineage::Direction direction, Routed& routed) {
  ListBlock list;
  std::size_t found = 0;
  for (const auto& reached : project.graph().closure(id, direction)) {
    const dbt::Node& node = project.node(reached.node);
    const dbt::Column* match = dbt::is_test(node.type) ? nullptr : dbt::find_column(node, column);
    if (match == nullptr) {
      continue;
    }
    if (++found <= k_same_name_cap) {
      std::string item = code(display_name(node) + "." + std::string(match->name)) + " (" +
                         type_name(node.type) + ", " + plural(reached.depth, "step") + " away)";
      if (std::string line = first_line(match->description, 100); !line.empty()) {
        item += " — " + line;
      }
      list.items.push_back(std::move(item));
      cite(routed, node.unique_id);
    }
  }
  if (found > k_same_name_cap) {
    list.items.push_back(and_more(found - k_same_name_cap));
  }
  return list;
}

/// For a docs block: the columns named like it ("customer_lifetime_value"),
/// which is usually where the block is used.
void add_same_named_columns(Routed& out, const dbt::Project& project, const dbt::Node& node) {
  if (node.type != dbt::ResourceType::doc) {
    return;
  }
  std::vector<ColumnHit> hits = nodes_with_column(project, node.name);
  if (hits.empty()) {
    return;
  }
  out.answer.blocks.emplace_back(Paragraph{"**Columns with this name**"});
  ListBlock list;
  for (std::size_t i = 0; i < hits.size() && i < k_same_name_cap; ++i) {
    const dbt::Node& holder = project.node(hits[i].node);
    list.items.push_back(code(display_name(holder) + "." + std::string(hits[i].column->name)) + " (" +
                         type_name(holder.type) + ")");
    cite(out, holder.unique_id);
  }
  if (hits.size() > k_same_name_cap) {
    list.items.push_back(and_more(hits.size() - k_same_name_cap));
  }
  out.answer.blocks.emplace_back(std::move(list));
}

} // namespace

Routed describe_answer(const Snapshot& snapshot, dbt::NodeId id) {
  const dbt::Project& project = snapshot.project;
  const dbt::Node& node = project.node(id);
  Answer answer;
  std::string_view description = description_of(node);
  answer.summary = title_of(node) + (description.empty() ? "" : ": " + first_line(description, 150));
  answer.blocks.emplace_back(Header{title_of(node)});
  answer.blocks.emplace_back(description_block(description));
  if (Fields facts = facts_of(node); !facts.items.empty()) {
    answer.blocks.emplace_back(std::move(facts));
  }
  add_columns(answer, node, k_columns_in_describe);
  if (!in_graph(node.type)) {
    Routed out = routed(std::move(answer), "describe", &node);
    add_same_named_columns(out, project, node);
    return out;
  }
  std::string counts = plural(count_non_tests(project, id, lineage::Direction::upstream), "node") +
                       " upstream · " +
                       plural(count_non_tests(project, id, lineage::Direction::downstream), "node") +
                       " downstream · " + plural(project.tests_of(id).size(), "test");
  answer.blocks.emplace_back(Context{counts + last_run(project, node)});
  answer.blocks.emplace_back(node_buttons(node, "steward.describe"));
  return routed(std::move(answer), "describe", &node);
}

Routed columns_answer(const Snapshot& snapshot, dbt::NodeId id) {
  const dbt::Node& node = snapshot.project.node(id);
  Answer answer;
  answer.blocks.emplace_back(Header{"Columns of " + display_name(node)});
  if (node.columns.empty()) {
    answer.summary = display_name(node) + " has no documented columns";
    answer.blocks.emplace_back(Paragraph{code(display_name(node)) +
                                         " has no columns in the project's YAML (and no catalog.json was "
                                         "loaded to list the warehouse's columns)."});
  } else {
    answer.summary = display_name(node) + " has " + plural(node.columns.size(), "column");
    add_columns(answer, node, k_list_cap);
  }
  answer.blocks.emplace_back(node_buttons(node, ""));
  return routed(std::move(answer), "column", &node);
}

Routed column_answer(const Snapshot& snapshot, dbt::NodeId id, const dbt::Column& column) {
  const dbt::Project& project = snapshot.project;
  const dbt::Node& node = project.node(id);
  std::string name = display_name(node) + "." + std::string(column.name);
  Routed out = routed({}, "column", &node);
  Answer& answer = out.answer;
  std::string line = first_line(column.description, 150);
  answer.summary = name + (line.empty() ? " (no description)" : ": " + line);
  answer.blocks.emplace_back(Header{name + " (column)"});
  answer.blocks.emplace_back(description_block(trim(column.description)));
  Fields facts;
  add_field(facts, "Type", column.data_type.empty() ? std::string_view("unknown") : column.data_type);
  add_field(facts, "In", code(display_name(node)) + " (" + type_name(node.type) + ")");
  add_field(facts, "Tags", joined(column.tags));
  answer.blocks.emplace_back(std::move(facts));
  ListBlock sources = same_name_columns(project, id, column.name, lineage::Direction::upstream, out);
  if (sources.items.empty()) {
    answer.blocks.emplace_back(Paragraph{
        node.type == dbt::ResourceType::source
            ? "It is a source column: it arrives from the warehouse as loaded, not from another dbt node."
            : "No upstream node has a column named " + code(column.name) +
                  ", so it is probably computed in " + code(display_name(node)) + " itself."});
  } else {
    answer.blocks.emplace_back(Paragraph{"**Likely sources** (upstream columns with the same name)"});
    answer.blocks.emplace_back(std::move(sources));
  }
  if (ListBlock uses = same_name_columns(project, id, column.name, lineage::Direction::downstream, out);
      !uses.items.empty()) {
    answer.blocks.emplace_back(Paragraph{"**Likely carried into** (downstream columns with the same name)"});
    answer.blocks.emplace_back(std::move(uses));
  }
  answer.blocks.emplace_back(
      Context{"Matched by column name only: Steward does not parse the SQL, so a renamed "
              "or derived column is not followed."});
  answer.blocks.emplace_back(node_buttons(node, ""));
  return out;
}

Routed no_column_answer(const Snapshot& snapshot, dbt::NodeId id, std::string_view column) {
  const dbt::Node& node = snapshot.project.node(id);
  std::vector<std::string_view> names;
  for (const auto& candidate : node.columns) {
    names.push_back(candidate.name);
  }
  Answer answer;
  answer.summary = display_name(node) + " has no column " + std::string(column);
  std::string text = code(display_name(node)) + " has no column " + code(column) + ".";
  if (auto close = closest(column, names, 5); !close.empty()) {
    std::vector<std::string> spans;
    spans.reserve(close.size());
    for (const auto& name : close) {
      spans.push_back(code(name));
    }
    text += " Did you mean " + joined({spans.begin(), spans.end()}) + "?";
  }
  answer.blocks.emplace_back(Paragraph{text});
  add_columns(answer, node, k_columns_in_describe);
  answer.blocks.emplace_back(node_buttons(node, ""));
  return routed(std::move(answer), "column", &node);
}

} // namespace steward::router::detail
