"""Block trains with transit times taken from the network when the departures omit them."""

from __future__ import annotations

import pandas as pd
import pytest

import multimodal as mm
from multimodal.consolidation import ConsolidateParams, consolidate, fill_transit_times
from multimodal.synthetic import example_week


def test_missing_transit_times_come_from_the_fastest_rail_route():
    net = mm.load_network()
    _, departures, _ = example_week()
    table = departures.head(6).copy()
    table["transit_time_h"] = table["transit_time_h"].astype(object)
    table.loc[table.index[0], "transit_time_h"] = None
    kept = table["transit_time_h"].iloc[1:].tolist()
    filled = fill_transit_times(table, net)
    assert filled["transit_time_h"].iloc[1:].tolist() == kept
    destination = table["destinations"].iloc[0].split(";")[0]
    fastest = mm.route(net, mm.Shipment("XIAN_PORT", destination), "time", modes=["rail", "sea"])
    first = float(str(filled["transit_time_h"].iloc[0]).split(";")[0])
    assert first == pytest.approx(fastest.time_h - fastest.wait_h, abs=0.01)


def test_consolidate_with_network_times():
    net = mm.load_network()
    shipments, departures, costs = example_week()
    without = departures.drop(columns="transit_time_h")
    params = ConsolidateParams(time_limit_s=5)
    plan = consolidate(shipments, without, costs=costs, network=net, params=params)
    assert plan.solve_info.has_solution
    assert isinstance(plan.trains, pd.DataFrame)
