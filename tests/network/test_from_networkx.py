"""Network.from_networkx: users' graphs and OSMnx graphs become networks; net.graph goes back."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

import multimodal as mm

COLUMNS = ["id", "from_node", "to_node", "mode", "distance_km", "time_h", "cost_cny"]


def test_round_trip_of_the_built_in_network():
    net = mm.load_network()
    again = mm.Network.from_networkx(net.graph)
    assert again.name == net.name
    pd.testing.assert_frame_equal(
        again.links[COLUMNS].sort_values("id").reset_index(drop=True),
        net.links[COLUMNS].sort_values("id").reset_index(drop=True),
    )
    assert again.node_ids == net.node_ids or set(again.node_ids) == set(net.node_ids)
    shipment = mm.Shipment("汉中", "Duisburg", teu=2)
    for objective in ("cost", "time"):
        assert mm.route(again, shipment, objective).objective_value == pytest.approx(
            mm.route(net, shipment, objective).objective_value
        )


def test_an_osmnx_style_road_graph():
    g = nx.MultiDiGraph(crs="epsg:4326")
    g.add_node(1, x=108.90, y=34.30)
    g.add_node(2, x=109.20, y=34.40)
    g.add_node(3, x=109.50, y=34.50)
    g.add_edge(1, 2, key=0, length=30_000.0, travel_time=1_800.0)
    g.add_edge(2, 1, key=0, length=30_000.0, travel_time=1_800.0)
    g.add_edge(2, 3, key=0, length=33_000.0)
    net = mm.Network.from_networkx(g, name="roads")
    links = net.links.set_index("id")
    assert links.loc["1-2-0", "distance_km"] == pytest.approx(30.0)
    assert links.loc["1-2-0", "time_h"] == pytest.approx(0.5)  # travel_time in seconds
    assert links.loc["2-3-0", "time_h"] == pytest.approx(33.0 / 55.0)  # default road speed
    assert links.loc["2-3-0", "cost_cny"] == pytest.approx(33.0 * 5.0)
    assert not links["bidirectional"].any()  # a directed graph: one link per direction
    route = mm.route(net, mm.Shipment("1", "3"), "time")
    assert route.time_h == pytest.approx(0.5 + 33.0 / 55.0)


def test_missing_coordinates_and_lengths_are_listed():
    g = nx.Graph()
    g.add_node("A")
    g.add_node("B", lon=109.0, lat=34.0)
    g.add_edge("A", "B")
    with pytest.raises(mm.DataValidationError) as info:
        mm.Network.from_networkx(g)
    text = str(info.value)
    assert "row A" in text
    assert "coordinates" in text
    assert "no length" in text


def test_not_a_graph():
    with pytest.raises(mm.ParameterError, match="networkx graph"):
        mm.Network.from_networkx({"A": "B"})
