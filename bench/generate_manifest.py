#!/usr/bin/env python3
"""Scales a real dbt manifest to N nodes for benchmarks.

usage: generate_manifest.py SOURCE_MANIFEST NODES OUTPUT [--seed S]

The project's nodes and sources are copied as many times as needed; copy k
renames every unique id and name with a `__k` suffix and keeps its internal
edges, and about 5% of each copy's models also depend on a model of the copy
before, so lineage gets deep the way large real projects do. Macros and docs
are kept once (they do not grow with the number of models). parent_map and
child_map are rebuilt to match depends_on, as dbt writes them.
"""
import json
import random
import sys


def rename(uid, k):
    return uid if k == 0 else f"{uid}__{k}"


def copy_resource(res, k):
    out = dict(res)
    out["unique_id"] = rename(res["unique_id"], k)
    if k and "name" in res:
        out["name"] = f"{res['name']}__{k}"
    if k and "alias" in res and res["alias"]:
        out["alias"] = f"{res['alias']}__{k}"
    dep = res.get("depends_on")
    if isinstance(dep, dict) and dep.get("nodes"):
        out["depends_on"] = dict(dep, nodes=[rename(p, k) for p in dep["nodes"]])
    if k and res.get("attached_node"):
        out["attached_node"] = rename(res["attached_node"], k)
    return out


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    source, target, output = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    seed = int(sys.argv[5]) if len(sys.argv) > 5 and sys.argv[4] == "--seed" else 20261123
    rng = random.Random(seed)
    with open(source) as f:
        base = json.load(f)
    base_nodes = base.get("nodes", {})
    base_sources = base.get("sources", {})
    per_copy = len(base_nodes) + len(base_sources)
    if per_copy == 0:
        sys.exit(f"{source}: no nodes to copy")
    copies = -(-target // per_copy)
    nodes, sources = {}, {}
    previous_models = []
    for k in range(copies):
        models = []
        for uid, node in base_nodes.items():
            if len(nodes) + len(sources) >= target:
                break
            new = copy_resource(node, k)
            nodes[new["unique_id"]] = new
            if node.get("resource_type") == "model":
                models.append(new)
        for uid, src in base_sources.items():
            if len(nodes) + len(sources) >= target:
                break
            new = copy_resource(src, k)
            sources[new["unique_id"]] = new
        if previous_models:
            for model in models:
                if rng.random() < 0.05:
                    parent = rng.choice(previous_models)["unique_id"]
                    dep = dict(model.get("depends_on") or {"macros": [], "nodes": []})
                    dep["nodes"] = list(dep.get("nodes") or []) + [parent]
                    model["depends_on"] = dep
        previous_models = models or previous_models
    known = set(nodes) | set(sources)
    parent_map = {uid: [] for uid in known}
    child_map = {uid: [] for uid in known}
    for uid, res in nodes.items():
        for parent in (res.get("depends_on") or {}).get("nodes") or []:
            if parent in known:
                parent_map[uid].append(parent)
                child_map[parent].append(uid)
    out = dict(base)
    out["nodes"], out["sources"] = nodes, sources
    out["parent_map"], out["child_map"] = parent_map, child_map
    out["disabled"] = {} if isinstance(base.get("disabled"), dict) else []
    with open(output, "w") as f:
        json.dump(out, f, separators=(",", ":"))
    print(f"{output}: {len(nodes)} nodes + {len(sources)} sources from {copies} copies of {source}")


if __name__ == "__main__":
    main()
