// parse_source_tree on real dbt projects (checked against what dbt wrote, or
// against the files themselves) and on small synthetic projects.

#include <fstream>
#include <random>
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include "core/dbt/source_tree.hpp"
#include "tests/support/fixtures.hpp"

namespace steward::dbt {
namespace {

namespace fs = std::filesystem;
using Edges = std::set<std::pair<std::string, std::string>>;

/// A dbt project written into a fresh temporary directory.
class TempProject {
public:
  TempProject() {
    std::random_device random;
    m_dir = fs::temp_directory_path() / ("steward_source_tree_" + std::to_string(random()));
    fs::create_directories(m_dir);
  }
  TempProject(const TempProject&) = delete;
  TempProject& operator=(const TempProject&) = delete;
  ~TempProject() {
    std::error_code ec;
    fs::remove_all(m_dir, ec);
  }

  void write(const std::string& relative, const std::string& text) const {
    fs::path path = m_dir / relative;
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
  }
  [[nodiscard]] const fs::path& dir() const { return m_dir; }

private:
  fs::path m_dir;
};

const Node* find_node(const Project& project, std::string_view unique_id) {
  if (auto id = project.find(unique_id)) {
    return &project.node(*id);
  }
  for (const auto& node : project.disabled()) {
    if (node.unique_id == unique_id) {
      return &node;
    }
  }
  return nullptr;
}

std::set<std::string> parents_of(const Project& project, std::string_view unique_id) {
  const Node* node = find_node(project, unique_id);
  return node == nullptr ? std::set<std::string>{}
                         : std::set<std::string>(node->depends_on.begin(), node->depends_on.end());
}

bool has_warning(const Project& project, std::string_view needle) {
  for (const auto& warning : project.warnings()) {
    if (warning.find(needle) != std::string::npos) {
      return true;
    }
  }
  return false;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

/// Files under `dir` whose extension is `ext`, found by walking the disk.
std::size_t count_files(const fs::path& dir, const std::string& ext) {
  std::size_t count = 0;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    count += entry.is_regular_file() && entry.path().extension() == ext ? 1 : 0;
  }
  return count;
}

std::size_t count_models(const Project& project, std::string_view package) {
  std::size_t count = 0;
  for (auto nodes : {project.nodes(), project.disabled()}) {
    for (const auto& node : nodes) {
      count += node.type == ResourceType::model && node.package_name == package ? 1 : 0;
    }
  }
  return count;
}

// --- Real projects ----------------------------------------------------------

TEST(SourceTreeFixtures, HubspotEdgesMatchTheManifest) {
  STEWARD_REQUIRE_FIXTURES();
  auto project = parse_source_tree(testing::dbt_fixture("fivetran-hubspot/source"));
  ASSERT_TRUE(project) << project.error().to_string();
  std::ifstream in(testing::dbt_fixture("fivetran-hubspot/artifacts/v12_dbt-1.11.11/manifest.json"));
  nlohmann::json manifest = nlohmann::json::parse(in);

  Edges expected_models;
  Edges expected_sources;
  std::set<std::string> expected_names;
  std::set<std::string> expected_tests;
  for (const auto& [id, node] : manifest["nodes"].items()) {
    if (starts_with(id, "test.hubspot.")) {
      expected_tests.insert(id.substr(0, id.rfind('.'))); // dbt's hash suffix is not reproducible
    }
    if (!starts_with(id, "model.hubspot.")) {
      continue;
    }
    expected_names.insert(node["name"].get<std::string>());
    for (const auto& parent : node["depends_on"]["nodes"]) {
      std::string p = parent.get<std::string>();
      if (starts_with(p, "model.hubspot.")) {
        expected_models.emplace(p, id);
      } else if (starts_with(p, "source.hubspot.hubspot.")) {
        expected_sources.emplace(p, id);
      }
    }
  }
  ASSERT_GT(expected_models.size(), 100U);
  ASSERT_GT(expected_sources.size(), 40U);

  Edges models;
  Edges sources;
  std::set<std::string> names;
  std::set<std::string> tests;
  for (const auto& node : project->nodes()) {
    std::string id(node.unique_id);
    if (node.type == ResourceType::test) {
      tests.insert(id);
    }
    if (!starts_with(id, "model.hubspot.")) {
      continue;
    }
    names.insert(std::string(node.name));
    for (std::string_view parent : node.depends_on) {
      if (starts_with(parent, "model.hubspot.")) {
        models.emplace(parent, id);
      } else if (starts_with(parent, "source.hubspot.hubspot.")) {
        sources.emplace(parent, id);
      }
    }
  }
  EXPECT_EQ(names, expected_names);
  EXPECT_EQ(models, expected_models);
  EXPECT_EQ(sources, expected_sources);
  EXPECT_EQ(tests, expected_tests);
}

TEST(SourceTreeFixtures, HubspotMacroAwareRefs) {
  STEWARD_REQUIRE_FIXTURES();
  auto project = parse_source_tree(testing::dbt_fixture("fivetran-hubspot/source"));
  ASSERT_TRUE(project) << project.error().to_string();
  // adjust_email_metrics(base_ref, ...) does ref(base_ref); the model passes
  // 'hubspot__email_sends' and has no ref() of its own to it.
  EXPECT_TRUE(parents_of(*project, "model.hubspot.hubspot__contact_lists")
                  .count("model.hubspot.hubspot__email_sends"));
  const Node* contact_lists = find_node(*project, "model.hubspot.hubspot__contact_lists");
  ASSERT_NE(contact_lists, nullptr);
  EXPECT_EQ(contact_lists->materialized, "table"); // `models: hubspot: +materialized: table`
  const Node* staging = find_node(*project, "model.hubspot.stg_hubspot__company");
  ASSERT_NE(staging, nullptr);
  EXPECT_EQ(staging->schema, "stg_hubspot"); // the more specific `staging: +schema:` wins
  EXPECT_EQ(project->project_name(), "hubspot");
  EXPECT_EQ(project->artifacts().front().kind, "source_tree");
}

TEST(SourceTreeFixtures, JaffleShopClassic) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path root = testing::dbt_fixture("jaffle-shop-classic");
  auto project = parse_source_tree(root);
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(project->count(ResourceType::model), count_files(root / "models", ".sql"));
  EXPECT_EQ(project->count(ResourceType::seed), count_files(root / "seeds", ".csv"));

  // Tests declared in the schema files, counted by walking the YAML here.
  std::size_t declared = 0;
  for (const char* file : {"models/schema.yml", "models/staging/schema.yml"}) {
    YAML::Node doc = YAML::LoadFile((root / file).string());
    for (const auto& model : doc["models"]) {
      declared += model["tests"] ? model["tests"].size() : 0;
      for (const auto& column : model["columns"]) {
        declared += column["tests"] ? column["tests"].size() : 0;
      }
    }
  }
  EXPECT_EQ(project->count(ResourceType::test), declared);

  // The docs block text, cut out of the .md file by hand.
  std::ifstream md(root / "models/docs.md");
  std::string text((std::istreambuf_iterator<char>(md)), std::istreambuf_iterator<char>());
  std::size_t open = text.find("%}", text.find("{% docs orders_status %}")) + 2;
  std::string block = text.substr(open, text.find("{% enddocs %}") - open);
  block = block.substr(block.find_first_not_of(" \n"));
  block = block.substr(0, block.find_last_not_of(" \n") + 1);
  const Node* orders = find_node(*project, "model.jaffle_shop.orders");
  ASSERT_NE(orders, nullptr);
  const Column* status = find_column(*orders, "status");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(status->description, block);
  ASSERT_NE(find_node(*project, "doc.jaffle_shop.orders_status"), nullptr);

  const std::string relationships =
      "test.jaffle_shop.relationships_orders_customer_id__customer_id__ref_customers_";
  EXPECT_EQ(parents_of(*project, relationships),
            (std::set<std::string>{"model.jaffle_shop.customers", "model.jaffle_shop.orders"}));
  const Node* test = find_node(*project, relationships);
  ASSERT_NE(test, nullptr);
  EXPECT_EQ(test->test_name, "relationships");
  EXPECT_EQ(test->column_name, "customer_id");
  EXPECT_EQ(test->attached_node, "model.jaffle_shop.orders");
  EXPECT_EQ(nlohmann::json::parse(test->test_kwargs_json)["to"], "ref('customers')");
  EXPECT_TRUE(project->warnings().empty()) << project->warnings().front();
}

TEST(SourceTreeFixtures, TuvaModelsMatchFiles) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path root = testing::dbt_fixture("tuva");
  auto project = parse_source_tree(root);
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(count_models(*project, "the_tuva_project"), count_files(root / "models", ".sql"));
  EXPECT_EQ(project->count(ResourceType::seed), count_files(root / "seeds", ".csv"));
  EXPECT_GT(project->count(ResourceType::test), 500U);
  // `data_quality: structural: +enabled: "{{ var('enable_data_quality', false) | as_bool }}"`
  // with `enable_data_quality: false` in vars.
  for (const auto& node : project->nodes()) {
    EXPECT_FALSE(node.type == ResourceType::model &&
                 starts_with(node.path, "models/data_quality/structural/"))
        << node.unique_id;
  }
}

TEST(SourceTreeFixtures, ProjectEvaluatorAndItsIntegrationProjects) {
  STEWARD_REQUIRE_FIXTURES();
  fs::path base = testing::dbt_fixture("dbt-project-evaluator");
  for (const char* folder : {"", "integration_tests", "integration_tests_2", "integration_tests_sl"}) {
    fs::path root = base / folder;
    auto project = parse_source_tree(root);
    ASSERT_TRUE(project) << project.error().to_string();
    std::string name = YAML::LoadFile((root / "dbt_project.yml").string())["name"].as<std::string>();
    EXPECT_EQ(count_models(*project, name), count_files(root / "models", ".sql")) << folder;
    if (*folder != '\0') {
      // `packages: - local: ../` brings the evaluator's own models in.
      EXPECT_EQ(count_models(*project, "dbt_project_evaluator"), count_files(base / "models", ".sql"))
          << folder;
      EXPECT_FALSE(has_warning(*project, "matches no model")) << folder;
    }
  }
}

// --- Synthetic projects -----------------------------------------------------

constexpr const char* k_project = R"y(name: shop
version: '1.0'
vars:
  flag_off: false
  flag_on: true
  customers_source: "{{ source('raw', 'customers') }}"
models:
  shop:
    +materialized: table
    +tags: ['base']
    marts:
      +materialized: view
      +schema: marts
      +tags: mart
      core:
        +materialized: incremental
        +meta: {tier: 1}
    legacy:
      +enabled: false
)y";

constexpr const char* k_sources = R"y(version: 2
sources:
  - name: raw
    schema: "{{ var('raw_schema', 'landing') }}"
    meta: {owner: data-eng}
    tables:
      - name: events
        identifier: events_v2
        columns:
          - name: id
            tests: [not_null]
      - name: customers
)y";

TEST(SourceTree, EveryRefForm) {
  TempProject p;
  p.write("dbt_project.yml", k_project);
  p.write("models/sources.yml", k_sources);
  p.write("models/a.sql", "select 1");
  p.write("models/b.sql", "select * from {{ ref('a') }}");
  p.write("models/c.sql", "{{ ref(\"b\") }} {{ ref('shop', 'a') }} {{ source('raw', 'events') }}");
  p.write("models/d.sql",
          "-- {{ ref('c') }} counts: dbt renders Jinja in SQL comments\n"
          "{# {{ ref('ghost') }} does not #}\n{% if var('x', false) %}{{ ref('b') }}{% endif %}");
  p.write("models/e.sql", "select * from {{ var('customers_source') }}");
  p.write("models/py.py", "def model(dbt, session):\n    # dbt.ref('ghost')\n"
                          "    return dbt.ref('a').union(dbt.source('raw', 'events'))\n");
  p.write("models/dim.sql", "select 2");
  p.write("models/dim_v1.sql", "select 1");
  p.write("models/dim.yml", "models:\n  - name: dim\n    versions:\n      - v: 1\n      - v: 2\n");
  p.write("models/uses_dim.sql", "{{ ref('dim') }} {{ ref('dim', v=1) }}");
  p.write("models/uses_dim_v2.sql", "{{ ref('dim', version=2) }}");
  auto project = parse_source_tree(p.dir());
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(parents_of(*project, "model.shop.b"), (std::set<std::string>{"model.shop.a"}));
  EXPECT_EQ(parents_of(*project, "model.shop.c"),
            (std::set<std::string>{"model.shop.a", "model.shop.b", "source.shop.raw.events"}));
  EXPECT_EQ(parents_of(*project, "model.shop.d"), (std::set<std::string>{"model.shop.b", "model.shop.c"}));
  EXPECT_EQ(parents_of(*project, "model.shop.e"), (std::set<std::string>{"source.shop.raw.customers"}));
  EXPECT_EQ(parents_of(*project, "model.shop.py"),
            (std::set<std::string>{"model.shop.a", "source.shop.raw.events"}));
  EXPECT_EQ(find_node(*project, "model.shop.py")->language, "python");
  EXPECT_EQ(parents_of(*project, "model.shop.uses_dim"),
            (std::set<std::string>{"model.shop.dim.v1", "model.shop.dim.v2"}));
  EXPECT_EQ(parents_of(*project, "model.shop.uses_dim_v2"), (std::set<std::string>{"model.shop.dim.v2"}));
  const Node* v2 = find_node(*project, "model.shop.dim.v2");
  ASSERT_NE(v2, nullptr);
  EXPECT_EQ(v2->name, "dim");
  EXPECT_EQ(v2->path, "models/dim.sql"); // the latest version may live in the unsuffixed file
  EXPECT_EQ(v2->latest_version, "2");
  EXPECT_EQ(find_node(*project, "model.shop.dim.v1")->path, "models/dim_v1.sql");
  const Node* events = find_node(*project, "source.shop.raw.events");
  ASSERT_NE(events, nullptr);
  EXPECT_EQ(events->schema, "landing");
  EXPECT_EQ(events->identifier, "events_v2");
  EXPECT_EQ(events->owner, "data-eng");
  EXPECT_NE(find_node(*project, "test.shop.source_not_null_raw_events_id"), nullptr);
  EXPECT_FALSE(has_warning(*project, "ghost"));
  EXPECT_TRUE(project->warnings().empty()) << project->warnings().front();
}

TEST(SourceTree, EnabledFromConfigsAndVars) {
  TempProject p;
  p.write("dbt_project.yml", k_project);
  p.write("models/off.sql", "{{ config(enabled=false) }} select 1");
  p.write("models/legacy/old.sql", "select 1");
  p.write("models/legacy/revived.sql", "{{ config(enabled=true) }} select 1");
  p.write("models/var_off.sql", "{{ config(enabled=var('flag_off', true)) }}");
  p.write("models/var_on.sql", "{{ config(enabled=var('flag_on', false) and not var('flag_off')) }}");
  p.write("models/var_unset.sql", "{{ config(enabled=var('never_set', false)) }}");
  p.write("models/opaque.sql", "{{ config(enabled=some_package.decide(['a'])) }}");
  p.write("models/fivetran.sql",
          "{{ config(enabled=fivetran_utils.enabled_vars(['flag_on', 'flag_off'])) }}");
  p.write("models/yaml_off.sql", "select 1");
  p.write("models/yaml_off.yml", "models:\n  - name: yaml_off\n    config:\n      enabled: false\n"
                                 "    columns:\n      - name: id\n        tests: [unique]\n");
  p.write("models/uses_off.sql", "{{ ref('off') }}");
  auto project = parse_source_tree(p.dir());
  ASSERT_TRUE(project) << project.error().to_string();
  auto enabled = [&](const char* id) { return project->find(id).has_value(); };
  EXPECT_FALSE(enabled("model.shop.off"));
  EXPECT_FALSE(enabled("model.shop.old"));
  EXPECT_TRUE(enabled("model.shop.revived")); // config() in the file beats dbt_project.yml
  EXPECT_FALSE(enabled("model.shop.var_off"));
  EXPECT_TRUE(enabled("model.shop.var_on"));
  EXPECT_TRUE(enabled("model.shop.var_unset")); // what docs generation with the vars on shows
  EXPECT_TRUE(enabled("model.shop.opaque"));
  EXPECT_FALSE(enabled("model.shop.fivetran"));
  EXPECT_FALSE(enabled("model.shop.yaml_off"));
  EXPECT_FALSE(enabled("test.shop.unique_yaml_off_id")); // tests follow their model
  ASSERT_NE(find_node(*project, "test.shop.unique_yaml_off_id"), nullptr);
  EXPECT_EQ(project->disabled().size(), 6U);
  EXPECT_EQ(parents_of(*project, "model.shop.uses_off"), (std::set<std::string>{"model.shop.off"}));
}

TEST(SourceTree, MacroParameterBinding) {
  TempProject p;
  p.write("dbt_project.yml", "name: shop\n");
  p.write("macros/joins.sql",
          "{% macro with_lookup(base_ref, lookup='lookup_default') %}\n"
          "select * from {{ ref(base_ref) }} join {{ ref(lookup) }} join {{ ref('always') }}\n"
          "{% endmacro %}\n"
          "{% macro wrapper(name) %}{{ with_lookup(name, lookup='from_wrapper') }}{% endmacro %}");
  for (const char* name : {"always", "lookup_default", "from_wrapper", "base1", "base2", "unrelated"}) {
    p.write(std::string("models/") + name + ".sql", "select 1");
  }
  p.write("models/direct.sql", "{{ with_lookup('base1') }}");
  p.write("models/nested.sql", "{% set rel = wrapper('base2') %}");
  auto project = parse_source_tree(p.dir());
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(parents_of(*project, "model.shop.direct"),
            (std::set<std::string>{"model.shop.base1", "model.shop.lookup_default", "model.shop.always"}));
  EXPECT_EQ(parents_of(*project, "model.shop.nested"),
            (std::set<std::string>{"model.shop.base2", "model.shop.from_wrapper", "model.shop.always"}));
  ASSERT_EQ(project->macros().size(), 2U);
  EXPECT_EQ(project->macros()[0].unique_id, "macro.shop.with_lookup");
  EXPECT_EQ(find_node(*project, "model.shop.nested")->depends_on_macros,
            (std::vector<std::string_view>{"macro.shop.wrapper"}));
}

TEST(SourceTree, NestedConfigInheritance) {
  TempProject p;
  p.write("dbt_project.yml", k_project);
  p.write("models/top.sql", "select 1");
  p.write("models/marts/m.sql", "select 1");
  p.write("models/marts/core/c.sql", "select 1");
  p.write("models/marts/core/own.sql", "{{ config(materialized='ephemeral', tags=['own'], schema='x') }}");
  p.write("models/marts/core/props.yml",
          "models:\n  - name: c\n    config:\n      alias: c_alias\n      meta: {tier: 2, team: core}\n");
  auto project = parse_source_tree(p.dir());
  ASSERT_TRUE(project) << project.error().to_string();
  const Node* top = find_node(*project, "model.shop.top");
  const Node* m = find_node(*project, "model.shop.m");
  const Node* c = find_node(*project, "model.shop.c");
  const Node* own = find_node(*project, "model.shop.own");
  ASSERT_TRUE(top && m && c && own);
  EXPECT_EQ(top->materialized, "table");
  EXPECT_EQ(top->schema, "");
  EXPECT_EQ(m->materialized, "view");
  EXPECT_EQ(m->schema, "marts");
  EXPECT_EQ(std::vector<std::string_view>(m->tags.begin(), m->tags.end()),
            (std::vector<std::string_view>{"base", "mart"}));
  EXPECT_EQ(c->materialized, "incremental");
  EXPECT_EQ(c->alias, "c_alias");
  EXPECT_EQ(nlohmann::json::parse(c->meta_json), nlohmann::json::parse(R"({"tier": 2, "team": "core"})"));
  EXPECT_EQ(own->materialized, "ephemeral");
  EXPECT_EQ(own->schema, "x");
  EXPECT_EQ(own->tags.size(), 3U);
  EXPECT_EQ(own->alias, "own");
}

TEST(SourceTree, DocsBlocksAndOwners) {
  TempProject p;
  p.write("dbt_project.yml", "name: shop\n");
  p.write("models/docs.md", "{% docs customer_doc %}\n  The **customer** table.\n{% enddocs %}\n");
  for (const char* name : {"customers", "orders", "payments", "refunds"}) {
    p.write(std::string("models/") + name + ".sql", "select 1");
  }
  p.write("models/schema.yml", R"y(
groups:
  - name: finance
    owner: {name: Fin Team, email: fin@example.com}
models:
  - name: customers
    description: '{{ doc("customer_doc") }}'
    meta: {owner: ann}
    columns:
      - name: id
        description: "Key. {{ doc('customer_doc') }}"
  - name: orders
    description: "{{ doc('no_such_doc') }}"
    config:
      meta:
        owner: {name: Bob, email: bob@example.com}
  - name: payments
    config: {group: finance}
  - name: refunds
    meta: {owner: [carol, dan]}
exposures:
  - name: board
    type: dashboard
    owner: {name: Eve, email: eve@example.com}
    depends_on: ["ref('orders')", "source('raw', 'nope')"]
)y");
  auto project = parse_source_tree(p.dir());
  ASSERT_TRUE(project) << project.error().to_string();
  const Node* customers = find_node(*project, "model.shop.customers");
  ASSERT_NE(customers, nullptr);
  EXPECT_EQ(customers->description, "The **customer** table.");
  EXPECT_EQ(customers->columns.at(0).description, "Key. The **customer** table.");
  EXPECT_EQ(customers->patch_path, "shop://models/schema.yml");
  EXPECT_EQ(customers->owner, "ann");
  ASSERT_NE(find_node(*project, "doc.shop.customer_doc"), nullptr);
  EXPECT_EQ(find_node(*project, "doc.shop.customer_doc")->description, "The **customer** table.");
  EXPECT_TRUE(has_warning(*project, "no_such_doc"));
  EXPECT_EQ(find_node(*project, "model.shop.orders")->owner, "Bob");
  const Node* payments = find_node(*project, "model.shop.payments");
  EXPECT_EQ(payments->group, "finance");
  EXPECT_EQ(payments->owner, "Fin Team");
  EXPECT_EQ(payments->owner_email, "fin@example.com");
  EXPECT_EQ(find_node(*project, "model.shop.refunds")->owner, "carol, dan");
  const Node* board = find_node(*project, "exposure.shop.board");
  ASSERT_NE(board, nullptr);
  EXPECT_EQ(board->kind, "dashboard");
  EXPECT_EQ(board->owner_email, "eve@example.com");
  EXPECT_EQ(parents_of(*project, "exposure.shop.board"), (std::set<std::string>{"model.shop.orders"}));
  EXPECT_TRUE(has_warning(*project, "source('raw', 'nope')"));
  ASSERT_NE(find_node(*project, "group.shop.finance"), nullptr);
}

TEST(SourceTree, BadFilesBecomeWarnings) {
  TempProject p;
  p.write("dbt_project.yml", "name: shop\n");
  p.write("models/good.sql", "select * from {{ ref('unknown_model') }}");
  p.write("models/good.yml", "models:\n  - name: good\n    description: still read\n");
  p.write("models/broken.yml", "models:\n  - name: good\n    description: [unclosed\n");
  p.write("models/list.yml", "- just\n- a list\n");
  p.write("models/empty.yml", "");
  p.write("models/junk.sql", std::string("select \0\x01\x02\xff junk", 16));
  p.write("models/a/dup.sql", "select 1");
  p.write("models/b/dup.sql", "select 2");
  p.write("models/dangling.yml", "models:\n  - name: no_such_model\n  - description: no name\n");
  auto project = parse_source_tree(p.dir());
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(find_node(*project, "model.shop.good")->description, "still read");
  EXPECT_TRUE(has_warning(*project, "skipped models/broken.yml: invalid YAML: line "));
  EXPECT_TRUE(has_warning(*project, "models/list.yml"));
  EXPECT_TRUE(has_warning(*project, "models/junk.sql"));
  EXPECT_TRUE(has_warning(*project, "models/good.sql: model good: ref('unknown_model') matches no model"));
  EXPECT_TRUE(has_warning(*project, "model.shop.dup is already defined in models/a/dup.sql"));
  EXPECT_TRUE(has_warning(*project, "no_such_model"));
  EXPECT_TRUE(has_warning(*project, "entry without a name"));
  EXPECT_EQ(find_node(*project, "model.shop.dup")->path, "models/a/dup.sql");
  EXPECT_EQ(find_node(*project, "model.shop.junk"), nullptr);
}

TEST(SourceTree, MissingOrInvalidProjectFileIsAnError) {
  TempProject p;
  auto missing = parse_source_tree(p.dir());
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().key, (p.dir() / "dbt_project.yml").string());
  p.write("dbt_project.yml", "name: [broken\n");
  auto invalid = parse_source_tree(p.dir());
  ASSERT_FALSE(invalid);
  EXPECT_NE(invalid.error().reason.find("invalid YAML"), std::string::npos);
  p.write("dbt_project.yml", "version: 2\n");
  auto unnamed = parse_source_tree(p.dir());
  ASSERT_FALSE(unnamed);
  EXPECT_NE(unnamed.error().reason.find("name"), std::string::npos);
}

TEST(SourceTree, SeedsSnapshotsAnalysesAndTests) {
  TempProject p;
  p.write("dbt_project.yml", "name: shop\nseed-paths: [data]\nanalysis-paths: [analysis]\n");
  p.write("data/countries.csv", "\xEF\xBB\xBF"
                                "code,\"name, full\",population\r\nFR,France,68\r\n");
  p.write("data/seeds.yml",
          "seeds:\n  - name: countries\n    columns:\n      - name: code\n        description: ISO code\n");
  p.write("models/orders.sql", "select * from {{ ref('countries') }}");
  p.write("snapshots/snaps.sql",
          "{% snapshot orders_snapshot %}\n{{ config(unique_key='id', strategy='check') }}\n"
          "select * from {{ ref('orders') }}\n{% endsnapshot %}");
  p.write("analysis/explore.sql", "select * from {{ ref('orders_snapshot') }}");
  p.write("tests/assert_positive.sql", "select * from {{ ref('orders') }} where amount < 0");
  p.write("tests/generic/is_even.sql", "{% test is_even(model, column_name) %}select 1{% endtest %}");
  p.write("models/orders.yml", R"y(models:
  - name: orders
    data_tests:
      - dbt_utils.expression_is_true:
          arguments:
            expression: "amount >= 0"
          config:
            severity: warn
    columns:
      - name: id
        data_tests:
          - unique:
              name: orders_id_is_unique
          - is_even
          - accepted_values:
              values: [1, 2, true]
      - name: country
        tests:
          - relationships: {to: "ref('countries')", field: code}
)y");
  auto project = parse_source_tree(p.dir());
  ASSERT_TRUE(project) << project.error().to_string();
  const Node* seed = find_node(*project, "seed.shop.countries");
  ASSERT_NE(seed, nullptr);
  ASSERT_EQ(seed->columns.size(), 3U);
  EXPECT_EQ(seed->columns[0].name, "code");
  EXPECT_EQ(seed->columns[0].description, "ISO code");
  EXPECT_TRUE(seed->columns[0].documented);
  EXPECT_EQ(seed->columns[1].name, "name, full");
  EXPECT_FALSE(seed->columns[1].documented);
  EXPECT_EQ(seed->columns[2].name, "population");
  EXPECT_EQ(parents_of(*project, "snapshot.shop.orders_snapshot"),
            (std::set<std::string>{"model.shop.orders"}));
  EXPECT_EQ(find_node(*project, "snapshot.shop.orders_snapshot")->materialized, "snapshot");
  EXPECT_EQ(parents_of(*project, "analysis.shop.explore"),
            (std::set<std::string>{"snapshot.shop.orders_snapshot"}));
  EXPECT_EQ(parents_of(*project, "test.shop.assert_positive"), (std::set<std::string>{"model.shop.orders"}));
  EXPECT_EQ(find_node(*project, "test.shop.is_even"), nullptr); // a generic test definition, not a test
  ASSERT_EQ(project->macros().size(), 1U);
  EXPECT_EQ(project->macros()[0].unique_id, "macro.shop.test_is_even");

  const Node* expression = find_node(*project, "test.shop.dbt_utils_expression_is_true_orders_amount_0");
  ASSERT_NE(expression, nullptr);
  EXPECT_EQ(expression->test_namespace, "dbt_utils");
  EXPECT_EQ(expression->test_name, "expression_is_true");
  EXPECT_EQ(expression->severity, "warn");
  EXPECT_EQ(expression->column_name, "");
  EXPECT_NE(find_node(*project, "test.shop.orders_id_is_unique"), nullptr);
  EXPECT_NE(find_node(*project, "test.shop.is_even_orders_id"), nullptr);
  EXPECT_NE(find_node(*project, "test.shop.accepted_values_orders_id__1__2__True"), nullptr);
  EXPECT_EQ(parents_of(*project, "test.shop.relationships_orders_country__code__ref_countries_"),
            (std::set<std::string>{"model.shop.orders", "seed.shop.countries"}));
  EXPECT_EQ(project->tests_of(*project->find("model.shop.orders")).size(), 6U);
  EXPECT_TRUE(project->warnings().empty()) << project->warnings().front();
}

TEST(SourceTree, SemanticLayerAndUnitTests) {
  TempProject p;
  p.write("dbt_project.yml", "name: shop\n");
  p.write("models/orders.sql", "select 1");
  p.write("models/semantic.yml", R"y(semantic_models:
  - name: orders_sm
    model: ref('orders')
    entities: [{name: order, type: primary, expr: id}]
    dimensions: [{name: ordered_at, type: time}]
    measures: [{name: revenue, agg: sum, description: Money in}]
metrics:
  - name: revenue
    label: Revenue
    type: simple
    type_params: {measure: revenue}
  - name: revenue_growth
    type: derived
    type_params:
      metrics: [{name: revenue}]
saved_queries:
  - name: weekly
    query_params: {metrics: [revenue_growth]}
unit_tests:
  - name: test_orders_logic
    model: orders
    given: []
)y");
  auto project = parse_source_tree(p.dir());
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(parents_of(*project, "semantic_model.shop.orders_sm"),
            (std::set<std::string>{"model.shop.orders"}));
  const Node* sm = find_node(*project, "semantic_model.shop.orders_sm");
  ASSERT_EQ(sm->semantic_fields.size(), 3U);
  EXPECT_EQ(sm->semantic_fields[2].type, "sum");
  EXPECT_EQ(parents_of(*project, "metric.shop.revenue"),
            (std::set<std::string>{"semantic_model.shop.orders_sm"}));
  EXPECT_EQ(find_node(*project, "metric.shop.revenue")->label, "Revenue");
  EXPECT_EQ(parents_of(*project, "metric.shop.revenue_growth"),
            (std::set<std::string>{"metric.shop.revenue"}));
  EXPECT_EQ(parents_of(*project, "saved_query.shop.weekly"),
            (std::set<std::string>{"metric.shop.revenue_growth"}));
  EXPECT_EQ(parents_of(*project, "unit_test.shop.orders.test_orders_logic"),
            (std::set<std::string>{"model.shop.orders"}));
}

TEST(SourceTree, InstalledAndLocalPackages) {
  TempProject p;
  p.write("dbt_project.yml", "name: shop\nvars:\n  utils:\n    utils_schema: from_root\n");
  p.write("packages.yml",
          "packages:\n  - package: acme/utils\n    version: [\">=1.0.0\"]\n"
          "  - local: libs/shared\n  - git: https://github.com/acme/dbt-missing.git\n    revision: v1\n");
  p.write("dbt_packages/utils/dbt_project.yml", "name: utils\nvars:\n  utils_schema: default\n");
  p.write("dbt_packages/utils/models/util_calendar.sql", "select 1");
  p.write("dbt_packages/utils/models/src.yml",
          "sources:\n  - name: u\n    schema: \"{{ var('utils_schema') }}\"\n    tables: [{name: t}]\n");
  p.write("dbt_packages/utils/macros/star.sql", "{% macro star(rel) %}{{ ref(rel) }}{% endmacro %}");
  p.write("libs/shared/dbt_project.yml", "name: shared\n");
  p.write("libs/shared/models/shared_model.sql", "select * from {{ ref('utils', 'util_calendar') }}");
  p.write("models/mine.sql",
          "{{ ref('util_calendar') }} {{ ref('shared_model') }} {{ utils.star('mine_base') }}");
  p.write("models/mine_base.sql", "select 1");
  auto project = parse_source_tree(p.dir());
  ASSERT_TRUE(project) << project.error().to_string();
  EXPECT_EQ(parents_of(*project, "model.shop.mine"),
            (std::set<std::string>{"model.utils.util_calendar", "model.shared.shared_model",
                                   "model.shop.mine_base"}));
  EXPECT_EQ(parents_of(*project, "model.shared.shared_model"),
            (std::set<std::string>{"model.utils.util_calendar"}));
  EXPECT_EQ(find_node(*project, "source.utils.u.t")->schema, "from_root"); // root vars win over the package's
  std::vector<std::string> packages;
  for (const auto& artifact : project->artifacts()) {
    if (artifact.kind == "package") {
      packages.push_back(artifact.path);
    }
  }
  ASSERT_EQ(packages.size(), 3U);
  EXPECT_NE(packages[0].find("acme/utils"), std::string::npos);
  EXPECT_NE(packages[0].find("installed"), std::string::npos);
  EXPECT_NE(packages[1].find("parsed as shared"), std::string::npos);
  EXPECT_NE(packages[2].find("not installed"), std::string::npos);
  EXPECT_EQ(project->project_name(), "shop");
}

} // namespace
} // namespace steward::dbt
