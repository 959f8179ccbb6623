"""Edge values (``multimodal/objective.py``) on the toy network, against figures by hand.

The load throughout is 2 TEU weighing 15 t, so a figure priced per TEU (x 2) and one
priced per tonne (x 15) cannot be confused. The toy's figures (``tests/toy.py``):

=========  ======  ========  ======  =========  ==========  ===================
link       mode    km        h       CNY        per         departures / week
=========  ======  ========  ======  =========  ==========  ===================
A-H        road    180       3       500        TEU         continuous
H-B        rail    2,900     60      3,000      TEU         7 (headway 24 h)
B-F        rail    15        1       100        TEU         84 (headway 2 h)
F-D        rail    6,000     200     8,000      TEU         3.5 (headway 48 h)
A-P        road    200       3       300        TEU         continuous
P-D        air     7,800     11      2,000      t (air)     2 (headway 84 h)
=========  ======  ========  ======  =========  ==========  ===================

Default intensities (g CO2e per t-km): rail 22, road 90, air 800. Hub events: transfer
H 100 CNY/TEU 2 h, P 120 / 4 h, D 150 / 3 h; gauge change at F 200 / 24 h; customs H
50 / 1 h, B 80 / 3 h, P 60 / 2 h.

A link with departures is an implicit one-link service: its figures split between the
boarding edge (the wait, half the headway; the fixed fare, which for an implicit service
is the link's ``cost_cny``) and the ride (the motion time, the km, the emissions, a fare
per km of 0). Road links are continuous: one edge, never a wait.

Every expected number below is worked out in the test from those figures; the code under
test only supplies the edge it is asked about.
"""

from __future__ import annotations

import pytest
from toy import toy_network, toy_tables

import multimodal as mm
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
from multimodal.modes import CargoClass
from multimodal.objective import Objective, edge_values

TEU, WEIGHT_T = 2.0, 15.0


@pytest.fixture(scope="module")
def toy():
    return toy_network()


@pytest.fixture(scope="module")
def values(toy):
    return edge_values(toy.expanded, teu=TEU, weight_t=WEIGHT_T)


def link_edge(graph, a, b, layer):
    """Index of the link edge from ``a`` to ``b`` in ``layer``: the continuous link, or the
    ride of the (one) service over it."""
    a_index, b_index = list(graph.node_ids).index(a), list(graph.node_ids).index(b)
    (found,) = [
        e
        for e in range(graph.n_edges)
        if graph.kind[e] == LINK
        and graph.vertex_node[graph.tail[e]] == a_index
        and graph.vertex_node[graph.head[e]] == b_index
        and graph.vertex_layer[graph.tail[e]] == layer
    ]
    return found


def board_edge(graph, a, b, layer):
    """Index of the edge boarding the service that rides from ``a`` to ``b`` in ``layer``:
    from the node's departure side to the vertex the ride starts at."""
    ride = link_edge(graph, a, b, layer)
    tail = graph.vertex(a, layer, "dep")
    (found,) = [
        e
        for e in range(graph.n_edges)
        if graph.kind[e] == BOARD and graph.tail[e] == tail and graph.head[e] == graph.tail[ride]
    ]
    assert graph.service[found] == graph.service[ride] >= 0
    return found


def event_edge(graph, kind, node, from_layer, to_layer=None, side="arr"):
    """Index of a hub event: transfer / gauge from one layer (arrived by a continuous link,
    ``arr``, or alighted from a service, ``off``) to another, or a clearance."""
    if kind == CLEAR:
        tail = head = graph.vertex(node, from_layer, side)
    else:
        tail = graph.vertex(node, from_layer, side)
        head = graph.vertex(node, to_layer, "dep")
    (found,) = [
        e
        for e in range(graph.n_edges)
        if graph.kind[e] == kind and graph.tail[e] == tail and graph.head[e] == head
    ]
    return found


def figures(values, e):
    return {
        "cost_cny": float(values.cost_cny[e]),
        "time_h": float(values.time_h[e]),
        "wait_h": float(values.wait_h[e]),
        "co2e_kg": float(values.co2e_kg[e]),
        "distance_km": float(values.distance_km[e]),
    }


# (a, b, layer): cost, motion h, headway h, km, g/tkm, priced per tonne?
LINKS = {
    ("A", "H", "road"): (500.0, 3.0, 0.0, 180.0, 90.0, False),
    ("H", "B", "rail"): (3000.0, 60.0, 168 / 7, 2900.0, 22.0, False),
    ("B", "F", "rail"): (100.0, 1.0, 168 / 84, 15.0, 22.0, False),
    ("F", "D", "rail_1520"): (8000.0, 200.0, 168 / 3.5, 6000.0, 22.0, False),
    ("A", "P", "road"): (300.0, 3.0, 0.0, 200.0, 90.0, False),
    ("P", "D", "air"): (2000.0, 11.0, 168 / 2, 7800.0, 800.0, True),
}


def both(values, edges):
    """The figures of a few edges added up (a boarding and its ride)."""
    return {k: sum(figures(values, e)[k] for e in edges) for k in figures(values, edges[0])}


@pytest.mark.parametrize("key", list(LINKS), ids=lambda k: f"{k[0]}-{k[1]}-{k[2]}")
@pytest.mark.parametrize("backwards", [False, True], ids=["forth", "back"])
def test_link_values_by_hand(toy, values, key, backwards):
    """Money by cost basis, CO2e = t x km x g/tkm; the wait (half the headway) and, for a
    scheduled link, the fare at boarding; the motion, km and emissions on the ride."""
    a, b, layer = key
    cost, motion_h, headway_h, km, intensity, per_t = LINKS[key]
    start, end = (b, a) if backwards else (a, b)
    g = toy.expanded
    ride = link_edge(g, start, end, layer)
    money = cost * (WEIGHT_T if per_t else TEU)
    moving = {
        "time_h": motion_h,
        "wait_h": 0.0,
        "co2e_kg": WEIGHT_T * km * intensity / 1000,
        "distance_km": km,
    }
    if headway_h == 0:  # continuous: one edge, no wait
        assert g.service[ride] == -1
        assert figures(values, ride) == pytest.approx({"cost_cny": money, **moving})
        return
    board = board_edge(g, start, end, layer)
    assert figures(values, ride) == pytest.approx({"cost_cny": 0.0, **moving})
    assert figures(values, board) == pytest.approx(
        {
            "cost_cny": money,
            "time_h": headway_h / 2,
            "wait_h": headway_h / 2,
            "co2e_kg": 0.0,
            "distance_km": 0.0,
        }
    )
    # Together: the old single-edge figures (time = motion + half the headway).
    assert both(values, [board, ride]) == pytest.approx(
        {**moving, "cost_cny": money, "time_h": motion_h + headway_h / 2, "wait_h": headway_h / 2}
    )


def test_a_few_link_figures_written_out(toy, values):
    """The same rule, spelt out for three links, in case the table above hides a slip."""
    g = toy.expanded
    # Rail H-B: boarding 3,000 x 2 TEU and 24 / 2 h of wait; the ride 60 h and
    # 15 t x 2,900 km x 22 g = 957 kg.
    assert figures(values, board_edge(g, "H", "B", "rail")) == pytest.approx(
        {"cost_cny": 6000, "time_h": 12, "wait_h": 12, "co2e_kg": 0, "distance_km": 0}
    )
    assert figures(values, link_edge(g, "H", "B", "rail")) == pytest.approx(
        {"cost_cny": 0, "time_h": 60, "wait_h": 0, "co2e_kg": 957, "distance_km": 2900}
    )
    # Air P-D, priced per tonne: boarding 2,000 x 15 t and 84 / 2 h; the flight 11 h and
    # 15 x 7,800 x 800 g = 93.6 t.
    assert figures(values, board_edge(g, "P", "D", "air")) == pytest.approx(
        {"cost_cny": 30_000, "time_h": 42, "wait_h": 42, "co2e_kg": 0, "distance_km": 0}
    )
    assert figures(values, link_edge(g, "P", "D", "air")) == pytest.approx(
        {"cost_cny": 0, "time_h": 11, "wait_h": 0, "co2e_kg": 93_600, "distance_km": 7800}
    )
    # Road A-H, continuous service: no wait; 15 x 180 x 90 g = 243 kg.
    assert figures(values, link_edge(g, "A", "H", "road")) == pytest.approx(
        {"cost_cny": 1000, "time_h": 3, "wait_h": 0, "co2e_kg": 243, "distance_km": 180}
    )


@pytest.mark.parametrize(
    ("kind", "node", "from_layer", "to_layer", "cost_per_teu", "hours", "side"),
    [
        (TRANSFER, "H", "road", "rail", 100.0, 2.0, "arr"),
        (TRANSFER, "H", "rail", "road", 100.0, 2.0, "arr"),
        (TRANSFER, "P", "road", "air", 120.0, 4.0, "arr"),
        (TRANSFER, "D", "air", "rail_1520", 150.0, 3.0, "arr"),
        (GAUGE, "F", "rail", "rail_1520", 200.0, 24.0, "arr"),
        (GAUGE, "F", "rail_1520", "rail", 200.0, 24.0, "arr"),
        (CLEAR, "H", "rail", None, 50.0, 1.0, "arr"),
        (CLEAR, "B", "rail", None, 80.0, 3.0, "arr"),
        (CLEAR, "P", "air", None, 60.0, 2.0, "arr"),
        # Alighted from a service (off): a change of service in the same layer is a
        # transfer like a change of mode, and so is a gauge change.
        (TRANSFER, "H", "rail", "rail", 100.0, 2.0, "off"),
        (TRANSFER, "H", "rail", "road", 100.0, 2.0, "off"),
        (TRANSFER, "D", "rail_1520", "rail_1520", 150.0, 3.0, "off"),
        (TRANSFER, "D", "air", "rail_1520", 150.0, 3.0, "off"),
        (TRANSFER, "P", "air", "air", 120.0, 4.0, "off"),
        (TRANSFER, "B", "rail", "rail", 0.0, 0.0, "off"),  # B: no handling cost given
        (GAUGE, "F", "rail_1520", "rail", 200.0, 24.0, "off"),
        (CLEAR, "H", "rail", None, 50.0, 1.0, "off"),
    ],
)
def test_hub_event_values_by_hand(
    toy, values, kind, node, from_layer, to_layer, cost_per_teu, hours, side
):
    """Hub events are priced per TEU (x 2, never per tonne), take their dwell, no wait,
    no distance and no emissions (GLEC: transshipment not counted yet)."""
    e = event_edge(toy.expanded, kind, node, from_layer, to_layer, side)
    assert figures(values, e) == pytest.approx(
        {
            "cost_cny": cost_per_teu * TEU,
            "time_h": hours,
            "wait_h": 0,
            "co2e_kg": 0,
            "distance_km": 0,
        }
    )


def test_stay_access_and_alight_edges_are_free(toy, values):
    g = toy.expanded
    free = (g.kind == STAY) | (g.kind == ACCESS_OUT) | (g.kind == ACCESS_IN) | (g.kind == ALIGHT)
    # 10 (node, layer) pairs x (stay, access out, access in from arr); an access in from
    # each of the 7 off vertices; one alight per one-link service (H-B, B-F, F-D, P-D,
    # both ways: 8).
    assert free.sum() == 30 + 7 + 8
    for column in ("cost_cny", "time_h", "wait_h", "co2e_kg", "distance_km"):
        assert (getattr(values, column)[free] == 0).all(), column


def test_cost_basis_can_be_set_per_link():
    """Road A-H priced per tonne: 500 x 15 t = 7,500; the flight per TEU: 2,000 x 2 = 4,000
    (at boarding: its implicit service's fare follows the link's basis); a link's own
    intensity wins: H-B at 18 g/tkm: 15 t x 2,900 km x 18 g = 783 kg (on the ride)."""
    nodes, links = toy_tables()
    links["cost_basis"] = ["t", None, None, None, None, "teu"]
    links["co2e_g_per_tkm"] = [None, 18.0, None, None, None, None]
    net = mm.Network(nodes, links, name="bases")
    values = edge_values(net.expanded, teu=TEU, weight_t=WEIGHT_T)
    g = net.expanded
    assert values.cost_cny[link_edge(g, "A", "H", "road")] == pytest.approx(7500)
    assert values.cost_cny[board_edge(g, "P", "D", "air")] == pytest.approx(4000)
    assert values.cost_cny[board_edge(g, "H", "B", "rail")] == pytest.approx(6000)  # default TEU
    assert values.co2e_kg[link_edge(g, "H", "B", "rail")] == pytest.approx(783)
    assert values.co2e_kg[link_edge(g, "A", "H", "road")] == pytest.approx(243)  # default 90


# -- the weight an objective minimises ---------------------------------------------------


def test_weights_by_objective(toy, values):
    """Air P-D, boarding and flight: money at boarding, time 42 h wait + 11 h flight,
    emissions and km on the flight."""
    g = toy.expanded
    board, ride = board_edge(g, "P", "D", "air"), link_edge(g, "P", "D", "air")
    expected = {"cost": (30_000, 0), "time": (42, 11), "co2e": (0, 93_600), "distance": (0, 7800)}
    for name, (at_boarding, on_the_ride) in expected.items():
        weight = values.weight(Objective(name))
        assert (weight[board], weight[ride]) == pytest.approx((at_boarding, on_the_ride)), name


def test_generalized_cost_by_hand(toy, values):
    """money + value of time x h + carbon price x t CO2e, with 100 CNY/h and 200 CNY/t.

    Air P-D: boarding 30,000 + 100 x 42 = 34,200; flight 100 x 11 + 200 x 93.6 = 19,820;
    together 54,020.
    Rail H-B: boarding 6,000 + 100 x 12 = 7,200; ride 100 x 60 + 200 x 0.957 = 6,191.4;
    together 13,391.4.
    Transfer at H: 200 + 100 x 2 + 0 = 400.
    With money weighted 0.5: air boarding 15,000 + 4,200 = 19,200, flight 19,820.
    """
    g = toy.expanded
    objective = Objective("generalized", carbon_price_cny_per_t=200.0)
    weight = values.weight(objective, value_of_time_cny_per_h=100.0)
    air = board_edge(g, "P", "D", "air"), link_edge(g, "P", "D", "air")
    rail = board_edge(g, "H", "B", "rail"), link_edge(g, "H", "B", "rail")
    assert (weight[air[0]], weight[air[1]]) == pytest.approx((34_200, 19_820))
    assert (weight[rail[0]], weight[rail[1]]) == pytest.approx((7_200, 6_191.4))
    assert weight[event_edge(g, TRANSFER, "H", "rail", "road")] == pytest.approx(400)
    half = values.weight(
        Objective("generalized", carbon_price_cny_per_t=200.0, money_weight=0.5), 100.0
    )
    assert (half[air[0]], half[air[1]]) == pytest.approx((19_200, 19_820))


def test_value_of_time_from_the_cargo_value():
    """1.2 M CNY of general cargo at 0.2 %/day: 2,400 CNY/day = 100 CNY/h; reefer at
    0.8 %/day: 400 CNY/h; grain at 0.05 %/day: 25 CNY/h; a given value wins."""
    objective = Objective("generalized")
    assert objective.value_of_time(1_200_000, CargoClass.GENERAL) == pytest.approx(100)
    assert objective.value_of_time(1_200_000, CargoClass.REEFER) == pytest.approx(400)
    assert objective.value_of_time(1_200_000, CargoClass.GRAIN) == pytest.approx(25)
    given = Objective("generalized", value_of_time_cny_per_h=7.0)
    assert given.value_of_time(1_200_000, CargoClass.GENERAL) == 7.0
    with pytest.raises(ValueError, match="value of time"):
        objective.value_of_time(None, CargoClass.GENERAL)


# -- what a cargo may use --------------------------------------------------------------


def test_allowed_edges_by_cargo(toy):
    g = toy.expanded
    air = link_edge(g, "P", "D", "air")
    board_air = board_edge(g, "P", "D", "air")
    transfer_p = event_edge(g, TRANSFER, "P", "road", "air")
    transfer_h = event_edge(g, TRANSFER, "H", "road", "rail")
    rail = link_edge(g, "H", "B", "rail")
    general = edge_values(g, teu=TEU, weight_t=WEIGHT_T).allowed
    assert general.all()
    # Reefer: P handles no reefer boxes (its transfers are closed), H does.
    reefer = edge_values(g, teu=TEU, weight_t=WEIGHT_T, cargo_class=CargoClass.REEFER).allowed
    assert not reefer[transfer_p]
    assert reefer[transfer_h]
    assert reefer[air]
    # Dangerous goods never fly (neither the flight nor its boarding); no toy node
    # handles them, so no transfer either.
    dg = edge_values(g, teu=TEU, weight_t=WEIGHT_T, cargo_class=CargoClass.DANGEROUS_GOODS).allowed
    assert not dg[air]
    assert not dg[board_air]
    assert not dg[transfer_h]
    assert dg[rail]
    # Modes: rail and road only, so no flight; hub events stay allowed.
    land = edge_values(g, teu=TEU, weight_t=WEIGHT_T, modes={"rail", "road"}).allowed
    assert not land[air]
    assert land[rail]
    assert land[transfer_p]
    # Avoiding P closes every edge touching it, and nothing else.
    p = list(g.node_ids).index("P")
    avoid = edge_values(g, teu=TEU, weight_t=WEIGHT_T, avoid_nodes={p}).allowed
    touches_p = (g.vertex_node[g.tail] == p) | (g.vertex_node[g.head] == p)
    assert (avoid == ~touches_p).all()
    # Road A-P both ways (2), the flights P -> D and D -> P (2), boarding the first and
    # alighting from the second (2) (no clearance on board: P is an airport, not a border
    # station); at P's node vertices: stay + access out + access in on 2 layers (6),
    # access in from off air (1), transfers from arr road, arr air (1 each) and off air
    # (2, to road and air), clearances on arr, off and dep of the air layer (3): 6 + 14 = 20.
    assert touches_p.sum() == 20


# -- a routed shipment adds the same numbers up -----------------------------------------

# The two ways from A to D for 2 TEU / 15 t, from the edge figures above:
#   rail: road A-H 1,000 + transfer H 200 + customs H 100 + rail H-B 6,000 + transfer B
#         0 (off the H-B train onto the B-F shuttle; B gives no handling cost or dwell)
#         + B-F 200 + gauge F 400 + rail F-D 16,000 = 23,900 CNY;
#         3 + 2 + 1 + 72 + 0 + (1 wait + 1) + 24 + 224 = 328 h;
#         243 + 957 + 4.95 + 1,980 = 3,184.95 kg.
#   air:  road A-P 600 + transfer P 240 + customs P 120 + flight 30,000 = 30,960 CNY;
#         3 + 4 + 2 + 53 = 62 h; 270 + 93,600 = 93,870 kg.
RAIL = (23_900.0, 328.0, 3_184.95)
AIR = (30_960.0, 62.0, 93_870.0)


@pytest.mark.parametrize(
    ("carbon_price", "expected_modes", "expected"),
    [
        # 100 CNY/h, no carbon price: rail 23,900 + 32,800 = 56,700; air 30,960 + 6,200 =
        # 37,160: fly.
        (0.0, ["road", "air"], AIR[0] + 100 * AIR[1]),
        # 300 CNY/t: rail 56,700 + 955.485 = 57,655.485; air 37,160 + 28,161 = 65,321: rail.
        (300.0, ["road", "rail"], RAIL[0] + 100 * RAIL[1] + 300 * RAIL[2] / 1000),
    ],
)
def test_carbon_price_moves_the_generalized_route(toy, carbon_price, expected_modes, expected):
    shipment = mm.Shipment("A", "D", teu=TEU, weight_t=WEIGHT_T)
    objective = Objective(
        "generalized", value_of_time_cny_per_h=100.0, carbon_price_cny_per_t=carbon_price
    )
    route = mm.route(toy, shipment, objective)
    assert route.modes == expected_modes
    assert route.objective_value == pytest.approx(expected)
    totals = AIR if expected_modes[-1] == "air" else RAIL
    assert (route.cost_cny, route.time_h, route.co2e_kg) == pytest.approx(totals)
