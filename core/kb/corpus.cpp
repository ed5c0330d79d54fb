// Corpus: sections of Markdown files and their BM25F index, built with
// core/search's tokenizer, vocabulary and postings.

#include "core/kb/corpus.hpp"

#include <algorithm>

#include "core/kb/markdown.hpp"
#include "core/search/bm25.hpp"
#include "core/search/tokenizer.hpp"
#include "core/search/vocabulary.hpp"

namespace steward::kb {
namespace {

constexpr std::size_t k_max_query_bytes = 4096;
constexpr std::size_t k_max_query_terms = 32;
/// Extra weight, times the term's idf, of a query term found in a section's
/// title. BM25F saturates all fields together, so without it a short section
/// that repeats a word outranks the section whose heading names it.
constexpr double k_title_weight = 1.5;

/// Adds every term of `text` to the current document, in `field`.
void add_terms(search::PostingsBuilder& builder, search::Vocabulary& vocabulary, search::Tokenizer& tokenizer,
               std::string_view text, search::Field field) {
  tokenizer.reset(text);
  for (std::string_view term; tokenizer.next(term);) {
    builder.add(vocabulary.intern(term), field);
  }
}

} // namespace

/// The sections and, parallel to them, one BM25F document each: the title
/// (strongest), the section's own text, the headings above it and the file
/// path (weakest), weighted with core/search's field boosts.
struct Corpus::Data {
  std::vector<Section> sections;
  search::Vocabulary vocabulary;
  search::Postings postings;
};

Corpus::Corpus() : m_data(std::make_shared<const Data>()) {
}

Corpus Corpus::from_files(std::vector<SourceFile> files) {
  std::stable_sort(files.begin(), files.end(),
                   [](const SourceFile& a, const SourceFile& b) { return a.path < b.path; });
  auto data = std::make_shared<Data>();
  search::PostingsBuilder builder;
  search::Tokenizer tokenizer;
  for (const auto& file : files) {
    for (auto& split : detail::split_markdown(file.path, file.content)) {
      builder.begin_document();
      add_terms(builder, data->vocabulary, tokenizer, split.section.title, search::Field::name);
      add_terms(builder, data->vocabulary, tokenizer, split.own_text, search::Field::description);
      add_terms(builder, data->vocabulary, tokenizer, split.ancestors, search::Field::columns);
      add_terms(builder, data->vocabulary, tokenizer, file.path, search::Field::tags);
      builder.end_document();
      data->sections.push_back(std::move(split.section));
    }
  }
  data->postings = std::move(builder).finish(data->vocabulary.size());
  Corpus corpus;
  corpus.m_data = std::move(data);
  return corpus;
}

const std::vector<Section>& Corpus::sections() const {
  return m_data->sections;
}

std::vector<Hit> Corpus::search(std::string_view query, std::size_t limit) const {
  const Data& data = *m_data;
  if (limit == 0 || data.sections.empty()) {
    return {};
  }
  std::vector<std::uint32_t> terms;
  search::Tokenizer tokenizer;
  tokenizer.reset(query.substr(0, std::min(query.size(), k_max_query_bytes)));
  for (std::string_view term; tokenizer.next(term) && terms.size() < k_max_query_terms;) {
    std::uint32_t id = data.vocabulary.find(term);
    if (id != search::Vocabulary::k_absent && std::find(terms.begin(), terms.end(), id) == terms.end()) {
      terms.push_back(id);
    }
  }
  std::vector<double> scores(data.sections.size(), 0.0);
  for (std::uint32_t term : terms) {
    const double idf = data.postings.idf[term];
    for (const auto& posting : data.postings.of(term)) {
      const bool in_title = (posting.fields() & search::field_bit(search::Field::name)) != 0;
      scores[posting.doc()] += idf * (posting.weight + (in_title ? k_title_weight : 0.0));
    }
  }
  std::vector<Hit> hits;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    if (scores[i] > 0) {
      hits.push_back(Hit{i, scores[i]});
    }
  }
  // Sections are stored in (file, line) order, so the index breaks ties.
  auto better = [](const Hit& a, const Hit& b) {
    return a.score != b.score ? a.score > b.score : a.section < b.section;
  };
  std::size_t keep = std::min(limit, hits.size());
  std::partial_sort(hits.begin(), hits.begin() + static_cast<std::ptrdiff_t>(keep), hits.end(), better);
  hits.resize(keep);
  return hits;
}

} // namespace steward::kb
