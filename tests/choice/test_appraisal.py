"""Appraisal with the choice model: a port that opens never leaves shippers worse off, and a
scenario that changes nothing moves nothing."""

from __future__ import annotations

import pandas as pd
import pytest
from toy import toy_tables

import multimodal as mm
from multimodal.scenarios import OpenPort, SetNode


def _demand():
    return pd.DataFrame(
        {
            "id": ["R1", "R2"],
            "origin": ["A", "A"],
            "destination": ["D", "B"],
            "cargo_class": ["general", "general"],
            "teu_per_week": [5.0, 2.0],
            "cargo_value_cny_per_teu": [3_000_000.0, 300_000.0],
        }
    )


def _closed_airport():
    nodes, links = toy_tables()
    nodes.loc[nodes["id"] == "P", ["port_status", "port_modes"]] = ["none", ""]
    return mm.Network(nodes, links, name="toy, airport not open")


@pytest.mark.parametrize("elasticity", [0.0, -0.2, -0.8])
def test_opening_a_port_never_lowers_the_shippers_surplus(elasticity):
    """The toy's airport P closed in the base, opened in the scenario (the flight exists):
    valuable cargo gains a way, so the surplus is positive and demand does not fall."""
    base = _closed_airport()
    opening = mm.Scenario("open_p", changes=[OpenPort("P", ["air"])])
    result = mm.compare(
        base, [opening], _demand(), choice=mm.ChoiceModel(elasticity=elasticity), targets=()
    )
    assert result.kpis.loc["open_p", "shippers_surplus_cny_per_year"] > 0
    assert result.deltas.loc["open_p", "demand_teu"] >= -1e-9
    if elasticity:
        assert result.deltas.loc["open_p", "demand_teu"] > 0  # a better offer creates demand


def test_a_scenario_that_changes_nothing_gives_zero_deltas_with_the_logit():
    net = mm.load_network()
    demand = mm.load_demand(network=net)
    same = mm.Scenario("same", changes=[SetNode("XIAN_PORT", {"note": "no change"})])
    result = mm.compare(net, [same], demand, choice="logit", targets=())
    deltas = result.deltas.loc["same"]
    for kpi in ("demand_teu", "generalized_cost_cny", "mean_time_h", "co2e_kg"):
        assert abs(deltas[kpi]) <= 1e-6 * max(1.0, abs(result.kpis.loc["base", kpi])), kpi
    assert abs(result.kpis.loc["same", "shippers_surplus_cny_per_year"]) < 1e3  # CNY a year
