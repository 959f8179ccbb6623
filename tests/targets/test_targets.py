"""Targets: the plan's figures, KPIs measured by hand, and the target table.

Oracles: the bundled target values are checked against the plan's own text (its Chinese
figures, parsed here); ``target_kpis`` is checked on a hand-made assignment whose flows
give the answers by arithmetic written in the test, and on a real assignment against a
second computation of the airport's tonnes from the path table instead of the link flows.
"""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path
from types import SimpleNamespace

import geopandas as gpd
import pandas as pd
import pytest

import multimodal as mm
from multimodal.exceptions import DataValidationError, ParameterError
from multimodal.scenarios import in_year, load_scenario
from multimodal.targets import (
    TEU_PER_TRAIN,
    Target,
    evaluate_targets,
    load_targets,
    target_kpis,
)

PLAN = Path(__file__).resolve().parents[3] / "shared" / "plan" / "shaanxi-port-plan-2021.txt"


@pytest.fixture(scope="module")
def net() -> mm.Network:
    return mm.load_network()


# -- the bundled targets -------------------------------------------------------------------
def test_bundled_targets_are_the_plans_figures():
    targets = {t.name: t for t in load_targets()}
    expected = {
        "xiy_international_cargo": 116_000,
        "xiy_international_cargo_routes": 40,
        "bonded_zone_trade": 420e9,
        "bonded_zone_trade_share": 0.60,
        "xiy_international_routes": 100,
        "xiy_international_destinations": 120,
        "xiy_international_passengers": 4.5e6,
        "changan_teu": 500_000,
        "changan_tonnes": 4e6,
    }
    for name, value in expected.items():
        assert targets[name].value == pytest.approx(value), name
        assert targets[name].comparison == ">="
        assert targets[name].source
        assert targets[name].url
    assert targets["yulin_yuyang_formal"].kpi == "port_formal:UYN"
    assert targets["yulin_yuyang_formal"].year == 2023


@pytest.mark.skipif(not PLAN.is_file(), reason="the plan's text is not beside the repository")
def test_bundled_targets_match_the_plan_text():
    """The 2025 paragraph of 三(三), with its figures in 万 and 亿, gives the same numbers."""
    text = PLAN.read_text(encoding="utf-8")
    paragraph = next(line for line in text.splitlines() if line.startswith("到2025年"))
    figures = {
        "xiy_international_routes": float(re.search(r"航线累计达到(\d+)条", paragraph)[1]),
        "xiy_international_destinations": float(re.search(r"全球(\d+)个", paragraph)[1]),
        "xiy_international_passengers": float(re.search(r"达到(\d+)万人次", paragraph)[1]) * 1e4,
        "xiy_international_cargo_routes": float(
            re.search(r"全货运航线累计达到(\d+)条", paragraph)[1]
        ),
        "xiy_international_cargo": float(re.search(r"达到([\d.]+)万吨", paragraph)[1]) * 1e4,
        "bonded_zone_trade": float(re.search(r"达到(\d+)亿元", paragraph)[1]) * 1e8,
        "bonded_zone_trade_share": float(re.search(r"(\d+)%", paragraph)[1]) / 100,
    }
    targets = {t.name: t.value for t in load_targets()}
    for name, value in figures.items():
        assert targets[name] == pytest.approx(value), name


def test_bad_target_files_name_the_problem(tmp_path):
    bad = tmp_path / "t.toml"
    bad.write_text(
        '[[targets]]\nname = "a"\nkpi = "k"\ncomparison = "=>"\nvalue = 1\nunit = "u"\n'
        'year = 2025\nsource = "S"\nurl = "U"\n'
        '[[targets]]\nname = "b"\nkpi = "k"\ncomparison = ">="\nvalue = 1\nunits = "u"\n'
        'year = 2025\nsource = "S"\nurl = "U"\n',
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as error:
        load_targets(bad)
    text = str(error.value)
    assert "target 1" in text
    assert "'>=' or '<='" in text
    assert "unknown field 'units'; did you mean 'unit'?" in text
    assert "t.toml" in text
    bad.write_text("[[targets]\n", encoding="utf-8")
    with pytest.raises(DataValidationError, match="malformed TOML"):
        load_targets(bad)


@pytest.mark.parametrize(
    ("field", "value", "match"),
    [
        ("comparison", "==", "comparison"),
        ("value", math.inf, "finite"),
        ("value", True, "finite"),
        ("year", 2025.0, "year"),
        ("kpi", "", "kpi"),
    ],
)
def test_target_checks_its_fields(field, value, match):
    fields = {
        "name": "t",
        "kpi": "k",
        "comparison": ">=",
        "value": 1.0,
        "unit": "u",
        "year": 2025,
        "source": "S",
        "url": "U",
    }
    fields[field] = value
    with pytest.raises(ParameterError, match=match):
        Target(**fields)


# -- evaluating ----------------------------------------------------------------------------
TARGETS = (
    Target("more", "k1", ">=", 100, "t", 2025, "S", "U"),
    Target("less", "k2", "<=", 4, "t", 2025, "S", "U"),
)


def test_evaluate_targets_by_hand():
    table = evaluate_targets({"a": {"k1": 120.0, "k2": 5.0}, "b": {"k1": 80.0}}, TARGETS)
    table = table.set_index(["scenario", "target"])
    assert table.loc[("a", "more"), ["value", "gap", "met"]].tolist() == [120.0, 20.0, True]
    assert table.loc[("a", "less"), ["value", "gap", "met"]].tolist() == [5.0, 1.0, False]
    assert table.loc[("b", "more"), ["value", "gap", "met"]].tolist() == [80.0, -20.0, False]
    missing = table.loc[("b", "less")]
    assert math.isnan(missing["value"])
    assert missing["met"] is pd.NA
    assert list(table.columns[:4]) == ["kpi", "year", "value", "comparison"]


def test_evaluate_targets_takes_a_frame_or_one_mapping():
    by_mapping = evaluate_targets({"a": {"k1": 120.0, "k2": 3.0}}, TARGETS)
    by_frame = evaluate_targets(pd.DataFrame({"k1": [120.0], "k2": [3.0]}, index=["a"]), TARGETS)
    pd.testing.assert_frame_equal(by_mapping, by_frame)
    single = evaluate_targets({"k1": 99.0, "k2": 4.0}, TARGETS)
    assert single["met"].tolist() == [False, True]  # 4 <= 4 holds
    with pytest.raises(ParameterError, match="number"):
        evaluate_targets({"k1": "many"}, TARGETS)
    with pytest.raises(ParameterError, match="mapping"):
        evaluate_targets([1, 2], TARGETS)  # type: ignore[arg-type]


# -- measuring -----------------------------------------------------------------------------
def hand_assignment(net: mm.Network) -> SimpleNamespace:
    """An assignment-shaped value with flows set by hand."""
    bottlenecks = pd.DataFrame(
        {
            "kind": ["service", "service", "service", "service", "link"],
            "id": [
                "CE_XIAN_DUISBURG_STD",
                "CE_XIAN_DUISBURG_STD",
                "CE_DUISBURG_XIAN_STD",
                "WLSNC_XIAN_QINZHOU",
                "W_XIAN_PORT_CHONGQING_TJC",
            ],
            "flow_teu": [80.0, 100.0, 50.0, 300.0, 999.0],
        }
    )
    demand = pd.DataFrame(
        {
            "id": ["D1", "D2", "D3"],
            "origin": ["CITY_XIAN", "XIAN_CBZ", "CITY_XIAN"],
            "destination": ["DUISBURG", "DUISBURG", "QINZHOU"],
            "segment": ["china_europe_export", "trans_caspian_export", "western_land_sea_export"],
            "teu_per_week": [10.0, 10.0, 5.0],
            "weight_t_per_week": [90.0, 110.0, 1000.0],
            "cargo_value_cny_per_teu": [100_000.0, 300_000.0, 50_000.0],
        }
    )
    paths = pd.DataFrame({"demand_id": ["D1", "D2", "D2"], "flow_teu": [6.0, 3.0, 1.0]})
    link_flows = gpd.GeoDataFrame(
        {
            "id": ["A_XIY_LGG", "A_UYN_XIY", "A_XIY_ICN"],
            "from_node": ["XIY", "UYN", "XIY"],
            "to_node": ["LGG", "XIY", "ICN"],
            "mode": ["air", "air", "air"],
            "corridor": ["air_international", "air_domestic", "air_international"],
            "distance_km": [8350.7, 463.6, 1706.8],
            "tonne_km": [8350.7 * 20.0, 463.6 * 7.0, 1706.8 * 2.5],
        }
    )
    return SimpleNamespace(
        network=net, bottlenecks=bottlenecks, demand=demand, paths=paths, link_flows=link_flows
    )


def test_target_kpis_by_hand(net):
    kpis = target_kpis(hand_assignment(net))  # type: ignore[arg-type]
    # Chang'an: busiest segment of each train, 100 + 50 TEU a week, x 52
    assert kpis["changan_teu_per_year"] == pytest.approx(150 * 52)
    assert kpis["changan_trains_per_year"] == pytest.approx(150 * 52 / 108.5)
    assert pytest.approx(1_901_949 / 17_523, rel=1e-3) == TEU_PER_TRAIN  # CRCT 2023
    # tonnes: 200 t over 20 TEU of China-Europe and trans-Caspian rows = 10 t a TEU
    assert kpis["changan_t_per_year"] == pytest.approx(150 * 52 * 10)
    # XIY international air: 20 + 2.5 t a week (the domestic link is not counted)
    assert kpis["xiy_international_cargo_t_per_year"] == pytest.approx(22.5 * 52)
    # bonded zone XIAN_CBZ: 4 TEU x 300,000 a week; all international: + 6 x 100,000
    assert kpis["bonded_zone_trade_cny_per_year"] == pytest.approx(4 * 300_000 * 52)
    assert kpis["bonded_zone_trade_share"] == pytest.approx(1.2e6 / 1.8e6)
    assert kpis["port_formal:XIY"] == 1.0
    assert kpis["port_formal:UYN"] == 0.0  # temporary at the end of 2020


def test_all_cargo_routes_by_year(net):
    """Freighters at XIY by 2020: Brussels, Delhi, Seoul (FS-4.4-XIY, 2019); by 2025 ten
    more: Tokyo, Bishkek (2021), Liege, Almaty, Tashkent, Moscow (2024), Chicago,
    Budapest, Debrecen, Milan (2025)."""
    for year, routes in ((2020, 3), (2025, 13)):
        kpis = target_kpis(hand_assignment(in_year(net, year)))  # type: ignore[arg-type]
        assert kpis["xiy_international_cargo_routes"] == routes, year


def test_yulin_belly_flight_is_a_route_but_not_all_cargo(net):
    yulin = load_scenario("yulin_yuyang_formal").apply(net)
    before = target_kpis(hand_assignment(net))  # type: ignore[arg-type]
    after = target_kpis(hand_assignment(yulin))  # type: ignore[arg-type]
    assert after["international_air_routes"] == before["international_air_routes"] + 1
    assert after["xiy_international_cargo_routes"] == before["xiy_international_cargo_routes"]
    assert after["port_formal:UYN"] == 1.0


def test_bonded_zone_trade_is_not_measured_without_demand_there(net):
    fake = hand_assignment(net)
    fake.demand = fake.demand.assign(origin="CITY_XIAN")
    kpis = target_kpis(fake)  # type: ignore[arg-type]
    assert "bonded_zone_trade_cny_per_year" not in kpis
    table = evaluate_targets(kpis)
    row = table.set_index("target").loc["bonded_zone_trade"]
    assert math.isnan(row["value"])
    assert row["met"] is pd.NA


def test_airport_tonnes_agree_with_the_path_table(net):
    """On a real assignment: XIY's international tonnes from the link flows equal those of
    the paths that fly between XIY and a foreign airport (tonne-km / km of each path)."""
    demand = mm.load_demand(network=net)
    demand = demand[demand["segment"].str.startswith("air")]
    result = mm.assign(net, demand)
    kpis = target_kpis(result)
    country = dict(zip(net.node_ids, net.node_values("country")))
    tonnes = 0.0
    for via, tonne_km, km in zip(
        result.paths["via"], result.paths["tonne_km"], result.paths["distance_km"]
    ):
        stops = via.split(" > ")
        legs = list(itertools.pairwise(stops))
        international = [
            (a, b) for a, b in legs if "XIY" in (a, b) and country[b if a == "XIY" else a] != "CN"
        ]
        tonnes += len(international) * tonne_km / km
    assert tonnes > 0
    assert kpis["xiy_international_cargo_t_per_year"] == pytest.approx(tonnes * 52, rel=1e-6)
