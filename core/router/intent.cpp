#include "core/router/intent.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <utility>
#include <vector>

#include "core/util/text.hpp"

namespace steward::router::detail {
namespace {

/// Words dropped from the start of a question ("hey steward, ask ...").
constexpr std::array<std::string_view, 18> k_fillers = {
    "ask", "please", "pls",  "hey", "hi",   "hello", "steward", "@steward", "/steward",
    "and", "ok",     "okay", "so",  "also", "btw",   "quick",   "question", "um"};

/// Words dropped from the end of a question ("... please?").
constexpr std::array<std::string_view, 6> k_trailing_fillers = {"please", "pls",   "thanks",
                                                                "thx",    "again", "now"};

/// Openings dropped before a question word ("can you tell me what feeds X").
constexpr std::array<std::string_view, 10> k_openings = {
    "can you tell me", "could you tell me", "can you",          "could you", "tell me",
    "do you know",     "i want to know",    "i'd like to know", "i wonder",  "show me"};

/// Words a question starts with once its opening is dropped.
constexpr std::array<std::string_view, 9> k_question_words = {"what", "where", "who", "which", "how",
                                                              "is",   "does",  "are", "why"};

constexpr std::array<std::pair<std::string_view, std::string_view>, 15> k_contractions = {{
    {"don't", "do not"},
    {"dont", "do not"},
    {"doesn't", "does not"},
    {"isn't", "is not"},
    {"aren't", "are not"},
    {"what'd", "what would"},
    {"what's", "what is"},
    {"what're", "what are"},
    {"who're", "who are"},
    {"whats", "what is"},
    {"where's", "where is"},
    {"who's", "who is"},
    {"how's", "how is"},
    {"it's", "it is"},
    {"that's", "that is"},
}};

/// Words naming a kind of node; dropped from the ends of a subject ("the
/// orders source" names `orders`) and kept as a hint (`Parsed::kind`).
constexpr std::array<std::string_view, 15> k_kind_words = {
    "model",    "models",    "source", "table",    "view",   "seed",     "snapshot", "metric",
    "exposure", "dashboard", "report", "notebook", "column", "semantic", "group"};

constexpr std::array<std::string_view, 13> k_pronouns = {"",         "it",    "this",     "that",     "them",
                                                         "they",     "its",   "this one", "that one", "same",
                                                         "same one", "those", "these"};

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

/// True when `words` start with the words of `phrase` (case-insensitively).
bool starts_with_words(const std::vector<std::string>& words, std::string_view phrase) {
  std::vector<std::string_view> wanted = split(phrase, ' ');
  if (wanted.size() >= words.size()) {
    return false;
  }
  for (std::size_t i = 0; i < wanted.size(); ++i) {
    if (to_lower(words[i]) != wanted[i]) {
      return false;
    }
  }
  return true;
}

/// Drops greetings and politeness around the question itself.
void drop_fillers(std::vector<std::string>& words) {
  for (bool dropped = true; dropped;) {
    dropped = false;
    while (!words.empty() && contains(k_fillers, to_lower(words.front()))) {
      words.erase(words.begin());
      dropped = true;
    }
    for (auto opening : k_openings) {
      std::size_t count = split(opening, ' ').size();
      if (starts_with_words(words, opening) && contains(k_question_words, to_lower(words[count]))) {
        words.erase(words.begin(), words.begin() + static_cast<std::ptrdiff_t>(count));
        dropped = true;
        break;
      }
    }
  }
  while (!words.empty() && contains(k_trailing_fillers, to_lower(words.back()))) {
    words.pop_back();
  }
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
  drop_fillers(words);
  return words;
}

using Capture = std::pair<std::size_t, std::size_t>; // first word, word count

enum class Spelling : std::uint8_t { exact, forgiving };

/// True when `word` is one of the `|`-separated alternatives of `literal`; a
/// `forgiving` match also takes a typo in a longer word ("waht", "upsteam").
bool word_matches(std::string_view literal, std::string_view word, Spelling spelling) {
  return std::ranges::any_of(split(literal, '|'), [&](std::string_view alternative) {
    return alternative == word ||
           (spelling == Spelling::forgiving && alternative.size() >= 4 && word.size() >= 4 &&
            edit_distance(alternative, word, 2) <= (alternative.size() >= 7 ? 2U : 1U));
  });
}

/// Matches `pattern` words against `words`; `{}` takes as few words as it can.
bool match(std::span<const std::string_view> pattern, std::span<const std::string> words, std::size_t offset,
           Spelling spelling, std::vector<Capture>& captures) {
  if (pattern.empty()) {
    return words.empty();
  }
  if (pattern.front() == "{}") {
    for (std::size_t taken = 0; taken <= words.size(); ++taken) {
      captures.emplace_back(offset, taken);
      if (match(pattern.subspan(1), words.subspan(taken), offset + taken, spelling, captures)) {
        return true;
      }
      captures.pop_back();
    }
    return false;
  }
  return !words.empty() && word_matches(pattern.front(), words.front(), spelling) &&
         match(pattern.subspan(1), words.subspan(1), offset + 1, spelling, captures);
}

std::string joined(const std::vector<std::string>& words, Capture capture) {
  std::string out;
  for (std::size_t i = capture.first; i < capture.first + capture.second; ++i) {
    out += (out.empty() ? "" : " ") + words[i];
  }
  return out;
}

/// `subject` without a leading article and kind words at either end; the
/// kind word nearest the name goes to `kind` (lower-case).
std::string clean_subject(const std::string& subject, std::string* kind = nullptr) {
  std::vector<std::string> words;
  for (auto word : split(subject, ' ')) {
    words.emplace_back(word);
  }
  if (words.size() > 1 && (iequals(words.front(), "a") || iequals(words.front(), "an"))) {
    words.erase(words.begin());
  }
  while (words.size() > 1 && contains(k_kind_words, to_lower(words.back()))) {
    if (kind != nullptr) {
      *kind = to_lower(words.back());
    }
    words.pop_back();
  }
  while (words.size() > 1 && contains(k_kind_words, to_lower(words.front()))) {
    if (kind != nullptr) {
      *kind = to_lower(words.front());
    }
    words.erase(words.begin());
  }
  return joined(words, {0, words.size()});
}

} // namespace

std::string_view intent_name(Intent intent) {
  constexpr std::array<std::string_view, 18> k_names = {
      "help",          "describe", "owner",    "owner",      "column",   "column",
      "column_search", "lineage",  "upstream", "downstream", "impact",   "path",
      "search",        "tests",    "tests",    "list",       "failures", "stats"};
  return k_names.at(static_cast<std::size_t>(intent));
}

namespace {

/// The parse of a question `phrasing` matched, from its captures.
Parsed parsed_from(const Phrasing& phrasing, const std::vector<std::string>& words,
                   const std::vector<Capture>& captures) {
  Parsed parsed;
  parsed.intent = phrasing.intent;
  parsed.matched = true;
  if (phrasing.intent == Intent::column && captures.size() == 2) {
    parsed.column = clean_subject(joined(words, captures[0]));
    parsed.subject = clean_subject(joined(words, captures[1]), &parsed.kind);
  } else if (phrasing.intent == Intent::path && captures.size() == 2) {
    bool reversed = (phrasing.flags & k_reversed) != 0;
    parsed.subject = clean_subject(joined(words, captures[reversed ? 1 : 0]), &parsed.kind);
    parsed.target = clean_subject(joined(words, captures[reversed ? 0 : 1]), &parsed.target_kind);
    parsed.yes_no = (phrasing.flags & k_yes_no) != 0;
    parsed.reversed = reversed;
  } else if (!captures.empty()) {
    parsed.subject = phrasing.intent == Intent::search
                         ? joined(words, captures[0])
                         : clean_subject(joined(words, captures[0]), &parsed.kind);
  }
  return parsed;
}

} // namespace

Parsed parse(std::string_view question) {
  std::vector<std::string> words = words_of(question);
  if (words.empty()) {
    Parsed help;
    help.intent = Intent::help;
    help.matched = true;
    return help;
  }
  std::vector<std::string> lower;
  lower.reserve(words.size());
  for (const auto& word : words) {
    lower.push_back(to_lower(word));
  }
  // Exact wording first, so a typo-tolerant match never shadows an exact one.
  for (Spelling spelling : {Spelling::exact, Spelling::forgiving}) {
    for (const auto& phrasing : phrasings()) {
      std::vector<std::string_view> pattern = split(phrasing.pattern, ' ');
      std::vector<Capture> captures;
      bool leading_name = !pattern.empty() && pattern.front() == "{}";
      if (match(pattern, lower, 0, spelling, captures) && (!leading_name || captures.front().second == 1)) {
        return parsed_from(phrasing, words, captures);
      }
    }
  }
  Parsed unmatched;
  unmatched.subject = joined(words, {0, words.size()});
  return unmatched;
}

bool fits_kind(std::string_view kind, std::string_view type) {
  constexpr std::array<std::pair<std::string_view, std::string_view>, 12> k_fits = {{
      {"model", "model"},
      {"models", "model"},
      {"view", "model"},
      {"source", "source"},
      {"seed", "seed"},
      {"snapshot", "snapshot"},
      {"metric", "metric"},
      {"exposure", "exposure"},
      {"dashboard", "exposure"},
      {"report", "exposure"},
      {"notebook", "exposure"},
      {"semantic", "semantic_model"},
  }};
  if (kind == "table") {
    return type == "model" || type == "source" || type == "seed" || type == "snapshot";
  }
  if (kind == "group") {
    return type == "group";
  }
  auto it = std::find_if(k_fits.begin(), k_fits.end(), [&](const auto& pair) { return pair.first == kind; });
  return it == k_fits.end() || it->second == type;
}

bool is_pronoun(std::string_view subject) {
  std::string lower = to_lower(subject);
  return contains(k_pronouns, lower) || contains(k_kind_words, lower);
}

} // namespace steward::router::detail
