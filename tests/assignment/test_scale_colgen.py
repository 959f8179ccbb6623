"""Column generation at scale stays exact: spared and partial pricing against the arc LP,
and the all-at-once paths table against a path-by-path recomputation.

The generated instance (80 hubs, 8 services, 250 OD pairs, heavy demand) has a dozen
binding service capacities, so the master's duals move, origins are spared and partial
pricing rounds happen; the arc-based LP is the independent method.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from flow_oracle import check_solution
from scipy.sparse.csgraph import dijkstra

import multimodal as mm
from multimodal.assignment._flow_model import build_flow_model
from multimodal.assignment.arc_model import solve_arc_based
from multimodal.assignment.path_model import solve_path_based
from multimodal.assignment.result import _PATH_COLUMNS
from multimodal.demand import validate_demand
from multimodal.graph import LINK, TRANSFER
from multimodal.objective import edge_values
from multimodal.synthetic import synthetic_national
from multimodal.synthetic.national import synthetic_demand
from multimodal.units import T_PER_TEU


@pytest.fixture(scope="module")
def instance():
    net, _ = synthetic_national(80, 8, 10, seed=3, n_stops=6)
    demand = synthetic_demand(net, 250, seed=3, mean_teu_per_week=40.0)
    return net, demand


@pytest.fixture(scope="module")
def problem(instance):
    net, demand = instance
    return build_flow_model(net, validate_demand(demand, net)).problem


def test_path_based_equals_the_arc_based_lp_with_spared_and_partial_pricing(problem):
    path = solve_path_based(problem)
    arc = solve_arc_based(problem)
    assert path.solve_info.is_optimal
    assert arc.solve_info.is_optimal
    assert path.objective == pytest.approx(arc.objective, rel=1e-6)
    check_solution(problem, path)
    binding = int((path.group_capacity_dual > 1e-9).sum())
    assert binding >= 3, "the instance must bind some capacities to exercise pricing"
    # the new code paths ran: trees spared by the base-distance bound, partial rounds,
    # and the run still ended on a full pricing round that found nothing
    assert path.stats["trees_skipped"] > 0
    assert path.stats["partial_pricing_rounds"] > 0
    assert path.stats["full_pricing_rounds"] >= 2
    # the duals prove it: every commodity's cheapest path at the final prices costs
    # at least its demand dual (no path prices out), recomputed here by Dijkstra
    extra = path.arc_capacity_dual + problem.group_arcs.T @ path.group_capacity_dual
    for c in range(problem.n_classes):
        weight = problem.cost_of_class(c) + extra
        ok = np.isfinite(weight)
        graph = pd.DataFrame(
            {"t": problem.arc_tail[ok], "h": problem.arc_head[ok], "w": weight[ok]}
        )
        graph = graph.groupby(["t", "h"], as_index=False)["w"].min()
        matrix = sp.csr_matrix(
            (graph["w"], (graph["t"], graph["h"])), shape=(problem.n_vertices,) * 2
        )
        ks = np.flatnonzero(problem.commodity_class == c)
        dist = dijkstra(matrix, indices=problem.commodity_origin[ks])
        least = dist[np.arange(ks.size), problem.commodity_destination[ks]]
        pi = path.demand_dual[ks]
        assert np.all(least >= pi - 1e-6 * np.maximum(1.0, np.abs(pi)))


def test_partial_pricing_does_not_change_the_answer_across_seeds():
    """Smaller generated instances, several seeds: still the arc LP's optimum."""
    for seed in range(3):
        net, _ = synthetic_national(50, 5, 10, seed=seed, n_stops=5)
        demand = synthetic_demand(net, 120, seed=seed, mean_teu_per_week=60.0)
        problem = build_flow_model(net, validate_demand(demand, net)).problem
        path = solve_path_based(problem)
        arc = solve_arc_based(problem)
        assert path.solve_info.is_optimal
        assert path.objective == pytest.approx(arc.objective, rel=1e-6)


# --- the paths table, recomputed one path at a time (the former implementation) ---------


def _gateway(visited: list[str], in_china: Mapping[str, bool]) -> str:
    for tail, head in itertools.pairwise(visited):
        if in_china[tail] != in_china[head]:
            return tail if in_china[tail] else head
    return ""


def _reference_paths(result: mm.Assignment, net: mm.Network, demand: pd.DataFrame):
    """Paths table and link flows of ``result``, path by path, from the flow model."""
    model = build_flow_model(net, validate_demand(demand, net))
    solution_paths = result.paths
    base = net.expanded
    links = net.links
    table = model.demand
    values = edge_values(base, teu=1.0, weight_t=1.0)
    in_china = dict(zip(net.node_ids, net.node_values("country") == "CN"))
    t_per_teu = (table["weight_t_per_week"] / table["teu_per_week"]).to_numpy(float)
    vot = model.value_of_time if len(model.value_of_time) else np.zeros(len(table))
    link_from = np.array([net.node_index(n) for n in links["from_node"]])
    # the engine's paths, re-solved (deterministic) to get their arcs
    flow_solution = solve_path_based(model.problem)
    records = []
    flows = np.zeros((2, len(links)))
    for row in flow_solution.paths.itertuples():
        k = int(row.commodity)
        edges = model.arc_edge[np.asarray(row.arcs, dtype=int)]
        is_link = base.kind[edges] == LINK
        link_ids = base.link[edges[is_link]]
        forward = base.vertex_node[base.tail[edges[is_link]]] == link_from[link_ids]
        np.add.at(flows, (np.where(forward, 0, 1), link_ids), row.flow_teu)
        tonnes = row.flow_teu * t_per_teu[k]
        visited = [base.node_ids[base.vertex_node[base.tail[edges[0]]]]]
        for e in edges[is_link]:
            head = base.node_ids[base.vertex_node[base.head[e]]]
            if head != visited[-1]:
                visited.append(head)
        modes = links["mode"].to_numpy()[link_ids]
        km_by_mode = pd.Series(values.distance_km[edges[is_link]]).groupby(modes).sum()
        money = float(
            base.cost_cny_per_teu[edges].sum() + T_PER_TEU * base.cost_cny_per_t[edges].sum()
        )
        hours = float(values.time_h[edges].sum())
        transfers = int(np.count_nonzero(base.kind[edges] == TRANSFER))
        co2e_per_teu = t_per_teu[k] * float(values.co2e_kg[edges[is_link]].sum())
        rules = model.generalized
        records.append(
            {
                "demand_id": table["id"].iat[k],
                "origin": table["origin"].iat[k],
                "destination": table["destination"].iat[k],
                "cargo_class": table["cargo_class"].iat[k],
                "path_id": int(row.path_id),
                "flow_teu": float(row.flow_teu),
                "share": float(row.flow_teu) / float(table["teu_per_week"].iat[k]),
                "cost_cny_per_teu": money,
                "generalized_cost_cny_per_teu": money
                + vot[k] * hours
                + rules.transfer_penalty_cny_per_teu * transfers
                + rules.carbon_price_cny_per_t * co2e_per_teu / 1000.0,
                "transfers": transfers,
                "time_h": hours,
                "distance_km": float(values.distance_km[edges].sum()),
                "tonne_km": float(tonnes * values.distance_km[edges[is_link]].sum()),
                "co2e_kg": float(tonnes * values.co2e_kg[edges[is_link]].sum()),
                "modes": "+".join(m for i, m in enumerate(modes) if i == 0 or m != modes[i - 1]),
                "main_mode": str(km_by_mode.idxmax()) if len(km_by_mode) else "",
                "gateway": _gateway(visited, in_china),
                "via": " > ".join(visited),
            }
        )
    assert len(records) == len(solution_paths)
    return pd.DataFrame.from_records(records, columns=_PATH_COLUMNS), flows


@pytest.mark.parametrize("which", ["built-in", "generated"])
def test_paths_table_equals_a_path_by_path_recomputation(which, instance):
    if which == "built-in":
        net = mm.load_network()
        demand = mm.load_demand(network=net)
    else:
        net, demand = instance
    result = mm.assign(net, demand)
    expected, flows = _reference_paths(result, net, demand)
    pd.testing.assert_frame_equal(result.paths, expected, rtol=1e-12)
    np.testing.assert_allclose(result.link_flows["flow_forward_teu"], flows[0], atol=1e-9)
    np.testing.assert_allclose(result.link_flows["flow_backward_teu"], flows[1], atol=1e-9)


def test_warm_highspy_master_and_mathopt_master_agree(problem, monkeypatch):
    """The warm-started highspy master and the from-scratch MathOpt one: one optimum."""
    pytest.importorskip("highspy")
    import multimodal.assignment.path_model as path_model

    warm = solve_path_based(problem)
    assert "warm" in warm.solve_info.solver
    monkeypatch.setattr(path_model, "_WARM_MASTER", False)
    cold = solve_path_based(problem)
    assert "MathOpt" in cold.solve_info.solver
    assert cold.solve_info.is_optimal
    assert warm.objective == pytest.approx(cold.objective, rel=1e-9)
