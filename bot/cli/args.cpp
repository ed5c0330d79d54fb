#include "bot/cli/args.hpp"

#include <charconv>

#include "core/util/text.hpp"

namespace steward::cli {
namespace {

const OptionSpec* find_spec(const std::vector<OptionSpec>& specs, const std::string& name) {
  for (const auto& spec : specs) {
    if (spec.name == name) {
      return &spec;
    }
  }
  return nullptr;
}

Error unknown_option(const std::vector<OptionSpec>& specs, const std::string& name) {
  std::vector<std::string_view> names;
  names.reserve(specs.size());
  for (const auto& spec : specs) {
    names.emplace_back(spec.name);
  }
  auto near = closest(name, names, 1);
  std::string reason = "unknown option";
  if (!near.empty()) {
    reason += "; did you mean --" + near.front() + "?";
  }
  return Error{"--" + name, reason};
}

} // namespace

std::optional<std::string> Args::value(const std::string& name) const {
  auto it = values.find(name);
  if (it == values.end()) {
    return std::nullopt;
  }
  return it->second;
}

Result<Args> parse_args(const std::vector<std::string>& args, const std::vector<OptionSpec>& specs) {
  Args out;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (options_done || arg.size() < 2 || arg.rfind("--", 0) != 0) {
      if (!options_done && arg.size() == 2 && arg[0] == '-' && arg[1] == 'h') {
        out.flags.insert("help");
        continue;
      }
      out.positional.push_back(arg);
      continue;
    }
    if (arg == "--") {
      options_done = true;
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const OptionSpec* spec = find_spec(specs, name);
    if (spec == nullptr) {
      return tl::unexpected(unknown_option(specs, name));
    }
    if (!spec->takes_value) {
      if (inline_value) {
        return fail("--" + name, "takes no value");
      }
      out.flags.insert(name);
      continue;
    }
    if (!inline_value) {
      if (i + 1 >= args.size()) {
        return fail("--" + name, "needs a value");
      }
      inline_value = args[++i];
    }
    out.values[name] = *inline_value;
  }
  return out;
}

Result<std::size_t> parse_count(const std::string& name, const std::string& text) {
  std::size_t value = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || text.empty()) {
    return fail("--" + name, "expected a whole number, got '" + text + "'");
  }
  return value;
}

} // namespace steward::cli
