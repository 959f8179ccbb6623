"""Customs regimes (``multimodal/customs.py``) on the toy network, against a hand count.

The toy (``tests/toy.py``), with the layers each node serves (a layer is a mode; rail on
1520 mm is its own layer):

====  =======  ==================  ==============================  ===================
node  country  layers              port                            customs
====  =======  ==================  ==============================  ===================
A     CN       road                none                            -
H     CN       road, rail          temporary, open for rail, meat  50 CNY/TEU, 1 h
B     CN       rail                formal, open for rail           80 CNY/TEU, 3 h
F     KZ       rail, rail_1520     none (abroad: never clears)     -
D     DE       rail_1520, air      none                            -
P     CN       road, air           formal, open for air            60 CNY/TEU, 2 h
====  =======  ==================  ==============================  ===================

Links, all both ways: A-H road, H-B rail, A-P road (Chinese); F-D rail_1520 (abroad);
B-F rail and P-D air (across the border, Chinese ends B and P). The rail and air links
have departures a week, so each direction is an implicit one-link service (``link:<id>``,
``link:<id>:reverse``): boarding, riding and alighting are edges of their own, and a box
that alights goes to the node's ``off`` vertex. The road links A-H and A-P are
continuous, between a node's ``dep`` and ``arr`` vertices.

The expected edges below are written out by hand from the rules in the module docstring
of ``customs.py``, never computed by the code under test; the helpers only turn the
state graph's arrays into readable names.
"""

from __future__ import annotations

import pytest
from toy import toy_network, toy_tables

import multimodal as mm
from multimodal.customs import allowed_edges
from multimodal.graph import EDGE_KINDS
from multimodal.modes import CargoClass
from multimodal.objective import edge_values

# Implicit one-link services: each scheduled link (departures a week) and direction is a
# service ``link:<id>`` (``link:<id>:reverse`` the other way); road stays continuous.
HB, BH = "link:H-B-rail", "link:H-B-rail:reverse"
BF, FB = "link:B-F-rail", "link:B-F-rail:reverse"
FD, DF = "link:F-D-rail", "link:F-D-rail:reverse"
PD, DP = "link:P-D-air", "link:P-D-air:reverse"

# Directed link edges as (from, to, layer, service: "" for a continuous link), by where
# their ends lie.
CN_LINKS = {
    ("A", "H", "road", ""), ("H", "A", "road", ""),
    ("A", "P", "road", ""), ("P", "A", "road", ""),
    ("H", "B", "rail", HB), ("B", "H", "rail", BH),
}  # fmt: skip
ABROAD_LINKS = {("F", "D", "rail_1520", FD), ("D", "F", "rail_1520", DF)}
OUTWARD = {("B", "F", "rail", BF), ("P", "D", "air", PD)}  # China -> abroad
INWARD = {("F", "B", "rail", FB), ("D", "P", "air", DP)}  # abroad -> China

# Boarding (at the first stop) and alighting (at the last) of each service, as
# (node, layer, service); both ends of these edges lie at one node.
CN_BOARDS = {("H", "rail", HB), ("B", "rail", BH), ("B", "rail", BF), ("P", "air", PD)}
ABROAD_BOARDS = {
    ("F", "rail", FB), ("F", "rail_1520", FD), ("D", "rail_1520", DF), ("D", "air", DP),
}  # fmt: skip
CN_ALIGHTS = {("B", "rail", HB), ("B", "rail", FB), ("H", "rail", BH), ("P", "air", DP)}
ABROAD_ALIGHTS = {
    ("F", "rail", BF), ("D", "rail_1520", FD), ("F", "rail_1520", DF), ("D", "air", PD),
}  # fmt: skip

# Clearance happens at a Chinese open port, on the layers of the modes it is open for:
# on arrival by a continuous link (arr), after alighting from a service (off), before
# departure (dep): H rail, B rail, P air (not P road: P is open for air only); and on
# board a service arriving at a border station (B only: a box on board elsewhere is
# cleared before it boards or after it leaves). F is abroad and never clears; A and D
# are not ports. A service's vertex is named (node, "layer@service", "arr<stop>").
CLEARANCES = {
    ("H", "rail", "arr"), ("H", "rail", "off"), ("H", "rail", "dep"),
    ("B", "rail", "arr"), ("B", "rail", "off"), ("B", "rail", "dep"),
    ("P", "air", "arr"), ("P", "air", "off"), ("P", "air", "dep"),
    ("B", f"rail@{HB}", "arr2"), ("B", f"rail@{FB}", "arr2"),
}  # fmt: skip
B_CLEARANCES = {("B", "rail", s) for s in ("arr", "off", "dep")} | {
    ("B", f"rail@{HB}", "arr2"),
    ("B", f"rail@{FB}", "arr2"),
}
P_AIR_CLEARANCES = {("P", "air", s) for s in ("arr", "off", "dep")}

# Hub events (transfer, gauge change) as (node, from layer, from side, to layer). From
# ``arr`` (arrived by a continuous link) to another layer; from ``off`` (alighted from a
# service) to every layer, its own included: a change of service (or from a service to a
# continuous link of its layer) pays the node's handling like a change of mode.
CN_TRANSFERS = {
    ("H", "road", "arr", "rail"), ("H", "rail", "arr", "road"),
    ("H", "rail", "off", "rail"), ("H", "rail", "off", "road"),
    ("B", "rail", "off", "rail"),
    ("P", "road", "arr", "air"), ("P", "air", "arr", "road"),
    ("P", "air", "off", "road"), ("P", "air", "off", "air"),
}  # fmt: skip
ABROAD_TRANSFERS = {
    # gauge changes at F, from either side, and the changes of service on each gauge
    ("F", "rail", "arr", "rail_1520"), ("F", "rail_1520", "arr", "rail"),
    ("F", "rail", "off", "rail_1520"), ("F", "rail", "off", "rail"),
    ("F", "rail_1520", "off", "rail"), ("F", "rail_1520", "off", "rail_1520"),
    ("D", "rail_1520", "arr", "air"), ("D", "air", "arr", "rail_1520"),
    ("D", "rail_1520", "off", "air"), ("D", "rail_1520", "off", "rail_1520"),
    ("D", "air", "off", "rail_1520"), ("D", "air", "off", "air"),
}  # fmt: skip

# (node, layer) pairs: one stay (arr -> dep, free) and one access-out edge each.
CN_LAYERS = {
    ("A", "road"),
    ("H", "road"),
    ("H", "rail"),
    ("B", "rail"),
    ("P", "road"),
    ("P", "air"),
}
ABROAD_LAYERS = {("F", "rail"), ("F", "rail_1520"), ("D", "rail_1520"), ("D", "air")}
# Where a service lets boxes off: an ``off`` vertex, with an access-in edge of its own.
CN_OFF = {("H", "rail"), ("B", "rail"), ("P", "air")}
ABROAD_OFF = {("F", "rail"), ("F", "rail_1520"), ("D", "rail_1520"), ("D", "air")}
# Access-in edges as (node, layer, side).
CN_ACCESS_IN = {(n, lay, "arr") for n, lay in CN_LAYERS} | {(n, lay, "off") for n, lay in CN_OFF}
ABROAD_ACCESS_IN = {(n, lay, "arr") for n, lay in ABROAD_LAYERS} | {
    (n, lay, "off") for n, lay in ABROAD_OFF
}


def edges_by_state(graph, kind):
    """Edges of one kind as {(tail state, head state): set of readable edges}.

    Links read (from, to, layer, service id or ""); boards and alights (node, layer,
    service id); transfers and gauge changes (node, from layer, from side, to layer);
    clearances (node, layer, side) as ``vertex_name`` gives them; stays and access-outs
    (node, layer); access-ins (node, layer, side).
    """
    base = graph.base
    n = base.n_vertices
    found: dict[tuple[int, int], set] = {}
    for e, tail, head in zip(graph.edge, graph.tail, graph.head):
        if EDGE_KINDS[base.kind[e]] != kind:
            continue
        t, h = int(tail) % n, int(head) % n
        t_node, _, t_side = base.vertex_name(t)
        h_node, _, _ = base.vertex_name(h)
        t_layer, h_layer = base.vertex_layer[t], base.vertex_layer[h]
        service = base.service_ids[base.service[e]] if base.service[e] >= 0 else ""
        name: tuple[str, ...]
        if kind == "link":
            name = (t_node, h_node, t_layer, service)
        elif kind in ("board", "alight"):
            name = (t_node, t_layer, service)
        elif kind in ("transfer", "gauge"):
            name = (t_node, t_layer, t_side, h_layer)
        elif kind == "clear":
            name = base.vertex_name(t)
        elif kind == "access_out":
            name = (h_node, h_layer)
        elif kind == "access_in":
            name = (t_node, t_layer, t_side)
        else:  # stay, dwell
            name = (t_node, t_layer)
        names = found.setdefault((int(tail) // n, int(head) // n), set())
        assert name not in names, f"{kind} edge {name} twice in one state"
        names.add(name)
    return found


def hub_events(graph):
    """Transfers and gauge changes together, by state pair."""
    merged: dict = {}
    for kind in ("transfer", "gauge"):
        for states, names in edges_by_state(graph, kind).items():
            merged.setdefault(states, set()).update(names)
    return merged


@pytest.fixture(scope="module")
def toy():
    return toy_network()


def variant(**changes):
    """The toy with some node cells changed: ``variant(B={"port_status": "planned"})``."""
    nodes, links = toy_tables()
    for node_id, cells in changes.items():
        for column, value in cells.items():
            nodes.loc[nodes["id"] == node_id, column] = value
    return mm.Network(nodes, links, name="variant")


# -- the state graph, regime by regime -------------------------------------------------


def test_sizes_by_hand(toy):
    """55 vertices, 97 edges in the expanded graph; 44 / 86 / 141 / 141 in the regimes.

    Vertices: out + in at each of 6 nodes (12); arr + dep per (node, layer) (10 pairs: 20);
    an off vertex where a service lets boxes off (H rail, B rail, F rail, P air, F and D
    1520, D air: 7); each of the 8 one-link services (H-B, B-F, F-D, P-D, both ways) has a
    vertex at its first stop and one at its last (16). 12 + 20 + 7 + 16 = 55.

    Edges: 4 continuous (road) link edges (A-H, A-P, both ways) and 8 rides (one per
    service); 8 boards and 8 alights; per (node, layer) a stay and an access-out (10 x 2 =
    20); an access-in from each arr and off vertex (10 + 7 = 17); 21 hub events: from an
    arr vertex to each other layer at its node (H, P, F, D: 2 x 4 = 8), from an off
    vertex to every layer at its node, its own included (H 2, B 1, P 2, F 2 + 2, D 2 + 2
    = 13); 11 clearances: on arr, off and dep of H rail, B rail, P air (9), and on board
    the two services arriving at the Chinese border station B (H -> B, F -> B: 2).
    4 + 8 + 8 + 8 + 20 + 17 + 21 + 11 = 97.

    domestic: Chinese edges without clearance: 4 road links + 2 rides (H-B both ways) + 4
    boards + 4 alights + 6 stays + 9 hub events + 6 access-outs + 9 access-ins = 44.
    transit: every edge but clearances (both border crossings are open): 97 - 11 = 86.
    export/import: two layers of Chinese moves (4 + 2 + 4 + 4 + 6 + 9 = 29, twice: 58),
    11 clearances, 10 access-outs from state 0, 17 access-ins in both states (34), the
    foreign moves once (2 rides + 4 boards + 4 alights + 4 stays + 12 hub events = 26),
    and the 2 border rides of the right direction (B-F and P-D, or back):
    58 + 11 + 10 + 34 + 26 + 2 = 141.
    """
    assert toy.expanded.n_vertices == 55
    assert toy.expanded.n_edges == 97
    sizes = {r: len(toy.state_graph(r).edge) for r in ("domestic", "transit", "export", "import")}
    assert sizes == {"domestic": 44, "transit": 86, "export": 141, "import": 141}
    assert {r: toy.state_graph(r).n_states for r in sizes} == {
        "domestic": 1,
        "transit": 1,
        "export": 2,
        "import": 2,
    }


def test_export_edges(toy):
    """Export: China in both states, abroad and the outward border only once cleared."""
    graph = toy.state_graph("export")
    assert edges_by_state(graph, "link") == {
        (0, 0): CN_LINKS,
        (1, 1): CN_LINKS | ABROAD_LINKS | OUTWARD,
    }
    # Boarding at P in state 0 is a Chinese move; the flight itself needs clearance.
    assert edges_by_state(graph, "board") == {(0, 0): CN_BOARDS, (1, 1): CN_BOARDS | ABROAD_BOARDS}
    assert edges_by_state(graph, "alight") == {
        (0, 0): CN_ALIGHTS,
        (1, 1): CN_ALIGHTS | ABROAD_ALIGHTS,
    }
    assert edges_by_state(graph, "clear") == {(0, 1): CLEARANCES}
    assert hub_events(graph) == {(0, 0): CN_TRANSFERS, (1, 1): CN_TRANSFERS | ABROAD_TRANSFERS}
    assert edges_by_state(graph, "stay") == {(0, 0): CN_LAYERS, (1, 1): CN_LAYERS | ABROAD_LAYERS}
    assert edges_by_state(graph, "access_out") == {(0, 0): CN_LAYERS | ABROAD_LAYERS}
    every_in = CN_ACCESS_IN | ABROAD_ACCESS_IN
    assert edges_by_state(graph, "access_in") == {(0, 0): every_in, (1, 1): every_in}
    assert edges_by_state(graph, "dwell") == {}  # one-link services have no stop between


def test_import_edges(toy):
    """Import: abroad and the inward border before clearance, China in both states."""
    graph = toy.state_graph("import")
    assert edges_by_state(graph, "link") == {
        (0, 0): CN_LINKS | ABROAD_LINKS | INWARD,
        (1, 1): CN_LINKS,
    }
    assert edges_by_state(graph, "board") == {(0, 0): CN_BOARDS | ABROAD_BOARDS, (1, 1): CN_BOARDS}
    assert edges_by_state(graph, "alight") == {
        (0, 0): CN_ALIGHTS | ABROAD_ALIGHTS,
        (1, 1): CN_ALIGHTS,
    }
    assert edges_by_state(graph, "clear") == {(0, 1): CLEARANCES}
    assert hub_events(graph) == {(0, 0): CN_TRANSFERS | ABROAD_TRANSFERS, (1, 1): CN_TRANSFERS}
    assert edges_by_state(graph, "stay") == {(0, 0): CN_LAYERS | ABROAD_LAYERS, (1, 1): CN_LAYERS}


def test_domestic_edges(toy):
    """Domestic: one state, Chinese edges only, no clearance."""
    graph = toy.state_graph("domestic")
    assert edges_by_state(graph, "link") == {(0, 0): CN_LINKS}
    assert edges_by_state(graph, "clear") == {}
    assert edges_by_state(graph, "board") == {(0, 0): CN_BOARDS}
    assert edges_by_state(graph, "alight") == {(0, 0): CN_ALIGHTS}
    assert hub_events(graph) == {(0, 0): CN_TRANSFERS}
    assert edges_by_state(graph, "access_in") == {(0, 0): CN_ACCESS_IN}


def test_transit_edges(toy):
    """Transit: one state, every link (both border crossings are open), no clearance."""
    graph = toy.state_graph("transit")
    assert edges_by_state(graph, "link") == {(0, 0): CN_LINKS | ABROAD_LINKS | OUTWARD | INWARD}
    assert edges_by_state(graph, "clear") == {}
    assert edges_by_state(graph, "board") == {(0, 0): CN_BOARDS | ABROAD_BOARDS}
    assert edges_by_state(graph, "alight") == {(0, 0): CN_ALIGHTS | ABROAD_ALIGHTS}
    assert hub_events(graph) == {(0, 0): CN_TRANSFERS | ABROAD_TRANSFERS}


# -- where clearance may happen ----------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        # P open for road as well: P clears on its road layer too.
        (
            {"P": {"port_modes": "air;road"}},
            CLEARANCES | {("P", "road", "arr"), ("P", "road", "dep")},
        ),
        # B only planned: not open, no clearance at B (nor on the train arriving there).
        ({"B": {"port_status": "planned"}}, CLEARANCES - B_CLEARANCES),
        # P open for sea only: P has no sea layer, so it clears nowhere.
        ({"P": {"port_modes": "sea"}}, CLEARANCES - P_AIR_CLEARANCES),
        # A foreign node never clears, even if its file calls it an open rail port.
        ({"F": {"port_status": "formal", "port_modes": "rail"}}, CLEARANCES),
    ],
    ids=["P-air-and-road", "B-planned", "P-sea-only", "F-abroad-open"],
)
def test_clearance_only_at_chinese_ports_open_for_the_mode(changes, expected):
    net = variant(**changes)
    for regime in ("export", "import"):
        assert edges_by_state(net.state_graph(regime), "clear") == {(0, 1): expected}


def test_border_edges_only_where_the_chinese_end_is_open():
    """B no longer open (planned): the rail crossing B-F is closed both ways, in every
    regime that may cross; the air crossing at P (open for air) stays."""
    net = variant(B={"port_status": "planned"})
    assert edges_by_state(net.state_graph("export"), "link")[(1, 1)] == (
        CN_LINKS | ABROAD_LINKS | {("P", "D", "air", PD)}
    )
    assert edges_by_state(net.state_graph("import"), "link")[(0, 0)] == (
        CN_LINKS | ABROAD_LINKS | {("D", "P", "air", DP)}
    )
    assert edges_by_state(net.state_graph("transit"), "link") == {
        (0, 0): CN_LINKS | ABROAD_LINKS | {("P", "D", "air", PD), ("D", "P", "air", DP)}
    }
    # Unrestricted ignores customs: both crossings, no clearance.
    unrestricted = net.state_graph("unrestricted")
    assert edges_by_state(unrestricted, "link") == {
        (0, 0): CN_LINKS | ABROAD_LINKS | OUTWARD | INWARD
    }


def test_border_closed_when_the_port_is_open_for_another_mode():
    """P open for rail only (it has no rail): the P-D flight may not cross the border."""
    net = variant(P={"port_modes": "rail"})
    assert edges_by_state(net.state_graph("export"), "link")[(1, 1)] == (
        CN_LINKS | ABROAD_LINKS | {("B", "F", "rail", BF)}
    )
    assert edges_by_state(net.state_graph("import"), "link")[(0, 0)] == (
        CN_LINKS | ABROAD_LINKS | {("F", "B", "rail", FB)}
    )


# -- designated cargo ------------------------------------------------------------------


def allowed_clearances(net, regime, cargo_class):
    graph = net.state_graph(regime)
    values = edge_values(graph.base, teu=1.0, weight_t=10.0, cargo_class=cargo_class)
    allowed = allowed_edges(graph, values, cargo_class)
    base = graph.base
    n = base.n_vertices
    return {
        base.vertex_name(int(t) % n)
        for e, t, ok in zip(graph.edge, graph.tail, allowed)
        if ok and EDGE_KINDS[base.kind[e]] == "clear"
    }


def test_designated_imports_clear_only_at_designated_ports(toy):
    """H is designated for meat, no port for grain; the rule binds imports only."""
    assert allowed_clearances(toy, "import", CargoClass.MEAT) == {
        ("H", "rail", "arr"),
        ("H", "rail", "off"),
        ("H", "rail", "dep"),  # H is no border station: nothing clears on board there
    }
    assert allowed_clearances(toy, "import", CargoClass.GRAIN) == set()
    assert allowed_clearances(toy, "import", CargoClass.GENERAL) == CLEARANCES
    assert allowed_clearances(toy, "export", CargoClass.MEAT) == CLEARANCES


# -- routed shipments agree ------------------------------------------------------------


def customs_steps(route):
    steps = route.steps[route.steps["kind"] == "customs"]
    return list(zip(steps["from_node"], steps["mode"]))


def test_routed_import_of_meat_clears_at_the_designated_port(toy):
    """D -> A by rail: 8000 (D-F) + 200 (gauge at F) + 100 (F-B) + 3000 (B-H) + 50
    (customs at H, the meat port; B is not designated) + 100 (transfer at H) + 500 (road)."""
    route = mm.route(toy, mm.Shipment("D", "A", teu=1, cargo_class="meat"), "cost")
    assert route.nodes == ["D", "F", "B", "H", "A"]
    assert customs_steps(route) == [("H", "rail")]
    assert route.cost_cny == pytest.approx(8000 + 200 + 100 + 3000 + 50 + 100 + 500)


def test_designation_outweighs_a_cheaper_port():
    """Customs at H raised to 500: general cargo now clears at B (80), meat still at H.

    general: 8000 + 200 + 100 + 80 (B) + 3000 + 100 + 500 = 11,980
    meat:    8000 + 200 + 100 + 3000 + 500 (H) + 100 + 500 = 12,400
    """
    net = variant(H={"customs_cost_cny_per_teu": 500.0})
    general = mm.route(net, mm.Shipment("D", "A", teu=1), "cost")
    meat = mm.route(net, mm.Shipment("D", "A", teu=1, cargo_class="meat"), "cost")
    assert customs_steps(general) == [("B", "rail")]
    assert general.cost_cny == pytest.approx(11_980.0)
    assert customs_steps(meat) == [("H", "rail")]
    assert meat.cost_cny == pytest.approx(12_400.0)


def test_import_of_a_class_no_port_takes_has_no_route(toy):
    with pytest.raises(mm.NoRouteError):
        mm.route(toy, mm.Shipment("D", "A", teu=1, cargo_class="grain"), "cost")


def test_routed_export_flies_when_the_rail_border_is_closed():
    """B planned (closed): A -> D must fly from P and clear there, on the air layer:
    300 (road A-P) + 120 (transfer at P) + 60 (customs at P) + 2,000 CNY/t x 10 t."""
    net = variant(B={"port_status": "planned"})
    route = mm.route(net, mm.Shipment("A", "D", teu=1), "cost")
    assert route.nodes == ["A", "P", "D"]
    assert customs_steps(route) == [("P", "air")]
    assert route.cost_cny == pytest.approx(300 + 120 + 60 + 20_000)


def test_routed_domestic_shipment_never_clears(toy):
    """A -> B: 500 (road) + 100 (transfer at H) + 3000 (rail); no customs step."""
    route = mm.route(toy, mm.Shipment("A", "B", teu=1), "cost")
    assert route.nodes == ["A", "H", "B"]
    assert customs_steps(route) == []
    assert route.cost_cny == pytest.approx(3600.0)
