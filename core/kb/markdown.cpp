#include "core/kb/markdown.hpp"

#include <array>
#include <optional>

#include "core/util/text.hpp"

namespace steward::kb::detail {
namespace {

constexpr std::size_t k_max_indent = 3;
constexpr std::size_t k_min_fence = 3;
constexpr int k_max_level = 6;

struct Fence {
  char marker = '`';
  std::size_t length = 0;
};

struct Heading {
  std::size_t line = 0; ///< 0-based
  int level = 0;
  std::string_view title;
};

/// `line` without up to three leading spaces, or nullopt when it is indented
/// further (an indented code line, never a heading or fence).
std::optional<std::string_view> unindent(std::string_view line) {
  std::size_t spaces = 0;
  while (spaces < line.size() && line[spaces] == ' ') {
    ++spaces;
  }
  if (spaces > k_max_indent) {
    return std::nullopt;
  }
  return line.substr(spaces);
}

std::size_t run_of(std::string_view text, char c) {
  std::size_t n = 0;
  while (n < text.size() && text[n] == c) {
    ++n;
  }
  return n;
}

std::optional<Fence> fence_open(std::string_view line) {
  auto body = unindent(line);
  if (!body || body->empty() || (body->front() != '`' && body->front() != '~')) {
    return std::nullopt;
  }
  Fence fence{body->front(), run_of(*body, body->front())};
  if (fence.length < k_min_fence) {
    return std::nullopt;
  }
  // A backtick fence's info string may not hold a backtick (that is inline code).
  if (fence.marker == '`' && body->substr(fence.length).find('`') != std::string_view::npos) {
    return std::nullopt;
  }
  return fence;
}

bool fence_closes(std::string_view line, const Fence& fence) {
  auto body = unindent(line);
  if (!body) {
    return false;
  }
  std::size_t run = run_of(*body, fence.marker);
  return run >= fence.length && trim(body->substr(run)).empty();
}

std::optional<Heading> parse_heading(std::string_view line, std::size_t number) {
  auto body = unindent(line);
  if (!body) {
    return std::nullopt;
  }
  std::size_t hashes = run_of(*body, '#');
  if (hashes == 0 || hashes > static_cast<std::size_t>(k_max_level)) {
    return std::nullopt;
  }
  std::string_view rest = body->substr(hashes);
  if (!rest.empty() && rest.front() != ' ' && rest.front() != '\t') {
    return std::nullopt; // `#hashtag`
  }
  rest = trim(rest);
  // An optional closing sequence: `## Title ##`.
  std::size_t end = rest.size();
  while (end > 0 && rest[end - 1] == '#') {
    --end;
  }
  if (end == 0) {
    rest = {};
  } else if (end < rest.size() && (rest[end - 1] == ' ' || rest[end - 1] == '\t')) {
    rest = trim(rest.substr(0, end));
  }
  return Heading{number, static_cast<int>(hashes), rest};
}

/// `content` with `\r\n` turned into `\n` and a leading byte order mark dropped.
std::string normalised(std::string_view content) {
  if (content.starts_with("\xEF\xBB\xBF")) {
    content.remove_prefix(3);
  }
  std::string out;
  out.reserve(content.size());
  for (std::size_t i = 0; i < content.size(); ++i) {
    if (content[i] != '\r' || i + 1 >= content.size() || content[i + 1] != '\n') {
      out += content[i];
    }
  }
  return out;
}

/// The file's name without folders and extension: `playbooks/x.md` → `x`.
std::string file_title(std::string_view file) {
  std::size_t slash = file.rfind('/');
  std::string_view name = slash == std::string_view::npos ? file : file.substr(slash + 1);
  std::size_t dot = name.rfind('.');
  return std::string(dot == std::string_view::npos || dot == 0 ? name : name.substr(0, dot));
}

std::string join_path(const std::vector<std::string_view>& titles) {
  std::string out;
  for (auto title : titles) {
    out += (out.empty() ? "" : " > ") + std::string(title);
  }
  return out;
}

/// The byte offset where each line starts, plus one past the end.
std::vector<std::size_t> line_starts(std::string_view text) {
  std::vector<std::size_t> starts{0};
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n') {
      starts.push_back(i + 1);
    }
  }
  if (starts.back() != text.size()) {
    starts.push_back(text.size());
  }
  return starts;
}

std::vector<Heading> find_headings(std::string_view text, const std::vector<std::size_t>& starts) {
  std::vector<Heading> headings;
  std::optional<Fence> fence;
  for (std::size_t i = 0; i + 1 < starts.size(); ++i) {
    std::string_view line = text.substr(starts[i], starts[i + 1] - starts[i]);
    if (line.ends_with('\n')) {
      line.remove_suffix(1);
    }
    if (fence) {
      if (fence_closes(line, *fence)) {
        fence.reset();
      }
      continue;
    }
    fence = fence_open(line);
    if (!fence) {
      if (auto heading = parse_heading(line, i)) {
        headings.push_back(*heading);
      }
    }
  }
  return headings;
}

} // namespace

std::vector<SplitSection> split_markdown(std::string_view file, std::string_view content) {
  std::string text = normalised(content);
  std::vector<std::size_t> starts = line_starts(text);
  const std::size_t lines = starts.size() - 1;
  std::vector<Heading> headings = find_headings(text, starts);
  auto slice = [&](std::size_t from, std::size_t to) {
    return std::string(trim(std::string_view(text).substr(starts[from], starts[to] - starts[from])));
  };
  std::vector<SplitSection> out;
  std::size_t first = headings.empty() ? lines : headings.front().line;
  if (std::string preamble = slice(0, first); !preamble.empty()) {
    std::string title = file_title(file);
    out.push_back({Section{std::string(file), title, title, preamble, 1, {}}, preamble, {}});
  }
  std::vector<std::string_view> stack;
  std::vector<int> levels;
  for (std::size_t i = 0; i < headings.size(); ++i) {
    const Heading& heading = headings[i];
    while (!levels.empty() && levels.back() >= heading.level) {
      levels.pop_back();
      stack.pop_back();
    }
    std::string ancestors = join_path(stack);
    stack.push_back(heading.title);
    levels.push_back(heading.level);
    std::size_t own_end = i + 1 < headings.size() ? headings[i + 1].line : lines;
    std::size_t end = lines;
    for (std::size_t j = i + 1; j < headings.size(); ++j) {
      if (headings[j].level <= heading.level) {
        end = headings[j].line;
        break;
      }
    }
    Section section{std::string(file),
                    std::string(heading.title),
                    join_path(stack),
                    slice(heading.line + 1, end),
                    static_cast<int>(heading.line + 1),
                    {}};
    out.push_back({std::move(section), slice(heading.line + 1, own_end), std::move(ancestors)});
  }
  for (auto& split : out) {
    split.section.hash = section_hash(split.section.path, split.section.text);
  }
  return out;
}

std::uint64_t fnv1a(std::uint64_t hash, std::string_view bytes) {
  for (char c : bytes) {
    hash = (hash ^ static_cast<unsigned char>(c)) * k_fnv_prime;
  }
  return hash;
}

std::string section_hash(std::string_view path, std::string_view text) {
  std::uint64_t hash = fnv1a(fnv1a(fnv1a(k_fnv_offset, path), "\n"), text);
  constexpr std::array<char, 16> k_digits{'0', '1', '2', '3', '4', '5', '6', '7',
                                          '8', '9', 'a', 'b', 'c', 'd', 'e', 'f'};
  std::string out(16, '0');
  for (std::size_t i = 0; i < out.size(); ++i) {
    out[out.size() - 1 - i] = k_digits.at((hash >> (4 * i)) & 0xFU);
  }
  return out;
}

} // namespace steward::kb::detail
