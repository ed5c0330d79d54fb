#include "core/dbt/run_results.hpp"

namespace steward::dbt {

bool RunResult::is_problem() const {
  return status == "error" || status == "fail" || status == "runtime error" || status == "warn";
}

} // namespace steward::dbt
