"""Routing: exact against brute force, the freight rules, alternatives, Pareto fronts."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from oracles import brute_force, pareto_points
from toy import link, network_from, random_tables, toy_network, toy_tables

import multimodal as mm


@pytest.fixture(scope="module")
def toy():
    return toy_network()


def test_cheapest_route_on_toy_is_hand_checked(toy):
    """Road 500 + transfer 100 + customs 50 + rail 3000 + transfer at B 0 + border 100 +
    gauge 200 + rail 8000.

    H-B, B-F and F-D run on departures, so each is a (one-link) service: boarding pays
    the wait, and leaving the H-B train at B for the B-F shuttle is a change of service
    at B, a transfer at B's handling cost and dwell, both blank (0) in the toy.
    """
    route = mm.route(toy, mm.Shipment("A", "D", teu=1), "cost")
    assert route.cost_cny == pytest.approx(11_950.0)
    assert route.nodes == ["A", "H", "B", "F", "D"]
    # 3 + 2 + 1 + (12 wait + 60) + 0 + (1 wait + 1) + 24 + (24 wait + 200)
    assert route.time_h == pytest.approx(328.0)
    assert route.wait_h == pytest.approx(37.0)
    steps = route.steps
    assert list(steps["kind"]) == [
        "link", "transfer", "customs", "link", "transfer", "link", "gauge_change", "link",
    ]  # fmt: skip
    assert list(steps["service_id"]) == [
        "", "", "", "link:H-B-rail", "", "link:B-F-rail", "", "link:F-D-rail",
    ]  # fmt: skip
    assert list(steps["wait_h"]) == pytest.approx([0, 0, 0, 12, 0, 1, 0, 24])
    at_b = steps.iloc[4]
    assert (at_b["from_node"], at_b["cost_cny"], at_b["time_h"]) == ("B", 0.0, 0.0)
    assert steps["cost_cny"].sum() == pytest.approx(route.cost_cny)


def test_fastest_route_on_toy_flies(toy):
    route = mm.route(toy, mm.Shipment("A", "D", teu=1), "time")
    assert route.modes == ["road", "air"]
    # air priced per tonne: 2,000 CNY/t x 10 t
    assert route.cost_cny == pytest.approx(300 + 120 + 60 + 20_000)
    assert route.time_h == pytest.approx(3 + 4 + 2 + 11 + 42)


def test_costs_scale_with_pricing_basis(toy):
    """Per-TEU links scale with TEU, per-tonne (air) links with tonnes."""
    one = mm.route(toy, mm.Shipment("A", "D", teu=1, weight_t=5), "time")
    two = mm.route(toy, mm.Shipment("A", "D", teu=2, weight_t=5), "time")
    air_one = one.steps.loc[one.steps["mode"].eq("air") & one.steps["kind"].eq("link"), "cost_cny"]
    air_two = two.steps.loc[two.steps["mode"].eq("air") & two.steps["kind"].eq("link"), "cost_cny"]
    assert float(air_one.iloc[0]) == float(air_two.iloc[0]) == pytest.approx(10_000)
    road_one = one.steps.loc[one.steps["mode"].eq("road"), "cost_cny"].iloc[0]
    road_two = two.steps.loc[two.steps["mode"].eq("road"), "cost_cny"].iloc[0]
    assert road_two == pytest.approx(2 * road_one)


@pytest.mark.parametrize("seed", range(12))
def test_route_and_front_equal_brute_force(seed):
    """Cheapest, fastest and the whole cost-time front equal exhaustive enumeration of
    walks over the raw link table that visit no node twice, with the rules applied
    independently (tests/oracles.py)."""
    nodes, links = random_tables(seed)
    net = network_from(nodes, links)
    ids = [n["id"] for n in nodes]
    pairs = [(o, d) for o in ids[:3] for d in ids[-3:] if o != d]
    for origin, destination in pairs:
        for cargo in ("general", "meat"):
            outcomes = brute_force(nodes, links, origin, destination, cargo=cargo, simple=True)
            shipment = mm.Shipment(origin, destination, teu=1, cargo_class=cargo)
            for objective, column in (("cost", 0), ("time", 1)):
                expected = min((o[column] for o in outcomes), default=None)
                if expected is None:
                    with pytest.raises(mm.NoRouteError):
                        mm.route(net, shipment, objective)
                    continue
                found = mm.route(net, shipment, objective)
                got = found.cost_cny if column == 0 else found.time_h
                assert got == pytest.approx(expected, abs=1e-6)
            if outcomes:
                front = mm.pareto(net, shipment)
                points = [(round(r.cost_cny, 6), round(r.time_h, 6)) for r in front]
                assert points == pareto_points(outcomes)


@pytest.mark.parametrize("seed", range(6))
def test_domestic_route_equals_networkx_on_expanded_graph(seed):
    """Within China (no customs), the cheapest route equals networkx's Dijkstra on the
    mode-expanded graph exported with to_networkx()."""
    nodes, links = random_tables(seed, foreign_share=0.0)
    net = network_from(nodes, links)
    graph = net.expanded.to_networkx()
    for u, v, data in graph.edges(data=True):
        del u, v
        data["w"] = data["cost_cny_per_teu"] * 2 + data["cost_cny_per_t"] * 7
    for destination in ("N3", "N4", "N5"):
        try:
            expected = nx.dijkstra_path_length(
                graph, ("N0", "out", ""), (destination, "in", ""), weight="w"
            )
        except nx.NetworkXNoPath:
            with pytest.raises(mm.NoRouteError):
                mm.route(net, mm.Shipment("N0", destination, teu=2, weight_t=7))
            continue
        got = mm.route(net, mm.Shipment("N0", destination, teu=2, weight_t=7)).cost_cny
        assert got == pytest.approx(expected)


def test_front_is_non_dominated_and_sorted(toy):
    front = mm.pareto(toy, mm.Shipment("A", "D", teu=1))
    assert len(front) == 2
    for a in front:
        for b in front:
            if a is not b:
                assert not (a.cost_cny <= b.cost_cny and a.time_h <= b.time_h)
    assert [r.cost_cny for r in front] == sorted(r.cost_cny for r in front)


def test_three_criteria_front_contains_two_criteria_front(toy):
    two = {(r.cost_cny, r.time_h) for r in mm.pareto(toy, mm.Shipment("A", "D"))}
    three = {
        (r.cost_cny, r.time_h)
        for r in mm.pareto(toy, mm.Shipment("A", "D"), criteria=("cost", "time", "co2e"))
    }
    assert two <= three


# -- the rules: one case refused, one passed ---------------------------------------------
def _toy_with(node_changes=None, link_changes=None):
    nodes, links = toy_tables()
    for ident, changes in (node_changes or {}).items():
        for column, value in changes.items():
            nodes.loc[nodes["id"] == ident, column] = value
    for ident, changes in (link_changes or {}).items():
        for column, value in changes.items():
            links.loc[links["id"] == ident, column] = value
    return mm.Network(nodes, links, name="toy-variant")


def test_export_refused_through_a_closed_border():
    closed = _toy_with(
        {
            "B": {"port_status": "none", "port_modes": ""},
            "P": {"port_status": "none", "port_modes": ""},
        }
    )
    with pytest.raises(mm.NoRouteError) as info:
        mm.route(closed, mm.Shipment("A", "D"))
    assert info.value.binding == "customs"
    open_only_rail = _toy_with({"P": {"port_status": "none", "port_modes": ""}})
    assert mm.route(open_only_rail, mm.Shipment("A", "D")).nodes[-2] == "F"


def test_customs_cleared_at_open_port_only():
    """H is no longer open: the export must clear at the border B instead."""
    net = _toy_with(
        {
            "H": {"port_status": "none", "port_modes": ""},
            "P": {"port_status": "none", "port_modes": ""},
        }
    )
    route = mm.route(net, mm.Shipment("A", "D"))
    customs = route.steps[route.steps["kind"] == "customs"]
    assert list(customs["from_node"]) == ["B"]


def test_designated_cargo_cleared_at_designated_port():
    net = _toy_with()
    meat = mm.route(net, mm.Shipment("D", "A", cargo_class="meat"))
    assert list(meat.steps.loc[meat.steps["kind"] == "customs", "from_node"]) == ["H"]
    undesignated = _toy_with({"H": {"designated": ""}})
    with pytest.raises(mm.NoRouteError) as info:
        mm.route(undesignated, mm.Shipment("D", "A", cargo_class="meat"))
    assert info.value.binding == "cargo_class"
    # General cargo may clear anywhere open: the border is cheaper.
    general = mm.route(undesignated, mm.Shipment("D", "A"))
    assert general.cost_cny > 0


def test_reefer_needs_reefer_links_and_hubs(toy):
    reefer = mm.Shipment("A", "D", cargo_class="reefer")
    assert mm.route(toy, reefer, "cost").nodes == ["A", "H", "B", "F", "D"]
    net = _toy_with({"P": {"reefer": True}}, link_changes={"H-B-rail": {"reefer": False}})
    assert mm.route(net, reefer, "cost").modes == ["road", "air"]
    assert mm.route(net, mm.Shipment("A", "D"), "cost").modes == ["road", "rail"]
    no_hub = _toy_with({"H": {"reefer": False}, "P": {"reefer": False}})
    with pytest.raises(mm.NoRouteError):
        mm.route(no_hub, reefer)
    assert mm.route(no_hub, mm.Shipment("A", "D")).cost_cny > 0


def test_dangerous_goods_never_fly():
    """Every hub where the land route changes (H road->rail; B off the H-B train; F gauge)
    and the airport P handle dangerous goods: the land route exists, the air one never."""
    net = _toy_with({n: {"dangerous_goods": True} for n in ("H", "B", "P", "F")})
    dg = mm.Shipment("A", "D", cargo_class="dangerous_goods")
    assert "air" not in mm.route(net, dg, "time").modes
    with pytest.raises(mm.NoRouteError):
        mm.route(net, dg, "time", avoid_modes=["rail"])
    # B refusing them closes the land route too: leaving the H-B train at B is a change.
    without_b = _toy_with({n: {"dangerous_goods": True} for n in ("H", "P", "F")})
    with pytest.raises(mm.NoRouteError):
        mm.route(without_b, dg, "time")


def test_deadline_binds_and_names_the_fastest(toy):
    with pytest.raises(mm.NoRouteError) as info:
        mm.route(toy, mm.Shipment("A", "D", deadline="48h"))
    error = info.value
    assert error.binding == "deadline"
    assert "62 h" in str(error)
    assert "A > P > D" in str(error)
    assert isinstance(error.relaxed, mm.Route)
    assert error.relaxed.time_h == pytest.approx(62.0)
    # A deadline the rail route misses but air meets: the cheapest feasible is air.
    assert mm.route(toy, mm.Shipment("A", "D", deadline="3d")).modes == ["road", "air"]
    assert mm.route(toy, mm.Shipment("A", "D", deadline="14d")).modes == ["road", "rail"]


def test_modes_avoid_and_via(toy):
    assert mm.route(toy, mm.Shipment("A", "D"), modes=["road", "air"]).modes == ["road", "air"]
    assert "H" not in mm.route(toy, mm.Shipment("A", "D"), avoid_nodes=["Hub"]).nodes
    with pytest.raises(mm.NoRouteError) as info:
        mm.route(toy, mm.Shipment("A", "D"), avoid_countries=["KZ"], avoid_modes=["air"])
    assert info.value.binding in {"avoid_countries", "modes"}
    assert "P" in mm.route(toy, mm.Shipment("A", "D"), via=["P"]).nodes
    with pytest.raises(ValueError, match="origin or destination"):
        mm.route(toy, mm.Shipment("A", "D"), avoid_nodes=["A"])


def test_unknown_names_suggest_close_matches(toy):
    with pytest.raises(mm.UnknownNodeError) as info:
        mm.route(toy, mm.Shipment("Alfa", "D"))
    assert "Alpha" in info.value.suggestions
    assert "did you mean" in str(info.value)
    assert toy.find_node("阿尔法") == "A"
    # A misspelt Chinese name (one character wrong; a prefix such as 阿尔 now matches).
    with pytest.raises(mm.UnknownNodeError) as info:
        toy.find_node("阿尔发")
    assert "阿尔法" in info.value.suggestions


def test_timetable_gives_actual_next_departure():
    nodes, links = toy_tables()
    links.loc[links["id"] == "F-D-rail", "timetable"] = "Wed 03:55;Sat 03:55"
    net = mm.Network(nodes, links)
    ready = dt.datetime(2026, 11, 30, 8, 0)  # a Monday
    route = mm.route(net, mm.Shipment("A", "D", ready_time=ready), "cost")
    leg = route.steps[route.steps["link_id"] == "F-D-rail"].iloc[0]
    departs = ready + dt.timedelta(hours=float(leg["depart_h"]))
    assert departs.strftime("%a %H:%M") in {"Wed 03:55", "Sat 03:55"}
    assert departs >= ready + dt.timedelta(hours=float(route.steps.iloc[:4]["time_h"].sum()))
    assert route.arrival == ready + dt.timedelta(hours=route.time_h)


def test_time_dependent_fastest_is_exact():
    """With a ready time, a timetabled service is taken at its next departure: brute force
    over departure choices on a two-route network."""
    nodes, links = toy_tables()
    links.loc[links["id"] == "P-D-air", "timetable"] = "Fri 22:00"
    net = mm.Network(nodes, links)
    ready = dt.datetime(2026, 12, 4, 20, 0)  # Friday 20:00: 3 + 4 + 2 h later misses 22:00
    route = mm.route(net, mm.Shipment("A", "D", ready_time=ready), "time")
    # Air: leaves next Friday 22:00 (177 h after ready... minus) vs rail 327 h.
    air_time = (7 * 24 + 2) + 11
    assert route.time_h == pytest.approx(min(air_time, 327.0))


def test_alternatives_distinct_and_ranked(toy):
    routes = mm.alternatives(toy, mm.Shipment("A", "D"), k=5)
    assert len(routes) == 2
    assert routes[0].cost_cny <= routes[1].cost_cny
    assert len({r.signature for r in routes}) == len(routes)
    for r in routes:
        assert len(r.nodes) == len(set(r.nodes))


def test_generalized_objective_trades_money_for_time(toy):
    cheap = mm.route(toy, mm.Shipment("A", "D", cargo_value_cny=10_000), "generalized")
    assert cheap.modes == ["road", "rail"]
    precious = mm.route(
        toy,
        mm.Shipment("A", "D", cargo_value_cny=5_000_000, cargo_class="medicines"),
        "generalized",
    )
    assert precious.modes == ["road", "air"]
    with pytest.raises(ValueError, match="value of time"):
        mm.route(toy, mm.Shipment("A", "D"), "generalized")


def test_route_outputs(toy, tmp_path):
    route = mm.route(toy, mm.Shipment("A", "D", teu=2))
    gdf = route.to_geodataframe()
    assert len(gdf) == len(route.steps)
    assert gdf.crs.to_epsg() == 4326
    text = route.explain()
    assert "total" in text
    assert "CNY" in text
    legs = route.legs
    assert legs["cost_cny"].sum() == pytest.approx(route.cost_cny)


def test_deterministic(toy):
    a = mm.route(toy, mm.Shipment("A", "D"), "co2e")
    b = mm.route(toy, mm.Shipment("A", "D"), "co2e")
    assert a.steps.equals(b.steps)


def test_link_helper_in_toy_is_used():
    assert link("A", "B", "road", 1, 1, 1)["id"] == "A-B-road"
