"""The example scripts run (smoke tests, in a scratch folder)."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).parents[2] / "examples"


@pytest.mark.parametrize(
    "script",
    [
        "build_your_own_network.py",
        "route_a_shipment.py",
        "ride_the_services.py",
        "assign_weekly_demand.py",
        "collect_first_mile.py",
        "consolidate_block_trains.py",
    ],
)
def test_example_runs(script, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    runpy.run_path(str(EXAMPLES / script), run_name="__main__")
    assert capsys.readouterr().out.strip()
