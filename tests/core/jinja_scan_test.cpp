// The Jinja scanner, the expression evaluator and macro-aware dependency
// discovery, on small inputs whose answers are worked out by hand.

#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/dbt/source/dependencies.hpp"
#include "core/dbt/source/jinja_eval.hpp"
#include "core/dbt/source/jinja_scan.hpp"

namespace steward::dbt::source {
namespace {

std::vector<std::string> callees(const Template& t) {
  std::vector<std::string> out;
  for (const auto& call : t.calls) {
    out.push_back(call.callee);
  }
  return out;
}

const Call* find_call(const Template& t, std::string_view callee, std::size_t nth = 0) {
  for (const auto& call : t.calls) {
    if (call.callee == callee && nth-- == 0) {
      return &call;
    }
  }
  return nullptr;
}

TEST(JinjaScan, FindsRefForms) {
  Template t = scan_template(R"({{ ref('a') }} {{ ref("b") }} {{ ref('pkg', 'c') }}
{{ ref('d', v=2) }} {{ ref('e', version='3') }} {{ source('s', 't') }})");
  EXPECT_EQ(callees(t), (std::vector<std::string>{"ref", "ref", "ref", "ref", "ref", "source"}));
  const Call* pkg = find_call(t, "ref", 2);
  ASSERT_NE(pkg, nullptr);
  ASSERT_EQ(pkg->args.size(), 2U);
  EXPECT_EQ(pkg->args[0].text, "pkg");
  EXPECT_EQ(pkg->args[1].text, "c");
  const Call* versioned = find_call(t, "ref", 3);
  ASSERT_NE(versioned, nullptr);
  EXPECT_EQ(versioned->keywords, (std::vector<std::string>{"", "v"}));
  EXPECT_EQ(versioned->args[1].kind, Expr::Kind::number);
  EXPECT_EQ(versioned->args[1].text, "2");
  EXPECT_EQ(find_call(t, "ref", 4)->keywords[1], "version");
  EXPECT_EQ(find_call(t, "source")->args[1].text, "t");
}

TEST(JinjaScan, SkipsJinjaCommentsButNotSqlComments) {
  Template t = scan_template("select 1 {# {{ ref('hidden') }} #}\n-- {{ ref('in_sql_comment') }}\n"
                             "{% raw %}{{ ref('raw') }}{% endraw %}{{ ref('after') }}");
  ASSERT_EQ(t.calls.size(), 2U);
  EXPECT_EQ(t.calls[0].args[0].text, "in_sql_comment");
  EXPECT_EQ(t.calls[1].args[0].text, "after");
}

TEST(JinjaScan, NestedCallsAndDictsInsideTags) {
  Template t = scan_template("{{ config(meta={'owner': {'name': 'ann'}}, tags=['x']) }}"
                             "{{ dbt_utils.star(from=ref('inner')) }}{{ ref('last') }}");
  EXPECT_EQ(callees(t), (std::vector<std::string>{"config", "dbt_utils.star", "ref", "ref"}));
  const Call* config = find_call(t, "config");
  ASSERT_EQ(config->args.size(), 2U);
  EXPECT_EQ(config->args[0].kind, Expr::Kind::dict);
  EXPECT_EQ(config->args[1].kind, Expr::Kind::list);
  const Call* star = find_call(t, "dbt_utils.star");
  ASSERT_EQ(star->args.size(), 1U);
  EXPECT_EQ(star->keywords[0], "from");
  EXPECT_EQ(star->args[0].kind, Expr::Kind::call);
  EXPECT_EQ(t.calls[static_cast<std::size_t>(star->args[0].call)].args[0].text, "inner");
}

TEST(JinjaScan, FiltersAreMarked) {
  Template t = scan_template("{% set cols = x | map('lower') | list %}{{ my_macro(cols) }}");
  const Call* filter = find_call(t, "map");
  ASSERT_NE(filter, nullptr);
  EXPECT_TRUE(filter->filter);
  EXPECT_FALSE(find_call(t, "my_macro")->filter);
}

TEST(JinjaScan, MacroBlocksWithParamsAndDefaults) {
  std::string text = "{% macro m(a, b='x', c=a) %}body {{ ref(a) }}{% endmacro %}"
                     "{% test my_check(model, column_name) %}x{% endtest %}"
                     "{%- docs d -%}Doc text{%- enddocs -%}";
  Template t = scan_template(text);
  ASSERT_EQ(t.blocks.size(), 3U);
  const Block& macro = t.blocks[0];
  EXPECT_EQ(macro.kind, Block::Kind::macro);
  EXPECT_EQ(macro.name, "m");
  EXPECT_EQ(macro.params, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_EQ(macro.defaults.size(), 3U);
  EXPECT_EQ(macro.defaults[1].kind, Expr::Kind::string);
  EXPECT_EQ(macro.defaults[1].text, "x");
  EXPECT_EQ(macro.defaults[2].kind, Expr::Kind::name);
  EXPECT_EQ(text.substr(macro.body_begin, macro.body_end - macro.body_begin), "body {{ ref(a) }}");
  EXPECT_TRUE(t.in_block(t.calls[0].offset));
  EXPECT_EQ(t.blocks[1].kind, Block::Kind::test);
  EXPECT_EQ(t.blocks[1].name, "my_check");
  EXPECT_EQ(t.blocks[2].kind, Block::Kind::docs);
  EXPECT_EQ(text.substr(t.blocks[2].body_begin, t.blocks[2].body_end - t.blocks[2].body_begin), "Doc text");
}

TEST(JinjaScan, BindingsAndLoops) {
  std::string text = "{% set m = 'orders' %}{% for t in ['a', 'b'] %}{{ ref(t) }}{% else %}none{% endfor %}";
  Template t = scan_template(text);
  ASSERT_EQ(t.bindings.size(), 2U);
  EXPECT_EQ(t.bindings[0].name, "m");
  EXPECT_FALSE(t.bindings[0].loop);
  EXPECT_EQ(t.bindings[0].value.text, "orders");
  EXPECT_TRUE(t.bindings[1].loop);
  EXPECT_EQ(t.bindings[1].value.kind, Expr::Kind::list);
  ASSERT_EQ(t.loops.size(), 1U);
  const Loop& loop = t.loops[0];
  EXPECT_EQ(loop.iterable.items.size(), 2U);
  EXPECT_EQ(text.substr(loop.body_begin, loop.else_begin - loop.body_begin), "{{ ref(t) }}");
  EXPECT_LT(loop.else_begin, loop.body_end);
}

TEST(JinjaScan, PythonModels) {
  Template t =
      scan_template("import x\n# dbt.ref('commented')\ndef model(dbt, session):\n"
                    "    dbt.config(materialized='table')\n    s = \"\"\"dbt.ref('in_string')\"\"\"\n"
                    "    return dbt.ref(\"orders\").join(dbt.source('raw', 'events'))\n",
                    Language::python);
  EXPECT_EQ(callees(t), (std::vector<std::string>{"model", "dbt.config", "dbt.ref", ".join", "dbt.source"}));
  EXPECT_EQ(find_call(t, "dbt.ref")->args[0].text, "orders");
}

TEST(JinjaScan, BadInputNeverCrashes) {
  std::vector<std::string> inputs = {
      "{{ ref('a'",
      "{{ ref(",
      "{% macro %}",
      "{% macro m( %}{% endmacro",
      "{{ 'unterminated }}",
      "{# never closed",
      "{% endmacro %}{% endfor %}{% endif %}",
      std::string(100000, '(') + "{{" + std::string(100000, '(') + "ref('x')",
      std::string(50000, '{'),
      "{{" + std::string(20000, '[') + "}}",
  };
  std::string junk;
  for (int i = 0; i < 4096; ++i) {
    junk.push_back(static_cast<char>((i * 131 + 7) % 256));
  }
  inputs.push_back(junk);
  for (const auto& input : inputs) {
    for (Language language : {Language::jinja, Language::python, Language::expression}) {
      Template t = scan_template(input, language);
      EXPECT_LE(t.calls.size(), input.size());
    }
  }
}

VarLookup vars_from(std::map<std::string, VarValue> values) {
  return [values = std::move(values)](std::string_view name) {
    auto it = values.find(std::string(name));
    return it == values.end() ? VarValue{} : it->second;
  };
}

VarValue boolean_var(bool flag) {
  VarValue v;
  v.kind = VarValue::Kind::boolean;
  v.flag = flag;
  return v;
}

VarValue string_var(std::string text) {
  VarValue v;
  v.kind = VarValue::Kind::string;
  v.text = std::move(text);
  return v;
}

TEST(JinjaEval, Truth) {
  VarLookup vars =
      vars_from({{"on", boolean_var(true)}, {"off", boolean_var(false)}, {"s", string_var("true")}});
  EXPECT_EQ(evaluate_truth("false", vars), Truth::no);
  EXPECT_EQ(evaluate_truth("True", vars), Truth::yes);
  EXPECT_EQ(evaluate_truth("var('on', False)", vars), Truth::yes);
  EXPECT_EQ(evaluate_truth("var('off', True)", vars), Truth::no);
  EXPECT_EQ(evaluate_truth("not var('off')", vars), Truth::yes);
  // An undefined var is unknown, not its default: packages gate optional
  // models on vars their users set.
  EXPECT_EQ(evaluate_truth("var('missing', False)", vars), Truth::unknown);
  EXPECT_EQ(evaluate_truth("var('missing', True) and var('off', True)", vars), Truth::no);
  EXPECT_EQ(evaluate_truth("var('missing', False) or var('on')", vars), Truth::yes);
  EXPECT_EQ(evaluate_truth("var('missing') and var('on')", vars), Truth::unknown);
  EXPECT_EQ(evaluate_truth("var('s') | as_bool", vars), Truth::yes);
  EXPECT_EQ(evaluate_truth("target.type == 'snowflake'", vars), Truth::unknown);
  EXPECT_EQ(evaluate_truth("true if var('on') else false", vars), Truth::yes);
  EXPECT_EQ(evaluate_truth("fivetran_utils.enabled_vars(['on', 'missing'])", vars), Truth::yes);
  EXPECT_EQ(evaluate_truth("fivetran_utils.enabled_vars(['on', 'off'])", vars), Truth::no);
  EXPECT_EQ(evaluate_truth("fivetran_utils.enabled_vars_one_true(['off', 'on'])", vars), Truth::yes);
  EXPECT_EQ(evaluate_truth("var('on') ==", vars), Truth::unknown);
  EXPECT_EQ(truth_of_text("{{ var('off', true) }}", vars), Truth::no);
  EXPECT_EQ(truth_of_text("false", vars), Truth::no);
  EXPECT_EQ(truth_of_text("{% if x %}true{% endif %}", vars), Truth::unknown);
}

TEST(JinjaEval, RenderString) {
  VarLookup vars = vars_from({{"schema", string_var("raw_data")}});
  EXPECT_EQ(render_string("plain", vars), "plain");
  EXPECT_EQ(render_string("{{ var('schema', 'x') }}", vars), "raw_data");
  EXPECT_EQ(render_string("{{ var('other', 'fallback') }}", vars), "fallback");
  EXPECT_EQ(render_string("pre_{{ var('schema') ~ '_post' }}", vars), "pre_raw_data_post");
  EXPECT_EQ(render_string("{{ target.schema }}", vars), std::nullopt);
  EXPECT_EQ(render_string("{% if x %}a{% endif %}", vars), std::nullopt);
}

using MacroFiles = std::vector<std::pair<std::string, std::string>>;

/// Runs dependency discovery on a model text against macro files.
class Collect {
public:
  explicit Collect(MacroFiles macro_files, std::string vars_yaml = "{}") {
    m_file.name = "proj";
    m_file.vars = YAML::Load(vars_yaml);
    m_vars = std::make_unique<VarScope>(m_file, m_file);
    for (auto& [package, text] : macro_files) {
      auto file = std::make_unique<SourceFile>();
      file->package = package;
      file->path = "macros/m.sql";
      file->text = text;
      file->tmpl = scan_template(file->text);
      m_macros.add(*file);
      m_files.push_back(std::move(file));
    }
    m_macros.add_builtin_stubs();
    m_collector = std::make_unique<DependencyCollector>(
        m_macros, "proj", [this](std::string_view) -> const VarScope& { return *m_vars; });
  }

  Dependencies run(std::string text) {
    SourceFile model;
    model.package = "proj";
    model.text = std::move(text);
    model.tmpl = scan_template(model.text);
    return m_collector->collect(model, nullptr, "proj");
  }

  std::set<std::string> refs(std::string text) {
    std::set<std::string> out;
    for (const auto& ref : run(std::move(text)).refs) {
      out.insert((ref.package.empty() ? "" : ref.package + ".") + ref.name +
                 (ref.version.empty() ? "" : "@" + ref.version));
    }
    return out;
  }

private:
  ProjectFile m_file;
  std::unique_ptr<VarScope> m_vars;
  MacroTable m_macros;
  std::vector<std::unique_ptr<SourceFile>> m_files;
  std::unique_ptr<DependencyCollector> m_collector;
};

TEST(Dependencies, RefFormsAndBindings) {
  Collect c(MacroFiles{});
  EXPECT_EQ(
      c.refs(
          "{{ ref('a') }}{{ ref(\"b\") }}{{ ref('pkg', 'c') }}{{ ref('d', v=2) }}{{ ref('e', version=3) }}"),
      (std::set<std::string>{"a", "b", "pkg.c", "d@2", "e@3"}));
  EXPECT_EQ(c.refs("{% set m = 'orders' %}{{ ref(m) }}"), (std::set<std::string>{"orders"}));
  EXPECT_EQ(c.refs("{% for t in ['x', 'y'] %}{{ ref(t) }}{% endfor %}"), (std::set<std::string>{"x", "y"}));
  EXPECT_EQ(c.refs("{# {{ ref('gone') }} #}{% if var('maybe', false) %}{{ ref('kept') }}{% endif %}"),
            (std::set<std::string>{"kept"}));
  EXPECT_EQ(c.refs("{{ ref(some_runtime_value) }}{{ ref() }}"), std::set<std::string>{});
}

TEST(Dependencies, MacroParameterBinding) {
  Collect c(MacroFiles{{"proj", "{% macro join_to(base_ref, other='fallback_model') %}"
                                "{{ ref(base_ref) }} {{ ref(other) }} {{ ref('always') }}{% endmacro %}"
                                "{% macro outer(name) %}{{ join_to(name, other='from_outer') }}{% endmacro %}"
                                "{% macro unused() %}{{ ref('never') }}{% endmacro %}"}});
  EXPECT_EQ(c.refs("{{ join_to('first') }}"), (std::set<std::string>{"first", "fallback_model", "always"}));
  EXPECT_EQ(c.refs("{{ join_to(other='kw', base_ref='pos') }}"),
            (std::set<std::string>{"pos", "kw", "always"}));
  EXPECT_EQ(c.refs("{% set x = outer('deep') %}"), (std::set<std::string>{"deep", "from_outer", "always"}));
  Dependencies deps = c.run("{{ outer('deep') }}");
  EXPECT_EQ(deps.macros, (std::vector<std::string>{"macro.proj.outer"}));
}

TEST(Dependencies, RecursiveMacrosTerminate) {
  Collect c(MacroFiles{{"proj", "{% macro a(x) %}{{ b(x) }}{{ ref(x) }}{% endmacro %}"
                                "{% macro b(y) %}{{ a(y) }}{% endmacro %}"}});
  EXPECT_EQ(c.refs("{{ a('m') }}"), (std::set<std::string>{"m"}));
}

TEST(Dependencies, DispatchAndPackageMacros) {
  Collect c(MacroFiles{{"utils",
                        "{% macro helper(rel) %}{{ adapter.dispatch('helper', 'utils')(rel) }}{% endmacro %}"
                        "{% macro default__helper(rel) %}{{ ref(rel) }}{% endmacro %}"}});
  EXPECT_EQ(c.refs("{{ utils.helper('via_dispatch') }}"), (std::set<std::string>{"via_dispatch"}));
}

TEST(Dependencies, VarsHoldingJinjaAndEmptyLoops) {
  Collect c(
      MacroFiles{{"proj", "{% macro labels(var_name) %}{% set cols = var(var_name) %}"
                          "{% for c in cols %}{{ ref('only_when_columns') }}{% endfor %}{% endmacro %}"}},
      "{company: \"{{ source('crm', 'company') }}\", proj: {empty_list: [], some: [a]}}");
  Dependencies deps = c.run("select * from {{ var('company') }}");
  ASSERT_EQ(deps.sources.size(), 1U);
  EXPECT_EQ(deps.sources.begin()->source, "crm");
  EXPECT_EQ(deps.sources.begin()->table, "company");
  // A loop over an empty list never renders its body.
  EXPECT_EQ(c.refs("{{ labels('empty_list') }}"), std::set<std::string>{});
  EXPECT_EQ(c.refs("{{ labels('some') }}"), (std::set<std::string>{"only_when_columns"}));
  EXPECT_EQ(c.refs("{% for x in [] %}{{ ref('no') }}{% else %}{{ ref('yes') }}{% endfor %}"),
            (std::set<std::string>{"yes"}));
}

TEST(Dependencies, FivetranUnionMacrosWithoutThePackage) {
  Collect c(MacroFiles{});
  Dependencies deps = c.run("{{ fivetran_utils.union_connections(connection_dictionary='hs', "
                            "single_source_name='hubspot', single_table_name='company') }}");
  ASSERT_EQ(deps.sources.size(), 1U);
  EXPECT_EQ(deps.sources.begin()->source, "hubspot");
  EXPECT_EQ(deps.sources.begin()->table, "company");
}

} // namespace
} // namespace steward::dbt::source
