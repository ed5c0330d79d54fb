// The Data Vault generator on a 50-entity spec: parsing the YAML, planning
// (validation) and rendering every file. Requirement: under 1 s.
//
// usage: steward_datavault_bench [--benchmark_repetitions=N ...]
//
// The spec: 50 entities, each a hub with its own source plus the next
// entity's source (so every stage feeds two hubs), two satellites of six
// attributes, and a link to the next entity with a satellite; every fifth
// link is transactional, every tenth has an effectivity satellite.

#include <string>

#include <benchmark/benchmark.h>

#include "core/datavault/generate.hpp"
#include "core/datavault/parse.hpp"
#include "core/datavault/plan.hpp"

namespace {

std::string entity(int i, int count) {
  const std::string name = "entity" + std::to_string(i);
  const std::string next = "entity" + std::to_string((i + 1) % count);
  std::string out =
      "---\nentity: {name: " + name + ", description: Entity number " + std::to_string(i) + ".}\n";
  out += "hub: {business_key: [" + name + "_id]}\n";
  out += "satellites:\n";
  for (const char* group : {"details", "status"}) {
    out += "  - {name: " + std::string(group) + ", attributes: [";
    for (int a = 0; a < 6; ++a) {
      out += (a == 0 ? "" : ", ") + std::string(group) + "_attr" + std::to_string(a);
    }
    out += "], sources: [src" + std::to_string(i) + "]}\n";
  }
  out += "links:\n";
  if (i % 5 == 4) {
    out += "  - {name: " + name +
           "_event, relationship_type: transactional, transaction_key: [event_id], "
           "payload: [amount, kind], sources: [src" +
           std::to_string(i) + "]}\n";
  } else {
    out += "  - name: " + name + "_to_" + next + "\n    related_hub: " + next + "\n    sources: [src" +
           std::to_string(i) + "]\n    satellites:\n      - {name: terms, attributes: [weight, note]}\n";
    if (i % 10 == 0) {
      out += "      - {name: active, change_tracking: effectivity, driving_key: [" + name + "]}\n";
    }
  }
  out += "source_mappings:\n";
  out += "  src" + std::to_string(i) + ": {schema: raw, table: table" + std::to_string(i) +
         ", key_field: id, load_date: loaded_at, effective_from: changed_at, record_source: '!SRC" +
         std::to_string(i) + "'}\n";
  const int previous = (i + count - 1) % count;
  out += "  src" + std::to_string(previous) + ": {key_field: " + name + "_ref}\n";
  return out;
}

std::string spec(int count) {
  std::string out = "project:\n  platform: snowflake\n  naming: {case: upper}\n";
  for (int i = 0; i < count; ++i) {
    out += entity(i, count);
  }
  return out;
}

void generate_50_entities(benchmark::State& state) {
  const std::string text = spec(50);
  std::size_t files = 0;
  for (auto _ : state) {
    auto parsed = steward::datavault::parse_spec(text);
    if (!parsed) {
      state.SkipWithError(parsed.error().to_string().c_str());
      return;
    }
    auto generation = steward::datavault::generate(parsed->spec, {"bench.yaml"});
    if (!generation.output) {
      state.SkipWithError(generation.diagnostics.front().to_string().c_str());
      return;
    }
    files = generation.output->files.size();
    benchmark::DoNotOptimize(generation);
  }
  state.counters["files"] = static_cast<double>(files);
  state.counters["spec_bytes"] = static_cast<double>(text.size());
}
BENCHMARK(generate_50_entities)->Unit(benchmark::kMillisecond);

// The parts: parsing the YAML alone, and planning (validation) alone.
void parse_50_entities(benchmark::State& state) {
  const std::string text = spec(50);
  for (auto _ : state) {
    auto parsed = steward::datavault::parse_spec(text);
    benchmark::DoNotOptimize(parsed);
  }
}
BENCHMARK(parse_50_entities)->Unit(benchmark::kMillisecond);

void plan_50_entities(benchmark::State& state) {
  const auto parsed = steward::datavault::parse_spec(spec(50));
  if (!parsed) {
    state.SkipWithError(parsed.error().to_string().c_str());
    return;
  }
  for (auto _ : state) {
    auto planned = steward::datavault::plan(parsed->spec);
    benchmark::DoNotOptimize(planned);
  }
}
BENCHMARK(plan_50_entities)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
