#include "core/agent/lessons.hpp"

#include <algorithm>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/search/tokenizer.hpp"

namespace steward::agent {

namespace {

std::set<std::string> terms_of(std::string_view text) {
  std::set<std::string> terms;
  search::Tokenizer tokenizer;
  tokenizer.reset(text);
  for (std::string_view term; tokenizer.next(term);) {
    terms.emplace(term);
  }
  return terms;
}

std::size_t shared(const std::set<std::string>& a, const std::set<std::string>& b) {
  std::size_t count = 0;
  for (const std::string& term : a) {
    count += b.count(term);
  }
  return count;
}

std::vector<std::string> models_of(std::string_view json) {
  std::vector<std::string> models;
  const nlohmann::json parsed = nlohmann::json::parse(json, nullptr, false);
  if (parsed.is_array()) {
    for (const nlohmann::json& item : parsed) {
      if (item.is_string()) {
        models.push_back(item.get<std::string>());
      }
    }
  }
  return models;
}

struct Scored {
  double score = 0;
  std::size_t index = 0; ///< into the input (newest first), so lower is newer
};

} // namespace

std::vector<Lesson> relevant_lessons(const std::vector<store::Lesson>& lessons, std::string_view question,
                                     std::size_t limit) {
  const std::set<std::string> asked = terms_of(question);
  if (asked.empty() || limit == 0) {
    return {};
  }
  std::vector<Scored> scored;
  for (std::size_t i = 0; i < lessons.size(); ++i) {
    const store::Lesson& lesson = lessons[i];
    const std::size_t in_question = shared(asked, terms_of(lesson.question));
    double score = 0;
    if (lesson.kind == store::LessonKind::example) {
      if (in_question > 0 && in_question * 2 >= asked.size()) {
        score = static_cast<double>(in_question) / static_cast<double>(asked.size());
      }
    } else {
      const std::size_t in_text = shared(asked, terms_of(lesson.text));
      const std::size_t best = std::max(in_question, in_text);
      if (best > 0) {
        score = 0.5 + static_cast<double>(best) / static_cast<double>(asked.size()); // corrections first
      }
    }
    if (score > 0) {
      scored.push_back({score, i});
    }
  }
  std::stable_sort(scored.begin(), scored.end(), [](const Scored& a, const Scored& b) {
    return a.score != b.score ? a.score > b.score : a.index < b.index;
  });
  std::vector<Lesson> out;
  for (const Scored& s : scored) {
    if (out.size() == limit) {
      break;
    }
    const store::Lesson& lesson = lessons[s.index];
    out.push_back(
        Lesson{lesson.kind == store::LessonKind::example ? Lesson::Kind::example : Lesson::Kind::correction,
               lesson.question, lesson.text, models_of(lesson.models)});
  }
  return out;
}

} // namespace steward::agent
