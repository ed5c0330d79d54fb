#include "core/search/tokenizer.hpp"

#include <algorithm>
#include <array>

namespace steward::search {
namespace {

constexpr auto k_stopwords = std::to_array<std::string_view>({
    "a",     "about", "an",    "and",   "are",   "as",   "at",   "be",    "by",  "can", "come",
    "comes", "could", "do",    "does",  "for",   "from", "has",  "have",  "how", "i",   "in",
    "into",  "is",    "it",    "its",   "me",    "my",   "of",   "on",    "or",  "our", "should",
    "that",  "the",   "their", "there", "these", "they", "this", "those", "to",  "was", "we",
    "were",  "what",  "when",  "where", "which", "who",  "why",
});

// Words of up to eight bytes packed into an integer, for fast comparison.
constexpr std::uint64_t pack(std::string_view word) {
  std::uint64_t packed = 0;
  for (std::size_t i = 0; i < word.size() && i < 8; ++i) {
    packed |= std::uint64_t{static_cast<unsigned char>(word[i])} << (8 * i);
  }
  return packed;
}

constexpr std::size_t k_longest_stopword = [] {
  std::size_t longest = 0;
  for (std::string_view word : k_stopwords) {
    longest = std::max(longest, word.size());
  }
  return longest;
}();
static_assert(k_longest_stopword <= 8);

constexpr auto k_stopword_keys = [] {
  std::array<std::uint64_t, k_stopwords.size()> keys{};
  for (std::size_t i = 0; i < k_stopwords.size(); ++i) {
    keys[i] = pack(k_stopwords[i]);
  }
  std::sort(keys.begin(), keys.end());
  return keys;
}();

struct LayerWord {
  std::string_view word;
  std::string_view term;
};

constexpr std::array<LayerWord, 17> k_layer_words{{
    {"dim", "dim"},
    {"dimension", "dim"},
    {"dimensions", "dim"},
    {"fact", "fct"},
    {"facts", "fct"},
    {"fct", "fct"},
    {"int", "int"},
    {"intermediate", "int"},
    {"intermediates", "int"},
    {"report", "rpt"},
    {"reports", "rpt"},
    {"rpt", "rpt"},
    {"source", "src"},
    {"sources", "src"},
    {"src", "src"},
    {"staging", "stg"},
    {"stg", "stg"},
}};

enum class CharClass : std::uint8_t { separator, lower, upper, digit, underscore };

constexpr std::array<CharClass, 256> k_classes = [] {
  std::array<CharClass, 256> classes{};
  for (std::size_t byte = 0; byte < 256; ++byte) {
    // Non-ASCII bytes (UTF-8 sequences) are word characters that never split.
    if ((byte >= 'a' && byte <= 'z') || byte >= 0x80) {
      classes[byte] = CharClass::lower;
    } else if (byte >= 'A' && byte <= 'Z') {
      classes[byte] = CharClass::upper;
    } else if (byte >= '0' && byte <= '9') {
      classes[byte] = CharClass::digit;
    } else if (byte == '_') {
      classes[byte] = CharClass::underscore;
    } else {
      classes[byte] = CharClass::separator;
    }
  }
  return classes;
}();

CharClass classify(char c) {
  return k_classes[static_cast<unsigned char>(c)];
}

char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

/// Stems `d[0, n)`, which holds only the letters a-z, in place (stemming never
/// lengthens a word) and returns the stem's length; see `stem_in_place`.
/// Written with plain byte tests: it runs for every word of every indexed text.
std::size_t stem_letters(char* d, std::size_t n) {
  if (n <= 2) {
    return n;
  }
  if (d[n - 1] == 's') {
    const char p1 = d[n - 2];
    const char p2 = d[n - 3];
    if (n >= 5 && p1 == 'e' && p2 == 'i') { // categories -> categori (category agrees below)
      d[n - 3] = 'i';
      return n - 2;
    }
    if (n >= 4 && p1 == 'e' && p2 == 's' && d[n - 4] == 's') { // addresses -> address
      return n - 2;
    }
    if (n >= 6 && p1 == 'e' && p2 == 's' && d[n - 4] == 'y') { // analyses -> analysis
      d[n - 2] = 'i';
      return n;
    }
    // Singulars that end in s: address, status, analysis.
    if (p1 == 's' || (n >= 5 && p1 == 'u') || (p1 == 'i' && p2 == 's')) {
      return n;
    }
    --n; // orders -> order, statuses -> statuse, kpis -> kpi
  }
  // A final e or y is folded in singular and plural alike, so that
  // statuse/status, boxe/box, date(s)/dat and category/categori agree.
  if (n >= 4 && d[n - 1] == 'e') {
    return n - 1;
  }
  if (n >= 4 && d[n - 1] == 'y') {
    d[n - 1] = 'i';
  }
  return n;
}

/// Whether a part boundary falls between two word characters, by their
/// classes: `no`, `yes`, or `hump` (an upper-case letter after another, which
/// starts a part only when a lower-case run follows: HTTPServer).
enum class Cut : std::uint8_t { no, yes, hump };

constexpr std::array<std::array<Cut, 5>, 5> k_cuts = [] {
  std::array<std::array<Cut, 5>, 5> cuts{};
  for (std::size_t before = 0; before < 5; ++before) {
    for (std::size_t here = 0; here < 5; ++here) {
      const auto b = static_cast<CharClass>(before);
      const auto h = static_cast<CharClass>(here);
      const bool digit_edge = (b == CharClass::digit) != (h == CharClass::digit); // orders2024
      const bool camel_hump = h == CharClass::upper && b == CharClass::lower;     // customerId
      if (digit_edge || camel_hump) {
        cuts[before][here] = Cut::yes;
      } else if (h == CharClass::upper && b == CharClass::upper) {
        cuts[before][here] = Cut::hump;
      }
    }
  }
  return cuts;
}();

// True when a new part starts at `raw[i]` (i > 0; neither it nor `raw[i - 1]`
// a separator or underscore).
bool is_boundary(std::string_view raw, std::size_t i, CharClass before, CharClass here) {
  const Cut cut = k_cuts[static_cast<std::size_t>(before)][static_cast<std::size_t>(here)];
  if (cut != Cut::hump) {
    return cut == Cut::yes;
  }
  // HTTPServer: the last capital of a run starts the next part, unless what
  // follows is a lone plural s (URLs, IDs).
  if (i + 1 >= raw.size() || classify(raw[i + 1]) != CharClass::lower) {
    return false;
  }
  bool lone_s = raw[i + 1] == 's' && (i + 2 == raw.size() || classify(raw[i + 2]) != CharClass::lower);
  return !lone_s;
}

/// True when stemming could change `part`: it ends in s, e or y and holds only a-z.
bool may_stem(std::string_view part) {
  const char last = part.back();
  if (last != 's' && last != 'e' && last != 'y') {
    return false;
  }
  return std::all_of(part.begin(), part.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

} // namespace

bool is_stopword(std::string_view word) {
  if (word.empty() || word.size() > k_longest_stopword) {
    return false;
  }
  return std::binary_search(k_stopword_keys.begin(), k_stopword_keys.end(), pack(word));
}

std::string_view layer_term(std::string_view word) {
  if (word.size() < 3 || word.size() > 13) {
    return {};
  }
  switch (word.front()) {
  case 'd':
  case 'f':
  case 'i':
  case 'r':
  case 's': break;
  default: return {};
  }
  for (const LayerWord& entry : k_layer_words) {
    if (entry.word.size() == word.size() && entry.word.front() == word.front() && entry.word == word) {
      return entry.term;
    }
  }
  return {};
}

void stem_in_place(std::string& word) {
  if (std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
    word.resize(stem_letters(word.data(), word.size()));
  }
}

std::string stem(std::string_view word) {
  std::string out(word);
  stem_in_place(out);
  return out;
}

void Tokenizer::reset(std::string_view text) {
  m_text = text;
  m_pos = 0;
  m_spans.clear();
  m_next_span = 0;
}

bool Tokenizer::next(std::string_view& term) {
  while (m_next_span == m_spans.size()) {
    if (!load_word()) {
      return false;
    }
  }
  auto [offset, size] = m_spans[m_next_span++];
  term = std::string_view(m_terms).substr(offset, size);
  return true;
}

void Tokenizer::push_term(std::string_view term) {
  if (term.empty() || term.size() > k_max_term_bytes) {
    return;
  }
  m_spans.emplace_back(static_cast<std::uint32_t>(m_terms.size()), static_cast<std::uint32_t>(term.size()));
  m_terms.append(term);
}

void Tokenizer::emit_part(std::size_t begin, std::size_t end) {
  if (end - begin < 2 || end - begin > k_max_term_bytes) {
    return;
  }
  std::string_view part = std::string_view(m_word).substr(begin, end - begin);
  if (is_stopword(part)) {
    return;
  }
  std::string_view layer = layer_term(part);
  if (!layer.empty()) {
    push_term(layer);
    return;
  }
  const std::size_t offset = m_terms.size();
  m_terms.append(part);
  const std::size_t size = may_stem(part) ? stem_letters(m_terms.data() + offset, part.size()) : part.size();
  m_terms.resize(offset + size);
  m_spans.emplace_back(static_cast<std::uint32_t>(offset), static_cast<std::uint32_t>(size));
}

bool Tokenizer::load_word() {
  m_spans.clear();
  m_terms.clear();
  m_next_span = 0;
  while (m_pos < m_text.size() && classify(m_text[m_pos]) == CharClass::separator) {
    ++m_pos;
  }
  if (m_pos >= m_text.size()) {
    return false;
  }
  const std::size_t start = m_pos;
  while (m_pos < m_text.size() && classify(m_text[m_pos]) != CharClass::separator) {
    ++m_pos;
  }
  const std::string_view raw = m_text.substr(start, m_pos - start);
  m_word.resize(raw.size());

  // One pass: lower-case into `m_word` and cut parts as boundaries appear.
  // Parts go after a placeholder so the whole word can be emitted first.
  m_spans.emplace_back(0, 0);
  std::size_t parts = 0;
  std::size_t part_begin = 0;
  CharClass before = CharClass::separator;
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const char c = raw[i];
    const CharClass here = classify(c);
    if (here == CharClass::underscore) {
      m_word[i] = '_';
      if (i > part_begin) {
        ++parts;
        emit_part(part_begin, i);
      }
      part_begin = i + 1;
      before = here;
      continue;
    }
    if (i > part_begin && is_boundary(raw, i, before, here)) {
      ++parts;
      emit_part(part_begin, i);
      part_begin = i;
    }
    m_word[i] = ascii_lower(c);
    before = here;
  }
  if (raw.size() > part_begin) {
    ++parts;
    emit_part(part_begin, raw.size());
  }
  std::string_view whole = m_word;
  whole.remove_prefix(std::min(whole.find_first_not_of('_'), whole.size()));
  whole = whole.substr(0, whole.find_last_not_of('_') + 1);
  if (parts >= 2 && !whole.empty() && whole.size() <= k_max_term_bytes) {
    m_spans.front() = {static_cast<std::uint32_t>(m_terms.size()), static_cast<std::uint32_t>(whole.size())};
    m_terms.append(whole);
  } else {
    m_next_span = 1;
  }
  return true;
}

std::vector<std::string> tokenize(std::string_view text) {
  std::vector<std::string> out;
  Tokenizer tokenizer;
  tokenizer.reset(text);
  for (std::string_view term; tokenizer.next(term);) {
    out.emplace_back(term);
  }
  return out;
}

} // namespace steward::search
