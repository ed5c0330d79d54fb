// Answers from the knowledge base: questions that name nothing in the
// project ("what's our refund policy?") are looked up in the team's Markdown.

#include <set>

#include "core/answer/markup.hpp"
#include "core/router/answers.hpp"
#include "core/router/format.hpp"
#include "core/router/locate.hpp"
#include "core/search/tokenizer.hpp"

namespace steward::router::detail {

namespace {

constexpr std::size_t k_hits = 3;
constexpr std::size_t k_text_bytes = 1500;
constexpr std::size_t k_related = 3;

std::set<std::string> terms_of(std::string_view text) {
  std::set<std::string> terms;
  search::Tokenizer tokenizer;
  tokenizer.reset(text);
  for (std::string_view term; tokenizer.next(term);) {
    terms.emplace(term);
  }
  return terms;
}

/// How many of `asked` occur in `text`.
std::size_t shared_terms(const std::set<std::string>& asked, std::string_view text) {
  const std::set<std::string> has = terms_of(text);
  std::size_t shared = 0;
  for (const std::string& term : asked) {
    shared += has.count(term);
  }
  return shared;
}

/// The words a node is known by: its names, label and description.
std::string node_text(const dbt::Node& node) {
  std::string text;
  for (std::string_view part : {node.name, node.label, node.description, node.source_description}) {
    text.append(part).push_back('\n');
  }
  return text;
}

/// At least half of the question's terms (and one) occur in the section, and
/// no more of them in the project's best search hit: "revenue by week for the
/// finance dashboard" is about the dashboard, even when a rule mentions it.
bool matches(const Snapshot& snapshot, const kb::Section& section, std::string_view question) {
  const std::set<std::string> asked = terms_of(question);
  const std::size_t shared = shared_terms(asked, section.path + "\n" + section.text);
  if (shared == 0 || shared * 2 < asked.size()) {
    return false;
  }
  const std::vector<search::Hit> hits = snapshot.index.search(question, 1);
  return hits.empty() || shared_terms(asked, node_text(snapshot.project.node(hits.front().node))) <= shared;
}

} // namespace

std::optional<Routed> knowledge_answer(const Snapshot& snapshot, std::string_view question,
                                       const Context& context) {
  if (!context.kb) {
    return std::nullopt;
  }
  const std::vector<kb::Hit> hits =
      context.kb_search ? context.kb_search(question, k_hits) : context.kb->search(question, k_hits);
  if (hits.empty() || !matches(snapshot, context.kb->sections()[hits.front().section], question)) {
    return std::nullopt;
  }
  const kb::Section& best = context.kb->sections()[hits.front().section];
  answer::Answer out;
  out.summary = "From the knowledge base: " + best.path;
  out.blocks.emplace_back(answer::Header{best.path});
  out.blocks.emplace_back(answer::Paragraph{answer::markup::truncate_utf8(best.text, k_text_bytes)});
  out.blocks.emplace_back(
      answer::Context{"📚 Knowledge base: " + code(best.file) + " line " + std::to_string(best.line)});
  answer::ListBlock more;
  for (std::size_t i = 1; i < hits.size(); ++i) {
    const kb::Section& other = context.kb->sections()[hits[i].section];
    more.items.push_back(other.path + " (" + code(other.file) + ")");
  }
  if (!more.items.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**Also in the knowledge base**"});
    out.blocks.emplace_back(std::move(more));
  }
  Routed routed = detail::routed(std::move(out), "knowledge", nullptr);
  const dbt::Project& project = snapshot.project;
  answer::ListBlock related;
  for (const search::Hit& hit : snapshot.index.search(question, k_related)) {
    const dbt::Node& node = project.node(hit.node);
    related.items.push_back(node_item(node));
    routed.cited.emplace_back(node.unique_id);
  }
  if (!related.items.empty()) {
    routed.answer.blocks.emplace_back(answer::Paragraph{"**Related in the project**"});
    routed.answer.blocks.emplace_back(std::move(related));
  }
  return routed;
}

} // namespace steward::router::detail
