"""Opened but unserved: a port opening with no service that reaches it is flagged.

Expectations are set by hand from the services files: Yan'an Nanniwan (ENY) has only a
domestic flight to Xi'an, Shangluo's rail hub only its two trains to and from Xi'an.
"""

from __future__ import annotations

import pytest

import multimodal as mm
from multimodal.scenarios import (
    AddLink,
    AddService,
    OpenPort,
    RemoveService,
    Scenario,
    is_served,
    load_scenarios,
    opened_but_unserved,
    opened_ports,
)


@pytest.fixture(scope="module")
def net() -> mm.Network:
    return mm.load_network()


def test_an_airport_opened_without_an_international_flight_is_flagged(net):
    bare = Scenario("eny_bare", changes=[OpenPort("ENY", ["air"])])
    assert opened_ports(bare, net) == {"ENY": ["air"]}
    assert opened_but_unserved(bare, net) == ["ENY"]


def test_an_airport_opened_with_an_international_flight_is_not_flagged(net):
    served = Scenario(
        "eny_seoul",
        changes=[
            OpenPort("ENY", ["air"]),
            AddLink(
                {
                    "id": "A_ENY_ICN_TEST",
                    "from_node": "ENY",
                    "to_node": "ICN",
                    "mode": "air",
                    "corridor": "air_international",
                    "distance_km": 1586.5,
                    "time_h": 2.37,
                    "cost_basis": "t",
                    "cost_cny": 5127.0,
                }
            ),
            AddService(
                "AIR_ENY_ICN_TEST",
                stops=["ENY", "ICN"],
                mode="air",
                corridor="air_international",
                departures_per_week=1,
                capacity_teu_per_departure=None,
                via_links=["A_ENY_ICN_TEST"],
                time_h=[2.37],
                fare_fixed_cny=2000.0,
                fare_cny_per_km=1.9711,
                source=["EST-AIR"],
                note="test",
            ),
        ],
    )
    assert opened_but_unserved(served, net) == []


def test_a_rail_port_is_served_through_its_feeder_to_the_changan_trains(net):
    """Shangluo's trains to Xi'an meet the trains abroad; without them it is unserved."""
    opened = Scenario("shangluo", changes=[OpenPort("SHANGLUO_RAIL", ["rail"])])
    assert opened_but_unserved(opened, net) == []
    cut = opened.then(
        RemoveService("R_XIAN_PORT_SHANGLUO_RAIL_SVC"),
        RemoveService("R_SHANGLUO_RAIL_XIAN_PORT_SVC"),
    )
    with pytest.warns(mm.DataWarning, match="nothing runs on links"):
        flagged = opened_but_unserved(cut, net)
    assert flagged == ["SHANGLUO_RAIL"]
    with pytest.warns(mm.DataWarning, match="nothing runs on links"):
        changed = cut.apply(net)
    assert not is_served(changed, "SHANGLUO_RAIL", "rail")


def test_a_status_change_of_an_open_port_is_not_an_opening(net):
    """Yulin Yuyang was open (temporary) already: formal opens nothing new."""
    formal = Scenario("uyn", changes=[OpenPort("UYN", ["air"], status="formal")])
    assert opened_ports(formal, net) == {}
    assert opened_but_unserved(formal, net) == []


def test_every_bundled_port_opening_carries_a_service(net):
    """Each bundled scenario that opens a port brings the service that reaches it."""
    openings = 0
    for scenario in load_scenarios():
        openings += len(opened_ports(scenario, net))
        assert opened_but_unserved(scenario, net) == [], scenario.name
    assert openings > 0
    # The bundled airports are served by their own international flights, not by the
    # domestic flight to Xi'an: without the flights they would be flagged.
    for name, flights in (
        ("yanan_nanniwan_open", ("AIR_ENY_ICN",)),
        ("air_ports_hanzhong_ankang", ("AIR_HZG_ICN", "AIR_AKA_ICN")),
    ):
        scenario = next(s for s in load_scenarios() if s.name == name)
        without = Scenario(
            f"{name}_bare",
            changes=[
                c
                for c in scenario.changes
                if not (c.kind == "add_service" and c.service in flights)  # type: ignore[attr-defined]
            ],
        )
        with pytest.warns(mm.DataWarning, match="nothing runs on links"):  # the link stays
            assert opened_but_unserved(without, net), name
