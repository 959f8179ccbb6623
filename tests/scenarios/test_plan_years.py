"""Plan years: services open in their year, demand grown by the bundled index, scenario
years and ``includes`` (plan_2025).

Oracles: the opening years are read here from the CSV files themselves (services.csv's
``year_opened`` and the bundled service_years.csv), the growth factors from
demand_growth.csv, and plan_2025's changes are recomputed by reading the included files.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

import multimodal as mm
from multimodal.exceptions import DataValidationError, ParameterError
from multimodal.scenarios import (
    AddService,
    Scenario,
    grow_demand,
    in_year,
    load_scenarios,
    scenarios_dir,
    service_opening_years,
    years_dir,
)

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def net() -> mm.Network:
    return mm.load_network()


def opening_years_from_files(net) -> dict[str, float]:
    """service_id -> opening year, read straight from the two CSV files (NaN: none)."""
    services, _ = net.service_tables()
    years = {
        sid: float(y) if pd.notna(y) else float("nan")
        for sid, y in zip(services["service_id"], services["year_opened"])
    }
    with (years_dir() / "service_years.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["service_id"] in years and pd.isna(years[row["service_id"]]):
                years[row["service_id"]] = float(row["year_opened"])
    return years


@pytest.mark.parametrize("year", [2015, 2020, 2022, 2024, 2025])
def test_in_year_keeps_exactly_the_services_opened_by_then(net, year):
    expected = {sid for sid, opened in opening_years_from_files(net).items() if not opened > year}
    got = set(in_year(net, year).service_tables()[0]["service_id"])
    assert got == expected
    assert in_year(net, year).name == f"{net.name}@{year}"


def test_the_2020_baseline_has_no_later_freighter(net):
    """Chicago, Budapest, Debrecen and Milan opened in 2025 (FS-4.4-XIY); the fixed-schedule
    express in 2022; Qingdao rail-sea in 2015 stays."""
    running = set(in_year(net, 2020).service_tables()[0]["service_id"])
    for later in (
        "AIR_XIY_ORD",
        "AIR_XIY_BUD",
        "AIR_XIY_DEB",
        "AIR_XIY_MXP",
        "CE_XIAN_DUISBURG_EXP",
    ):
        assert later not in running
    assert {"E_XIAN_QINGDAO", "AIR_XIY_ICN", "AIR_XIY_BRU"} <= running
    assert "AIR_XIY_ORD" in set(in_year(net, 2025).service_tables()[0]["service_id"])


def test_a_new_service_opens_only_from_its_year(net):
    """A service added with year_opened 2023 is left out in 2022 and runs from 2023."""
    new = Scenario(
        "new_line",
        changes=[
            AddService(
                "R_TEST_YEAR",
                stops=["XIAN_PORT", "BAOJI_RAIL"],
                departures_per_week=2,
                capacity_teu_per_departure=50,
                corridor="domestic_rail",
                bidirectional=False,
                year_opened=2023,
                note="test",
            )
        ],
    ).apply(net)
    assert service_opening_years(new)["R_TEST_YEAR"] == 2023
    assert "R_TEST_YEAR" not in set(in_year(new, 2022).service_tables()[0]["service_id"])
    assert "R_TEST_YEAR" in set(in_year(new, 2023).service_tables()[0]["service_id"])


def test_in_year_is_idempotent_and_keeps_nodes_and_links(net):
    once = in_year(net, 2020)
    twice = in_year(once, 2020)
    assert once.service_tables()[0].equals(twice.service_tables()[0])
    pd.testing.assert_frame_equal(once.nodes, net.nodes)
    pd.testing.assert_frame_equal(once.links, net.links)


@pytest.mark.parametrize("year", [2020.0, "2025", 1700, True])
def test_in_year_refuses_what_is_not_a_year(net, year):
    with pytest.raises(ParameterError, match="year"):
        in_year(net, year)


def test_grow_demand_multiplies_each_family_by_its_index(net):
    demand = mm.load_demand(network=net)
    with (years_dir() / "demand_growth.csv").open(encoding="utf-8") as handle:
        index = {
            row["family"]: float(row["index"])
            for row in csv.DictReader(handle)
            if row["year"] == "2020"
        }
    grown = grow_demand(demand, 2020)
    for i in range(len(demand)):
        segment = demand["segment"].iloc[i]
        family = segment.rsplit("_", 1)[0] if segment.endswith(("_export", "_import")) else segment
        factor = index[family]
        assert grown["teu_per_week"].iloc[i] == pytest.approx(
            demand["teu_per_week"].iloc[i] * factor
        )
        assert grown["weight_t_per_week"].iloc[i] == pytest.approx(
            demand["weight_t_per_week"].iloc[i] * factor
        )
    # China-Europe: 3,000 trains in 2020 against 5,000 (FS-4.1)
    rail = demand["segment"] == "china_europe_export"
    ratio = grown.loc[rail, "teu_per_week"].sum() / demand.loc[rail, "teu_per_week"].sum()
    assert ratio == pytest.approx(3_000 / 5_000)


def test_grow_demand_names_a_family_without_a_factor():
    demand = pd.DataFrame(
        {"segment": ["mystery_export"], "teu_per_week": [1.0], "weight_t_per_week": [10.0]}
    )
    with pytest.raises(ParameterError, match="mystery"):
        grow_demand(demand, 2025)
    assert grow_demand(demand, 2025, index={"mystery": 2.0})["teu_per_week"].iloc[0] == 2.0
    with pytest.raises(ParameterError, match="factor"):
        grow_demand(demand, 2025, index={"mystery": -1.0})


def test_scenario_year_round_trips_and_is_checked():
    scenario = Scenario("s", year=2024)
    assert Scenario.from_toml(scenario.to_toml()).year == 2024
    assert Scenario.from_yaml(scenario.to_yaml()).year == 2024
    assert "year: 2024" in scenario.summary()
    for bad in (2024.5, "2024", 3000):
        with pytest.raises(ParameterError, match="year"):
            Scenario("s", year=bad)


def test_plan_2025_is_its_includes_in_order():
    """plan_2025's changes are the included files' changes, read here file by file."""
    scenarios = {s.name: s for s in load_scenarios()}
    plan = scenarios["plan_2025"]
    assert plan.year == 2025
    import tomllib

    data = tomllib.loads((scenarios_dir() / "plan_2025.toml").read_text(encoding="utf-8"))
    expected = tuple(c for name in data["includes"] for c in scenarios[name].changes)
    assert plan.changes == expected
    proposals = set(scenarios) - {"plan_2025"}
    assert set(data["includes"]) == proposals


def test_includes_name_bundled_scenarios_or_files_without_cycles(tmp_path):
    """A name is a bundled scenario wherever the file is; a file name is a file beside it."""
    (tmp_path / "a.toml").write_text(
        'name = "a"\n[[changes]]\nkind = "open_port"\nnode = "ENY"\nmodes = ["air"]\nnote = "t"\n',
        encoding="utf-8",
    )
    (tmp_path / "b.toml").write_text(
        'name = "b"\nincludes = ["a.toml", "xian_railway_port_formal"]\n', encoding="utf-8"
    )
    b = Scenario.from_file(tmp_path / "b.toml")
    bundled = {s.name: s for s in load_scenarios()}
    assert b.changes == (
        *Scenario.from_file(tmp_path / "a.toml").changes,
        *bundled["xian_railway_port_formal"].changes,
    )
    # the bundled plan reads the same from text, from a copy elsewhere and from its file
    text = (scenarios_dir() / "plan_2025.toml").read_text(encoding="utf-8")
    (tmp_path / "plan_2025.toml").write_text(text, encoding="utf-8")
    (tmp_path / "yulin_yuyang_formal.toml").write_text("not a scenario", encoding="utf-8")
    copy = Scenario.from_file(tmp_path / "plan_2025.toml")
    assert copy == Scenario.from_toml(text) == bundled["plan_2025"]
    (tmp_path / "c.toml").write_text('name = "c"\nincludes = ["d.toml"]\n', encoding="utf-8")
    (tmp_path / "d.toml").write_text('name = "d"\nincludes = ["c.toml"]\n', encoding="utf-8")
    with pytest.raises(DataValidationError, match="include each other"):
        Scenario.from_file(tmp_path / "c.toml")
    (tmp_path / "e.toml").write_text('name = "e"\nincludes = ["yulin_formal"]\n', encoding="utf-8")
    with pytest.raises(DataValidationError, match="did you mean 'yulin_yuyang_formal'"):
        Scenario.from_file(tmp_path / "e.toml")
    (tmp_path / "f.toml").write_text('name = "f"\nincludes = ["nope.toml"]\n', encoding="utf-8")
    with pytest.raises(DataValidationError, match="no such file"):
        Scenario.from_file(tmp_path / "f.toml")


def test_every_bundled_scenario_applies_to_the_base_and_to_its_year(net):
    for scenario in load_scenarios():
        assert len(scenario.apply(net).nodes) >= len(net.nodes)
        scenario.apply(in_year(net, scenario.year))


def test_a_no_change_scenario_of_the_plan_year_gives_zero_deltas(net):
    """On the 2025 network with the demand grown to 2025, a scenario of 2025 that changes
    nothing moves no KPI."""
    demand = grow_demand(mm.load_demand(network=net), 2025).head(40)
    nothing = Scenario("nothing_2025", year=2025)
    result = mm.compare(in_year(net, nothing.year), [nothing], demand)
    assert result.deltas.loc["nothing_2025"].abs().max() == pytest.approx(0.0, abs=1e-6)
