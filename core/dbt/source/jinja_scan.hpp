#pragma once

// Internal to the source-tree parser: a fast, tolerant scanner that finds what
// dbt's parse-time rendering would see in a Jinja (or Python) file: every call
// (`ref`, `source`, `config`, `var`, macro calls) with its arguments, `set` and
// `for` bindings, and `macro`/`test`/`docs`/`snapshot` blocks.
//
// It does not execute Jinja: both branches of an `{% if %}` count, and loops
// are not unrolled (a `for` over a literal list binds every item instead).
// `{# comments #}` and `{% raw %}` blocks are skipped; SQL `--` comments are
// not, because dbt renders Jinja inside them too.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/dbt/source/jinja_lexer.hpp"

namespace steward::dbt::source {

/// One argument or bound value, reduced to what dependency discovery needs.
struct Expr {
  enum class Kind : std::uint8_t { string, number, boolean, none, name, call, list, dict, other };
  Kind kind = Kind::other;
  std::string text;        ///< string value, number text, dotted name, `True`/`False`
  std::vector<Expr> items; ///< list items; for a dict, keys and values alternating
  std::int32_t call = -1;  ///< index into `Template::calls` when `kind` is `call`
  std::uint32_t begin = 0; ///< source range of the whole expression
  std::uint32_t end = 0;
};

/// A call `callee(args...)` found in a tag.
struct Call {
  std::string callee;       ///< dotted name (`ref`, `dbt_utils.star`); empty for `f(...)(...)`
  std::int32_t target = -1; ///< for `f(...)(...)`: the call whose result is called
  std::vector<Expr> args;
  std::vector<std::string> keywords; ///< parallel to `args`; empty for positional ones
  std::uint32_t offset = 0;
  bool filter = false; ///< a filter (`x | map('lower')`), never a macro
};

/// `{% set name = value %}` or `{% for name in value %}`.
struct Binding {
  std::string name;
  Expr value;
  std::uint32_t offset = 0;
  bool loop = false; ///< a `for` binding: the name takes each item of `value`
};

/// A `{% macro %}`, `{% test %}`, `{% materialization %}`, `{% docs %}` or
/// `{% snapshot %}` block; `body_begin`..`body_end` is the text between tags.
struct Block {
  enum class Kind : std::uint8_t { macro, test, materialization, docs, snapshot };
  Kind kind = Kind::macro;
  std::string name;
  std::vector<std::string> params;
  std::vector<Expr> defaults; ///< parallel to `params`; `Kind::other` with an empty range when none
  std::uint32_t begin = 0;    ///< offset of the opening tag
  std::uint32_t body_begin = 0;
  std::uint32_t body_end = 0;
};

/// A `{% for %}` loop: its body runs once per item of `iterable`; the
/// optional `{% else %}` part (from `else_begin`) runs when there is none.
struct Loop {
  Expr iterable;
  std::uint32_t body_begin = 0;
  std::uint32_t else_begin = 0; ///< equals `body_end` without an `{% else %}`
  std::uint32_t body_end = 0;
};

/// What a scan found, in source order. Offsets index the scanned text.
struct Template {
  std::vector<Call> calls;
  std::vector<Binding> bindings;
  std::vector<Block> blocks;
  std::vector<Loop> loops;
  std::uint32_t size = 0;

  /// True when `offset` lies inside the body of one of `blocks`.
  [[nodiscard]] bool in_block(std::uint32_t offset) const;
};

/// How to read the text: a Jinja template (`.sql`, `.md`), a Python model, or
/// a bare Jinja expression (`ref('x')` in an exposure's `depends_on`).
enum class Language : std::uint8_t { jinja, python, expression };

/// Scans `text`. Never fails: unbalanced tags, stray quotes and deep nesting
/// are read as far as they make sense. Texts over 4 GiB are cut.
Template scan_template(std::string_view text, Language language = Language::jinja);

} // namespace steward::dbt::source
