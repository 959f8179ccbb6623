"""``congested_assignment`` on the built-in network, checked without the solver's own sums.

The gap is recomputed here from the returned arc flows: group volumes, the delays from
the functions' own factors, generalized costs per class and one Dijkstra per commodity
(scipy) give an independent TSTT and SPTT.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

import multimodal as mm


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


@pytest.fixture(scope="module")
def demand(net):
    return mm.load_demand(network=net).head(40)


@pytest.fixture(scope="module")
def result(net, demand):
    return mm.congested_assignment(net, demand, gap=1e-5)


def test_reaches_the_gap_and_reports_it(result):
    assert result.status == "gap_reached"
    assert result.relative_gap <= 1e-5
    assert result.solve_info.status == "optimal"
    assert len(result.arc_flow_teu_per_week) == result.flow_model.problem.arc_tail.size
    assert "congested user assignment" in str(result)


def test_gap_recomputed_independently(result):
    """TSTT - SPTT over TSTT from the arc flows alone, in hours of value of time."""
    model = result.flow_model
    flow = model.problem
    groups = result.groups
    eq = result.equilibrium.problem
    ratio = groups["volume_teu_per_week"] / groups["capacity_teu_per_week"]
    delays = []
    for text, r, t0 in zip(groups["delay"], ratio, groups["free_time_h"]):
        function = eval(text, {"BPR": mm.BPR, "QueueDelay": mm.QueueDelay, "Conical": mm.Conical})
        delays.append(t0 * (function.factor(np.array([r]))[0] - 1.0))
    arc_delay_h = flow.group_arcs.T @ np.array(delays)
    vot = np.asarray(model.value_of_time)
    tstt = sptt = 0.0
    for c in range(flow.class_arc_cost.shape[0]):
        members = np.flatnonzero(flow.commodity_class == c)
        class_vot = vot[members[0]]
        # in hours of the class's value of time, the solver's unit: a gap in CNY weights
        # the classes differently (1.8e-5 in CNY where it is 1e-5 in hours)
        cost = flow.class_arc_cost[c] / class_vot + arc_delay_h  # hours per TEU
        allowed = np.isfinite(cost)
        tstt += float(result.class_flow_teu_per_week[c][allowed] @ cost[allowed])
        # Tiny positive weights keep zero-cost arcs as edges of the search graph.
        matrix = sp.coo_matrix(
            (cost[allowed] + 1e-9, (flow.arc_tail[allowed], flow.arc_head[allowed])),
            shape=(flow.n_vertices, flow.n_vertices),
        ).tocsr()
        dist = dijkstra(matrix, indices=flow.commodity_origin[members])
        reach = dist[np.arange(len(members)), flow.commodity_destination[members]]
        sptt += float(flow.commodity_demand[members] @ reach)
    assert eq.n_arcs == flow.arc_tail.size
    assert (tstt - sptt) / tstt <= 1.5e-5


def test_without_delays_it_is_the_uncongested_least_cost(net, demand):
    """No delay anywhere: each commodity on its least generalized cost (scipy Dijkstra),
    and the total is at most the capacitated LP optimum of ``assign`` (a relaxation)."""
    free = mm.congested_assignment(net, demand, delay={"link": None, "service": None, "hub": None})
    assert np.all(free.groups["delay_h"] == 0)
    flow = free.flow_model.problem
    total = 0.0
    for c in range(flow.class_arc_cost.shape[0]):
        cost = flow.class_arc_cost[c]
        allowed = np.isfinite(cost)
        members = np.flatnonzero(flow.commodity_class == c)
        matrix = sp.coo_matrix(
            (cost[allowed] + 1e-9, (flow.arc_tail[allowed], flow.arc_head[allowed])),
            shape=(flow.n_vertices, flow.n_vertices),
        ).tocsr()
        dist = dijkstra(matrix, indices=flow.commodity_origin[members])
        least = dist[np.arange(len(members)), flow.commodity_destination[members]]
        np.testing.assert_allclose(
            free.commodities["cost_cny_per_teu"].to_numpy()[members], least, rtol=1e-6
        )
        total += float(free.class_flow_teu_per_week[c][allowed] @ cost[allowed])
    lp = mm.assign(net, demand, objective="generalized")
    assert total <= lp.solve_info.objective * (1 + 1e-9)


def test_congestion_moves_flow_off_a_full_group(net, demand):
    """A tighter delay (steeper BPR) on services moves flow off their busiest segment."""
    base = mm.congested_assignment(net, demand, gap=1e-5)
    steep = mm.congested_assignment(
        net,
        demand,
        gap=1e-5,
        delay={"link": mm.BPR(), "service": mm.BPR(2.0, 4.0), "hub": mm.QueueDelay()},
    )
    busiest = base.groups["volume_capacity_ratio"].idxmax()
    assert (
        steep.groups.loc[busiest, "volume_teu_per_week"]
        < base.groups.loc[busiest, "volume_teu_per_week"]
    )


def test_system_optimum_costs_less(net, demand):
    ue = mm.congested_assignment(net, demand, gap=1e-6)
    so = mm.congested_assignment(net, demand, gap=1e-6, optimum="system")
    assert so.equilibrium.total_cost <= ue.equilibrium.total_cost * (1 + 1e-9)


def test_bad_delay_is_refused(net, demand):
    with pytest.raises(mm.ParameterError, match="delay"):
        mm.congested_assignment(net, demand, delay="bpr")


def test_a_trickle_costs_what_the_empty_network_costs(net, demand):
    """With every delay on but almost no volume, each row pays its uncongested cost."""
    trickle = demand.assign(
        teu_per_week=demand["teu_per_week"] * 1e-6,
        weight_t_per_week=demand["weight_t_per_week"] * 1e-6,
    )
    congested = mm.congested_assignment(net, trickle, gap=1e-6)
    free = mm.congested_assignment(net, trickle, delay={"link": None, "service": None, "hub": None})
    np.testing.assert_allclose(
        congested.commodities["cost_cny_per_teu"], free.commodities["cost_cny_per_teu"], rtol=1e-6
    )
    assert congested.groups["delay_h"].max() < 1e-6


def test_delays_by_group_id_override_the_kind(net, demand):
    """A function named by a node id applies there; the kind's None leaves the rest free."""
    border = mm.QueueDelay(j=1.0, saturation=0.5)
    result = mm.congested_assignment(
        net, demand, delay={"hub": None, "service": mm.BPR(), "MALASZEWICZE": border}
    )
    hubs = result.groups[result.groups["kind"] == "hub"].set_index("id")
    assert hubs.loc["MALASZEWICZE", "delay"] == repr(border)
    ratio = hubs.loc["MALASZEWICZE", "volume_capacity_ratio"]
    expected = hubs.loc["MALASZEWICZE", "free_time_h"] * ratio / (1 - ratio)  # M/M/1 excess
    assert hubs.loc["MALASZEWICZE", "delay_h"] == pytest.approx(expected, rel=1e-9)
    others = hubs.drop(index="MALASZEWICZE")
    assert (others["delay"] == "").all()
    assert (others["delay_h"] == 0).all()


def test_path_flows_add_up(result, demand):
    """Routes per commodity: they carry its demand and sum to the arc flows."""
    paths = result.path_flows
    served = result.commodities["served"].to_numpy()
    per_row = paths.groupby("commodity")["teu_per_week"].sum()
    expected = result.commodities["teu_per_week"].to_numpy()[served]
    np.testing.assert_allclose(per_row.reindex(np.flatnonzero(served)).to_numpy(), expected)
    arc_flow = np.zeros(len(result.arc_flow_teu_per_week))
    for arcs, teu in zip(paths["arcs"], paths["teu_per_week"]):
        arc_flow[list(arcs)] += teu
    np.testing.assert_allclose(arc_flow, result.arc_flow_teu_per_week, atol=1e-6)
