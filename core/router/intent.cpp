#include "core/router/intent.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <utility>
#include <vector>

#include "core/util/text.hpp"

namespace steward::router::detail {
namespace {

struct Phrasing {
  Intent intent;
  std::string_view pattern; ///< lower-case words; `{}` captures zero or more words
};

// Ordered: the first phrasing that matches wins, so specific phrasings come
// before general ones ("what is upstream of {}" before "what is {}").
constexpr Phrasing k_phrasings[] = {
    {Intent::help, "help {}"},
    {Intent::help, "what can you do"},
    {Intent::help, "how do i use you"},
    {Intent::help, "commands"},
    {Intent::stats, "stats"},
    {Intent::stats, "statistics"},
    {Intent::stats, "project stats"},
    {Intent::stats, "how big is project"},
    {Intent::stats, "how many models are there"},
    {Intent::failures, "failures {}"},
    {Intent::failures, "failed {}"},
    {Intent::failures, "what failed {}"},
    {Intent::failures, "what broke {}"},
    {Intent::failures, "what is failing {}"},
    {Intent::failures, "which tests failed {}"},
    {Intent::failures, "which models failed {}"},
    {Intent::failures, "did anything fail {}"},
    {Intent::failures, "any failures {}"},
    {Intent::failures, "last run"},
    {Intent::search, "search for {}"},
    {Intent::search, "search {}"},
    {Intent::search, "find {}"},
    {Intent::search, "look for {}"},
    {Intent::search, "look up {}"},
    {Intent::column, "what does column {} in {} mean"},
    {Intent::column, "what is column {} in {}"},
    {Intent::column, "where does column {} in {} come from"},
    {Intent::column, "column {} in {}"},
    {Intent::column, "column {} of {}"},
    {Intent::columns, "what columns does {} have"},
    {Intent::columns, "columns of {}"},
    {Intent::columns, "columns in {}"},
    {Intent::columns, "columns {}"},
    {Intent::impact, "what breaks if i change {}"},
    {Intent::impact, "what breaks if we change {}"},
    {Intent::impact, "what breaks if {} changes"},
    {Intent::impact, "what breaks if {} change"},
    {Intent::impact, "what breaks if {} breaks"},
    {Intent::impact, "what would break if i change {}"},
    {Intent::impact, "what would break if {} changed"},
    {Intent::impact, "what happens if i change {}"},
    {Intent::impact, "what depends on {}"},
    {Intent::impact, "what is impact of changing {}"},
    {Intent::impact, "what is impact of {}"},
    {Intent::impact, "impact of changing {}"},
    {Intent::impact, "impact of {}"},
    {Intent::impact, "impact {}"},
    {Intent::impact, "blast radius of {}"},
    {Intent::tests, "what tests are on {}"},
    {Intent::tests, "what tests cover {}"},
    {Intent::tests, "which tests cover {}"},
    {Intent::tests, "what tests {}"},
    {Intent::tests, "how is {} tested"},
    {Intent::tests, "how are {} tested"},
    {Intent::tests, "is {} tested"},
    {Intent::tests, "tests for {}"},
    {Intent::tests, "tests on {}"},
    {Intent::tests, "tests of {}"},
    {Intent::tests, "tests {}"},
    {Intent::lineage, "show me lineage of {}"},
    {Intent::lineage, "show lineage of {}"},
    {Intent::lineage, "lineage of {}"},
    {Intent::lineage, "lineage for {}"},
    {Intent::lineage, "lineage {}"},
    {Intent::lineage, "trace {}"},
    {Intent::upstream, "what is upstream of {}"},
    {Intent::upstream, "upstream of {}"},
    {Intent::upstream, "upstream for {}"},
    {Intent::upstream, "upstream {}"},
    {Intent::upstream, "what about upstream {}"},
    {Intent::upstream, "what feeds into {}"},
    {Intent::upstream, "what feeds {}"},
    {Intent::upstream, "where does {} come from"},
    {Intent::upstream, "where do {} come from"},
    {Intent::upstream, "where is {} from"},
    {Intent::upstream, "what does {} depend on"},
    {Intent::upstream, "what does {} read from"},
    {Intent::upstream, "parents of {}"},
    {Intent::downstream, "what is downstream of {}"},
    {Intent::downstream, "downstream of {}"},
    {Intent::downstream, "downstream from {}"},
    {Intent::downstream, "downstream {}"},
    {Intent::downstream, "what about downstream {}"},
    {Intent::downstream, "what uses {}"},
    {Intent::downstream, "who uses {}"},
    {Intent::downstream, "what reads from {}"},
    {Intent::downstream, "what is built from {}"},
    {Intent::downstream, "what does {} feed"},
    {Intent::downstream, "children of {}"},
    {Intent::describe, "describe {}"},
    {Intent::describe, "what does {} mean"},
    {Intent::describe, "what does {} do"},
    {Intent::describe, "what does {} contain"},
    {Intent::describe, "what is {}"},
    {Intent::describe, "what are {}"},
    {Intent::describe, "tell me about {}"},
    {Intent::describe, "explain {}"},
    {Intent::describe, "who owns {}"},
    {Intent::describe, "who is owner of {}"},
    {Intent::describe, "show me {}"},
    {Intent::describe, "show {}"},
    {Intent::describe, "info {}"},
    {Intent::describe, "details of {}"},
};

/// Words dropped from the start of a question ("hey steward, ask ...").
constexpr std::array<std::string_view, 11> k_fillers = {
    "ask", "please", "hey", "hi", "hello", "steward", "@steward", "/steward", "and", "ok", "so"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 7> k_contractions = {{
    {"what's", "what is"},
    {"whats", "what is"},
    {"where's", "where is"},
    {"who's", "who is"},
    {"how's", "how is"},
    {"it's", "it is"},
    {"that's", "that is"},
}};

/// Words naming a kind of node; dropped from the ends of a subject ("the
/// orders source" names `orders`).
constexpr std::array<std::string_view, 9> k_kind_words = {"model",    "source", "table",    "view",  "seed",
                                                          "snapshot", "metric", "exposure", "column"};

constexpr std::array<std::string_view, 11> k_pronouns = {
    "", "it", "this", "that", "them", "they", "its", "this one", "that one", "same", "same one"};

bool contains(std::span<const std::string_view> list, std::string_view word) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

/// A word without the punctuation around it: `(fct_orders?` → `fct_orders`.
std::string_view strip_punctuation(std::string_view word) {
  constexpr std::string_view k_leading = "([{'";
  constexpr std::string_view k_trailing = "?!.,;:)]}'";
  while (!word.empty() && k_leading.find(word.front()) != std::string_view::npos) {
    word.remove_prefix(1);
  }
  while (!word.empty() && k_trailing.find(word.back()) != std::string_view::npos) {
    word.remove_suffix(1);
  }
  return word;
}

/// `question` without backticks, quotes and spaces: cleaned words, as typed.
std::vector<std::string> words_of(std::string_view question) {
  std::string text;
  for (std::size_t i = 0; i < question.size(); ++i) {
    char c = question[i];
    if (c == '`' || c == '"' || c == '*') {
      continue;
    }
    // Curly quotes (U+2018, U+2019, U+201C, U+201D) are dropped too.
    if (c == '\xE2' && question.substr(i + 1, 1) == "\x80" && i + 2 < question.size() &&
        (question[i + 2] >= '\x98' && question[i + 2] <= '\x9D')) {
      i += 2;
      continue;
    }
    text += c == '\t' || c == '\n' || c == '\r' ? ' ' : c;
  }
  std::vector<std::string> words;
  for (auto raw : split(text, ' ')) {
    std::string_view word = strip_punctuation(raw);
    std::string lower = to_lower(word);
    auto contraction = std::find_if(k_contractions.begin(), k_contractions.end(),
                                    [&](const auto& pair) { return pair.first == lower; });
    if (contraction != k_contractions.end()) {
      words.emplace_back(contraction->second.substr(0, contraction->second.find(' ')));
      words.emplace_back(contraction->second.substr(contraction->second.find(' ') + 1));
    } else if (!word.empty() && lower != "the") {
      words.emplace_back(word);
    }
  }
  while (!words.empty() && contains(k_fillers, to_lower(words.front()))) {
    words.erase(words.begin());
  }
  return words;
}

using Capture = std::pair<std::size_t, std::size_t>; // first word, word count

/// Matches `pattern` words against `words`; `{}` takes as few words as it can.
bool match(std::span<const std::string_view> pattern, std::span<const std::string> words, std::size_t offset,
           std::vector<Capture>& captures) {
  if (pattern.empty()) {
    return words.empty();
  }
  if (pattern.front() == "{}") {
    for (std::size_t taken = 0; taken <= words.size(); ++taken) {
      captures.emplace_back(offset, taken);
      if (match(pattern.subspan(1), words.subspan(taken), offset + taken, captures)) {
        return true;
      }
      captures.pop_back();
    }
    return false;
  }
  return !words.empty() && pattern.front() == words.front() &&
         match(pattern.subspan(1), words.subspan(1), offset + 1, captures);
}

std::string joined(const std::vector<std::string>& words, Capture capture) {
  std::string out;
  for (std::size_t i = capture.first; i < capture.first + capture.second; ++i) {
    out += (out.empty() ? "" : " ") + words[i];
  }
  return out;
}

/// `subject` without a leading article and kind words at either end.
std::string clean_subject(const std::string& subject) {
  std::vector<std::string> words;
  for (auto word : split(subject, ' ')) {
    words.emplace_back(word);
  }
  if (words.size() > 1 && (iequals(words.front(), "a") || iequals(words.front(), "an"))) {
    words.erase(words.begin());
  }
  while (words.size() > 1 && contains(k_kind_words, to_lower(words.back()))) {
    words.pop_back();
  }
  while (words.size() > 1 && contains(k_kind_words, to_lower(words.front()))) {
    words.erase(words.begin());
  }
  return joined(words, {0, words.size()});
}

} // namespace

std::string_view intent_name(Intent intent) {
  constexpr std::array<std::string_view, 12> k_names = {"help",    "describe", "column",     "column",
                                                        "lineage", "upstream", "downstream", "impact",
                                                        "search",  "tests",    "failures",   "stats"};
  return k_names.at(static_cast<std::size_t>(intent));
}

Parsed parse(std::string_view question) {
  std::vector<std::string> words = words_of(question);
  if (words.empty()) {
    return Parsed{Intent::help, {}, {}, true};
  }
  std::vector<std::string> lower;
  lower.reserve(words.size());
  for (const auto& word : words) {
    lower.push_back(to_lower(word));
  }
  for (const auto& phrasing : k_phrasings) {
    std::vector<std::string_view> pattern = split(phrasing.pattern, ' ');
    std::vector<Capture> captures;
    if (!match(pattern, lower, 0, captures)) {
      continue;
    }
    Parsed parsed{phrasing.intent, {}, {}, true};
    if (phrasing.intent == Intent::column && captures.size() == 2) {
      parsed.column = clean_subject(joined(words, captures[0]));
      parsed.subject = clean_subject(joined(words, captures[1]));
    } else if (!captures.empty()) {
      parsed.subject = phrasing.intent == Intent::search ? joined(words, captures[0])
                                                         : clean_subject(joined(words, captures[0]));
    }
    return parsed;
  }
  return Parsed{Intent::search, joined(words, {0, words.size()}), {}, false};
}

bool is_pronoun(std::string_view subject) {
  return contains(k_pronouns, to_lower(subject));
}

} // namespace steward::router::detail
