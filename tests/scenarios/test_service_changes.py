"""Service change kinds on a toy network with services (no data files needed).

X (an inland rail hub) - C - G - Q (a port) by rail, Y a city by road next to X. Services:
XQ (X -> Q, 7 a week, 100 TEU, 120 h, no stop between), QX its return, CQ (C -> Q via G,
28 a week). Expected values are recomputed here: the expected wait is half the headway,
168 / (2 x departures) h, and weekly capacity is departures x TEU per departure.
"""

from __future__ import annotations

import math

import geopandas as gpd
import pandas as pd
import pytest
from toy import link, node

import multimodal as mm
from multimodal.exceptions import DataWarning
from multimodal.scenarios import (
    AddService,
    RemoveLink,
    RemoveNode,
    RemoveService,
    ScaleService,
    Scenario,
    SetLink,
    SetService,
    SetServiceStops,
    change_from_dict,
    network_diff,
)

FARE = {"fare_basis": "teu", "fare_fixed_cny": 400.0, "fare_cny_per_km": 1.76}


def service(ident, departures, **extra):
    row = {
        "service_id": ident,
        "name": ident,
        "mode": "rail",
        "corridor": "wl",
        "departures_per_week": departures,
        "capacity_teu_per_departure": 100.0,
        **FARE,
        "reefer": True,
        "dangerous_goods": True,
        "year": 2023,
        "source": "TOY",
    }
    row.update(extra)
    return row


def stop(ident, seq, at, arrive=None, depart=None, via="", note=""):
    return {
        "service_id": ident,
        "seq": seq,
        "node": at,
        "arrive_h": arrive,
        "depart_h": depart,
        "via_links": via,
        "note": note,
    }


@pytest.fixture(scope="module")
def net() -> mm.Network:
    nodes = [
        node("X", 108.9, 34.3, handling_cost_cny_per_teu=350.0, dwell_h=12.0),
        node("Y", 109.0, 34.4, kind="city", modes="road"),
        node("C", 106.5, 29.5, handling_cost_cny_per_teu=300.0, dwell_h=12.0),
        node("G", 106.6, 26.6, handling_cost_cny_per_teu=300.0, dwell_h=12.0),
        node("Q", 108.6, 21.9, handling_cost_cny_per_teu=300.0, dwell_h=12.0),
        node("Z", 110.0, 36.0),  # a rail hub no rail link reaches yet
        node("W", 110.1, 36.1, kind="city", modes="road"),
    ]
    links = [
        link("X", "C", "rail", 700.0, 20.0, 1900.0, id="XC", corridor="wl"),
        link("C", "G", "rail", 400.0, 12.0, 1380.0, id="CG", corridor="wl"),
        link("G", "Q", "rail", 1050.0, 30.0, 2800.0, id="GQ", corridor="wl"),
        link("Y", "X", "road", 20.0, 0.5, 100.0, id="YX", corridor="road"),
        link("Z", "W", "road", 20.0, 0.5, 100.0, id="ZW", corridor="road"),
        link("W", "X", "road", 250.0, 5.0, 1250.0, id="WX", corridor="road"),
    ]
    services = [service("XQ", 7.0), service("QX", 7.0), service("CQ", 28.0)]
    stops = [
        stop("XQ", 1, "X", depart=0.0),
        stop("XQ", 2, "Q", arrive=120.0, note="passes C and G"),
        stop("QX", 1, "Q", depart=0.0),
        stop("QX", 2, "X", arrive=120.0, via="GQ;CG;XC"),
        stop("CQ", 1, "C", depart=0.0),
        stop("CQ", 2, "Q", arrive=48.0),
    ]
    return mm.Network(
        gpd.GeoDataFrame(nodes, geometry="geometry", crs=4326),
        gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326),
        name="toy",
        services=(pd.DataFrame(services), pd.DataFrame(stops)),
    )


def services_of(network: mm.Network) -> pd.DataFrame:
    return network.services.set_index("service_id")


def wait_h(network: mm.Network, origin: str, destination: str, service_id: str) -> float:
    legs = mm.route(network, mm.Shipment(origin, destination), "cost").legs
    ridden = legs[legs["service_id"] == service_id]
    assert len(ridden) == 1, legs[["from_node", "to_node", "service_id"]]
    return float(ridden["wait_h"].iloc[0])


def same_services(a: mm.Network, b: mm.Network) -> None:
    for left, right in zip(a.service_tables(), b.service_tables()):
        key = [c for c in ("service_id", "seq") if c in left.columns]
        pd.testing.assert_frame_equal(
            left.sort_values(key).reset_index(drop=True),
            right.sort_values(key).reset_index(drop=True),
            check_dtype=False,
        )


# -- more departures: shorter wait, more capacity ------------------------------------------
def test_three_more_departures_shorten_the_wait_and_add_capacity(net):
    more = Scenario("more", changes=[ScaleService("departures_per_week", add=3, services=["XQ"])])
    changed = more.apply(net)
    assert services_of(changed).loc["XQ", "departures_per_week"] == 10.0
    assert services_of(net).loc["XQ", "capacity_teu_per_week"] == 700.0
    assert services_of(changed).loc["XQ", "capacity_teu_per_week"] == 1000.0
    assert wait_h(net, "X", "Q", "XQ") == pytest.approx(168 / (2 * 7))
    assert wait_h(changed, "X", "Q", "XQ") == pytest.approx(168 / (2 * 10))
    before = mm.route(net, mm.Shipment("X", "Q"), "cost")
    after = mm.route(changed, mm.Shipment("X", "Q"), "cost")
    assert after.cost_cny == pytest.approx(before.cost_cny)  # the fare does not change
    assert services_of(changed).loc["QX", "departures_per_week"] == 7.0  # only XQ chosen


def test_scale_service_multiplies_then_adds_and_keeps_blanks(net):
    scaled = Scenario(
        "x",
        changes=[
            ScaleService("departures_per_week", 1.5, corridor="wl"),
            ScaleService("capacity_t_per_departure", 2.0, services=["XQ"]),
            ScaleService("fare_fixed_cny", 0.5, add=10, mode="rail"),
        ],
    ).apply(net)
    table = services_of(scaled)
    assert table.loc["CQ", "departures_per_week"] == 42.0
    assert table.loc["XQ", "departures_per_week"] == 10.5
    assert math.isnan(table.loc["XQ", "capacity_t_per_departure"])  # blank stays blank
    assert table.loc["QX", "fare_fixed_cny"] == 210.0


def test_a_second_service_with_the_same_stops_pools_the_frequency(net):
    """Common lines: a new XQ-like service adds its departures to the expected wait."""
    twin = AddService(
        "XQ2",
        stops=["X", "Q"],
        departures_per_week=3,
        capacity_teu_per_departure=100,
        corridor="wl",
        time_h=[120.0],
        fare_fixed_cny=400.0,
        fare_cny_per_km=1.76,
        bidirectional=False,
        source=["TOY"],
    )
    changed = Scenario("twin", changes=[twin]).apply(net)
    legs = mm.route(changed, mm.Shipment("X", "Q"), "cost").legs
    assert float(legs["wait_h"].iloc[0]) == pytest.approx(168 / (2 * 10))


# -- add_service ------------------------------------------------------------------------------
def test_add_service_rides_the_links_and_derives_by_the_rail_rules(net):
    added = Scenario(
        "x",
        changes=[
            AddService(
                "XG", stops=["X", "C", "G"], departures_per_week=2, capacity_teu_per_departure=80,
                corridor="wl", dwell_h=[3.0],
            )
        ],
    ).apply(net)  # fmt: skip
    assert len(added.links) == len(net.links)  # no new link: the track is there
    table = services_of(added)
    assert table.loc["XG", "stops"] == "X;C;G"
    assert table.loc["XG_R", "stops"] == "G;C;X"
    assert table.loc["XG", "capacity_teu_per_week"] == 160.0
    assert table.loc["XG", "distance_km"] == pytest.approx(1100.0)
    speed = 800 / 24  # EST-RAILTIME
    assert table.loc["XG", "time_h"] == pytest.approx(700 / speed + 3.0 + 400 / speed, abs=0.01)
    assert (table.loc["XG", "fare_fixed_cny"], table.loc["XG", "fare_cny_per_km"]) == (500, 2.205)
    assert {"fare_fixed_cny", "fare_cny_per_km", "year"} <= set(
        table.loc["XG", "estimated"].split(";")
    )
    _, stops = added.service_tables()
    rows = stops[stops["service_id"] == "XG"].sort_values("seq")
    assert rows["estimated"].tolist() == ["", "arrive_h", "arrive_h"]
    assert rows["depart_h"].iloc[1] - rows["arrive_h"].iloc[1] == pytest.approx(3.0)
    # a box from X to C now rides XG and pays its fare: 500 + 2.205 x 700
    legs = mm.route(added, mm.Shipment("X", "C"), "cost").legs
    assert legs["service_id"].tolist() == ["XG"]
    assert float(legs["cost_cny"].iloc[0]) == pytest.approx(500 + 2.205 * 700)


def test_add_service_lays_a_link_where_no_track_joins_the_stops(net):
    added = Scenario(
        "x",
        changes=[
            AddService(
                "ZX", stops=["Z", "X"], departures_per_week=2, capacity_teu_per_departure=50,
                corridor="wl", bidirectional=False,
            )
        ],
    ).apply(net)  # fmt: skip
    laid = added.links.set_index("id").loc["ZX_1"]
    assert (laid["from_node"], laid["to_node"], laid["mode"]) == ("Z", "X", "rail")
    assert pd.isna(laid["departures_per_week"])  # the track carries the service only
    assert {"geometry", "distance_km"} <= set(laid["estimated"].split(";"))
    _, stops = added.service_tables()
    assert stops.loc[stops["service_id"] == "ZX", "via_links"].tolist() == ["", "ZX_1"]
    refused = AddService(
        "ZX", stops=["Z", "X"], departures_per_week=2, capacity_teu_per_departure=50,
        corridor="wl", new_links=False,
    )  # fmt: skip
    with pytest.raises(mm.DataValidationError, match="no rail links join Z to X"):
        Scenario("x", changes=[refused]).apply(net)


def test_add_service_keeps_the_old_keywords(net):
    """``cost_cny`` per leg is the fare; ``distance_km`` lays the leg's own link."""
    old_style = AddService(
        "OLD",
        stops=["X", "Q"],
        departures_per_week=3.0,
        capacity_teu_per_departure=100.0,
        corridor="wl",
        distance_km=[2150.0],
        time_h=[120.0],
        cost_cny=[2750.0],
        source=["TOY"],
    )
    changed = Scenario("x", changes=[old_style]).apply(net)
    table = services_of(changed)
    assert (table.loc["OLD", "fare_fixed_cny"], table.loc["OLD", "fare_cny_per_km"]) == (2750, 0)
    assert changed.links.set_index("id").loc["OLD_1", "distance_km"] == 2150.0
    assert table.loc["OLD", "time_h"] == 120.0


def test_add_service_refuses_what_it_cannot_build(net):
    with pytest.raises(mm.DataValidationError, match="exists already; use set_service"):
        Scenario("x", changes=[AddService("XQ", ["X", "Q"], 1, 10, "wl")]).apply(net)
    with pytest.raises(mm.ParameterError, match="cost_cny per leg or as fare_fixed_cny"):
        AddService("S", ["X", "Q"], 1, 10, "wl", cost_cny=[5.0], fare_fixed_cny=3.0)
    with pytest.raises(mm.ParameterError, match="must give time_h"):
        AddService("S", ["X", "Q"], 1, 10, "wl", mode="sea")
    with pytest.raises(mm.ParameterError, match="road is continuous"):
        AddService("S", ["X", "Q"], 1, 10, "wl", mode="road")


# -- set, remove, stops -----------------------------------------------------------------------
def test_set_service_timetable_counts_the_departures(net):
    changed = Scenario("x", changes=[SetService("XQ", {"timetable": "Mon 08:00;Thu 08:00"})])
    table = services_of(changed.apply(net))
    assert table.loc["XQ", "departures_per_week"] == 2.0
    frequency = SetService("XQ", {"departures_per_week": 5})
    with pytest.raises(mm.DataValidationError, match="runs to a timetable"):
        changed.then(frequency).apply(net)


def test_set_service_errors_name_the_change(net):
    bad = Scenario("bad", changes=[SetService("XQ", {"fare_basis": "box"})])
    with pytest.raises(mm.DataValidationError) as caught:
        bad.apply(net)
    problem = caught.value.problems[0]
    assert problem.file == "scenario 'bad', change 1/1 (set_service)"
    assert problem.row == "service XQ"
    assert problem.column == "fare_basis"
    with pytest.raises(mm.DataValidationError, match="did you mean 'XQ'"):
        Scenario("x", changes=[SetService("XQQ", {"departures_per_week": 5})]).apply(net)
    with pytest.raises(mm.DataValidationError, match="must be zero or positive"):
        Scenario("x", changes=[SetService("XQ", {"capacity_teu_per_departure": -1})]).apply(net)


def test_removing_a_link_a_service_rides_is_refused_naming_the_service(net):
    for change in (RemoveLink("CG"), RemoveNode("G", cascade=True)):
        with pytest.raises(mm.DataValidationError) as caught:
            Scenario("x", changes=[change]).apply(net)
        assert "is ridden by services CQ, QX, XQ" in str(caught.value)
    with pytest.raises(mm.DataValidationError, match="node 'Q' is a stop of services"):
        Scenario("x", changes=[RemoveNode("Q", cascade=True)]).apply(net)
    gone = [RemoveService("XQ"), RemoveService("QX"), RemoveService("CQ"), RemoveLink("CG")]
    with pytest.warns(DataWarning, match="nothing runs on links XC, GQ"):  # idle track left
        changed = Scenario("x", changes=gone).apply(net)
    assert "CG" not in set(changed.links["id"])
    assert set(changed.services["service_id"]) == set()


def test_set_link_departures_on_a_ridden_link_is_refused(net):
    with pytest.raises(mm.DataValidationError, match="change the services"):
        Scenario("x", changes=[SetLink("XC", {"departures_per_week": 3.0})]).apply(net)


def test_removing_a_service_never_lowers_a_route_cost(net):
    changed = Scenario("x", changes=[RemoveService("CQ")]).apply(net)
    for origin in ("X", "Y"):
        before = mm.route(net, mm.Shipment(origin, "Q"), "cost").cost_cny
        after = mm.route(changed, mm.Shipment(origin, "Q"), "cost").cost_cny
        assert after >= before - 1e-6
    with pytest.raises(mm.NoRouteError):  # C's own train was the only way from C to Q
        mm.route(changed, mm.Shipment("C", "Q"), "time")


def test_set_service_stops_adds_a_stop_where_boxes_may_board(net):
    stops = SetServiceStops("XQ", ["X", "C", "Q"], time_h=[20.0, 88.0], dwell_h=12.0)
    changed = Scenario("x", changes=[stops]).apply(net)
    assert services_of(changed).loc["XQ", "stops"] == "X;C;Q"
    assert services_of(changed).loc["XQ", "time_h"] == 120.0
    # from C, XQ and CQ now both serve Q but with other stop sequences: no pooling needed
    legs = mm.route(changed, mm.Shipment("X", "Q"), "cost").legs
    assert legs["service_id"].tolist() == ["XQ"]


# -- files, inverse ---------------------------------------------------------------------------
EVERY_SERVICE_KIND = [
    AddService("XG", ["X", "C", "G"], 2, 80, "wl", dwell_h=[3.0], values={"name_zh": "测试"}),
    SetService("XQ", {"departures_per_week": 9.0, "operator": "Toy rail"}),
    ScaleService("capacity_teu_per_departure", 1.2, services=["QX"]),
    SetServiceStops("CQ", ["C", "G", "Q"], time_h=[12.0, 36.0], dwell_h=[1.0]),
    RemoveService("QX"),
]


@pytest.mark.parametrize("change", EVERY_SERVICE_KIND, ids=lambda c: c.kind)
def test_service_kinds_round_trip_through_dict_toml_and_yaml(change):
    assert change_from_dict(change.to_dict()) == change
    scenario = Scenario("round", changes=[change])
    assert Scenario.from_toml(scenario.to_toml()) == scenario
    assert Scenario.from_yaml(scenario.to_yaml()) == scenario
    assert hash(scenario) == hash(Scenario.from_toml(scenario.to_toml()))


def test_inverse_of_the_service_kinds_gives_back_the_base(net):
    scenario = Scenario("all", changes=EVERY_SERVICE_KIND)
    changed = scenario.apply(net)
    diff = network_diff(net, changed)
    assert {"services", "stops"} <= set(diff["table"])
    back = scenario.inverse(net).apply(changed)
    same_services(back, net)
    assert network_diff(net, back).empty


def test_inverse_of_a_removed_service_adds_it_back_exactly(net):
    scenario = Scenario("gone", changes=[RemoveService("XQ"), RemoveService("QX")])
    with pytest.warns(DataWarning, match="nothing runs on links XC"):
        inverse = scenario.inverse(net)
    with pytest.warns(DataWarning, match="nothing runs on links XC"):
        gone = scenario.apply(net)
    assert [c.kind for c in inverse.changes] == ["add_service", "add_service"]
    back = inverse.apply(gone)
    same_services(back, net)
