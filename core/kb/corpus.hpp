#pragma once

// The knowledge base: a folder of Markdown files (business rules, metric
// definitions, playbooks, glossary) that the team maintains beside the dbt
// project, split by heading into sections and indexed for retrieval.

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/util/error.hpp"

namespace steward::kb {

/// One section: the text under a heading, up to the next heading of the same
/// or a higher level (so it holds its sub-sections). Text before a file's
/// first heading is a section whose title is the file's name without its
/// extension.
struct Section {
  std::string file;  ///< path relative to the knowledge base folder, `/`-separated
  std::string title; ///< the heading's text, without `#`s
  std::string path;  ///< the headings leading to it: `Refunds > Policy`
  std::string text;  ///< the section's Markdown body (heading line excluded), trimmed
  int line = 0;      ///< 1-based line of the heading in `file`
  /// Stable digest of `path` and `text`, the embedding cache key: FNV-1a 64
  /// over `path + "\n" + text`, as 16 lower-case hex digits.
  std::string hash;
};

struct Hit {
  std::size_t section = 0; ///< index into `Corpus::sections()`
  double score = 0;        ///< higher is better; comparable within one result list only
};

/// A source file: its path relative to the folder and its content.
struct SourceFile {
  std::string path;
  std::string content;
};

/// Sections plus their BM25 index (over title, path and text, with the
/// dbt-aware tokenizer of core/search, so `customer_id` and `customers`
/// match as they do in project search). Fields are weighted title > own text
/// > the headings above > file path, a query term in a section's title adds
/// a bonus of 1.5 times its idf (so the section a heading names ranks above
/// a short one that merely repeats the word), and a section's own text is the
/// part before its first sub-heading, so a query finds the most specific
/// section rather than every section that contains it.
///
/// @par Thread safety
/// Immutable after construction; `search` may run concurrently.
class Corpus {
public:
  Corpus();

  /// Splits and indexes `files` (Markdown). Headings are ATX (`#` to `######`);
  /// `#` lines inside fenced code blocks are not headings. Sections with no
  /// text and no sub-sections are kept (a heading can be the answer). Files
  /// are ordered by path, so the result does not depend on input order.
  static Corpus from_files(std::vector<SourceFile> files);

  /// Reads every `*.md` / `*.markdown` file under `folder` (recursively,
  /// skipping dot folders and dot files; at most 2,000 files of at most 1 MiB
  /// each, more is an error) and calls `from_files`. Errors name the folder
  /// or file: `knowledge_base.path: /x/kb: not a directory`.
  static Result<Corpus> load(const std::filesystem::path& folder);

  [[nodiscard]] const std::vector<Section>& sections() const;

  /// Up to `limit` sections for `query` by BM25, best first; ties by
  /// (file, line). Empty when the query has no searchable terms.
  [[nodiscard]] std::vector<Hit> search(std::string_view query, std::size_t limit) const;

private:
  struct Data;
  std::shared_ptr<const Data> m_data;
};

/// A cheap digest of the Markdown files under `folder` (names, sizes,
/// modification times); equal digests mean nothing changed. 0 when the
/// folder does not exist.
std::uint64_t fingerprint(const std::filesystem::path& folder);

/// Reciprocal rank fusion of several rankings (each best first): each item
/// scores sum(1 / (k + rank)) over the lists it appears in (rank from 1).
/// Returns up to `limit` items, best first; ties by lower item number.
std::vector<Hit> fuse(std::span<const std::vector<Hit>> rankings, std::size_t limit, double k = 60);

/// Ranks `sections` by cosine similarity to `query` (vectors of one
/// dimension; a section whose vector is missing or of another dimension is
/// skipped). Returns up to `limit`, best first.
std::vector<Hit> rank_by_vector(std::span<const float> query,
                                std::span<const std::optional<std::vector<float>>> sections,
                                std::size_t limit);

} // namespace steward::kb
