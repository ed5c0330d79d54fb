// Failures of a run joined with the project, routing from meta, the decision
// per incident, and the alert message.
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/alerts/alert.hpp"
#include "core/alerts/evidence.hpp"
#include "core/alerts/failure.hpp"
#include "core/alerts/plan.hpp"
#include "core/alerts/run.hpp"
#include "core/answer/text.hpp"
#include "core/dbt/artifacts.hpp"
#include "core/dbt/loader.hpp"
#include "tests/support/fixtures.hpp"
#include "tests/support/temp_dir.hpp"

namespace steward::alerts {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using testing::dbt_fixture;

std::string read(const std::filesystem::path& path) {
  auto text = dbt::read_file(path);
  return text ? *text : std::string();
}

void write(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

std::string run_results(const std::string& invocation, const json& results) {
  return json{{"metadata",
               {{"dbt_schema_version", "https://schemas.getdbt.com/dbt/run-results/v6.json"},
                {"dbt_version", "1.8.0"},
                {"generated_at", "2026-11-24T06:00:00Z"},
                {"invocation_id", invocation}}},
              {"results", results},
              {"elapsed_time", 1.5},
              {"args", {{"which", "build"}}}}
      .dump();
}

json result(const std::string& id, const std::string& status, std::optional<long long> failures = {}) {
  json out = {{"unique_id", id},
              {"status", status},
              {"message", "Got 3 results, configured to fail if != 0"},
              {"timing", json::array()},
              {"thread_id", "Thread-1"},
              {"execution_time", 0.2},
              {"adapter_response", json::object()}};
  out["failures"] = failures ? json(*failures) : json();
  return out;
}

TEST(AlertRunTest, RealFailingRunResultsBecomeFailuresOnTheirModelAndColumn) {
  STEWARD_REQUIRE_FIXTURES();
  const auto dir = dbt_fixture("openlineage/no_test_metadata");
  auto run = parse_run(read(dir / "run_results.json"), "run_results.json");
  ASSERT_TRUE(run) << run.error().to_string();
  EXPECT_EQ(run->invocation_id, "ebb384bf-f2f3-4303-bb1b-98b1daa6d2d4");
  EXPECT_EQ(run->kind, RunKind::results);
  auto project = dbt::load_project(dir / "manifest.json");
  ASSERT_TRUE(project) << project.error().to_string();
  const auto failures = failures_of(*run, *project, {"fail", "error"});
  ASSERT_EQ(failures.size(), 2U);
  EXPECT_EQ(failures[0].test_name, "unique");
  EXPECT_EQ(failures[0].column, "customer_id");
  EXPECT_EQ(failures[0].model, "model.jaffle_shop.customers");
  EXPECT_EQ(failures[0].model_name, "customers");
  EXPECT_EQ(failures[0].outcome.failures, 1);
  EXPECT_EQ(failures[1].test_name, "not_null");
  EXPECT_TRUE(failures[1].known);
  EXPECT_TRUE(failures_of(*run, *project, {"warn"}).empty()) << "statuses filter the failures";
  const json summary = json::parse(run->summary_json());
  EXPECT_EQ(summary["counts"]["fail"], 2);
  EXPECT_EQ(summary["problems"].size(), 2U);
}

TEST(AlertRunTest, AModelErrorIsAFailureOfTheModelItself) {
  STEWARD_REQUIRE_FIXTURES();
  const auto dir = dbt_fixture("openlineage/fail");
  auto run = parse_run(read(dir / "run_results.json"), "run_results.json");
  ASSERT_TRUE(run) << run.error().to_string();
  auto project = dbt::load_project(dir / "manifest.json");
  ASSERT_TRUE(project);
  const auto failures = failures_of(*run, *project, {"error"});
  ASSERT_EQ(failures.size(), 1U);
  EXPECT_EQ(failures[0].kind, FailureKind::model);
  EXPECT_EQ(failures[0].model, failures[0].outcome.node);
  EXPECT_NE(failures[0].outcome.message.find("Database Error"), std::string::npos);
}

TEST(AlertRunTest, SourcesJsonIsAFreshnessRun) {
  STEWARD_REQUIRE_FIXTURES();
  auto run =
      parse_run(read(dbt_fixture("brooklyn-dbt-artifacts/source_freshness/sources.json")), "sources.json");
  ASSERT_TRUE(run) << run.error().to_string();
  EXPECT_EQ(run->kind, RunKind::freshness);
  EXPECT_FALSE(run->invocation_id.empty());
  ASSERT_FALSE(run->outcomes.empty());
  EXPECT_EQ(run->outcomes[0].node.rfind("source.", 0), 0U);
}

TEST(AlertRunTest, BrokenDocumentsAreRefusedWithTheReason) {
  auto broken = parse_run("{\"metadata\": {", "hook");
  ASSERT_FALSE(broken);
  EXPECT_EQ(broken.error().key, "hook");
  auto other = parse_run(R"({"metadata": {"invocation_id": "x"}, "nodes": {}})", "body");
  ASSERT_FALSE(other);
  EXPECT_NE(other.error().reason.find("not a dbt run_results.json"), std::string::npos);
  auto anonymous = parse_run(run_results("", json::array({result("model.a.b", "error")})), "f");
  ASSERT_FALSE(anonymous);
  EXPECT_NE(anonymous.error().reason.find("invocation_id"), std::string::npos);
}

/// A tiny project whose model and test carry Elementary-style meta.
class AlertRoutingTest : public ::testing::Test {
protected:
  void SetUp() override {
    write(m_dir.path() / "dbt_project.yml", "name: tiny\nversion: '1.0'\nprofile: tiny\n");
    write(m_dir.path() / "models/orders.sql",
          "select c.id, 'x' as status\nfrom {{ ref('customers') }} as c\n");
    write(m_dir.path() / "models/customers.sql", "select 1 as id\n");
    write(m_dir.path() / "models/schema.yml", R"(version: 2
models:
  - name: orders
    meta:
      channel: "#finance-alerts"
      owner: "ann@shop.example, @bob"
      subscribers: ["U0CAROL"]
      alert_suppression_interval: 6
    columns:
      - name: id
        data_tests:
          - not_null:
              config:
                meta:
                  alerts_config:
                    channel: data-quality
                    owner: S0GROUP
      - name: status
        data_tests:
          - accepted_values:
              values: ["placed", "shipped"]
  - name: customers
    columns:
      - name: id
        data_tests:
          - unique
)");
    auto project = dbt::load_project(m_dir.path());
    ASSERT_TRUE(project) << project.error().to_string();
    m_project.emplace(std::move(*project));
  }

  std::string test_id(std::string_view prefix) {
    for (const dbt::Node& node : m_project->nodes()) {
      if (node.type == dbt::ResourceType::test && node.name.substr(0, prefix.size()) == prefix) {
        return std::string(node.unique_id);
      }
    }
    ADD_FAILURE() << "no test named " << prefix;
    return {};
  }

  Failure only_failure(const std::string& id, const std::string& status = "fail") {
    auto run = parse_run(run_results("inv-1", json::array({result(id, status, 3)})), "r");
    EXPECT_TRUE(run);
    auto failures = failures_of(*run, *m_project, {"fail", "error", "warn"});
    EXPECT_EQ(failures.size(), 1U);
    return failures.empty() ? Failure{} : failures[0];
  }

  testing::TempDir m_dir;
  std::optional<dbt::Project> m_project;
};

TEST_F(AlertRoutingTest, TheTestsMetaWinsOverTheModels) {
  const Failure failure = only_failure(test_id("not_null_orders_id"));
  EXPECT_EQ(failure.model_name, "orders");
  const Route route = route_of(failure, *m_project, "dbt-alerts");
  EXPECT_EQ(route.channel, "data-quality");
  EXPECT_EQ(route.owners, (std::vector<std::string>{"S0GROUP"}));
  EXPECT_EQ(route.subscribers, (std::vector<std::string>{"U0CAROL"}))
      << "keys the test lacks come from the model";
  EXPECT_EQ(route.suppression, std::chrono::seconds(6h));
}

TEST_F(AlertRoutingTest, TheModelsMetaRoutesItsTestsAndOwnersSplitOnCommas) {
  const Failure failure = only_failure(test_id("accepted_values_orders_status"));
  EXPECT_EQ(failure.test_name, "accepted_values");
  EXPECT_NE(failure.test_params.find("placed"), std::string::npos);
  const Route route = route_of(failure, *m_project, "dbt-alerts");
  EXPECT_EQ(route.channel, "finance-alerts") << "the # is dropped";
  EXPECT_EQ(route.owners, (std::vector<std::string>{"ann@shop.example", "@bob"}));
}

TEST_F(AlertRoutingTest, WithoutMetaTheDefaultChannelAndNoOwners) {
  const Failure failure = only_failure(test_id("unique_customers_id"));
  const Route route = route_of(failure, *m_project, "dbt-alerts");
  EXPECT_EQ(route.channel, "dbt-alerts");
  EXPECT_TRUE(route.owners.empty());
  EXPECT_FALSE(route.suppression);
}

TEST_F(AlertRoutingTest, ANodeTheProjectDoesNotKnowStillAlerts) {
  const Failure failure = only_failure("test.tiny.gone_test.abc", "error");
  EXPECT_FALSE(failure.known);
  EXPECT_EQ(failure.name, "abc");
  EXPECT_EQ(route_of(failure, *m_project, "dbt-alerts").channel, "dbt-alerts");
}

store::Incident incident(store::IncidentState state, std::string last_run, bool alerted,
                         store::TimePoint alerted_at = {}) {
  store::Incident out;
  out.id = 7;
  out.state = state;
  out.last_run = std::move(last_run);
  if (alerted) {
    out.message = store::MessageRef{"slack", "T1", "C1", "1.2"};
    out.alerted_at = alerted_at;
  }
  return out;
}

TEST(AlertPlanTest, EachStateOfTheIncidentGivesItsStep) {
  const store::TimePoint now = store::TimePoint(1000h);
  const AlertSettings settings;
  const Route route;
  EXPECT_EQ(decide(std::nullopt, "r2", route, settings, now), Step::post);
  EXPECT_EQ(decide(incident(store::IncidentState::open, "r2", true, now), "r2", route, settings, now),
            Step::quiet)
      << "a redelivered run says nothing twice";
  EXPECT_EQ(decide(incident(store::IncidentState::open, "r2", false), "r2", route, settings, now), Step::post)
      << "a retried job posts the alert the first attempt did not";
  EXPECT_EQ(decide(incident(store::IncidentState::muted, "r1", true, now), "r2", route, settings, now),
            Step::quiet);
  auto snoozed = incident(store::IncidentState::open, "r1", true, now - 1h);
  snoozed.snoozed_until = now + 1h;
  EXPECT_EQ(decide(snoozed, "r2", route, settings, now), Step::quiet);
  snoozed.snoozed_until = now - 1min;
  EXPECT_EQ(decide(snoozed, "r2", route, settings, now), Step::update) << "an expired snooze alerts again";
  EXPECT_EQ(decide(incident(store::IncidentState::open, "r1", true, now - 25h), "r2", route, settings, now),
            Step::post)
      << "past the suppression interval a reminder is posted";
  Route hourly;
  hourly.suppression = 1h;
  EXPECT_EQ(decide(incident(store::IncidentState::open, "r1", true, now - 2h), "r2", hourly, settings, now),
            Step::post)
      << "meta alert_suppression_interval overrides the default";
  EXPECT_TRUE(resolves(incident(store::IncidentState::acknowledged, "r1", true)));
  EXPECT_FALSE(resolves(incident(store::IncidentState::muted, "r1", true)));
}

Alert sample_alert() {
  Alert alert;
  alert.failure.kind = FailureKind::test;
  alert.failure.outcome =
      NodeOutcome{"test.shop.not_null_orders_id.1", "fail", "Got 3 results", 3, "", "", 0.1};
  alert.failure.name = "not_null_orders_id";
  alert.failure.test_name = "not_null";
  alert.failure.model = "model.shop.orders";
  alert.failure.model_name = "orders";
  alert.failure.column = "id";
  alert.failure.test_params = R"({"values":["a"]})";
  alert.route.channel = "finance";
  alert.route.owners = {"ann@shop.example"};
  alert.route.suppression = 6h;
  alert.owners = {"<@U0ANN>"};
  alert.downstream = {"fct_orders", "a", "b", "c", "d", "e", "f"};
  alert.impact = "7 models downstream";
  alert.sample = "id\n--\nnull";
  alert.run_id = "inv-9";
  return alert;
}

TEST(AlertRenderTest, AnOpenAlertNamesWhatFailedWhoOwnsItAndOffersTheActions) {
  AlertStatus status{42, store::IncidentState::open, 2, "2026-11-23 06:00 UTC", "", "", {}};
  const answer::Answer shown = render_alert(sample_alert(), status);
  EXPECT_EQ(shown.summary, "Failure: \"not_null\" test failed on orders.id");
  std::vector<std::string> actions;
  std::string text;
  for (const answer::Block& block : shown.blocks) {
    if (const auto* buttons = std::get_if<answer::Actions>(&block)) {
      for (const answer::Button& button : buttons->buttons) {
        actions.push_back(button.action);
        EXPECT_EQ(button.value, "42");
      }
    } else if (const auto* fields = std::get_if<answer::Fields>(&block)) {
      for (const auto& [label, value] : fields->items) {
        text += label + "=" + value + "\n";
      }
    } else if (const auto* paragraph = std::get_if<answer::Paragraph>(&block)) {
      text += paragraph->markdown + "\n";
    } else if (const auto* context = std::get_if<answer::Context>(&block)) {
      text += context->text + "\n";
    } else if (const auto* code = std::get_if<answer::Code>(&block)) {
      text += code->text + "\n";
    }
  }
  EXPECT_EQ(actions, (std::vector<std::string>{"steward.investigate", "steward.propose", "steward.snooze",
                                               "steward.mute"}));
  EXPECT_NE(text.find("Owners=<@U0ANN>"), std::string::npos) << text;
  EXPECT_NE(text.find("3 failing rows"), std::string::npos) << text;
  EXPECT_NE(text.find("failed in 2 runs since 2026-11-23"), std::string::npos) << text;
  EXPECT_NE(text.find("and 2 more"), std::string::npos) << "five downstream names, then a count: " << text;
  EXPECT_NE(text.find("id\n--\nnull"), std::string::npos) << text;
}

TEST(AlertRenderTest, AResolvedAlertSaysSoAndHasNoButtons) {
  AlertStatus status{42, store::IncidentState::resolved, 1, "", "2026-11-24 07:00 UTC", "", {}};
  const answer::Answer shown = render_alert(sample_alert(), status);
  EXPECT_EQ(shown.summary.rfind("Resolved: ", 0), 0U);
  bool banner = false;
  for (const answer::Block& block : shown.blocks) {
    EXPECT_FALSE(std::holds_alternative<answer::Actions>(block));
    if (const auto* paragraph = std::get_if<answer::Paragraph>(&block)) {
      banner = banner || paragraph->markdown.find("Resolved** at 2026-11-24 07:00 UTC") != std::string::npos;
    }
  }
  EXPECT_TRUE(banner);
}

TEST(AlertRenderTest, TheDetailsKeepEverythingTheMessageNeeds) {
  const Alert alert = sample_alert();
  auto back = alert_from_details(to_details(alert));
  ASSERT_TRUE(back) << back.error().to_string();
  EXPECT_EQ(back->failure.outcome.failures, 3);
  EXPECT_EQ(back->failure.column, "id");
  EXPECT_EQ(back->route.suppression, std::chrono::seconds(6h));
  EXPECT_EQ(back->owners, alert.owners);
  EXPECT_EQ(back->downstream, alert.downstream);
  EXPECT_EQ(to_details(*back), to_details(alert));
  EXPECT_FALSE(alert_from_details("{\"title\": 1}"));
  EXPECT_FALSE(alert_from_details("not json"));
}

TEST(AlertRenderTest, AGroupListsEachFailureWithItsIncident) {
  Alert second = sample_alert();
  second.failure.name = "unique_orders_id";
  std::vector<std::pair<Alert, AlertStatus>> alerts{
      {sample_alert(), AlertStatus{1, store::IncidentState::open, 1, "", "", "", {}}},
      {second, AlertStatus{2, store::IncidentState::resolved, 1, "", "", "", {}}}};
  const answer::Answer shown = render_group(alerts, "inv-9");
  EXPECT_EQ(shown.summary, "2 dbt failures in one run (1 open)");
  const auto& list = std::get<answer::ListBlock>(shown.blocks[1]);
  ASSERT_EQ(list.items.size(), 2U);
  EXPECT_NE(list.items[0].find("(#1)"), std::string::npos);
  EXPECT_EQ(list.items[1].rfind("✅", 0), 0U) << list.items[1];
}

TEST_F(AlertRoutingTest, EvidenceNamesTheUpstreamTheFilesAndTheSql) {
  Alert alert;
  alert.failure = only_failure(test_id("accepted_values_orders_status"));
  alert.impact = "nothing downstream";
  const Evidence evidence = gather_evidence(alert, *m_project);
  EXPECT_EQ(evidence.upstream, (std::vector<std::string>{"`customers` (model)"}));
  EXPECT_NE(std::find(evidence.files.begin(), evidence.files.end(), "models/orders.sql"),
            evidence.files.end());
  EXPECT_NE(std::find(evidence.files.begin(), evidence.files.end(), "models/schema.yml"),
            evidence.files.end());
  EXPECT_NE(evidence.raw_code.find("ref('customers')"), std::string::npos) << evidence.raw_code;
  EXPECT_TRUE(evidence.problems.empty()) << "no results loaded, so no problems upstream";

  std::vector<answer::Choice> choices;
  Evidence with_changes = evidence;
  with_changes.changes.push_back({"0123456789abcdef", "Ann <ann@shop.example>", "2026-11-20T10:00:00+00:00",
                                  "orders: new status values"});
  const std::string text = answer::render_text(render_evidence(alert, with_changes), choices);
  EXPECT_NE(text.find("01234567"), std::string::npos) << text;
  EXPECT_NE(text.find("orders: new status values"), std::string::npos) << text;
  EXPECT_NE(text.find("customers"), std::string::npos) << text;
  const std::string bare = answer::render_text(render_evidence(alert, evidence), choices);
  EXPECT_NE(bare.find("No commits touch these files"), std::string::npos) << bare;
  EXPECT_NE(evidence_text(alert, with_changes).find("orders: new status values"), std::string::npos);
}

} // namespace
} // namespace steward::alerts
