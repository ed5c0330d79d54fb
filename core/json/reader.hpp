#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <simdjson.h>

#include "core/util/string_arena.hpp"

namespace steward::json {

namespace od = simdjson::ondemand;

/// Thrown by `Reader` when the document is malformed or a value has the wrong
/// type; parsers catch it at their boundary and turn it into an `Error`.
struct ReadFailure {
  std::string path;   ///< JSON path such as `$.nodes["model.a.b"].columns`
  std::string reason; ///< e.g. `expected an object, found a string`
};

/// A thin, path-tracking layer over simdjson's On-Demand API.
///
/// Readers walk a document once, front to back. Strings are decoded in place,
/// inside the document's own buffer (decoding never grows text), and returned
/// as views into it, so the caller must keep the document alive as long as it
/// uses them. Text the caller builds goes to `arena`. Every helper accepts
/// `null` where a value is optional and treats it as empty. A wrong type or a
/// malformed document throws `ReadFailure` naming the path reached so far.
class Reader {
public:
  explicit Reader(StringArena& arena) : m_arena(arena) {}

  /// Calls `visit(key, value)` for each member of the object `value`; `null` is
  /// an empty object. `key` is valid during the call only.
  template <typename Visit>
  void fields(od::value value, Visit&& visit);
  /// Calls `visit(index, value)` for each element of the array `value`; `null`
  /// is an empty array.
  template <typename Visit>
  void elements(od::value value, Visit&& visit);

  /// A string (or `null` → empty), decoded in place.
  std::string_view string(od::value value);
  /// A string, number or boolean as text (numbers as written), `null` → empty.
  std::string_view scalar(od::value value);
  /// An array of strings, or one string as a one-element list; `null` → empty.
  std::vector<std::string_view> strings(od::value value);
  /// The raw JSON text of any value (a view into the document); `null`, `{}`
  /// and `[]` give the empty string.
  std::string_view raw(od::value value);
  std::optional<double> number(od::value value);
  /// A number, or a string holding an integer; other strings give nullopt
  /// (hand-edited artifacts write `"failures": "Test failure"`).
  std::optional<long long> integer(od::value value);
  /// true/false, a number (non-zero is true) or the strings "true"/"false".
  std::optional<bool> boolean(od::value value);
  /// Copies `text` into the arena (for strings built by the caller).
  std::string_view store(std::string_view text) { return m_arena.store(text); }
  /// Reads `value` and drops it (used for keys that are not needed).
  void skip(od::value value);

  /// Fails with `reason` at the current path.
  [[noreturn]] void fail(std::string reason) const;
  /// Fails when `error` is set, naming simdjson's diagnosis.
  void check(simdjson::error_code error) const;

  /// The current path, rendered like `$.nodes["model.a"].columns[2]`.
  [[nodiscard]] std::string path() const;

  /// RAII: the path segment is removed when the scope ends.
  class Scope {
  public:
    Scope(Reader& reader, std::string_view key) : m_reader(reader) {
      reader.m_path.push_back({key, 0, true});
    }
    Scope(Reader& reader, std::size_t index) : m_reader(reader) {
      reader.m_path.push_back({{}, index, false});
    }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    Scope(Scope&&) = delete;
    Scope& operator=(Scope&&) = delete;
    ~Scope() { m_reader.m_path.pop_back(); }

  private:
    Reader& m_reader;
  };

private:
  struct Segment {
    std::string_view key;
    std::size_t index;
    bool is_key;
  };

  od::json_type type_of(od::value& value) const;
  od::object object_of(od::value& value);
  od::array array_of(od::value& value);
  std::string_view field_key(od::field& field) const;

  StringArena& m_arena;
  std::vector<Segment> m_path;
};

/// Human name of a JSON type, with its article: `an object`, `a string`.
std::string_view type_name(od::json_type type);

// --- Inline implementations ---

template <typename Visit>
void Reader::fields(od::value value, Visit&& visit) {
  if (type_of(value) == od::json_type::null) {
    skip(value);
    return;
  }
  od::object object = object_of(value);
  for (auto member : object) {
    od::field field;
    check(std::move(member).get(field));
    std::string_view key = field_key(field);
    Scope scope(*this, key);
    visit(key, field.value());
  }
}

template <typename Visit>
void Reader::elements(od::value value, Visit&& visit) {
  if (type_of(value) == od::json_type::null) {
    skip(value);
    return;
  }
  od::array array = array_of(value);
  std::size_t index = 0;
  for (auto element : array) {
    od::value item;
    Scope scope(*this, index);
    check(element.get(item));
    visit(index, item);
    ++index;
  }
}

} // namespace steward::json
