"""The guarantees of routing on services, on the built-in network: 500 random OD pairs.

No route visits a node twice, and no route changes service without paying the node's
handling (a transfer step at that node, between the two rides, charged the node's
handling cost per TEU and its dwell).
"""

import itertools

import numpy as np
import pytest

import multimodal as mm

OBJECTIVES = ("cost", "time", "co2e")


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


def sample_queries(net, n=500, seed=7):
    rng = np.random.default_rng(seed)
    ids = list(net.node_ids)
    pairs = [(a, b) for a, b in itertools.permutations(ids, 2)]
    chosen = rng.choice(len(pairs), size=n, replace=False)
    return [(*pairs[i], OBJECTIVES[k % len(OBJECTIVES)]) for k, i in enumerate(chosen)]


def service_changes(route):
    """(node, steps between the two rides) for each change from one service to another
    at a node (a road leg between two rides is a change of mode, checked elsewhere)."""
    steps = route.steps.reset_index(drop=True)
    rides = steps.index[(steps["kind"] == "link") & steps["service_id"].fillna("").ne("")]
    out = []
    for i, j in itertools.pairwise(rides):
        a, b = steps.at[i, "service_id"], steps.at[j, "service_id"]
        between = steps.iloc[i + 1 : j]
        if a != b and not (between["kind"] == "link").any():  # not by road between them
            out.append((steps.at[i, "to_node"], between))
    return out


def test_500_random_routes_visit_each_node_once_and_pay_for_each_change(net):
    handling = dict(zip(net.node_ids, net.node_values("handling_cost_cny_per_teu")))
    dwell = dict(zip(net.node_ids, net.node_values("dwell_h")))
    routed = changes = 0
    for origin, destination, objective in sample_queries(net):
        try:
            route = mm.route(net, mm.Shipment(origin, destination, teu=1), objective)
        except mm.NoRouteError:
            continue
        routed += 1
        nodes = route.nodes
        assert len(nodes) == len(set(nodes)), (origin, destination, objective, nodes)
        for node, between in service_changes(route):
            changes += 1
            transfers = between[between["kind"].isin(["transfer", "gauge_change"])]
            assert len(transfers) == 1, (origin, destination, objective, node)
            step = transfers.iloc[0]
            assert step["from_node"] == node
            if step["kind"] == "transfer":
                assert step["cost_cny"] == pytest.approx(np.nan_to_num(handling[node]))
                assert step["time_h"] == pytest.approx(np.nan_to_num(dwell[node]))
    assert routed > 300  # most pairs are connected (many ends are border stations)
    assert changes > 100  # and many routes change service
