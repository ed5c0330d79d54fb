// The statement a SQL command works on: its one argument, or --file.

#include "bot/cli/sql_input.hpp"

#include <fstream>

namespace steward::cli {
namespace {

constexpr std::size_t k_max_file_bytes = 1 << 20;

} // namespace

Result<std::string> sql_statement_of(const Args& args, std::string_view command) {
  auto file = args.value("file");
  if (file && !args.positional.empty()) {
    return fail("--file", "give the SQL either as an argument or with --file, not both");
  }
  if (!file) {
    if (args.positional.size() != 1) {
      return fail("SQL",
                  args.positional.empty()
                      ? "missing: steward " + std::string(command) + " \"SELECT ...\" or --file query.sql"
                      : "expected one SQL argument in quotes, got " + std::to_string(args.positional.size()));
    }
    return args.positional.front();
  }
  std::ifstream in(*file, std::ios::binary);
  if (!in) {
    return fail("--file", *file + ": cannot read it");
  }
  std::string text(k_max_file_bytes + 1, '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));
  if (text.size() > k_max_file_bytes) {
    return fail("--file", *file + ": larger than 1 MiB");
  }
  return text;
}

} // namespace steward::cli
