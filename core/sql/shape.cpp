// The shape algebra of the PII tracer: looking names up in a query's
// outputs, and combining outputs through set operations, renames and USING.
// Every operation errs towards PII: what cannot be kept by name or position
// marks every column it may reach.

#include <algorithm>

#include "core/sql/tracer.hpp"

namespace steward::sql::detail {
namespace {

constexpr std::size_t k_max_outputs = 4096;

bool same_name(std::string_view a, std::string_view b) {
  return a.size() == b.size() && lower(a) == lower(b);
}

/// `output` with `reason` added to what may feed every column it stands for.
void widen(Output& output, const std::string& reason) {
  if (reason.empty()) {
    return;
  }
  if (!output.star) {
    if (output.because.empty()) {
      output.because = reason;
    }
  } else if (output.every_because.empty()) {
    output.every_because = reason;
  }
}

/// Two branches line up entry by entry: same count, and each pair is two
/// columns or two runs of the same known width.
bool aligned(const Shape& left, const Shape& right) {
  if (left.size() != right.size()) {
    return false;
  }
  for (std::size_t i = 0; i < left.size(); ++i) {
    const auto a = width_of(left[i]);
    const auto b = width_of(right[i]);
    if (left[i].star != right[i].star || !a || !b || *a != *b) {
      return false;
    }
  }
  return true;
}

} // namespace

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c); });
  return out;
}

std::string star_reason(const Output& star, std::string_view column) {
  auto found = star.pii.find(lower(column));
  if (found != star.pii.end()) {
    return found->second;
  }
  if (!star.every_because.empty()) {
    return star.every_because;
  }
  if (!star.every_relation.empty()) {
    return star.every_relation + "." + std::string(column);
  }
  return {};
}

std::string any_reason(const Output& output) {
  if (!output.star) {
    return output.because;
  }
  if (!output.pii.empty()) {
    return output.pii.begin()->second;
  }
  if (!output.every_because.empty()) {
    return output.every_because;
  }
  if (!output.every_relation.empty()) {
    const bool known = output.columns && !output.columns->empty();
    return output.every_relation + "." + (known ? *output.columns->begin() : std::string("*"));
  }
  return {};
}

std::optional<std::size_t> width_of(const Output& output) {
  if (!output.star) {
    return 1;
  }
  if (output.columns) {
    return output.columns->size();
  }
  return std::nullopt;
}

Lookup lookup(const Shape& shape, std::string_view column) {
  Lookup out;
  const std::string name = lower(column);
  for (const Output& output : shape) {
    std::string reason;
    if (!output.star) {
      if (!same_name(output.name, name)) {
        continue;
      }
      out.definitely = true;
      reason = output.because;
    } else {
      if (output.columns && !output.columns->contains(name)) {
        continue;
      }
      (output.columns ? out.definitely : out.maybe) = true;
      reason = star_reason(output, name);
    }
    if (out.because.empty()) {
      out.because = std::move(reason);
    }
  }
  return out;
}

std::string first_reason(const Shape& shape) {
  for (const Output& output : shape) {
    if (std::string reason = any_reason(output); !reason.empty()) {
      return reason;
    }
  }
  return {};
}

Output blur(const Shape& shape) {
  Output out;
  out.star = true;
  for (const Output& output : shape) {
    if (!output.star) {
      if (output.because.empty()) {
        continue;
      }
      if (output.named) {
        out.pii.emplace(lower(output.name), output.because);
      } else if (out.every_because.empty()) {
        out.every_because = output.because; // its name is a guess: it may be any column
      }
      continue;
    }
    for (const auto& [name, reason] : output.pii) {
      out.pii.emplace(name, reason);
    }
    if (out.every_because.empty()) {
      out.every_because = output.every_because;
    }
    if (out.every_relation.empty()) {
      out.every_relation = output.every_relation;
    } else if (!output.every_relation.empty() && out.every_because.empty()) {
      out.every_because = output.every_relation + ".*";
    }
  }
  return out;
}

Shape rename(Shape shape, const std::vector<std::string>& names) {
  std::size_t next = 0;
  for (std::size_t i = 0; i < shape.size() && next < names.size(); ++i) {
    if (!shape[i].star) {
      shape[i].name = names[next++];
      shape[i].named = true;
      continue;
    }
    // Names fall on a run of columns whose order is unknown: any of its PII
    // (or of what follows) may end up under any name.
    const Shape rest(shape.begin() + static_cast<std::ptrdiff_t>(i), shape.end());
    Output run = blur(rest);
    widen(run, first_reason(rest));
    shape.resize(i);
    shape.push_back(std::move(run));
    break;
  }
  return shape;
}

Shape union_positions(Shape left, const Shape& right) {
  if (aligned(left, right)) {
    for (std::size_t i = 0; i < left.size(); ++i) {
      if (!(left[i] == right[i])) {
        widen(left[i], any_reason(right[i]));
      }
    }
    return left;
  }
  // Positions cannot be paired: any PII of `right` may land anywhere.
  const std::string reason = first_reason(right);
  for (Output& output : left) {
    widen(output, reason);
  }
  return left;
}

Shape without_column(Shape shape, const std::string& column) {
  const std::string name = lower(column);
  for (auto it = shape.begin(); it != shape.end(); ++it) {
    if (!it->star && same_name(it->name, name)) {
      shape.erase(it);
      return shape;
    }
    if (it->star && it->columns && it->columns->contains(name)) {
      it->columns->erase(name);
      it->pii.erase(name);
      return shape;
    }
  }
  return shape; // in a run of unknown columns, or nowhere
}

void check_size(const Shape& shape) {
  if (shape.size() > k_max_outputs) {
    throw NotUnderstood("more than " + std::to_string(k_max_outputs) + " outputs");
  }
}

} // namespace steward::sql::detail
