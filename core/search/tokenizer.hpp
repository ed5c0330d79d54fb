#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace steward::search {

/// Longest term the tokenizer emits, in bytes; longer terms are dropped.
inline constexpr std::size_t k_max_term_bytes = 64;

/// True for the short list of English function and question words ("what",
/// "the", "is", "of", "which", "where", "does", "come", "from", ...) that carry
/// no meaning in a search. `word` must already be lower-case.
bool is_stopword(std::string_view word);

/// Folds an English plural and its singular onto one stem, in place, so that
/// `orders`/`order`, `categories`/`category`, `addresses`/`address` and
/// `statuses`/`status` meet. Stems need not be words (`category` becomes
/// `categori`, `date` becomes `dat`); what matters is that both forms agree.
/// Only lower-case ASCII letters are stemmed; anything else is left as is.
void stem_in_place(std::string& word);

/// `word` stemmed; see `stem_in_place`.
std::string stem(std::string_view word);

/// The canonical term for a dbt layer word: `staging` and `stg` both give
/// `stg`, `intermediate` gives `int`, `fact`/`facts` give `fct`,
/// `dimension(s)` give `dim`, `report(s)` give `rpt`, `source(s)` give `src`.
/// Returns an empty view for any other word. `word` must be lower-case.
std::string_view layer_term(std::string_view word);

/// Splits text into dbt-aware search terms.
///
/// A word is a run of ASCII letters, digits, `_` and non-ASCII bytes (so UTF-8
/// text stays whole and never splits mid-character); everything else (spaces,
/// `.`, `/`, `-`, punctuation) separates words. Each word is lower-cased and
/// split at `_`, at camelCase humps (`customerId`, `HTTPServer`) and between
/// letters and digits. A word with two or more parts is also emitted whole
/// (`fct_orders` gives `fct_orders`, then `fct` and `order`). Parts are mapped
/// through `layer_term`, otherwise stemmed; parts shorter than two bytes and
/// stopwords are dropped, as is any term longer than `k_max_term_bytes`.
///
/// Usage: `Tokenizer t; t.reset(text); for (std::string_view term; t.next(term);) {...}`.
/// A tokenizer reuses its buffers, so tokenizing many texts allocates little.
/// Not thread-safe: use one per thread.
class Tokenizer {
public:
  /// Starts over on `text`, which must outlive the calls to `next`.
  void reset(std::string_view text);

  /// Sets `term` to the next term and returns true, or returns false at the
  /// end of the text. `term` stays valid until the next call to `next` or `reset`.
  bool next(std::string_view& term);

private:
  bool load_word();
  void emit_part(std::size_t begin, std::size_t end);
  void push_term(std::string_view term);

  std::string_view m_text;
  std::size_t m_pos = 0;
  std::string m_word;                                           ///< the current word, lower-cased
  std::string m_terms;                                          ///< the current word's terms, back to back
  std::vector<std::pair<std::uint32_t, std::uint32_t>> m_spans; ///< (offset, size) in `m_terms`
  std::size_t m_next_span = 0;
};

/// Every term of `text` in order, duplicates kept; see `Tokenizer`.
std::vector<std::string> tokenize(std::string_view text);

} // namespace steward::search
