"""Skims: OD matrices equal brute force, networkx, and the path attributes add up."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from oracles import brute_force
from toy import network_from, random_tables

import multimodal as mm
from multimodal import _search
from multimodal.synthetic import synthetic_network


@pytest.mark.parametrize("seed", range(8))
def test_cost_skim_equals_brute_force(seed):
    nodes, links = random_tables(seed)
    net = network_from(nodes, links)
    ids = [n["id"] for n in nodes]
    skim = mm.skim(net, ids, ids, weight="cost")
    for o in ids:
        for d in ids:
            if o == d:
                assert skim.values.loc[o, d] == 0
                continue
            outcomes = brute_force(nodes, links, o, d)
            expected = min((c for c, _ in outcomes), default=np.inf)
            assert skim.values.loc[o, d] == pytest.approx(expected)


@pytest.mark.parametrize("seed", range(4))
def test_time_skim_equals_networkx_within_china(seed):
    nodes, links = random_tables(seed, foreign_share=0.0)
    net = network_from(nodes, links)
    graph = net.expanded.to_networkx()
    headway = nx.get_edge_attributes(graph, "headway_h")
    for key, value in headway.items():
        graph.edges[key]["w"] = graph.edges[key]["time_h"] + value / 2
    ids = [n["id"] for n in nodes]
    skim = mm.skim(net, ids, ids, weight="time")
    for o in ids:
        lengths = nx.single_source_dijkstra_path_length(graph, (o, "out", ""), weight="w")
        for d in ids:
            if o != d:
                expected = lengths.get((d, "in", ""), np.inf)
                assert skim.values.loc[o, d] == pytest.approx(expected)


def test_attributes_follow_the_optimal_paths():
    """Along the cheapest paths, the cost attribute equals the minimised value and the
    time attribute equals the time of the route that ``route`` finds (unique optima)."""
    net = mm.load_network()
    origins = ["CITY_XIAN", "CITY_BAOJI", "CITY_YULIN"]
    destinations = ["DUISBURG", "SINGAPORE", "ALMATY", "CITY_HANZHONG"]
    skim = mm.skim(net, origins, destinations, weight="cost")
    assert np.allclose(skim.values.to_numpy(), skim["cost_cny"].to_numpy())
    for o in origins:
        for d in destinations:
            best = mm.route(net, mm.Shipment(o, d), "cost")
            assert skim.values.loc[o, d] == pytest.approx(best.cost_cny)
            assert skim["time_h"].loc[o, d] == pytest.approx(best.time_h)
            assert skim["distance_km"].loc[o, d] == pytest.approx(best.distance_km)
            assert skim["co2e_kg"].loc[o, d] == pytest.approx(best.co2e_kg)
    long = skim.long()
    assert len(long) == len(origins) * len(destinations)


def test_cargo_rules_apply_to_skims():
    net = mm.load_network()
    general = mm.skim(net, ["CITY_XIAN"], ["DUISBURG"], weight="cost")
    dg = mm.skim(net, ["CITY_XIAN"], ["DUISBURG"], weight="time", cargo_class="dangerous_goods")
    fastest = mm.skim(net, ["CITY_XIAN"], ["DUISBURG"], weight="time")
    assert dg.values.iloc[0, 0] > fastest.values.iloc[0, 0]  # no flying
    assert np.isfinite(general.values.iloc[0, 0])
    with pytest.raises(ValueError, match="unknown skim attributes"):
        mm.skim(net, ["CITY_XIAN"], ["DUISBURG"], attributes=["speed"])


def test_early_exit_search_is_exact(monkeypatch):
    """The limit-doubling search for large graphs gives the full search's answer."""
    net = synthetic_network(1500, seed=3)
    ids = net.nodes["id"].tolist()
    pairs = [(ids[i], ids[-1 - i]) for i in range(0, 40, 4)]
    full = [mm.route(net, mm.Shipment(o, d), "cost").cost_cny for o, d in pairs]
    monkeypatch.setattr(_search, "EARLY_EXIT_VERTICES", 0)
    early = [mm.route(net, mm.Shipment(o, d), "cost").cost_cny for o, d in pairs]
    assert early == pytest.approx(full)
