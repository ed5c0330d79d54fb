#include "core/feedback/stats.hpp"

#include <algorithm>
#include <cctype>
#include <map>

#include "core/router/format.hpp"

namespace steward::feedback {

namespace {

constexpr std::size_t k_question_width = 120;

std::string group_key(const std::string& question) {
  std::string key;
  for (char c : question) {
    const auto u = static_cast<unsigned char>(c);
    if (std::isalnum(u) != 0 || u >= 0x80) {
      key.push_back(static_cast<char>(std::tolower(u)));
    } else if (!key.empty() && key.back() != ' ') {
      key.push_back(' ');
    }
  }
  while (!key.empty() && key.back() == ' ') {
    key.pop_back();
  }
  return key;
}

std::string percent(std::int64_t part, std::int64_t whole) {
  return std::to_string((part * 100 + whole / 2) / whole) + "%";
}

} // namespace

Stats summarise(std::int64_t answers, const std::vector<store::RatedAnswer>& rated,
                const std::vector<store::Lesson>& lessons, std::size_t top) {
  Stats stats;
  stats.answers = answers;
  std::map<std::string, FailingQuestion> groups;
  std::vector<std::string> order;
  for (const store::RatedAnswer& answer : rated) {
    stats.rated += (answer.helpful + answer.not_helpful) > 0 ? 1 : 0;
    stats.helpful += answer.helpful;
    stats.not_helpful += answer.not_helpful;
    const std::string key = group_key(answer.question);
    auto [it, created] = groups.try_emplace(key);
    if (created) {
      order.push_back(key);
      it->second.question = answer.question.empty() ? "(question not recorded)" : answer.question;
    }
    it->second.not_helpful += answer.not_helpful;
    it->second.helpful += answer.helpful;
    it->second.answers += 1;
    it->second.comments.insert(it->second.comments.end(), answer.comments.begin(), answer.comments.end());
  }
  for (const std::string& key : order) { // newest feedback first, kept for ties
    const FailingQuestion& group = groups[key];
    if (group.not_helpful > group.helpful) {
      stats.failing.push_back(group);
    }
  }
  std::stable_sort(
      stats.failing.begin(), stats.failing.end(),
      [](const FailingQuestion& a, const FailingQuestion& b) { return a.not_helpful > b.not_helpful; });
  if (stats.failing.size() > top) {
    stats.failing.resize(top);
  }
  for (const store::Lesson& lesson : lessons) {
    if (lesson.kind == store::LessonKind::example) {
      ++stats.examples;
    } else if (stats.corrections.size() < top) {
      stats.corrections.push_back(lesson);
    }
  }
  return stats;
}

Result<Stats> collect(store::Lessons& lessons, std::size_t top) {
  constexpr std::int64_t k_scanned = 500;
  auto answers = lessons.answer_count();
  if (!answers) {
    return tl::unexpected(answers.error());
  }
  auto rated = lessons.rated_answers(k_scanned);
  if (!rated) {
    return tl::unexpected(rated.error());
  }
  auto taught = lessons.lessons(std::nullopt, k_scanned);
  if (!taught) {
    return tl::unexpected(taught.error());
  }
  return summarise(*answers, *rated, *taught, top);
}

answer::Answer render(const Stats& stats) {
  answer::Answer out;
  out.summary = std::to_string(stats.answers) + " answers, " + std::to_string(stats.helpful) + " 👍, " +
                std::to_string(stats.not_helpful) + " 👎";
  out.blocks.emplace_back(answer::Header{"Feedback on Steward's answers"});
  std::vector<std::pair<std::string, std::string>> fields{
      {"Answers", std::to_string(stats.answers)},
      {"Rated", std::to_string(stats.rated)},
      {"👍 Helpful", std::to_string(stats.helpful)},
      {"👎 Not helpful", std::to_string(stats.not_helpful)},
      {"Kept as examples", std::to_string(stats.examples)}};
  if (stats.helpful + stats.not_helpful > 0) {
    fields.emplace_back("Helpful rate", percent(stats.helpful, stats.helpful + stats.not_helpful));
  }
  out.blocks.emplace_back(answer::Fields{std::move(fields)});
  if (!stats.failing.empty()) {
    out.blocks.emplace_back(answer::Paragraph{"**Top failing questions**"});
    answer::ListBlock list;
    for (const FailingQuestion& q : stats.failing) {
      std::string item = router::detail::first_line(q.question, k_question_width) + " — " +
                         std::to_string(q.not_helpful) + " 👎, " + std::to_string(q.helpful) + " 👍";
      if (!q.comments.empty()) {
        item += " — “" + router::detail::first_line(q.comments.back(), k_question_width) + "”";
      }
      list.items.push_back(std::move(item));
    }
    out.blocks.emplace_back(std::move(list));
  }
  if (!stats.corrections.empty()) {
    out.blocks.emplace_back(
        answer::Paragraph{"**Corrections from the team** (given to the model for related questions)"});
    answer::ListBlock list;
    for (const store::Lesson& lesson : stats.corrections) {
      list.items.push_back("“" + router::detail::first_line(lesson.text, k_question_width) + "” — on “" +
                           router::detail::first_line(lesson.question, k_question_width) + "”");
    }
    out.blocks.emplace_back(std::move(list));
  }
  if (stats.rated == 0) {
    out.blocks.emplace_back(
        answer::Context{"No ratings yet: react 👍 or 👎 to an answer, or use its buttons."});
  }
  return out;
}

nlohmann::ordered_json to_json(const Stats& stats) {
  nlohmann::ordered_json out;
  out["answers"] = stats.answers;
  out["rated"] = stats.rated;
  out["helpful"] = stats.helpful;
  out["not_helpful"] = stats.not_helpful;
  const std::int64_t total = stats.helpful + stats.not_helpful;
  out["helpful_rate"] =
      total == 0 ? nlohmann::ordered_json(nullptr)
                 : nlohmann::ordered_json(static_cast<double>(stats.helpful) / static_cast<double>(total));
  out["examples"] = stats.examples;
  out["failing"] = nlohmann::ordered_json::array();
  for (const FailingQuestion& q : stats.failing) {
    out["failing"].push_back({{"question", q.question},
                              {"not_helpful", q.not_helpful},
                              {"helpful", q.helpful},
                              {"answers", q.answers},
                              {"comments", q.comments}});
  }
  out["corrections"] = nlohmann::ordered_json::array();
  for (const store::Lesson& lesson : stats.corrections) {
    out["corrections"].push_back({{"question", lesson.question},
                                  {"text", lesson.text},
                                  {"user", lesson.user},
                                  {"answer", lesson.answer},
                                  {"created_at_ms", lesson.created_at.time_since_epoch().count()}});
  }
  return out;
}

} // namespace steward::feedback
