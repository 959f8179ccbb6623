"""A border dwell delays the train, not the rules: a technical stop stays technical."""

from __future__ import annotations

from datetime import datetime

import pytest

import multimodal as mm
from multimodal.sweeps import factors


@pytest.mark.parametrize("hours", [24.0, 180.0])
def test_the_express_arrives_exactly_the_dwell_later(hours):
    """Before the fix, rewriting the stops made Malaszewicze a normal stop: the box left
    the express there and boarded another train (278.7 h whatever the dwell), and 180 h
    wrapped round the week to 12 h. The fastest rail route now takes the delay in full.
    The delay is put on all three EU entry terminals (Malaszewicze, Kuznica, Braniewo):
    with one alone, the fastest route would rightly switch to another crossing."""
    net = mm.load_network()
    box = mm.Shipment("XIAN_PORT", "DUISBURG", ready_time=datetime(2026, 12, 4, 8))
    before = mm.route(net, box, "time", modes=["rail", "road"])
    view = factors.BaseView.of(net)
    changes = []
    for entry in ("MALASZEWICZE", "KUZNICA", "BRANIEWO"):
        changes += factors.BorderDwell(entry, hours).resolved(net).changes(hours, view)
    delayed = mm.Scenario("dwell", changes=changes).apply(net)
    after = mm.route(delayed, box, "time", modes=["rail", "road"])
    assert after.time_h == pytest.approx(before.time_h + hours, abs=1e-6)
    stops = delayed.service_tables()[1]
    technical = stops[(stops["node"] == "MALASZEWICZE") & ~stops["pickup"].astype(bool)]
    assert len(technical) > 0
