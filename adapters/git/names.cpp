#include "adapters/git/names.hpp"

#include <string>

namespace steward::git {

namespace {

std::string quoted(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

/// Calls `visit` with each `/`-separated segment of `path`.
template <typename Visit>
bool all_segments(std::string_view path, Visit visit) {
  for (;;) {
    const std::size_t slash = path.find('/');
    if (!visit(path.substr(0, slash))) {
      return false;
    }
    if (slash == std::string_view::npos) {
      return true;
    }
    path.remove_prefix(slash + 1);
  }
}

bool lower_equals(std::string_view text, std::string_view lower) {
  if (text.size() != lower.size()) {
    return false;
  }
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i] >= 'A' && text[i] <= 'Z' ? static_cast<char>(text[i] - 'A' + 'a') : text[i];
    if (c != lower[i]) {
      return false;
    }
  }
  return true;
}

} // namespace

Result<void> check_branch(const Cli& cli, std::string_view name) {
  const Error invalid{"git", quoted(name) + " is not a valid branch name"};
  if (name.empty() || name.starts_with('-') || name.find('\0') != std::string_view::npos) {
    return tl::unexpected(invalid);
  }
  auto checked = cli.run(GitCall{{"check-ref-format", "--branch", std::string(name)}, {}, {}});
  if (!checked) {
    return tl::unexpected(checked.error());
  }
  if (checked->exit_code != 0 || trim_end(checked->out) != name) {
    return tl::unexpected(invalid);
  }
  return {};
}

Result<void> check_inside(std::string_view path) {
  const bool outside = path.empty() || path.starts_with('/') ||
                       !all_segments(path, [](std::string_view segment) { return segment != ".."; });
  if (outside) {
    return fail("git", "path " + quoted(path) + " is outside the repository");
  }
  return {};
}

Result<void> check_file_path(std::string_view path) {
  if (auto inside = check_inside(path); !inside) {
    return inside;
  }
  bool control = false;
  for (char c : path) {
    control = control || static_cast<unsigned char>(c) < 0x20 || c == 0x7f;
  }
  const bool segments_ok = all_segments(path, [](std::string_view segment) {
    return !segment.empty() && segment != "." && !lower_equals(segment, ".git");
  });
  if (control || !segments_ok) {
    return fail("git", "path " + quoted(path) + " is not a valid file path");
  }
  return {};
}

} // namespace steward::git
