"""Benchmarks of routing and skims, as ratios against baselines run in the same process.

Run: ``pytest tests/benchmarks/test_bench_routing.py --run-bench -s``. Writes
``docs/benchmarks/routing.md``.

- Route latency on the built-in network: ``multimodal.route`` (customs state graph,
  cargo rules, a full ``Route`` with its steps) against networkx's Dijkstra on the
  networkx export of the same mode-expanded graph (no rules, a bare length).
- Skims on a synthetic multimodal network of 10,000 hubs: ``multimodal.skim`` against
  SciPy's plain Dijkstra on the very CSR matrix the skim searches (built outside the
  timer), and networkx's single-source Dijkstra on the same graph.
- Point-to-point on a large synthetic network: the limit-growing early-exit search
  against SciPy's full one-to-all search.
"""

from __future__ import annotations

import time
from pathlib import Path

import networkx as nx
import numpy as np
import pytest
from scipy.sparse.csgraph import dijkstra

import multimodal as mm
from multimodal import _search
from multimodal.customs import allowed_edges, network_state_graph
from multimodal.objective import edge_values
from multimodal.synthetic import synthetic_network

pytestmark = pytest.mark.bench
REPORT = Path(__file__).parents[2] / "docs" / "benchmarks" / "routing.md"
_rows: list[str] = []


def _best_of(repeats, function):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def _write():
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    head = [
        "# Routing and skim benchmarks",
        "",
        "Measured by `pytest tests/benchmarks/test_bench_routing.py --run-bench -s` on the",
        "project's 2-core machine; best of several runs; ratios are against baselines run in",
        "the same process on the same graph (ratio = multimodal time / baseline time).",
        "",
        "| measurement | multimodal | baseline | ratio |",
        "|---|---:|---:|---:|",
    ]
    REPORT.write_text("\n".join(head + _rows) + "\n", encoding="utf-8")


def test_route_latency_on_builtin_network():
    net = mm.load_network()
    cities = net.nodes.query("kind == 'city' and province == 'Shaanxi'")["id"].tolist()
    gateways = ["DUISBURG", "HAMBURG", "MOSCOW", "ALMATY", "SINGAPORE", "ROTTERDAM", "QINZHOU"]
    pairs = [(o, d) for o in cities for d in gateways]
    mm.route(net, mm.Shipment(*pairs[0]))  # build and cache the graphs once

    def ours():
        for o, d in pairs:
            mm.route(net, mm.Shipment(o, d, teu=2), "cost")

    graph = net.expanded.to_networkx()
    for _, _, data in graph.edges(data=True):
        data["w"] = data["cost_cny_per_teu"] * 2 + data["cost_cny_per_t"] * 20

    def baseline():
        for o, d in pairs:
            nx.dijkstra_path_length(graph, (o, "out", ""), (d, "in", ""), weight="w")

    t_ours = _best_of(5, ours) / len(pairs)
    t_nx = _best_of(5, baseline) / len(pairs)
    _rows.append(
        f"| route query, built-in network ({len(pairs)} OD pairs, mean) | "
        f"{t_ours * 1e3:.2f} ms | networkx bare length {t_nx * 1e3:.2f} ms | "
        f"{t_ours / t_nx:.1f}x networkx |"
    )
    _write()
    print(_rows[-1])
    assert t_ours < 0.010, "one route query should take well under 10 ms"


def test_skims_on_10000_hubs():
    net = synthetic_network(10_000, seed=1)
    origins = net.nodes["id"].tolist()[:: 10_000 // 100][:100]
    graph = network_state_graph(net, "export")
    values = edge_values(net.expanded, teu=1.0, weight_t=10.0)
    allowed = allowed_edges(graph, values, mm.CargoClass.GENERAL)
    weights = values.cost_cny[graph.edge]
    matrix = graph.pair_index.matrix(weights, allowed)
    sources = [graph.source(o) for o in origins]
    mm.skim(net, origins[:2], None, attributes=())  # warm the caches

    t_scipy = _best_of(3, lambda: dijkstra(matrix, indices=sources))
    t_scipy_pred = _best_of(3, lambda: dijkstra(matrix, indices=sources, return_predecessors=True))
    t_plain = _best_of(3, lambda: mm.skim(net, origins, None, weight="cost", attributes=()))
    t_full = _best_of(2, lambda: mm.skim(net, origins, None, weight="cost"))

    nx_graph = nx.DiGraph()
    coo = matrix.tocoo()
    finite = np.isfinite(coo.data)
    nx_graph.add_weighted_edges_from(
        zip(coo.row[finite].tolist(), coo.col[finite].tolist(), coo.data[finite].tolist())
    )
    sample = sources[:5]
    t_nx = _best_of(
        1, lambda: [nx.single_source_dijkstra_path_length(nx_graph, s) for s in sample]
    ) * (len(sources) / len(sample))

    check = mm.skim(net, origins[:3], None, weight="cost", attributes=())
    reference = dijkstra(matrix, indices=sources[:3])
    targets = [graph.target(d, 0) for d in check.values.columns]
    expected = reference[:, targets]
    for row, origin in enumerate(origins[:3]):  # a node to itself: 0 by definition
        expected[row, check.values.columns.get_loc(origin)] = 0.0
    assert np.allclose(check.values.to_numpy(), expected, equal_nan=True)

    n_vertices = graph.n_vertices
    _rows.append(
        f"| skim 100 x 10,000 hubs ({n_vertices:,} vertices), value only | {t_plain:.2f} s | "
        f"SciPy Dijkstra {t_scipy:.2f} s | {t_plain / t_scipy:.2f}x SciPy |"
    )
    _rows.append(
        f"| skim 100 x 10,000 hubs, value + 4 path attributes | {t_full:.2f} s | "
        f"SciPy Dijkstra with predecessors {t_scipy_pred:.2f} s | {t_full / t_scipy_pred:.2f}x SciPy |"
    )
    _rows.append(
        f"| SciPy itself vs networkx, same graph | {t_scipy:.2f} s | networkx {t_nx:.1f} s | "
        f"{t_scipy / t_nx:.3f}x networkx ({t_nx / t_scipy:.0f}x faster) |"
    )
    _rows.append(
        f"| skim 100 x 10,000 hubs vs networkx (5 origins timed, scaled) | {t_plain:.2f} s | "
        f"networkx {t_nx:.1f} s | {t_plain / t_nx:.3f}x networkx ({t_nx / t_plain:.0f}x faster) |"
    )
    _write()
    print("\n".join(_rows[-4:]))


def test_point_to_point_early_exit_on_large_network():
    net = synthetic_network(50_000, seed=2)
    ids = net.nodes["id"].tolist()
    rng = np.random.default_rng(0)
    # Pairs near each other: what early exit is for (a city to its region's hub).
    coords = np.column_stack([net.nodes.geometry.x, net.nodes.geometry.y])
    starts = rng.choice(len(ids), 40, replace=False)
    candidates = []
    for s in starts:
        near = np.argsort(((coords - coords[s]) ** 2).sum(axis=1))[50]
        candidates.append((ids[s], ids[near]))
    graph = network_state_graph(net, "export")
    assert graph.n_vertices > _search.EARLY_EXIT_VERTICES

    def ours():
        return [mm.route(net, mm.Shipment(o, d)).cost_cny for o, d in pairs]

    values = edge_values(net.expanded, teu=1.0, weight_t=10.0)
    allowed = allowed_edges(graph, values, mm.CargoClass.GENERAL)
    matrix = graph.pair_index.matrix(values.cost_cny[graph.edge], allowed)
    # Keep the pairs that are connected (the synthetic network has a few islands).
    pairs = [
        (o, d)
        for o, d in candidates
        if np.isfinite(dijkstra(matrix, indices=graph.source(o))[graph.target(d, 0)])
    ][:20]
    assert len(pairs) >= 10

    def full():
        return [dijkstra(matrix, indices=graph.source(o))[graph.target(d, 0)] for o, d in pairs]

    t_ours = _best_of(2, ours) / len(pairs)
    t_full = _best_of(2, full) / len(pairs)
    assert ours() == pytest.approx(full())
    _rows.append(
        f"| point-to-point, 50,000 hubs ({graph.n_vertices:,} vertices), nearby pairs | "
        f"{t_ours * 1e3:.1f} ms | SciPy one-to-all {t_full * 1e3:.1f} ms | "
        f"{t_ours / t_full:.2f}x SciPy ({t_full / t_ours:.1f}x faster) |"
    )
    _write()
    print(_rows[-1])
