"""Implausible shipment amounts are refused, naming the argument and the bound (issue 12)."""

from __future__ import annotations

import pytest

import multimodal as mm
from multimodal.exceptions import ParameterError
from multimodal.shipment import MAX_TEU, MAX_WEIGHT_T


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"teu": 1e305}, "Shipment.teu must be at most 1,000,000 TEU per shipment"),
        ({"teu": 10**300}, "Shipment.teu must be at most 1,000,000 TEU"),
        ({"teu": MAX_TEU * 1.01}, "Shipment.teu must be at most"),
        ({"weight_t": 1e305}, "Shipment.weight_t must be at most 10,000,000 t per shipment"),
        ({"weight_t": 1e308}, "Shipment.weight_t must be at most"),
        ({"teu": 2, "weight_t": 1e300}, "Shipment.weight_t must be at most"),
    ],
    ids=["teu-1e305", "teu-10^300", "teu-just-over", "t-1e305", "t-1e308", "both"],
)
def test_implausible_amounts_are_refused(kwargs, words):
    with pytest.raises(ParameterError, match=words):
        mm.Shipment("汉中", "Duisburg", **kwargs)


def test_amounts_up_to_the_bound_are_accepted():
    assert mm.Shipment("汉中", "Duisburg", teu=MAX_TEU).weight_t == MAX_WEIGHT_T
    assert mm.Shipment("汉中", "Duisburg", weight_t=MAX_WEIGHT_T).teu == MAX_TEU


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [
        ("--weight-t", "1e305", "--weight-t must be at most 10,000,000 t per shipment"),
        ("--weight-t", "1e308", "--weight-t must be at most 10,000,000 t"),
        ("--teu", "1e300", "--teu must be at most 1,000,000 TEU per shipment"),
    ],
)
def test_cli_refuses_implausible_amounts(option, value, words, capsys):
    from multimodal.cli import main

    code = main(["route", "--from", "汉中", "--to", "Duisburg", option, value, "--quiet"])
    _, err = capsys.readouterr()
    assert code == 2
    assert len(err.strip().splitlines()) == 1, err
    assert err.startswith("multimodal route: error: ")
    assert words in err
    assert "not connected" not in err
    assert "RuntimeWarning" not in err
