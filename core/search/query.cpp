// Index::search: resolves query terms (with typo fallback), accumulates BM25F
// scores over postings, adds name bonuses and ranks.

#include <algorithm>
#include <array>
#include <string>

#include "core/search/index.hpp"
#include "core/search/index_data.hpp"
#include "core/search/tokenizer.hpp"
#include "core/util/text.hpp"

namespace steward::search {
namespace {

using detail::IndexData;

constexpr std::size_t k_max_query_bytes = 4096;
constexpr std::size_t k_max_query_terms = 32;
constexpr std::size_t k_max_typo_terms = 8;
constexpr std::size_t k_max_typo_alternatives = 4;
constexpr std::size_t k_max_name_words = 16;
/// Weight of a vocabulary term standing in for a query term, by edit distance.
constexpr std::array<double, 3> k_typo_factor{1.0, 0.6, 0.4};
/// Name bonus as a multiple of the query's maximum BM25, by `NameLevel`.
constexpr std::array<double, 4> k_name_bonus{0.0, 0.35, 0.6, 2.0};

enum NameLevel : unsigned { no_name = 0, two_edits = 1, one_edit = 2, exact_name = 3 };

constexpr std::uint8_t k_touched = 1;
constexpr std::uint8_t k_column_only = 2; ///< a term matched the columns but not the name
constexpr unsigned k_level_shift = 2;     ///< two bits of `NameLevel`

struct WeightedTerm {
  std::uint32_t term = 0;
  double weight = 0; ///< idf times the typo factor
};

/// What a query resolved to.
struct Plan {
  std::vector<WeightedTerm> terms;
  std::vector<std::string> words; ///< lower-cased words that may be names
  double ceiling = 0;             ///< the most BM25 any document can score
};

/// Per-thread score accumulators, sized to the largest index searched on the
/// thread and all-zero between queries.
struct Scratch {
  std::vector<double> score;
  std::vector<std::uint8_t> flags;
  std::vector<std::uint32_t> touched;

  void ensure(std::size_t documents) {
    if (score.size() < documents) {
      score.resize(documents, 0.0);
      flags.resize(documents, 0);
    }
  }
  void touch(std::uint32_t doc) {
    if (flags[doc] == 0) {
      touched.push_back(doc);
    }
    flags[doc] |= k_touched;
  }
  void raise(std::uint32_t doc, NameLevel level) {
    touch(doc);
    if (level > ((flags[doc] >> k_level_shift) & 3U)) {
      flags[doc] =
          static_cast<std::uint8_t>((flags[doc] & ~(3U << k_level_shift)) | (level << k_level_shift));
    }
  }
  void clear() {
    for (std::uint32_t doc : touched) {
      score[doc] = 0.0;
      flags[doc] = 0;
    }
    touched.clear();
  }
};

thread_local Scratch t_scratch;

/// Clears the scratch however the query ends.
class ScratchLease {
public:
  explicit ScratchLease(Scratch& scratch) : m_scratch(scratch) {}
  ScratchLease(const ScratchLease&) = delete;
  ScratchLease& operator=(const ScratchLease&) = delete;
  ScratchLease(ScratchLease&&) = delete;
  ScratchLease& operator=(ScratchLease&&) = delete;
  ~ScratchLease() { m_scratch.clear(); }

private:
  Scratch& m_scratch;
};

std::vector<std::string> distinct_terms(std::string_view query) {
  std::vector<std::string> out;
  Tokenizer tokenizer;
  tokenizer.reset(query);
  for (std::string_view term; out.size() < k_max_query_terms && tokenizer.next(term);) {
    if (std::find(out.begin(), out.end(), term) == out.end()) {
      out.emplace_back(term);
    }
  }
  return out;
}

void add_term(std::vector<WeightedTerm>& terms, std::uint32_t term, double weight) {
  for (WeightedTerm& existing : terms) {
    if (existing.term == term) {
      existing.weight = std::max(existing.weight, weight);
      return;
    }
  }
  terms.push_back(WeightedTerm{term, weight});
}

/// Adds the vocabulary terms nearest to `text`, at a weight reduced by distance.
void add_typo_terms(const IndexData& data, std::string_view text, std::vector<WeightedTerm>& terms) {
  std::vector<FuzzySet::Match> matches;
  data.term_typos.find(text, text.size() >= 8 ? 2 : 1, matches);
  if (matches.empty()) {
    return;
  }
  auto nearest = std::min_element(matches.begin(), matches.end(), [](const auto& a, const auto& b) {
                   return a.distance < b.distance;
                 })->distance;
  std::erase_if(matches, [nearest](const FuzzySet::Match& m) { return m.distance != nearest; });
  auto df = [&](std::uint32_t term) { return data.postings.df(term); };
  std::sort(matches.begin(), matches.end(), [&](const FuzzySet::Match& a, const FuzzySet::Match& b) {
    return df(a.id) != df(b.id) ? df(a.id) > df(b.id) : a.id < b.id;
  });
  matches.resize(std::min(matches.size(), k_max_typo_alternatives));
  for (const FuzzySet::Match& match : matches) {
    add_term(terms, match.id, data.postings.idf[match.id] * k_typo_factor[nearest]);
  }
}

/// Resolves query terms against the vocabulary, falling back to typo matches.
void resolve_terms(const IndexData& data, const std::vector<std::string>& texts,
                   std::vector<WeightedTerm>& terms) {
  std::size_t typo_budget = k_max_typo_terms;
  for (const std::string& text : texts) {
    std::uint32_t id = data.vocabulary.find(text);
    if (id != Vocabulary::k_absent) {
      add_term(terms, id, data.postings.idf[id]);
    } else if (text.size() >= 4 && typo_budget > 0) {
      --typo_budget;
      add_typo_terms(data, text, terms);
    }
  }
}

/// The most BM25 any document can score for `terms`: each term's weight
/// saturates below k1 + 1.
double ceiling_of(const std::vector<WeightedTerm>& terms) {
  double total = 0.0;
  for (const WeightedTerm& term : terms) {
    total += term.weight;
  }
  return std::max(total * (k_bm25_k1 + 1.0), 1.0);
}

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
         c == '-' || static_cast<unsigned char>(c) >= 0x80;
}

/// Lower-cased query words meant as names: the whole query when it is one
/// word, the words joined by `_` when there are two to four, and any word that
/// looks like an identifier (holds `_` or `.`) wherever it stands. A plain word
/// inside a longer query is not a name: in "staging customers" the user wants
/// `stg_customers`, not `customers`.
std::vector<std::string> name_words(std::string_view query) {
  std::vector<std::string> words;
  std::size_t pos = 0;
  while (pos < query.size() && words.size() < k_max_name_words) {
    while (pos < query.size() && !is_name_char(query[pos])) {
      ++pos;
    }
    std::size_t start = pos;
    while (pos < query.size() && is_name_char(query[pos])) {
      ++pos;
    }
    std::string word = to_lower(query.substr(start, pos - start));
    std::size_t first = word.find_first_not_of(".-");
    word = first == std::string::npos ? std::string()
                                      : word.substr(first, word.find_last_not_of(".-") + 1 - first);
    if (!word.empty() && !is_stopword(word)) {
      words.push_back(std::move(word));
    }
  }
  if (words.size() < 2) {
    return words;
  }
  std::vector<std::string> names;
  std::string joined;
  for (std::string& word : words) {
    joined += joined.empty() ? "" : "_";
    joined += word;
    if (word.find_first_of("_.") != std::string::npos) {
      names.push_back(std::move(word));
    }
  }
  if (words.size() <= 4) {
    names.push_back(std::move(joined));
  }
  return names;
}

void accumulate(const IndexData& data, const std::vector<WeightedTerm>& terms, Scratch& scratch) {
  constexpr std::uint8_t name_bit = field_bit(Field::name);
  constexpr std::uint8_t columns_bit = field_bit(Field::columns);
  for (const WeightedTerm& term : terms) {
    for (const Posting& posting : data.postings.of(term.term)) {
      const std::uint32_t doc = posting.doc();
      scratch.touch(doc);
      scratch.score[doc] += term.weight * posting.weight;
      if ((posting.fields() & (name_bit | columns_bit)) == columns_bit) {
        scratch.flags[doc] |= k_column_only;
      }
    }
  }
}

void mark_names(const IndexData& data, const std::vector<std::string>& words, Scratch& scratch) {
  std::vector<FuzzySet::Match> matches;
  for (const std::string& word : words) {
    std::size_t first = data.first_named(word);
    if (first < data.names.size()) {
      for (std::size_t i = first; i < data.names.size() && data.names[i].key == word; ++i) {
        scratch.raise(data.names[i].doc, exact_name);
      }
      continue;
    }
    if (word.size() < 4) {
      continue;
    }
    matches.clear();
    data.name_typos.find(word, word.size() >= 8 ? 2 : 1, matches);
    for (const FuzzySet::Match& match : matches) {
      NameLevel level = match.distance <= 1 ? one_edit : two_edits;
      std::string_view key = data.names[match.id].key;
      for (std::size_t i = match.id; i < data.names.size() && data.names[i].key == key; ++i) {
        scratch.raise(data.names[i].doc, level);
      }
    }
  }
}

/// The column (or semantic field) of document `doc` that best matches the
/// query: one named exactly like a query word, else the one that the terms not
/// in the node's name came from (a term counts twice when in the column's
/// name), lowest index on ties.
std::string_view best_column(const IndexData& data, std::uint32_t doc, const Plan& plan) {
  const dbt::Node& node = data.node_of(doc);
  auto item_name = [&](std::size_t item) {
    return item < node.columns.size() ? node.columns[item].name
                                      : node.semantic_fields[item - node.columns.size()].name;
  };
  const std::size_t items = node.columns.size() + node.semantic_fields.size();
  for (std::size_t item = 0; item < items; ++item) {
    std::string_view name = item_name(item);
    if (std::any_of(plan.words.begin(), plan.words.end(),
                    [&](const std::string& word) { return iequals(word, name); })) {
      return name;
    }
  }
  std::vector<std::pair<std::uint16_t, double>> scores; // (item, score); a few at most
  for (const WeightedTerm& term : plan.terms) {
    const std::size_t at = data.postings.find(term.term, doc);
    if (at == data.postings.entries.size() ||
        (data.postings.entries[at].fields() & field_bit(Field::name)) != 0) {
      continue;
    }
    const std::uint16_t hint = data.postings.items[at];
    if (hint == k_no_item) {
      continue;
    }
    const auto item = static_cast<std::uint16_t>(hint & ~k_item_in_name);
    const double score = term.weight * ((hint & k_item_in_name) != 0 ? 2.0 : 1.0);
    auto it =
        std::find_if(scores.begin(), scores.end(), [item](const auto& entry) { return entry.first == item; });
    if (it == scores.end()) {
      scores.emplace_back(item, score);
    } else {
      it->second += score;
    }
  }
  const std::pair<std::uint16_t, double>* best = nullptr;
  for (const auto& entry : scores) {
    if (best == nullptr || entry.second > best->second ||
        (entry.second == best->second && entry.first < best->first)) {
      best = &entry;
    }
  }
  return best != nullptr && best->first < items ? item_name(best->first) : std::string_view();
}

std::vector<Hit> rank(const IndexData& data, const Plan& plan, const Scratch& scratch, std::size_t limit) {
  struct Candidate {
    std::uint32_t doc = 0;
    double score = 0;
  };
  std::vector<Candidate> candidates;
  candidates.reserve(scratch.touched.size());
  for (std::uint32_t doc : scratch.touched) {
    unsigned level = (scratch.flags[doc] >> k_level_shift) & 3U;
    candidates.push_back(Candidate{doc, scratch.score[doc] + k_name_bonus[level] * plan.ceiling});
  }
  auto better = [&](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) {
      return a.score > b.score;
    }
    return data.node_of(a.doc).unique_id < data.node_of(b.doc).unique_id;
  };
  const std::size_t count = std::min(limit, candidates.size());
  std::partial_sort(candidates.begin(), candidates.begin() + static_cast<std::ptrdiff_t>(count),
                    candidates.end(), better);
  std::vector<Hit> hits;
  hits.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const Candidate& candidate = candidates[i];
    Hit hit{data.doc_node[candidate.doc], candidate.score, {}};
    if ((scratch.flags[candidate.doc] & k_column_only) != 0) {
      hit.column = best_column(data, candidate.doc, plan);
    }
    hits.push_back(hit);
  }
  return hits;
}

} // namespace

std::vector<Hit> Index::search(std::string_view query, std::size_t limit) const {
  if (!m_data || limit == 0 || m_data->doc_node.empty()) {
    return {};
  }
  const IndexData& data = *m_data;
  query = query.substr(0, std::min(query.size(), k_max_query_bytes));
  std::vector<std::string> texts = distinct_terms(query);
  if (texts.empty()) {
    return {};
  }
  Plan plan;
  resolve_terms(data, texts, plan.terms);
  plan.ceiling = ceiling_of(plan.terms);
  plan.words = name_words(query);

  Scratch& scratch = t_scratch;
  scratch.ensure(data.doc_node.size());
  ScratchLease lease(scratch);
  accumulate(data, plan.terms, scratch);
  mark_names(data, plan.words, scratch);
  return rank(data, plan, scratch, limit);
}

} // namespace steward::search
