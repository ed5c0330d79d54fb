#include "core/router/router.hpp"

namespace steward::router {

answer::Answer help() {
  answer::Answer answer;
  answer.summary =
      "Ask me what a model is, who owns it, where its data comes from, what depends on it, how it is tested "
      "or what failed in the last run.";
  answer.blocks.emplace_back(answer::Header{"Ask Steward about your dbt project"});
  answer.blocks.emplace_back(answer::Paragraph{
      "I answer from the project's manifest, YAML and docs: what a model or column means, who owns it, "
      "where its data comes from, what depends on it, how two models are connected, which models have a "
      "column, how they are tested and what failed in the last dbt run."});
  answer.blocks.emplace_back(answer::Paragraph{"**Try asking**"});
  answer.blocks.emplace_back(answer::ListBlock{{
      "what is `fct_orders`?",
      "who owns `dim_customers`?",
      "what columns does `fct_orders` have?",
      "where does `fct_orders.amount` come from?",
      "which models have `customer_id`?",
      "what feeds `dim_customers`? and downstream?",
      "how does `stg_orders` get to `fct_revenue`?",
      "is `stg_payments` upstream of `fct_orders`?",
      "what breaks if I change `stg_payments`?",
      "how is `fct_orders` tested?",
      "what failed last night and why?",
      "what does the finance team own?",
      "find customer lifetime value",
      "stats",
  }});
  answer.blocks.emplace_back(answer::Paragraph{"**Slash command**"});
  answer.blocks.emplace_back(answer::ListBlock{{
      "`/steward ask QUESTION`: any question above",
      "`/steward lineage NODE`: what NODE depends on and what depends on it",
      "`/steward describe NODE`: description, owner, columns and tests",
      "`/steward search WORDS`: find models, sources, columns and docs",
      "`/steward sql SELECT ...`: run read-only SQL against the warehouse (when one is configured)",
      "`/steward datavault` + a spec in a code block: generate Data Vault models (`datavault draft "
      "DESCRIPTION`: "
      "the LLM writes the spec)",
      "`/steward help`: this message",
  }});
  answer.blocks.emplace_back(answer::Context{
      "Follow-ups such as “what feeds it?” are about the node we last talked about. Names may be a model "
      "name, `source.table` or a unique_id."});
  return answer;
}

} // namespace steward::router
