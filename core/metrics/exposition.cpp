#include "core/metrics/exposition.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

namespace steward::metrics::detail {
namespace {

bool is_name_char(char c, bool first) {
  const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
  return letter || (!first && c >= '0' && c <= '9');
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '"') {
      out += "\\\"";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

} // namespace

std::string metric_name(std::string_view name) {
  std::string out(name);
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (!is_name_char(out[i], i == 0)) {
      out[i] = '_';
    }
  }
  return out.empty() ? std::string("_") : out;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string label_set(const Labels& labels, std::string_view le) {
  if (labels.empty() && le.empty()) {
    return {};
  }
  std::string out = "{";
  for (const auto& [name, value] : labels) {
    if (out.size() > 1) {
      out += ',';
    }
    // Label names follow metric names' rules without `:`.
    std::string label = metric_name(name);
    std::replace(label.begin(), label.end(), ':', '_');
    out += label + "=\"" + escape_label_value(value) + "\"";
  }
  if (!le.empty()) {
    if (out.size() > 1) {
      out += ',';
    }
    out += "le=\"" + std::string(le) + "\"";
  }
  out += '}';
  return out;
}

std::string format_number(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  // Go's strconv.FormatFloat(value, 'g', -1, 64), which Prometheus' own
  // clients use: shortest round-trip digits, exponent form when the decimal
  // exponent is below -4 or at least 6 ("0.0005", "100000", "1e+06").
  std::array<char, 64> buffer{};
  char* const first = buffer.data();
  char* const last = buffer.data() + buffer.size();
  const auto scientific = std::to_chars(first, last, value, std::chars_format::scientific);
  const std::string_view text(first, static_cast<std::size_t>(scientific.ptr - first));
  std::string_view exponent = text.substr(text.find('e') + 1);
  if (!exponent.empty() && exponent.front() == '+') {
    exponent.remove_prefix(1);
  }
  int exp = 0;
  std::from_chars(exponent.data(), exponent.data() + exponent.size(), exp);
  if (exp < -4 || exp >= 6) {
    return std::string(text);
  }
  const auto fixed = std::to_chars(first, last, value, std::chars_format::fixed);
  return {first, fixed.ptr};
}

} // namespace steward::metrics::detail
