"""``Shipment`` takes what it can use and refuses the rest with a ``ParameterError``."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import pytest

import multimodal as mm
from multimodal.exceptions import ParameterError


def test_defaults_and_conversions():
    assert mm.Shipment("A", "B").teu == 1.0
    assert mm.Shipment("A", "B").weight_t == 10.0
    assert mm.Shipment("A", "B", weight_t=25).teu == 2.5
    assert mm.Shipment("A", "B", teu=2).weight_t == 20.0
    assert mm.Shipment("A", "B", deadline="20d").deadline_h == 480.0
    assert mm.Shipment("A", "B", deadline=timedelta(days=1)).deadline_h == 24.0
    ready = datetime(2026, 12, 1, 8)
    by_date = mm.Shipment("A", "B", ready_time=ready, deadline=datetime(2026, 12, 3, 8))
    assert by_date.deadline_h == 48.0


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"teu": True}, "Shipment.teu"),
        ({"teu": math.inf}, "Shipment.teu"),
        ({"teu": "2"}, "Shipment.teu"),
        ({"teu": {}}, "Shipment.teu"),
        ({"teu": 0}, "Shipment.teu"),
        ({"weight_t": math.nan}, "Shipment.weight_t"),
        ({"cargo_value_cny": -1.0}, "cargo_value_cny"),
        ({"cargo_value_cny": math.inf}, "cargo_value_cny"),
        ({"deadline": math.nan}, "Shipment.deadline"),
        ({"deadline": math.inf}, "Shipment.deadline"),
        ({"deadline": True}, "Shipment.deadline"),
        ({"deadline": "soon"}, "Shipment.deadline"),
        ({"deadline": datetime(2026, 12, 3)}, "ready_time"),
        ({"ready_time": [2026, 12, 1]}, "ready_time"),
        ({"cargo_class": "plutonium"}, "cargo class"),
    ],
)
def test_bad_values_are_parameter_errors(kwargs, words):
    with pytest.raises(ParameterError, match=words):
        mm.Shipment("A", "B", **kwargs)


def test_bad_ends():
    with pytest.raises(ParameterError, match="origin"):
        mm.Shipment(1, "B")
    with pytest.raises(ParameterError, match="same"):
        mm.Shipment("A", "A")
    with pytest.raises(ValueError, match="same"):  # still a ValueError for old callers
        mm.Shipment("A", "A")
