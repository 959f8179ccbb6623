"""The competing gateways of the neighbouring provinces and their hinterland (issue 11).

Recomputed from the published figures quoted in docs/data.md (SV-GW-*), not from the
builders: the gateways' trains a year, the hinterland TEU a week per province, the
Chang'an pricing rule applied to a competitor, and routes that can reach Xi'an.
"""

from __future__ import annotations

import pandas as pd
import pytest

import multimodal as mm
from multimodal.demand import load_demand

WEEKS = 52.0
#: Terminal -> published trains a year, both directions (2023-2024; Urumqi 2019).
TRAINS = {
    ("CHENGDU_QBJ", "CHONGQING_TJC"): 5300,  # together, 2023
    ("ZHENGZHOU_PUTIAN",): 3000 / 388 * 365,  # 10,000th (24 Oct 2023) to 13,000 (15 Nov 2024)
    ("WUHAN_WJS",): 538 * 1.57,
    ("URUMQI_ASM",): 3 * 365,
    ("LANZHOU_ZCB",): 126 / 7 * 12,
}
#: TEU per China-Europe train: 1,901,949 TEU / 17,523 trains, national 2023 (FS-4.1).
TEU_PER_TRAIN = 108.5
#: Centroid -> published TEU a year (Chengdu and Chongqing half of 430,000 each).
HINTERLAND_TEU = {
    "CITY_CHENGDU": 215_000,
    "CITY_CHONGQING": 215_000,
    "CITY_ZHENGZHOU": 230_000 / 320 * 366,
    "CITY_WUHAN": 538 * 1.57 * TEU_PER_TRAIN,
    "CITY_URUMQI": 3 * 365 * TEU_PER_TRAIN,
    "CITY_LANZHOU": 126 / 7 * 12 * TEU_PER_TRAIN,
}


@pytest.fixture(scope="module")
def net() -> mm.Network:
    return mm.load_network()


@pytest.fixture(scope="module")
def demand(net) -> pd.DataFrame:
    return load_demand(network=net)


def ends(services: pd.DataFrame) -> pd.DataFrame:
    stops = services["stops"].str.split(";")
    return services.assign(first=stops.str[0], last=stops.str[-1])


def test_gateways_are_open_rail_ports_with_customs(net):
    nodes = net.nodes.set_index("id")
    for terminals in TRAINS:
        for terminal in terminals:
            assert nodes.loc[terminal, "port_status"] == "formal"
            assert "rail" in nodes.loc[terminal, "port_modes"]
            assert nodes.loc[terminal, "customs_cost_cny_per_teu"] > 0
    for airport in ("CGO", "CTU", "CKG"):
        assert "air" in nodes.loc[airport, "port_modes"]


@pytest.mark.parametrize("terminals", list(TRAINS))
def test_trains_a_year_match_the_published_counts(net, terminals):
    services = ends(net.services)
    ce = services[(services["corridor"] == "china_europe") & ~services["implicit"]]
    mine = ce[ce["first"].isin(terminals) | ce["last"].isin(terminals)]
    trains = mine["departures_per_week"].sum() * WEEKS
    assert trains == pytest.approx(TRAINS[terminals], rel=0.01)
    # as many trains return as leave
    west = mine[mine["first"].isin(terminals)]["departures_per_week"].sum()
    assert west == pytest.approx(mine["departures_per_week"].sum() / 2)


def test_competitors_are_priced_and_timed_like_chang_an(net):
    """Fare per TEU-km and fixed part of every competitor train = the Chang'an standard's;
    its run to the Chinese border at the Chang'an section speed."""
    services = net.services.set_index("service_id")
    reference = services.loc["CE_XIAN_DUISBURG_STD"]
    # Zhengzhou - Hamburg via Erenhot enters the EU at Bruzgi (EST-EU-SPLIT): id ends _BRU
    for ident in ("CE_CHENGDU_WARSAW_ALA", "CE_ZHENGZHOU_HAMBURG_ERE_BRU", "CE_WUHAN_DUISBURG_ALA"):
        assert services.loc[ident, "fare_cny_per_km"] == reference["fare_cny_per_km"]
        assert services.loc[ident, "fare_fixed_cny"] == reference["fare_fixed_cny"]
    links = net.links.set_index("id")
    speed = links.loc["CE_XIAN_PORT_ALASHANKOU", "distance_km"] / 54.6  # SV-CE-CN
    for link in ("CE_CHENGDU_QBJ_ALASHANKOU", "CE_ZHENGZHOU_PUTIAN_ERENHOT"):
        row = links.loc[link]
        assert row["distance_km"] / row["time_h"] == pytest.approx(speed, rel=0.01)


def test_hinterland_totals_match_the_published_volumes(demand):
    hinterland = demand[demand["segment"].str.startswith("hinterland_china_europe")]
    for city, teu in HINTERLAND_TEU.items():
        mine = hinterland[(hinterland["origin"] == city) | (hinterland["destination"] == city)]
        assert mine["teu_per_week"].sum() == pytest.approx(teu / WEEKS, rel=0.01), city
        out = mine[mine["origin"] == city]["teu_per_week"].sum()
        assert out == pytest.approx(teu / WEEKS / 2, rel=0.01), city


def test_hinterland_air_rows_fly_to_the_gateways_destinations(demand, net):
    air = demand[demand["segment"].str.startswith("hinterland_air")]
    foreign = set(air["origin"]) | set(air["destination"])
    assert {"LUX", "LGG", "BRU", "MXP"} <= foreign
    assert (air["weight_t_per_week"] > 0).all()


def test_a_neighbour_can_choose_xian_or_its_own_gateway(net):
    """Chengdu -> Duisburg by its own trains (Xi'an avoided) and through Xi'an (its own
    terminals avoided): both exist, so the choice between the gateways is open."""
    shipment = mm.Shipment("CITY_CHENGDU", "DUISBURG", teu=1)
    own = mm.route(net, shipment, "time", avoid_modes=["air"], avoid_nodes=["XIAN_PORT"])
    assert own.nodes[1] in {"CHENGDU_QBJ", "CHONGQING_TJC"}
    assert all(s.startswith(("CE_CHENGDU_", "CE_CHONGQING_")) for s in own.services)
    via_xian = mm.route(
        net, shipment, "time", avoid_modes=["air"], avoid_nodes=["CHENGDU_QBJ", "CHONGQING_TJC"]
    )
    assert "XIAN_PORT" in via_xian.nodes
    assert all(s.startswith("CE_XIAN_") for s in via_xian.services)
