"""``Shipment`` takes what it can use and refuses the rest with a ``ParameterError``."""

from __future__ import annotations

import math
from datetime import datetime, timedelta

import numpy as np
import pandas as pd
import pytest

import multimodal as mm
from multimodal.exceptions import ParameterError
from multimodal.shipment import parse_duration_h


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
        ({"teu": 1.7e308}, "teu=2"),  # its weight would be infinite
        ({"weight_t": 5e-324}, "out of range"),  # its TEU would be 0
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
        mm.Shipment(1, "B")  # type: ignore[arg-type]
    with pytest.raises(ParameterError, match="same"):
        mm.Shipment("A", "A")
    with pytest.raises(ValueError, match="same"):  # still a ValueError for old callers
        mm.Shipment("A", "A")


# --------------------------------------------------------------------------- durations


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        # what the regex parser read before pandas
        ("20d", 480.0),
        ("480h", 480.0),
        ("2w", 336.0),
        ("1.5d", 36.0),
        ("20 days", 480.0),
        ("1 day", 24.0),
        ("36 hours", 36.0),
        ("3 weeks", 504.0),
        ("1 week", 168.0),
        ("20D", 480.0),
        (" 36 ", 36.0),
        ("36", 36.0),
        ("0", 0.0),
        # pandas' forms
        ("36h", 36.0),
        ("1d12h", 36.0),
        ("1d 12h", 36.0),
        ("1w2d", 216.0),
        ("1 day 12:00:00", 36.0),
        ("12:30:00", 12.5),
        ("90min", 1.5),
        ("P1DT12H", 36.0),
        ("1e3", 1000.0),
    ],
)
def test_durations_read(text, hours):
    assert parse_duration_h(text, "deadline") == pytest.approx(hours)
    assert mm.Shipment("A", "B", deadline=text).deadline_h == pytest.approx(hours)


@pytest.mark.parametrize(
    "value",
    [timedelta(hours=36), pd.Timedelta("36h"), np.timedelta64(36, "h"), 36, 36.0, np.float64(36)],
)
def test_duration_objects_and_numbers(value):
    assert parse_duration_h(value) == 36.0


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ("soon", "cannot read Shipment.deadline 'soon'.*'20d'"),
        ("", "Shipment.deadline .*'20d'"),
        ("nan", "Shipment.deadline 'nan'.*'20d'"),
        ("NaT", "Shipment.deadline 'NaT'.*'20d'"),
        ("inf", "Shipment.deadline 'inf'.*'20d'"),
        ("-5h", "Shipment.deadline must not be negative.*'20d'"),
        ("-1", "Shipment.deadline"),
        ("3M", "Shipment.deadline '3M'"),  # months are not a fixed duration
        ("99999999999999d", "too large"),
        (timedelta(days=-1), "must not be negative"),
        (np.timedelta64("NaT"), "NaT"),
        (True, "Shipment.deadline"),
        ([20], "Shipment.deadline"),
        (math.nan, "Shipment.deadline"),
        (-3, "Shipment.deadline"),
    ],
)
def test_bad_durations_name_the_argument(value, words):
    with pytest.raises(ParameterError, match=words):
        parse_duration_h(value, "Shipment.deadline")
    with pytest.raises(ParameterError, match=r"Shipment\.deadline"):
        mm.Shipment("A", "B", deadline=value)
