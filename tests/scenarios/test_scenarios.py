"""Scenarios: the bundled plan proposals, every change kind, inverses, files and errors.

Oracles are independent of ``multimodal.scenarios``: expected values are read from the
base tables or recomputed here (geodesic distances by a direct call of pyproj's ``Geod.inv``,
the docs/data.md estimate rules by hand), equality of networks is checked on the sorted
tables with pandas' own comparison, and the cost property (opening a port can only lower
a route's cost) is checked with the router on the base and the changed network.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from pathlib import Path

import pandas as pd
import pytest
from pyproj import Geod

import multimodal as mm
from multimodal.scenarios import (
    AddLink,
    AddNode,
    AddService,
    OpenPort,
    RemoveLink,
    RemoveNode,
    RemoveService,
    ScaleLink,
    ScaleService,
    Scenario,
    SetLink,
    SetNode,
    SetService,
    load_scenario,
    load_scenarios,
    network_diff,
)

REPO = Path(__file__).resolve().parents[2]
EXPECTED_NAMES = {
    "air_ports_hanzhong_ankang",
    "designated_grain_meat_baoji_yangling",
    "hanzhong_bonded_zone",
    "plan_2025",
    "rail_ports_baoji_ankang_yulin",
    "wlsnc_xian_qinzhou_3x",
    "xian_railway_port_formal",
    "yanan_nanniwan_open",
    "yulin_bonded_zone",
    "yulin_yuyang_formal",
}


def geodesic_km(a, b) -> float:
    """WGS84 geodesic distance of two shapely points, by a direct ``Geod.inv`` call."""
    return float(Geod(ellps="WGS84").inv(a.x, a.y, b.x, b.y)[2]) / 1000.0


def sorted_table(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.sort_values("id").reset_index(drop=True)


def assert_same_network(a: mm.Network, b: mm.Network) -> None:
    pd.testing.assert_frame_equal(sorted_table(a.nodes), sorted_table(b.nodes))
    pd.testing.assert_frame_equal(sorted_table(a.links), sorted_table(b.links))
    for left, right in zip(a.service_tables(), b.service_tables()):
        key = [c for c in ("service_id", "seq") if c in left.columns]
        pd.testing.assert_frame_equal(
            left.sort_values(key).reset_index(drop=True),
            right.sort_values(key).reset_index(drop=True),
            check_dtype=False,
        )


@pytest.fixture(scope="module")
def net() -> mm.Network:
    return mm.load_network()


@pytest.fixture(scope="module")
def bundled() -> dict[str, Scenario]:
    return {s.name: s for s in load_scenarios()}


@pytest.fixture(scope="module")
def applied(net, bundled) -> dict[str, mm.Network]:
    return {name: s.apply(net) for name, s in bundled.items()}


@pytest.fixture(scope="module")
def every_kind() -> Scenario:
    """One scenario that uses every change kind, built in Python."""
    return Scenario(
        "every_kind",
        title="Every change kind",
        description="Test scenario.",
        plan_reference="none",
        changes=[
            AddNode(
                {
                    "id": "YULIN_CBZ",
                    "name": "Yulin Comprehensive Bonded Zone (test)",
                    "name_zh": "榆林综合保税区",
                    "kind": "bonded_zone",
                    "modes": ["road"],
                    "bonded_zone_of": "YULIN_RAIL",
                    "lon": 109.78,
                    "lat": 38.30,
                }
            ),
            AddLink(
                {
                    "from_node": "YULIN_CBZ",
                    "to_node": "YULIN_RAIL",
                    "mode": "road",
                    "corridor": "road",
                    "distance_km": 6.0,
                    "time_h": 0.11,
                    "cost_cny": 30.0,
                }
            ),
            RemoveNode("CITY_HANCHENG", cascade=True),
            RemoveLink("D_XIAN_PORT_NINGBO"),
            SetNode("UYN", {"throughput_teu_per_week": 50.0, "note": "test"}),
            SetLink("E_XIAN_PORT_NINGBO", {"cost_cny": 3000.0, "note": "test"}),
            SetService("E_XIAN_NINGBO", {"timetable": "Mon 08:00"}),
            RemoveService("E_NINGBO_XIAN"),
            ScaleService("capacity_teu_per_departure", 1.5, corridor="western_land_sea"),
            ScaleLink("cost_cny", 1.5, corridor="western_land_sea"),
            OpenPort("HANZHONG_RAIL", ["rail"], status="temporary", designated=["vehicles"]),
            AddService(
                "R_TEST_SOUTH",
                stops=["BAOJI_RAIL", "HANZHONG_RAIL", "ANKANG_RAIL"],
                departures_per_week=2,
                capacity_teu_per_departure=80,
                corridor="domestic_rail",
                note="derived figures",
            ),
        ],
    )


@pytest.fixture(scope="module")
def every_kind_applied(net, every_kind) -> mm.Network:
    return every_kind.apply(net)


# -- the bundled scenarios ---------------------------------------------------------------
def test_bundled_scenarios_are_the_plan_proposals(bundled):
    """One file per proposal and plan_2025, each citing a section of the plan and explaining
    itself, with the year its changes take effect and its mechanism in one sentence."""
    assert set(bundled) == EXPECTED_NAMES
    for scenario in bundled.values():
        assert re.search(r"[一二三四五六]\([一二三四五六]\)|专栏\d", scenario.plan_reference)
        assert scenario.title
        assert len(scenario.description) > 200
        assert scenario.changes
        assert scenario.year is not None, scenario.name
        assert 2021 <= scenario.year <= 2025, scenario.name
        first = scenario.description.split(". ")[0]
        assert first.startswith("Mechanism: "), scenario.name


def test_bundled_source_keys_are_defined_in_docs_data(bundled):
    """Every source key a bundled scenario writes into the data is a documented key (in
    docs/data.md, or for the scenarios' own sources in docs/scenarios.md)."""
    documented = set()
    for page in ("data.md", "scenarios.md"):
        text = (REPO / "docs" / page).read_text(encoding="utf-8")
        documented |= set(re.findall(r"^\| ([A-Z][A-Z0-9.\-]+) \|", text, flags=re.M))
    used = set()
    for scenario in bundled.values():
        for change in scenario.changes:
            data = change.to_dict()
            for value in (data.get("source"), data.get("row", {}).get("source")):
                if isinstance(value, str):
                    used.update(value.split(";"))
                elif value:
                    used.update(value)
    assert used, "the bundled scenarios cite sources"
    assert used <= documented, sorted(used - documented)


def test_bundled_figures_say_where_they_come_from(bundled):
    """Changes that introduce figures carry a note, and the description names the rule."""
    for scenario in bundled.values():
        for change in scenario.changes:
            assert change.note, (scenario.name, change)
        assert re.search(r"EST|FS-|PLAN-|no new figure|No\s+new\s+figure", scenario.description)


@pytest.mark.parametrize(
    ("scenario", "table", "ident", "column", "before", "after"),
    [
        ("yulin_yuyang_formal", "nodes", "UYN", "port_status", "temporary", "formal"),
        ("yanan_nanniwan_open", "nodes", "ENY", "port_status", "planned", "formal"),
        ("yanan_nanniwan_open", "nodes", "ENY", "port_modes", "", "air"),
        ("yanan_nanniwan_open", "nodes", "ENY", "customs_cost_cny_per_teu", None, 450.0),
        ("yanan_nanniwan_open", "nodes", "ENY", "customs_h", None, 2.0),
        ("rail_ports_baoji_ankang_yulin", "nodes", "BAOJI_RAIL", "port_modes", "", "rail"),
        ("rail_ports_baoji_ankang_yulin", "nodes", "ANKANG_RAIL", "port_modes", "", "rail"),
        (
            "rail_ports_baoji_ankang_yulin",
            "nodes",
            "YULIN_RAIL",
            "port_status",
            "planned",
            "formal",
        ),
        (
            "designated_grain_meat_baoji_yangling",
            "nodes",
            "BAOJI_RAIL",
            "designated",
            "",
            "grain;meat",
        ),
        (
            "designated_grain_meat_baoji_yangling",
            "nodes",
            "YANGLING_RAIL",
            "designated",
            "",
            "grain;meat",
        ),
        (
            "designated_grain_meat_baoji_yangling",
            "nodes",
            "YANGLING_RAIL",
            "port_status",
            "none",
            "formal",
        ),
        ("designated_grain_meat_baoji_yangling", "nodes", "YANGLING_RAIL", "reefer", False, True),
        ("xian_railway_port_formal", "nodes", "XIAN_PORT", "port_status", "temporary", "formal"),
        ("air_ports_hanzhong_ankang", "nodes", "HZG", "port_modes", "", "air"),
        ("air_ports_hanzhong_ankang", "nodes", "AKA", "port_status", "planned", "formal"),
        ("hanzhong_bonded_zone", "nodes", "HANZHONG_CBZ", "bonded_zone_of", None, "HANZHONG_RAIL"),
        ("hanzhong_bonded_zone", "nodes", "HANZHONG_CBZ", "kind", None, "bonded_zone"),
        ("yulin_bonded_zone", "nodes", "YULIN_CBZ", "bonded_zone_of", None, "YULIN_RAIL"),
        ("yulin_bonded_zone", "nodes", "YULIN_CBZ", "kind", None, "bonded_zone"),
        (
            "rail_ports_baoji_ankang_yulin",
            "nodes",
            "HANZHONG_RAIL",
            "port_status",
            "planned",
            "formal",
        ),
        ("yulin_yuyang_formal", "services", "AIR_UYN_ICN", "stops", None, "UYN;ICN"),
        ("yulin_yuyang_formal", "services", "AIR_UYN_ICN_R", "capacity_t_per_departure", None, 3),
        ("yanan_nanniwan_open", "services", "AIR_ENY_ICN", "stops", None, "ENY;ICN"),
        ("air_ports_hanzhong_ankang", "services", "AIR_HZG_ICN", "stops", None, "HZG;ICN"),
        ("air_ports_hanzhong_ankang", "services", "AIR_AKA_ICN_R", "stops", None, "ICN;AKA"),
        ("wlsnc_xian_qinzhou_3x", "services", "WLSNC_XIAN_QINZHOU", "departures_per_week", 7, 10),
        ("wlsnc_xian_qinzhou_3x", "services", "WLSNC_QINZHOU_XIAN", "departures_per_week", 7, 10),
        (
            "wlsnc_xian_qinzhou_3x",
            "services",
            "WLSNC_XIAN_QINZHOU",
            "capacity_teu_per_week",
            700.0,
            1000.0,
        ),
    ],
)
def test_bundled_scenario_changes_what_it_says(
    net, applied, scenario, table, ident, column, before, after
):
    """The changed cell has the new value; before, it had the base value (or no row)."""
    key = "service_id" if table == "services" else "id"
    old = getattr(net, table).set_index(key)
    new = getattr(applied[scenario], table).set_index(key)
    if before is None and ident not in old.index:
        pass  # a new row
    elif before is None:
        assert pd.isna(old.loc[ident, column])
    else:
        assert old.loc[ident, column] == before
    assert new.loc[ident, column] == after


def test_opened_ports_get_clearance_in_the_routing_graph(net, applied):
    """The router's graph clears customs at the newly opened rail hubs, in the rail layer."""
    from multimodal.graph import CLEAR

    for network, expect in ((net, False), (applied["rail_ports_baoji_ankang_yulin"], True)):
        graph = network.expanded
        for ident in ("BAOJI_RAIL", "ANKANG_RAIL", "YULIN_RAIL"):
            node = network.node_index(ident)
            layers = {
                graph.vertex_layer[graph.tail[e]]
                for e in range(graph.n_edges)
                if graph.kind[e] == CLEAR and graph.node[e] == node
            }
            assert (layers == {"rail"}) is expect, (ident, layers)


def test_designated_sites_clear_grain_and_meat_when_xian_cannot(net, bundled):
    """With Xi'an's grain/meat designation taken away, grain and meat from Almaty have no
    rail route in the base but clear at Baoji / Yangling under the scenario."""
    no_xian = Scenario("no_xian", changes=[SetNode("XIAN_PORT", {"designated": "vehicles"})])
    base = no_xian.apply(net)
    changed = bundled["designated_grain_meat_baoji_yangling"].apply(base)
    grain = mm.Shipment("ALMATY", "CITY_BAOJI", cargo_class="grain")
    with pytest.raises(mm.NoRouteError):
        mm.route(base, grain, "cost")
    steps = mm.route(changed, grain, "cost").steps
    cleared = steps.loc[steps["kind"] == "customs", "from_node"].tolist()
    assert cleared == ["BAOJI_RAIL"]
    meat = mm.Shipment("ALMATY", "CITY_YANGLING", cargo_class="meat")
    before = mm.route(base, meat, "cost")
    after = mm.route(changed, meat, "cost")
    assert "air" in before.modes  # meat had to fly to Xi'an Xianyang to be cleared
    assert after.modes == ["rail", "road"]
    assert after.cost_cny < before.cost_cny


def test_bonded_zone_follows_the_road_rule_and_is_reachable(net, applied):
    """HANZHONG_CBZ links follow EST-ROAD (great circle x 1.25, 55 km/h, RMB 5/TEU-km)."""
    network = applied["hanzhong_bonded_zone"]
    nodes = network.nodes.set_index("id")
    links = network.links.set_index("id")
    for ident, other in (
        ("D_HANZHONG_CBZ_HANZHONG_RAIL", "HANZHONG_RAIL"),
        ("D_HANZHONG_CBZ_CITY_HANZHONG", "CITY_HANZHONG"),
    ):
        row = links.loc[ident]
        crow = geodesic_km(nodes.geometry["HANZHONG_CBZ"], nodes.geometry[other])
        assert row["distance_km"] == pytest.approx(crow * 1.25, abs=0.06)
        assert row["time_h"] == pytest.approx(row["distance_km"] / 55, abs=0.005)
        assert row["cost_cny"] == pytest.approx(5 * row["distance_km"])
    # Reachable: the cheapest export leaves on one of the zone's two road links. Under the
    # services model it is by road to Xi'an (the city's road), not by the Hanzhong - Xi'an
    # shuttle: a box on the shuttle changes train at Xi'an and pays the rail hub's handling
    # there (RMB 350, 12 h), as a change of service pays a node's handling. Through the
    # serving terminal the zone is reachable too, at a cost no lower than the cheapest.
    export = mm.route(network, mm.Shipment("HANZHONG_CBZ", "DUISBURG"), "cost")
    assert export.nodes[0] == "HANZHONG_CBZ"
    assert export.nodes[1] in {"HANZHONG_RAIL", "CITY_HANZHONG"}
    city = mm.route(network, mm.Shipment("CITY_HANZHONG", "DUISBURG"), "cost")
    assert export.cost_cny <= city.cost_cny + links.loc["D_HANZHONG_CBZ_CITY_HANZHONG", "cost_cny"]
    through_hub = mm.route(
        network, mm.Shipment("HANZHONG_CBZ", "DUISBURG"), "cost", via=["HANZHONG_RAIL"]
    )
    assert through_hub.nodes[:2] == ["HANZHONG_CBZ", "HANZHONG_RAIL"]
    assert through_hub.cost_cny >= export.cost_cny - 1e-6


WLSNC = ("WLSNC_XIAN_QINZHOU", "WLSNC_QINZHOU_XIAN")


def test_wlsnc_three_more_departures_shorten_the_wait_and_add_capacity(net, applied):
    """3 more departures a week on the Xi'an - Qinzhou service (and its return): the expected
    wait for it is half the headway, 168 / (2 x departures) h, so it falls; its weekly
    capacity grows by 3 x the TEU per departure; fares and run times do not change."""
    changed = applied["wlsnc_xian_qinzhou_3x"]
    before, after = net.services.set_index("service_id"), changed.services.set_index("service_id")
    for ident in WLSNC:
        old, new = before.loc[ident], after.loc[ident]
        assert new["departures_per_week"] == old["departures_per_week"] + 3
        extra = 3 * old["capacity_teu_per_departure"]
        assert new["capacity_teu_per_week"] == pytest.approx(old["capacity_teu_per_week"] + extra)
        assert (new["time_h"], new["fare_fixed_cny"]) == (old["time_h"], old["fare_fixed_cny"])
    others = before.index.difference(list(WLSNC))
    pd.testing.assert_frame_equal(
        before.loc[others].drop(columns="geometry"), after.loc[others].drop(columns="geometry")
    )
    departures = before.loc[WLSNC[0], "departures_per_week"]
    for origin in ("XIAN_PORT", "CITY_XIAN"):
        shipment = mm.Shipment(origin, "QINZHOU")
        routes = [mm.route(network, shipment, "cost") for network in (net, changed)]
        waits = []
        for route in routes:
            legs = route.legs[route.legs["service_id"] == WLSNC[0]]
            assert len(legs) == 1  # both ride the Xi'an - Qinzhou service
            waits.append(float(legs["wait_h"].iloc[0]))
        assert waits[0] == pytest.approx(168 / (2 * departures))
        assert waits[1] == pytest.approx(168 / (2 * (departures + 3)))
        assert routes[1].time_h == pytest.approx(routes[0].time_h - (waits[0] - waits[1]))
        assert routes[1].cost_cny == pytest.approx(routes[0].cost_cny)
    shipment = mm.Shipment("CITY_XIAN", "SINGAPORE")
    assert mm.route(changed, shipment, "cost").cost_cny <= mm.route(net, shipment, "cost").cost_cny


# -- the base is never changed; inverse; no-op --------------------------------------------
def test_apply_leaves_the_base_untouched(net, applied, every_kind, every_kind_applied):
    """After every scenario was applied, the (cached) base still equals a fresh read of the
    data files."""
    from multimodal.io import data_dir

    assert every_kind_applied is not net
    assert every_kind_applied.name == f"{net.name}+every_kind"
    assert len(applied) == len(EXPECTED_NAMES)
    fresh = mm.Network.from_files(
        data_dir() / "nodes", data_dir() / "links", services=data_dir() / "services"
    )
    assert_same_network(net, fresh)
    assert mm.load_network() is net
    assert_same_network(mm.load_network(), fresh)


@pytest.mark.parametrize("name", sorted(EXPECTED_NAMES))
def test_inverse_gives_back_the_base(net, bundled, applied, name):
    inverse = bundled[name].inverse(net)
    assert inverse.changes
    assert_same_network(inverse.apply(applied[name]), net)


def test_inverse_of_every_change_kind(net, every_kind, every_kind_applied):
    back = every_kind.inverse(net).apply(every_kind_applied)
    assert_same_network(back, net)
    assert network_diff(net, back).empty


def test_scenario_that_changes_nothing_gives_an_equal_network(net):
    same_value = net.nodes.set_index("id").loc["UYN", "port_status"]
    for scenario in (
        Scenario("nothing"),
        Scenario("same_value", changes=[SetNode("UYN", {"port_status": same_value})]),
        Scenario("factor_one", changes=[ScaleLink("cost_cny", 1.0, mode="rail")]),
    ):
        changed = scenario.apply(net)
        assert_same_network(changed, net)
        assert network_diff(net, changed).empty
    assert scenario.inverse(net).changes == ()


# -- the change kinds, checked against recomputation -----------------------------------------
def test_add_service_derives_figures_by_the_rail_rules(net, every_kind_applied):
    """The service rides the shortest rail path between its stops (an independent networkx
    Dijkstra over the base's rail links); run time 800 km a day; fare RMB 500 + 2.205/TEU-km;
    capacity departures x TEU; the return run too; derived figures marked estimated."""
    import networkx as nx

    rail = net.links[net.links["mode"] == "rail"]
    graph = nx.Graph()
    for a, b, km in zip(rail["from_node"], rail["to_node"], rail["distance_km"]):
        if not graph.has_edge(a, b) or km < graph[a][b]["km"]:
            graph.add_edge(a, b, km=km)
    stops = ["BAOJI_RAIL", "HANZHONG_RAIL", "ANKANG_RAIL"]
    legs_km = [nx.dijkstra_path_length(graph, a, b, "km") for a, b in itertools.pairwise(stops)]
    services = every_kind_applied.services.set_index("service_id")
    row, back = services.loc["R_TEST_SOUTH"], services.loc["R_TEST_SOUTH_R"]
    assert row["stops"].split(";") == stops
    assert back["stops"].split(";") == stops[::-1]
    assert row["distance_km"] == pytest.approx(sum(legs_km), abs=0.2)
    assert row["time_h"] == pytest.approx(sum(legs_km) / (800 / 24), abs=0.02)
    assert row["capacity_teu_per_week"] == 160.0
    assert (row["fare_fixed_cny"], row["fare_cny_per_km"]) == (500.0, 2.205)
    assert {"fare_fixed_cny", "fare_cny_per_km", "year"} <= set(row["estimated"].split(";"))
    assert "EST-RAILCOST" in row["source"].split(";")
    assert len(every_kind_applied.links) == len(net.links) - 3 + 1  # no track laid
    laid = Scenario(
        "laid",
        changes=[
            AddService(
                "R_NEW_TRACK", stops=["BAOJI_RAIL", "HANZHONG_RAIL"], departures_per_week=2,
                capacity_teu_per_departure=80, corridor="domestic_rail", new_links=True,
            )
        ],
    ).apply(net)  # fmt: skip
    nodes = net.nodes.set_index("id")
    link = laid.links.set_index("id").loc["R_NEW_TRACK_1"]
    crow = geodesic_km(nodes.geometry["BAOJI_RAIL"], nodes.geometry["HANZHONG_RAIL"])
    assert link["distance_km"] == pytest.approx(crow * 1.3, abs=0.06)
    assert link["time_h"] == pytest.approx(link["distance_km"] / (800 / 24), abs=0.006)
    assert link["cost_cny"] == pytest.approx(500 + 2.205 * link["distance_km"], abs=0.006)
    assert pd.isna(link["departures_per_week"])
    assert {"distance_km", "time_h", "cost_cny", "geometry"} <= set(link["estimated"].split(";"))
    ridden = laid.services.set_index("service_id").loc["R_NEW_TRACK"]
    assert ridden["distance_km"] == link["distance_km"]


def test_scale_link_multiplies_only_the_chosen_links(net, every_kind_applied):
    before = net.links.set_index("id")
    after = every_kind_applied.links.set_index("id")
    chosen = before.index[before["corridor"] == "western_land_sea"]
    assert len(chosen) == 5
    set_elsewhere = {"E_XIAN_PORT_NINGBO"}  # set_link changes its cost in the same scenario
    for ident in before.index.intersection(after.index).difference(set_elsewhere):
        # cost_cny: every built-in link has one (links that services ride have no
        # capacity of their own any more, EST-CAP)
        old, new = before.loc[ident, "cost_cny"], after.loc[ident, "cost_cny"]
        if ident in chosen:
            assert new == pytest.approx(1.5 * old)
        elif pd.isna(old):
            assert pd.isna(new)
        else:
            assert new == old


def test_remove_node_with_cascade_takes_its_links(net, every_kind_applied):
    network = every_kind_applied
    links = network.links
    assert "CITY_HANCHENG" not in set(network.nodes["id"])
    assert not (
        (links["from_node"] == "CITY_HANCHENG") | (links["to_node"] == "CITY_HANCHENG")
    ).any()
    expected = len(net.links) - 2 - 1 + 1  # Hancheng's 2 links, Ningbo road, +1 link
    assert len(links) == expected


def test_open_port_adds_modes_and_classes_without_taking_any(net):
    scenario = Scenario(
        "two_steps",
        changes=[
            OpenPort("XIAN_PORT", ["road"], status="temporary", designated=["fruit"]),
        ],
    )
    row = scenario.apply(net).node("XIAN_PORT")
    assert row["port_modes"].split(";") == ["rail", "road"]
    assert row["designated"].split(";") == ["grain", "meat", "vehicles", "fruit"]
    assert row["customs_h"] == net.node("XIAN_PORT")["customs_h"]  # given figures are kept


def test_nodes_may_be_named_by_english_or_chinese_name(net):
    for name in ("Yulin Yuyang Airport", "榆林榆阳机场"):
        changed = Scenario("by_name", changes=[OpenPort(name, ["air"])]).apply(net)
        assert changed.node("UYN")["port_status"] == "formal"


def test_combine_and_then(net, bundled):
    both = Scenario.combine(
        bundled["yulin_yuyang_formal"], bundled["xian_railway_port_formal"], name="both"
    )
    changed = both.apply(net)
    assert changed.node("UYN")["port_status"] == "formal"
    assert changed.node("XIAN_PORT")["port_status"] == "formal"
    more = both.then(SetNode("ENY", {"dwell_h": 6.0}))
    assert len(more.changes) == len(both.changes) + 1
    assert more.apply(net).node("ENY")["dwell_h"] == 6.0


# -- opening a port never makes a route dearer ----------------------------------------------
SHIPMENTS = [
    mm.Shipment("ALMATY", "CITY_BAOJI", cargo_class="fruit"),
    mm.Shipment("ALMATY", "CITY_BAOJI", cargo_class="grain"),
    mm.Shipment("DUISBURG", "CITY_YANGLING", cargo_class="meat"),
    mm.Shipment("CITY_YULIN", "DUISBURG"),
    mm.Shipment("CITY_HANZHONG", "SINGAPORE"),
    mm.Shipment("ICN", "CITY_YANAN"),
    mm.Shipment("CITY_ANKANG", "BAKU"),
    mm.Shipment("CITY_XIAN", "CITY_BAOJI"),
    mm.Shipment("HAMBURG", "CITY_ANKANG", cargo_class="vehicles"),
    mm.Shipment("LGG", "CITY_YULIN", cargo_class="aquatic_animals"),
]


def _cost(network: mm.Network, shipment: mm.Shipment) -> float:
    try:
        return mm.route(network, shipment, "cost").cost_cny
    except mm.NoRouteError:
        return math.inf


@pytest.fixture(scope="module")
def base_costs(net) -> list[float]:
    return [_cost(net, s) for s in SHIPMENTS]


#: Change kinds that only add options (ports, nodes, links, services): never a dearer route.
_ADDING = frozenset({"open_port", "add_node", "add_link", "add_service"})


def _opening_scenarios(bundled) -> list[Scenario]:
    return [s for s in bundled.values() if all(c.kind in _ADDING for c in s.changes)]


def test_opening_ports_never_raises_a_cost(bundled, applied, base_costs):
    opening = _opening_scenarios(bundled)
    assert len(opening) == 7
    for scenario in opening:
        for shipment, before in zip(SHIPMENTS, base_costs):
            after = _cost(applied[scenario.name], shipment)
            assert after <= before + 1e-9, (scenario.name, shipment)


def test_random_port_openings_never_raise_a_cost(net, base_costs):
    """Seeded sample of Chinese nodes opened for one mode they serve (with a class)."""
    nodes = net.nodes
    candidates = nodes[(nodes["country"] == "CN") & (nodes["kind"] != "city")]
    rng = random.Random(7)
    picks = rng.sample(list(candidates.itertuples()), 4)
    for row in picks:
        modes = [m for m in row.modes.split(";") if m != "road"] or ["road"]
        scenario = Scenario(
            f"open_{row.id}",
            changes=[OpenPort(row.id, [rng.choice(modes)], designated=["grain", "fruit"])],
        )
        network = scenario.apply(net)
        for shipment, before in zip(SHIPMENTS, base_costs):
            assert _cost(network, shipment) <= before + 1e-9, (scenario.name, shipment)


def test_opening_the_needed_port_strictly_lowers_the_cost(net, base_costs):
    """Fruit from Almaty to Baoji: only Xi'an Xianyang airport clears fruit, so it flies; a
    rail hub designated for fruit lets it come by rail, far cheaper."""
    scenario = Scenario(
        "baoji_fruit",
        changes=[
            OpenPort("BAOJI_RAIL", ["rail"], designated=["fruit"]),
            SetNode("BAOJI_RAIL", {"reefer": True}),
        ],
    )
    shipment = SHIPMENTS[0]
    before = base_costs[0]
    found = mm.route(scenario.apply(net), shipment, "cost")
    assert found.cost_cny < before - 1000.0
    steps = found.steps
    assert steps.loc[steps["kind"] == "customs", "from_node"].tolist() == ["BAOJI_RAIL"]
    assert "air" not in found.modes


# -- refused changes --------------------------------------------------------------------------
_LINK = {
    "from_node": "XIAN_PORT",
    "mode": "rail",
    "distance_km": 10.0,
    "time_h": 1.0,
    "cost_cny": 5.0,
}


@pytest.mark.parametrize(
    ("changes", "error", "change", "text"),
    [
        ([OpenPort("UYX", ["air"])], mm.UnknownNodeError, "1/1 (open_port)", "did you mean 'UYN'"),
        (
            [AddLink({**_LINK, "to_node": "NOWHERE"})],
            mm.UnknownNodeError,
            "1/1 (add_link)",
            "'to_node'",
        ),
        (
            [
                SetNode("UYN", {"dwell_h": 1.0}),
                SetLink("W_XIAN_PORT_CHONGQING_TJC", {"capacity_teu_per_week": -5}),
            ],
            mm.DataValidationError,
            "2/2 (set_link)",
            "must be zero or positive",
        ),
        (
            [SetLink("A_XIY_LGG", {"cost_cnny": 1.0})],
            mm.DataValidationError,
            "1/1 (set_link)",
            "did you mean 'cost_cny'",
        ),
        (
            [SetNode("UYN", {"handling_cost": 1.0})],
            mm.DataValidationError,
            "1/1 (set_node)",
            "unknown node column",
        ),
        (
            [SetLink("W_XIAN_PORT_CHONGQING_TJ", {"cost_cny": 1.0})],
            mm.DataValidationError,
            "1/1 (set_link)",
            "did you mean 'W_XIAN_PORT_CHONGQING_TJC'",
        ),
        ([RemoveNode("XIY")], mm.DataValidationError, "1/1 (remove_node)", "cascade = true"),
        (
            [OpenPort("DUISBURG", ["rail"])],
            mm.DataValidationError,
            "1/1 (open_port)",
            "only Chinese nodes",
        ),
        (
            [OpenPort("XIY", ["rail"])],
            mm.DataValidationError,
            "1/1 (open_port)",
            "serves air/road, not rail",
        ),
        (
            [SetNode("UYN", {"id": "UYN2"})],
            mm.DataValidationError,
            "1/1 (set_node)",
            "id cannot be set",
        ),
        (
            [SetNode("UYN", {"reefer": "yes"})],
            mm.DataValidationError,
            "1/1 (set_node)",
            "true or false",
        ),
        (
            [SetNode("UYN", {"port_status": "open"})],
            mm.DataValidationError,
            "1/1 (set_node)",
            "unknown value 'open'",
        ),
        (
            [
                AddNode(
                    {
                        "id": "UYN",
                        "name": "x",
                        "kind": "city",
                        "modes": "road",
                        "lon": 109.7,
                        "lat": 38.3,
                    }
                )
            ],
            mm.DataValidationError,
            "1/1 (add_node)",
            "exists already",
        ),
        (
            [AddLink({**_LINK, "to_node": "BAOJI_RAIL", "distance_km": 300.0, "time_h": 0.5})],
            mm.DataValidationError,
            "1/1 (add_link)",
            "implied speed",
        ),
        (
            [ScaleLink("capacity_teu_per_week", 2.0, corridor="western_landsea")],
            mm.DataValidationError,
            "1/1 (scale_link)",
            "did you mean 'western_land_sea'",
        ),
        (
            [ScaleLink("corridor", 2.0, mode="rail")],
            mm.DataValidationError,
            "1/1 (scale_link)",
            "only numeric",
        ),
    ],
)
def test_invalid_changes_are_refused_naming_scenario_and_change(net, changes, error, change, text):
    scenario = Scenario("bad", changes=changes)
    with pytest.raises(error) as caught:
        scenario.apply(net)
    message = str(caught.value)
    assert "scenario 'bad'" in message
    assert f"change {change}" in message
    assert text in message


def test_a_late_problem_is_blamed_on_the_change_that_caused_it(net):
    """A speed the final validation finds is attributed to the change that set the time."""
    scenario = Scenario(
        "late",
        changes=[SetLink("A_XIY_LGG", {"time_h": 1.0}), SetNode("UYN", {"dwell_h": 3.0})],
    )
    with pytest.raises(mm.DataValidationError) as caught:
        scenario.apply(net)
    problem = caught.value.problems[0]
    assert problem.file == "scenario 'late', change 1/2 (set_link)"
    assert problem.row == "link A_XIY_LGG"
    assert problem.column == "time_h"


def test_unknown_node_error_carries_suggestions(net):
    with pytest.raises(mm.UnknownNodeError) as caught:
        Scenario("bad", changes=[SetNode("BAOJI_RIAL", {"dwell_h": 1.0})]).apply(net)
    assert caught.value.name == "BAOJI_RIAL"
    assert caught.value.suggestions[0] == "BAOJI_RAIL"


@pytest.mark.parametrize(
    ("change", "text"),
    [
        ({"kind": "open_prt", "node": "UYN"}, "did you mean 'open_port'"),
        ({"kind": "open_port", "node": "UYN"}, "open_port needs modes"),
        (
            {"kind": "open_port", "node": "UYN", "modes": ["air"], "stat": "formal"},
            "did you mean 'status'",
        ),
        ({"kind": "open_port", "node": "UYN", "modes": ["aer"]}, "unknown mode 'aer'"),
        (
            {"kind": "open_port", "node": "UYN", "modes": ["air"], "status": "planned"},
            "status must be",
        ),
        (
            {"kind": "scale_link", "column": "cost_cny", "factor": -1, "mode": "rail"},
            "factor must be at least 0",
        ),
        (
            {
                "kind": "add_service",
                "service": "S",
                "stops": ["XIAN_PORT"],
                "departures_per_week": 1,
                "capacity_teu_per_departure": 100,
                "corridor": "x",
            },
            "at least two",
        ),
        (
            {
                "kind": "add_service",
                "service": "S",
                "stops": ["XIAN_PORT", "QINZHOU"],
                "mode": "sea",
                "departures_per_week": 1,
                "capacity_teu_per_departure": 100,
                "corridor": "x",
            },
            "must give time_h",
        ),
        ({"node": "UYN"}, "unknown change kind None"),
    ],
)
def test_bad_changes_in_data_are_refused_naming_scenario_and_change(change, text):
    data = {"name": "bad_file", "changes": [{"kind": "remove_link", "link": "A_XIY_LGG"}, change]}
    with pytest.raises(mm.DataValidationError) as caught:
        Scenario.from_dict(data)
    message = str(caught.value)
    assert "scenario 'bad_file', change 2/2" in message
    assert text in message


def test_malformed_files_are_refused_naming_the_file(tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text('name = "broken"\n[[changes]\nkind = "open_port"\n', encoding="utf-8")
    with pytest.raises(mm.DataValidationError, match=r"broken\.toml.*malformed TOML"):
        Scenario.from_file(broken)
    bad_yaml = tmp_path / "bad.yaml"
    bad_yaml.write_text("name: bad\nchanges: [\n", encoding="utf-8")
    with pytest.raises(mm.DataValidationError, match=r"bad\.yaml.*malformed YAML"):
        Scenario.from_file(bad_yaml)
    unknown = tmp_path / "typo.toml"
    unknown.write_text('name = "typo"\ntitel = "x"\n', encoding="utf-8")
    with pytest.raises(mm.DataValidationError, match="did you mean 'title'"):
        Scenario.from_file(unknown)
    wrong = tmp_path / "wrong.json"
    wrong.write_text("{}", encoding="utf-8")
    with pytest.raises(mm.DataValidationError, match=r"\.toml, \.yaml or \.yml"):
        Scenario.from_file(wrong)


def test_load_scenario_by_name_suggests_close_names():
    assert load_scenario("yulin_yuyang_formal").name == "yulin_yuyang_formal"
    with pytest.raises(ValueError, match="did you mean 'yulin_yuyang_formal'"):
        load_scenario("yulin_yuyang_formall")


# -- files: TOML and YAML round trips -------------------------------------------------------
def test_toml_and_yaml_round_trips(net, bundled, every_kind, every_kind_applied, tmp_path):
    for scenario in [*bundled.values(), every_kind]:
        assert Scenario.from_toml(scenario.to_toml()) == scenario
        assert hash(Scenario.from_toml(scenario.to_toml())) == hash(scenario)
        assert Scenario.from_yaml(scenario.to_yaml()) == scenario
        for suffix in (".toml", ".yaml", ".yml"):
            path = scenario.to_file(tmp_path / f"{scenario.name}{suffix}")
            assert Scenario.from_file(path) == scenario
    again = Scenario.from_toml(every_kind.to_toml())
    assert_same_network(again.apply(net), every_kind_applied)


def test_missing_numbers_survive_toml(net):
    """TOML has no null: None is written nan and read back None."""
    scenario = Scenario(
        "nulls", changes=[SetLink("W_XIAN_PORT_CHONGQING_TJC", {"capacity_teu_per_week": None})]
    )
    assert "capacity_teu_per_week = nan" in scenario.to_toml()
    again = Scenario.from_toml(scenario.to_toml())
    assert again == scenario
    row = again.apply(net).links.set_index("id").loc["W_XIAN_PORT_CHONGQING_TJC"]
    assert pd.isna(row["capacity_teu_per_week"])


def test_bundled_files_are_what_load_scenarios_reads(bundled):
    folder = REPO / "data" / "scenarios"
    files = sorted(folder.glob("*.toml"))
    assert {p.stem for p in files} == EXPECTED_NAMES
    for path in files:
        assert Scenario.from_file(path) == bundled[path.stem]


def test_summary_lists_every_change(bundled):
    text = bundled["designated_grain_meat_baoji_yangling"].summary()
    assert "四(一)3" in text
    assert "open BAOJI_RAIL as a formal port for rail, designated grain, meat" in text
    assert text.count("\n  ") == 4


def test_the_examples_in_docs_scenarios_md_apply(net):
    """The TOML and YAML examples of the documentation are valid and do what they say."""
    text = (REPO / "docs" / "scenarios.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```(toml|yaml)\n(.*?)```", text, flags=re.S)
    assert [lang for lang, _ in blocks] == ["toml", "yaml"]
    for lang, body in blocks:
        scenario = Scenario.from_toml(body) if lang == "toml" else Scenario.from_yaml(body)
        changed = scenario.apply(net)
        assert not network_diff(net, changed).empty
    assert changed.services.set_index("service_id").loc["AIR_UYN_XIY", "departures_per_week"] == 14
    services = changed.services.set_index("service_id")
    before = net.services.set_index("service_id")
    assert services.loc["AIR_UYN_XIY", "capacity_t_per_departure"] == pytest.approx(
        2.0 * before.loc["AIR_UYN_XIY", "capacity_t_per_departure"]
    )


def test_network_diff_lists_rows_and_cells(net, every_kind_applied):
    diff = network_diff(net, every_kind_applied)
    rows = diff[diff["table"].isin(["nodes", "links"])]
    added = set(rows.loc[rows["change"] == "added", "id"])
    removed = set(rows.loc[rows["change"] == "removed", "id"])
    assert added == {"YULIN_CBZ", "YULIN_CBZ-YULIN_RAIL-road"}
    services = diff[diff["table"] == "services"]
    assert set(services.loc[services["change"] == "added", "id"]) == {
        "R_TEST_SOUTH",
        "R_TEST_SOUTH_R",
    }
    assert set(services.loc[services["change"] == "removed", "id"]) == {"E_NINGBO_XIAN"}
    stops = diff[(diff["table"] == "stops") & (diff["change"] == "added")]
    assert set(stops["id"]) == {f"R_TEST_SOUTH{r}#{k}" for r in ("", "_R") for k in (1, 2, 3)}
    timetable = services[(services["id"] == "E_XIAN_NINGBO") & (services["column"] == "timetable")]
    assert timetable["after"].tolist() == ["Mon 08:00"]
    assert removed == {
        "CITY_HANCHENG",
        "D_CITY_HANCHENG_WEINAN_RAIL",
        "D_CITY_WEINAN_CITY_HANCHENG",
        "D_XIAN_PORT_NINGBO",
    }
    cell = diff[(diff["id"] == "UYN") & (diff["column"] == "throughput_teu_per_week")]
    assert cell[["before", "after"]].to_numpy().tolist() == [[None, 50.0]]


def test_bad_arguments_are_parameter_errors():
    """Errors raised on purpose are MultimodalErrors; bad fields are ParameterErrors."""
    with pytest.raises(mm.ParameterError, match="factor must be at least 0"):
        ScaleLink("cost_cny", -1.0, mode="rail")
    with pytest.raises(mm.ParameterError, match="cascade must be true or false, got 'yes'"):
        RemoveNode("UYN", cascade="yes")
    with pytest.raises(mm.ParameterError, match=r"Scenario\.name must not be empty"):
        Scenario(" ")
    with pytest.raises(mm.ParameterError, match="did you mean 'yulin_yuyang_formal'"):
        load_scenario("yulin_yuyang_formall")


def test_every_change_kind_applies_itself_through_a_public_method():
    from multimodal.scenarios import CHANGE_KINDS, Change

    for cls in CHANGE_KINDS.values():
        assert cls.apply_to is not Change.apply_to, cls
        assert cls.describe is not Change.describe, cls
