#pragma once

#include <string>
#include <string_view>

#include "bot/cli/args.hpp"
#include "core/util/error.hpp"

namespace steward::cli {

/// The SQL of `steward COMMAND "SQL" | --file FILE`: the one positional
/// argument, or FILE's text (at most 1 MiB). Errors (keys `SQL`, `--file`)
/// are usage errors.
Result<std::string> sql_statement_of(const Args& args, std::string_view command);

} // namespace steward::cli
