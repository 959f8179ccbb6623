"""A sweep that closes a crossing says in its meta what the closure did to each service."""

from __future__ import annotations

import pytest

import multimodal as mm
from multimodal.sweeps import Closure


def test_the_sweep_meta_names_the_diverted_and_cancelled_trains() -> None:
    net = mm.load_network()
    demand = mm.load_demand().head(5)
    closure = Closure("BREST")
    swept = mm.sweep(net, [], demand, draws=1, settings=[closure], run="skim", seed=1)
    shown = swept.meta["inputs"]["diversions"]["closed_BREST"]
    plan = closure.plan(net)
    assert shown["diverted_trains_per_week"] == float(plan["diverted_per_week"].sum()) > 0
    assert shown["cancelled_trains_per_week"] == float(plan["cancelled_per_week"].sum()) > 0
    assert {row["service_id"] for row in shown["services"]} == set(plan["service_id"])
    west = [row for row in shown["services"] if row["direction"] == "forward"]
    assert sum(row["diverted_per_week"] for row in west) == pytest.approx(
        float(plan.loc[plan["direction"] == "forward", "diverted_per_week"].sum())
    )
    assert {row["action"] for row in shown["services"]} <= {
        "diverted",
        "partly diverted",
        "cancelled",
    }


def test_a_sweep_without_closures_has_no_diversions() -> None:
    net = mm.load_network()
    demand = mm.load_demand().head(5)
    swept = mm.sweep(net, [], demand, draws=1, settings=[mm.sweeps.FuelPrice(1.1)], run="skim")
    assert swept.meta["inputs"]["diversions"] == {}
