// The SQL guard on PostgreSQL's parser: every statement of the hostile
// corpus (tests/data/sql/hostile.txt) is rejected for its stated reason;
// analytic reads (joins, window functions, CTEs, aggregates, set operations)
// pass and report the relations they read; CTE names shadow tables only in
// their own scope; the row-limit wrapper cannot be escaped by a comment.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/sql/guard.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/sql_corpus.hpp"

namespace steward::sql {
namespace {

using steward::testing::hostile_corpus;
using Case = steward::testing::HostileCase;

Policy shop_policy() {
  Policy policy;
  policy.relations = {"public.orders", "public.customers", "analytics.fct_orders"};
  return policy;
}

TEST(SqlGuard, EveryHostileStatementIsRejectedForItsReason) {
  std::vector<Case> cases = hostile_corpus();
  ASSERT_GE(cases.size(), 150U) << "the corpus is read from tests/data/sql/hostile.txt";
  for (const Case& c : cases) {
    std::optional<Rejection> rejected = check(c.statement, shop_policy());
    ASSERT_TRUE(rejected.has_value()) << "hostile.txt:" << c.line << " passed the guard:\n" << c.statement;
    EXPECT_EQ(reason_name(rejected->reason), c.expect)
        << "hostile.txt:" << c.line << ": " << rejected->message << "\n"
        << c.statement;
    EXPECT_FALSE(rejected->message.empty());
  }
}

TEST(SqlGuard, AnalyticReadsPassAndNameWhatTheyRead) {
  const std::vector<std::string> reads = {
      "select * from orders",
      "SELECT id, amount FROM public.orders WHERE amount > 10 ORDER BY amount DESC LIMIT 5;",
      "select c.id, count(o.id) as n, sum(o.amount) from customers c left join orders o on o.customer_id = "
      "c.id "
      "group by c.id having count(*) > 1",
      "with recent as (select * from orders where ordered_at > now() - interval '7 days') "
      "select date_trunc('day', ordered_at) d, count(*) from recent group by 1 order by 1",
      "select id, amount, sum(amount) over (partition by customer_id order by ordered_at rows between "
      "unbounded "
      "preceding and current row) as running, row_number() over w, lag(amount) over w from orders "
      "window w as (partition by customer_id order by ordered_at)",
      "select percentile_cont(0.5) within group (order by amount) from analytics.fct_orders",
      "select customer_id from orders union select id from customers except select 0",
      "with recursive n(i) as (select 1 union all select i + 1 from n where i < 10) select sum(i) from n",
      "values (1, 'a'), (2, 'b')",
      "select id from orders where status similar to '(shipped|completed)' and note is normalized",
      "select id from orders where (ordered_at, shipped_at) overlaps (date '2023-01-01', date '2023-02-01')",
      "table orders",
      "explain select * from orders",
      "explain (format json, costs off) select count(*) from orders",
      "select extract(year from ordered_at), coalesce(amount, 0)::numeric(10,2), nullif(status, ''), "
      "greatest(1, 2), case when amount > 0 then 'paid' else 'free' end from orders",
      "select o.* from orders o where exists (select 1 from customers c where c.id = o.customer_id)",
      "select jsonb_build_object('id', id) ->> 'id', to_char(ordered_at, 'YYYY-MM') from orders",
      "select * from orders -- trailing comment",
      "select 'a;b' as text, $$ ; $$ as dollars from orders",
      "select * from generate_series(1, 3) g(i) join orders on orders.id = g.i",
      "select current_date, current_timestamp, localtime",
      "select substring('abc' from 2 for 1), position('b' in 'abc'), trim(both ' ' from ' x '), "
      "overlay('abc' placing 'x' from 2)",
      "select count(distinct customer_id) filter (where amount > 0) from orders",
      "select * from orders, lateral (select amount * 2 as doubled) d",
      "select ordered_at at time zone 'UTC' from orders",
      "SELECT \"id\" FROM \"orders\"",
  };
  for (const std::string& read : reads) {
    Checked checked;
    std::optional<Rejection> rejected = check(read, shop_policy(), &checked);
    EXPECT_FALSE(rejected.has_value())
        << read << "\n"
        << (rejected ? std::string(reason_name(rejected->reason)) + ": " + rejected->message : "");
  }
  Checked checked;
  ASSERT_FALSE(check("select c.id from customers c join analytics.fct_orders f on f.customer_id = c.id",
                     shop_policy(), &checked));
  EXPECT_EQ(checked.kind, "select");
  EXPECT_EQ(checked.relations, (std::set<Relation>{{"", "customers"}, {"analytics", "fct_orders"}}));
}

TEST(SqlGuard, CteNamesHideTablesOnlyInTheirOwnScope) {
  Checked checked;
  // `secrets` is the CTE here, so nothing outside the allow-list is read.
  ASSERT_FALSE(
      check("with secrets as (select * from orders) select * from secrets", shop_policy(), &checked));
  EXPECT_EQ(checked.relations, (std::set<Relation>{{"", "orders"}}));
  // The CTE of a subquery does not hide the real table outside it.
  auto rejected =
      check("select * from (with secrets as (select 1) select * from secrets) a, secrets", shop_policy());
  ASSERT_TRUE(rejected);
  EXPECT_EQ(rejected->reason, Reason::relation_not_allowed);
  EXPECT_NE(rejected->message.find("`secrets`"), std::string::npos) << rejected->message;
}

TEST(SqlGuard, RejectionsSayWhereAndWhat) {
  auto syntax = check("SELECT * FROM orders WHERE", shop_policy());
  ASSERT_TRUE(syntax);
  EXPECT_EQ(syntax->reason, Reason::parse_error);
  EXPECT_EQ(syntax->position, 27) << "just past the end, where the parser gave up: " << syntax->message;
  EXPECT_NE(syntax->message.find("syntax"), std::string::npos);

  auto sleep = check("SELECT id, pg_sleep(1) FROM orders", shop_policy());
  ASSERT_TRUE(sleep);
  EXPECT_EQ(sleep->position, 12) << "the 1-based offset of the call";
  EXPECT_NE(sleep->message.find("`pg_sleep`"), std::string::npos) << sleep->message;

  auto two = check("SELECT 1; SELECT 2", shop_policy());
  ASSERT_TRUE(two);
  EXPECT_NE(two->message.find("2 statements"), std::string::npos) << two->message;

  auto copy = check("COPY orders TO STDOUT", shop_policy());
  ASSERT_TRUE(copy);
  EXPECT_NE(copy->message.find("COPY is not a read"), std::string::npos) << copy->message;
}

TEST(SqlGuard, SizeAndNestingAreBoundedBeforeParsing) {
  Policy policy = shop_policy();
  std::string long_query = "select 1 as x" + std::string(policy.max_bytes, ' ');
  EXPECT_EQ(check(long_query, policy)->reason, Reason::too_long);
  std::string deep = "select " + std::string(5000, '(') + "1" + std::string(5000, ')');
  EXPECT_EQ(check(deep, policy)->reason, Reason::too_deep);
  std::string fine = "select " + std::string(50, '(') + "1" + std::string(50, ')') + " from orders";
  EXPECT_FALSE(check(fine, policy)) << "ordinary nesting passes";
  EXPECT_EQ(check(std::string("select 1\0; drop table orders", 28), policy)->reason, Reason::parse_error);
}

TEST(SqlGuard, WithoutAnAllowListAnyNonSystemRelationPasses) {
  Policy open;
  EXPECT_FALSE(check("select * from anything.at_all", open));
  EXPECT_EQ(check("select * from pg_catalog.pg_class", open)->reason, Reason::system_catalog);
  open.extra_functions = {"my_schema.fiscal_quarter"};
  EXPECT_FALSE(check("select my_schema.fiscal_quarter(now())", open));
  EXPECT_EQ(check("select fiscal_quarter(now())", open)->reason, Reason::function_not_allowed);
  Policy by_schema;
  by_schema.schemas = {"analytics"};
  EXPECT_FALSE(check("select * from analytics.whatever", by_schema));
  EXPECT_EQ(check("select * from staging.whatever", by_schema)->reason, Reason::relation_not_allowed);
}

TEST(SqlGuard, TheLimitWrapperHoldsWhateverTheStatementEndsWith) {
  Checked checked;
  ASSERT_FALSE(check("select * from orders limit 100000; -- a comment", shop_policy(), &checked));
  EXPECT_EQ(checked.statement, "select * from orders limit 100000");
  std::string wrapped = wrap_with_limit(checked, 100);
  EXPECT_EQ(wrapped, "SELECT * FROM (\nselect * from orders limit 100000\n) AS steward_limited LIMIT 100");
  // The wrapped text is itself one allowed read.
  Checked again;
  EXPECT_FALSE(check(wrapped, shop_policy(), &again));

  ASSERT_FALSE(check("select * from orders -- no newline at the end", shop_policy(), &checked));
  wrapped = wrap_with_limit(checked, 5);
  Checked inner;
  ASSERT_FALSE(check(wrapped, shop_policy(), &inner)) << wrapped;
  EXPECT_TRUE(wrapped.ends_with("LIMIT 5")) << wrapped;

  ASSERT_FALSE(check("explain select * from orders", shop_policy(), &checked));
  EXPECT_EQ(wrap_with_limit(checked, 5), "explain select * from orders") << "a plan is not wrapped";
}

TEST(SqlGuard, DeepExpressionsUnderTheByteLimitAreRefusedNotACrash) {
  // No parentheses, so the pre-parse count does not catch it; the parse tree
  // is 14,000 levels deep.
  std::string chain = "select 1";
  while (chain.size() < 98'000) {
    chain += " || 'x'";
  }
  std::optional<Rejection> rejected = check(chain, Policy{});
  ASSERT_TRUE(rejected.has_value());
  EXPECT_EQ(reason_name(rejected->reason), "too_deep");
  std::string sum = "select 0";
  for (int i = 0; i < 300; ++i) {
    sum += " + " + std::to_string(i);
  }
  EXPECT_FALSE(check(sum + " as total", Policy{}).has_value()) << "a long but ordinary expression passes";
}

} // namespace
} // namespace steward::sql
