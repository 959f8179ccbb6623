"""The built-in network: integrity, names, the expanded graph, install from a wheel."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from toy import toy_network

import multimodal as mm
from multimodal._geo import haversine_km
from multimodal.graph import (
    ACCESS_IN,
    ACCESS_OUT,
    ALIGHT,
    BOARD,
    CLEAR,
    GAUGE,
    LINK,
    STAY,
    TRANSFER,
)
from multimodal.schema import MAX_SPEED_KMH


@pytest.fixture(scope="module")
def net():
    return mm.load_network()


def test_plan_structure_is_there(net):
    """One main, three auxiliary, many nodes; five airports; seven bonded zones."""
    nodes = net.nodes
    rail = nodes[nodes["hub_level"] != ""].set_index("id")["hub_level"]
    assert rail.get("XIAN_PORT") == "main"
    assert (rail == "auxiliary").sum() == 3
    assert (rail == "node").sum() >= 5
    shaanxi_airports = nodes[(nodes["kind"] == "airport") & (nodes["province"] == "Shaanxi")]
    assert len(shaanxi_airports) == 5
    assert set(shaanxi_airports.loc[shaanxi_airports["port_status"] == "formal", "id"]) == {"XIY"}
    assert (nodes["kind"] == "bonded_zone").sum() == 7
    assert set(nodes.loc[nodes["kind"] == "bonded_zone", "bonded_zone_of"]) <= set(nodes["id"])
    cities = nodes[(nodes["kind"] == "city") & (nodes["province"] == "Shaanxi")]
    assert len(cities) >= 12  # 10 prefecture-level cities + Yangling + Hancheng
    xian = nodes.set_index("id").loc["XIAN_PORT"]
    assert {"grain", "meat", "vehicles"} <= set(xian["designated"].split(";"))


def test_corridors_and_destinations(net):
    links = net.links
    corridors = set(links["corridor"])
    for corridor in (
        "china_europe",
        "western_land_sea",
        "eastern_rail_sea",
        "sea_asia_europe",
        "air_international",
    ):
        assert corridor in corridors
    ends = set(links["from_node"]) | set(links["to_node"])
    for place in (
        "ALMATY",
        "TASHKENT",
        "MOSCOW",
        "MINSK",
        "WARSAW",
        "DUISBURG",
        "HAMBURG",
        "BUDAPEST",
    ):
        assert place in ends
    for crossing in ("ALASHANKOU", "KHORGOS", "ERENHOT", "MANZHOULI"):
        assert crossing in ends
    gauges = set(links.loc[links["mode"] == "rail", "gauge_mm"])
    assert gauges == {1435.0, 1520.0}


def test_every_node_reachable_from_xian(net):
    assert net.reachable_from("XIAN_PORT") == set(net.nodes["id"])


def test_distances_at_least_great_circle_and_speeds_plausible(net):
    nodes = net.nodes.set_index("id")
    lon, lat = nodes.geometry.x, nodes.geometry.y
    links = net.links
    a, b = links["from_node"], links["to_node"]
    crow = haversine_km(a.map(lon), a.map(lat), b.map(lon), b.map(lat))
    assert (links["distance_km"] >= 0.99 * crow).all()
    speed = links["distance_km"] / links["time_h"]
    for mode, limit in MAX_SPEED_KMH.items():
        assert (speed[links["mode"] == mode.value] <= limit).all()
    assert (speed[links["mode"] == "rail"] >= 5).all()  # not absurdly slow either


def test_every_figure_has_a_source(net):
    for table in (net.nodes, net.links):
        assert (table["source"].str.len() > 0).all()
    data_md = (Path(__file__).parents[2] / "docs" / "data.md").read_text(encoding="utf-8")
    keys = {
        k
        for table in (net.nodes, net.links)
        for cell in table["source"]
        for k in cell.split(";")
        if k
    }
    missing = sorted(k for k in keys if k not in data_md)
    assert not missing, f"source keys not documented in docs/data.md: {missing}"


def test_find_node_in_english_and_chinese(net):
    assert net.find_node("西安国际港站") == "XIAN_PORT"
    assert net.find_node("xian port") == "XIAN_PORT" or net.find_node("XIAN_PORT") == "XIAN_PORT"
    assert net.find_node("汉中") == "CITY_HANZHONG"
    assert net.find_node("Duisburg") == "DUISBURG"
    with pytest.raises(mm.UnknownNodeError) as info:
        net.find_node("Duisberg")
    assert any("Duisburg" in s for s in info.value.suggestions)


def test_summary(net):
    summary = net.stats()
    assert summary.n_nodes == len(net.nodes)
    assert summary.links_by_mode["links"].sum() == len(net.links)
    assert "nodes by kind" in str(summary)


def test_expanded_graph_transfer_costs_on_toy():
    """Transfers carry the node's handling cost and dwell (0 where blank); gauge changes
    theirs; staying on board is free; continuous links run between the departure and
    arrival sides of one layer; a scheduled link is a one-link service: boarding from the
    node's departure side, the ride between the service's own vertices, alighting to the
    node's ``off`` side, from where even the same layer is reached only by a transfer."""
    toy = toy_network()
    g = toy.expanded
    nodes = toy.nodes.set_index("id")
    handling = nodes["handling_cost_cny_per_teu"].fillna(0.0)
    dwell = nodes["dwell_h"].fillna(0.0)
    same_layer = set()
    for e in np.flatnonzero(g.kind == TRANSFER):
        node = g.node_ids[g.node[e]]
        tail, head = g.tail[e], g.head[e]
        assert g.cost_cny_per_teu[e] == handling[node]
        assert g.time_h[e] == dwell[node]
        assert g.vertex_side[tail] in {"arr", "off"}
        assert g.vertex_side[head] == "dep"
        assert g.vertex_service[tail] == g.vertex_service[head] == -1
        if g.vertex_layer[tail] == g.vertex_layer[head]:
            assert g.vertex_side[tail] == "off"  # from a continuous link it is a free stay
            same_layer.add((node, g.vertex_layer[tail]))
    # A change of service is a transfer wherever a service lets boxes off: the last stops
    # of the eight one-link services.
    assert same_layer == {
        ("B", "rail"), ("H", "rail"),  # H-B
        ("F", "rail"),  # B-F (its other end B is above)
        ("D", "rail_1520"), ("F", "rail_1520"),  # F-D
        ("D", "air"), ("P", "air"),  # P-D
    }  # fmt: skip
    gauge = np.flatnonzero(g.kind == GAUGE)
    assert {g.node_ids[g.node[e]] for e in gauge} == {"F"}
    assert set(g.cost_cny_per_teu[gauge]) == {200.0}
    stays = np.flatnonzero(g.kind == STAY)
    assert (g.cost_cny_per_teu[stays] == 0).all()
    assert (g.vertex_side[g.tail[stays]] == "arr").all()
    assert (g.time_h[(g.kind == ACCESS_OUT) | (g.kind == ACCESS_IN)] == 0).all()
    links = np.flatnonzero(g.kind == LINK)
    continuous = links[g.service[links] < 0]
    # Only road is continuous: rail and air links carry their services only.
    assert {toy.links["id"].iloc[k] for k in g.link[continuous]} == {"A-H-road", "A-P-road"}
    assert (g.vertex_side[g.tail[continuous]] == "dep").all()
    assert (g.vertex_side[g.head[continuous]] == "arr").all()
    rides = links[g.service[links] >= 0]
    assert len(rides) == 8  # H-B, B-F, F-D, P-D both ways
    assert (g.vertex_service[g.tail[rides]] == g.service[rides]).all()
    assert (g.vertex_service[g.head[rides]] == g.service[rides]).all()
    assert (g.vertex_side[g.tail[rides]] == "dep1").all()
    assert (g.vertex_side[g.head[rides]] == "arr2").all()
    boards = np.flatnonzero(g.kind == BOARD)
    assert (g.vertex_side[g.tail[boards]] == "dep").all()
    assert (g.vertex_service[g.tail[boards]] == -1).all()
    assert (g.vertex_service[g.head[boards]] == g.service[boards]).all()
    alights = np.flatnonzero(g.kind == ALIGHT)
    assert (g.vertex_service[g.tail[alights]] == g.service[alights]).all()
    assert (g.vertex_side[g.head[alights]] == "off").all()
    assert (g.cost_cny_per_teu[alights] == 0).all()
    assert (g.time_h[alights] == 0).all()
    # Clearance only in China, at open ports, for the modes they are open for.
    clear_nodes = {g.node_ids[g.node[e]] for e in np.flatnonzero(g.kind == CLEAR)}
    assert clear_nodes == {"H", "B", "P"}
    # No transfer edge starts at a departure side: transfers cannot be chained.
    assert not (g.vertex_side[g.tail[g.kind == TRANSFER]] == "dep").any()


def test_networkx_views(net):
    physical = net.graph
    assert physical.number_of_nodes() == len(net.nodes)
    expanded = net.expanded.to_networkx()
    assert expanded.number_of_nodes() == net.expanded.n_vertices


def test_loads_from_an_installed_copy(tmp_path):
    """The built-in data load from any folder. In CI the package is installed from a
    wheel (non-editable): there the data must come from the package's own copy."""
    code = (
        "import multimodal, pathlib; net = multimodal.load_network(); "
        "from multimodal.io import data_dir; "
        "print(len(net.nodes), len(net.links), data_dir(), pathlib.Path(multimodal.__file__).parent)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    n_nodes, n_links, data, package = result.stdout.split()
    assert int(n_nodes) > 50
    assert int(n_links) > 100
    if os.environ.get("CI"):
        assert Path(data) == Path(package) / "_data", "CI must test a non-editable install"
        assert "site-packages" in package
