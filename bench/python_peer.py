#!/usr/bin/env python3
"""What the Python peers do with a manifest: json.load, then a networkx DiGraph.

usage: python_peer.py MANIFEST
Prints one JSON object with json_load_ms, graph_ms (DiGraph from every
resource's depends_on.nodes), ready_ms (both) and peak_rss_kb.
"""
import json
import resource
import sys
import time

import networkx


def main():
    path = sys.argv[1]
    start = time.perf_counter()
    with open(path) as f:
        manifest = json.load(f)
    loaded = time.perf_counter()
    graph = networkx.DiGraph()
    for section in ("nodes", "sources", "exposures", "metrics", "semantic_models", "saved_queries"):
        for uid, node in (manifest.get(section) or {}).items():
            graph.add_node(uid, **{"name": node.get("name"), "resource_type": node.get("resource_type")})
            for parent in (node.get("depends_on") or {}).get("nodes") or []:
                graph.add_edge(parent, uid)
    done = time.perf_counter()
    print(json.dumps({
        "file": path,
        "nodes": graph.number_of_nodes(),
        "json_load_ms": round((loaded - start) * 1000, 1),
        "graph_ms": round((done - loaded) * 1000, 1),
        "ready_ms": round((done - start) * 1000, 1),
        "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }))


if __name__ == "__main__":
    main()
