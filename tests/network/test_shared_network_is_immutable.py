"""The built-in network is shared by every caller of load_network(): nothing may change it."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

import multimodal as mm


def _route_time_h() -> float:
    net = mm.load_network()
    return mm.route(net, mm.Shipment("Xi'an", "Duisburg", teu=1), objective="time").time_h


def test_mutation_attempts_fail_and_a_fresh_load_is_unchanged():
    before = _route_time_h()
    net = mm.load_network()
    expanded = net.expanded
    arrays = [v for v in vars(expanded).values() if isinstance(v, np.ndarray)]
    assert arrays
    for array in arrays:  # every array of the expanded graph refuses writes
        with pytest.raises(ValueError, match="read-only"):
            array[...] = array
    with pytest.raises(ValueError, match="read-only"):
        expanded.time_h *= 10
    graph = net.state_graph("export")
    for value in vars(graph).values():
        if isinstance(value, np.ndarray) and value.size:
            with pytest.raises(ValueError, match="read-only"):
                value[0] = value[0]
    with pytest.raises(nx.NetworkXError, match="Frozen"):
        net.graph.add_edge("A", "B")
    with pytest.raises(ValueError, match="read-only"):
        net.node_values("country")[0] = "XX"
    # Copies handed out may be changed freely; the network keeps its own tables.
    nodes = net.nodes
    nodes.loc[:, "name"] = "changed"
    links = net.links
    links.loc[:, "time_h"] = links["time_h"] * 10
    assert mm.load_network().nodes["name"].ne("changed").all()
    assert _route_time_h() == before
