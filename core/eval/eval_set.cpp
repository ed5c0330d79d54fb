#include "core/eval/eval_set.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <span>
#include <string>
#include <utility>

#include <yaml-cpp/yaml.h>

namespace steward::eval {
namespace {

constexpr std::array<std::string_view, 5> k_question_keys = {"question", "expect", "intent", "mentions",
                                                             "follow_up_of"};
constexpr std::array<std::string_view, 4> k_top_keys = {"project", "knowledge_base", "questions",
                                                        "description"};

/// A parse failure at `node`'s line.
struct Failure {
  int line;
  std::string field;
  std::string reason;
};

int line_of(const YAML::Node& node) {
  return node.Mark().line + 1;
}

bool known(std::string_view key, std::span<const std::string_view> keys) {
  return std::find(keys.begin(), keys.end(), key) != keys.end();
}

/// A string, or a list of strings, as a list.
std::optional<Failure> read_strings(const YAML::Node& node, const std::string& field,
                                    std::vector<std::string>& out) {
  if (node.IsScalar()) {
    out.push_back(node.as<std::string>());
    return std::nullopt;
  }
  if (!node.IsSequence()) {
    return Failure{line_of(node), field, "expected a name or a list of names"};
  }
  for (const auto& item : node) {
    if (!item.IsScalar() || item.as<std::string>().empty()) {
      return Failure{line_of(item), field, "expected a list of non-empty strings"};
    }
    out.push_back(item.as<std::string>());
  }
  return std::nullopt;
}

std::optional<Failure> read_follow_up(const YAML::Node& node, const std::string& field, std::size_t number,
                                      Question& out) {
  long long earlier = 0;
  if (!node.IsScalar() || !YAML::convert<long long>::decode(node, earlier)) {
    return Failure{line_of(node), field, "expected the number of an earlier question"};
  }
  if (earlier < 1 || static_cast<std::size_t>(earlier) >= number) {
    return Failure{line_of(node), field,
                   std::to_string(earlier) +
                       " is not an earlier question (questions are numbered from 1; this is " +
                       std::to_string(number) + ")"};
  }
  out.follow_up_of = static_cast<std::size_t>(earlier);
  return std::nullopt;
}

std::optional<Failure> read_question(const YAML::Node& node, std::size_t number, Question& out) {
  std::string at = "questions[" + std::to_string(number) + "]";
  out.line = line_of(node);
  if (!node.IsMap()) {
    return Failure{out.line, at, "expected a mapping with question: and expect:"};
  }
  for (const auto& entry : node) {
    auto key = entry.first.as<std::string>();
    if (!known(key, k_question_keys)) {
      std::string field = at;
      field += "." + key;
      return Failure{line_of(entry.first), field,
                     "unknown key (expected question, expect, intent, mentions, follow_up_of)"};
    }
  }
  const YAML::Node question = node["question"];
  if (!question || !question.IsScalar() || question.as<std::string>().empty()) {
    return Failure{out.line, at + ".question", "missing: the question to ask"};
  }
  out.question = question.as<std::string>();
  if (const YAML::Node expect = node["expect"]) {
    if (auto failure = read_strings(expect, at + ".expect", out.expect)) {
      return failure;
    }
  }
  if (const YAML::Node mentions = node["mentions"]) {
    if (auto failure = read_strings(mentions, at + ".mentions", out.mentions)) {
      return failure;
    }
  }
  if (const YAML::Node intent = node["intent"]) {
    if (!intent.IsScalar() || intent.as<std::string>().empty()) {
      return Failure{line_of(intent), at + ".intent", "expected an intent name"};
    }
    out.intent = intent.as<std::string>();
  }
  if (const YAML::Node follow = node["follow_up_of"]) {
    if (auto failure = read_follow_up(follow, at + ".follow_up_of", number, out)) {
      return failure;
    }
  }
  if (out.expect.empty() && !out.intent && out.mentions.empty()) {
    return Failure{out.line, at, "nothing to check: give expect, intent or mentions"};
  }
  return std::nullopt;
}

std::optional<Failure> read_set(const YAML::Node& root, const std::filesystem::path& file, EvalSet& out) {
  if (!root.IsMap()) {
    return Failure{1, "", "expected a mapping with project: and questions:"};
  }
  for (const auto& entry : root) {
    auto key = entry.first.as<std::string>();
    if (!known(key, k_top_keys)) {
      return Failure{line_of(entry.first), key,
                     "unknown key (expected project, knowledge_base, questions, description)"};
    }
  }
  for (auto [key, target] :
       {std::pair{"project", &out.project}, std::pair{"knowledge_base", &out.knowledge_base}}) {
    if (const YAML::Node path = root[key]) {
      if (!path.IsScalar() || path.as<std::string>().empty()) {
        return Failure{line_of(path), key, "expected a path"};
      }
      std::filesystem::path value = path.as<std::string>();
      *target = value.is_absolute() ? value : file.parent_path() / value;
    }
  }
  const YAML::Node questions = root["questions"];
  if (!questions || !questions.IsSequence() || questions.size() == 0) {
    return Failure{questions ? line_of(questions) : 1, "questions", "missing: a list of questions"};
  }
  for (std::size_t i = 0; i < questions.size(); ++i) {
    Question question;
    if (auto failure = read_question(questions[i], i + 1, question)) {
      return failure;
    }
    out.questions.push_back(std::move(question));
  }
  return std::nullopt;
}

} // namespace

Result<EvalSet> parse_eval_set(std::string_view yaml, const std::filesystem::path& file) {
  EvalSet out;
  std::optional<Failure> failure;
  try {
    failure = read_set(YAML::Load(std::string(yaml)), file, out);
  } catch (const YAML::Exception& error) {
    failure = Failure{error.mark.line + 1, "", error.msg};
  }
  if (failure) {
    std::string key = file.string() + ":" + std::to_string(failure->line);
    if (!failure->field.empty()) {
      key += ": " + failure->field;
    }
    return fail(key, failure->reason);
  }
  return out;
}

} // namespace steward::eval
