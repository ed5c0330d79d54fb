#include "core/fix/diff.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

#include "core/fix/line_diff.hpp"

namespace steward::fix {
namespace {

using detail::Change;

/// git's default hunk-header "function" line: a line starting with a letter,
/// `_` or `$`, at most 80 bytes, trailing space removed (`def_ff`).
constexpr std::size_t k_function_line_max = 80;

bool is_function_line(std::string_view line) {
  if (line.empty()) {
    return false;
  }
  auto c = static_cast<unsigned char>(line.front());
  return std::isalpha(c) != 0 || c == '_' || c == '$';
}

std::string_view function_text(std::string_view line) {
  line = line.substr(0, std::min(line.size(), k_function_line_max));
  while (!line.empty() && std::isspace(static_cast<unsigned char>(line.back())) != 0) {
    line.remove_suffix(1);
  }
  return line;
}

std::string range(long start, long count) {
  // 1-based; an empty range names the line before it.
  std::string text = std::to_string(count == 0 ? start : start + 1);
  if (count != 1) {
    text += "," + std::to_string(count);
  }
  return text;
}

class Emitter {
public:
  Emitter(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b, long context)
      : m_a(a), m_b(b), m_context(context) {}

  /// Writes the hunk holding `changes[first..last]`.
  void hunk(const std::vector<Change>& changes, std::size_t first, std::size_t last);
  [[nodiscard]] const std::string& text() const { return m_out; }

private:
  void line(char sign, std::string_view text) {
    m_out.push_back(sign);
    m_out.append(text);
    if (text.empty() || text.back() != '\n') {
      m_out.append("\n\\ No newline at end of file\n");
    }
  }
  /// Updates the function line for a hunk starting at `start` (in `a`).
  void find_function(long start) {
    for (long l = start - 1; l > m_function_limit && l >= 0; --l) {
      std::string_view candidate = m_a[static_cast<std::size_t>(l)];
      if (is_function_line(candidate)) {
        m_function = function_text(candidate);
        break;
      }
    }
    m_function_limit = start - 1;
  }

  const std::vector<std::string_view>& m_a;
  const std::vector<std::string_view>& m_b;
  long m_context;
  std::string m_out;
  std::string_view m_function;
  long m_function_limit = -1;
};

void Emitter::hunk(const std::vector<Change>& changes, std::size_t first, std::size_t last) {
  const Change& head = changes[first];
  const Change& tail = changes[last];
  long lead = std::min(m_context, head.start_a);
  long start_a = head.start_a - lead;
  long start_b = head.start_b - lead;
  long end_a = std::min(static_cast<long>(m_a.size()), tail.start_a + tail.count_a + m_context);
  long end_b = tail.start_b + tail.count_b + (end_a - (tail.start_a + tail.count_a));
  find_function(start_a);
  m_out += "@@ -" + range(start_a, end_a - start_a) + " +" + range(start_b, end_b - start_b) + " @@";
  if (!m_function.empty()) {
    m_out += " ";
    m_out += m_function;
  }
  m_out += "\n";
  long at = start_a;
  for (std::size_t i = first; i <= last; ++i) {
    const Change& c = changes[i];
    for (; at < c.start_a; ++at) {
      line(' ', m_a[static_cast<std::size_t>(at)]);
    }
    for (long k = 0; k < c.count_a; ++k) {
      line('-', m_a[static_cast<std::size_t>(c.start_a + k)]);
    }
    for (long k = 0; k < c.count_b; ++k) {
      line('+', m_b[static_cast<std::size_t>(c.start_b + k)]);
    }
    at = c.start_a + c.count_a;
  }
  for (; at < end_a; ++at) {
    line(' ', m_a[static_cast<std::size_t>(at)]);
  }
}

} // namespace

std::string unified_diff(std::string_view path, std::string_view before, std::string_view after,
                         int context) {
  if (before == after) {
    return {};
  }
  std::vector<std::string_view> a = detail::split_lines(before);
  std::vector<std::string_view> b = detail::split_lines(after);
  std::vector<Change> changes = detail::diff_lines(a, b);
  long ctx = std::max(0, context);
  std::string out = before.empty() ? "--- /dev/null\n" : "--- a/" + std::string(path) + "\n";
  out += after.empty() ? "+++ /dev/null\n" : "+++ b/" + std::string(path) + "\n";
  Emitter emitter(a, b, ctx);
  std::size_t first = 0;
  for (std::size_t i = 0; i < changes.size(); ++i) {
    bool last = i + 1 == changes.size() ||
                changes[i + 1].start_a - (changes[i].start_a + changes[i].count_a) > 2 * ctx;
    if (last) {
      emitter.hunk(changes, first, i);
      first = i + 1;
    }
  }
  return out + emitter.text();
}

} // namespace steward::fix
