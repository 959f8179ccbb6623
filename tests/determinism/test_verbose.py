"""``verbose=True`` shows the backend's own log and changes no result (issue 12, item 7).

Each solver runs the same small case of ``test_same_answer_twice`` with ``verbose`` off
and on; the full outputs (every table, scalar and status, without wall-clock times)
must be equal, and the backend's log must have been shown where documented: on the
``multimodal`` logger (MathOpt's HiGHS, CP-SAT, PyVRP) or on standard error (OR-Tools
routing, HiGHS through ``pywraplp``), never on standard output.
"""

from __future__ import annotations

import dataclasses
import logging
import warnings
from collections.abc import Callable
from typing import Any

import pandas as pd
import pytest
from test_same_answer_twice import _assert_same, _demand, _hub_instance, _network, _outputs

import multimodal as mm


def _run(
    make: Callable[[bool], Any], capfd: pytest.CaptureFixture[str]
) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """The outputs of ``make(False)`` and ``make(True)``, and what the second printed."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        quiet = _outputs(make(False))
        capfd.readouterr()  # HiGHS prints a banner on stdout once, verbose or not
        loud = _outputs(make(True))
        return quiet, loud, capfd.readouterr()


def _logged(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "multimodal"]


@pytest.mark.parametrize("method", ["path", "arc"])
def test_assign_verbose(
    method: str, caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    network, demand = _network(), _demand(25)

    def make(verbose: bool) -> Any:
        params = mm.AssignParams(verbose=verbose)
        return mm.assign(network, demand, method=method, seed=3, params=params)

    caplog.set_level(logging.INFO, logger="multimodal")
    quiet, loud, captured = _run(make, capfd)
    _assert_same(quiet, loud, f"assign-{method}")
    assert any("HiGHS" in line for line in _logged(caplog))
    assert "HiGHS" not in captured.out


def test_consolidate_verbose(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    shipments, departures, costs = mm.example_week()

    def make(verbose: bool) -> Any:
        params = mm.ConsolidateParams(time_limit_s=10, verbose=verbose)
        return mm.consolidate(shipments.head(40), departures, costs=costs, params=params)

    caplog.set_level(logging.INFO, logger="multimodal")
    quiet, loud, captured = _run(make, capfd)
    _assert_same(quiet, loud, "consolidate")
    assert any("CP-SAT" in line for line in _logged(caplog))
    assert "CP-SAT" not in captured.out


def _collect(solver: str, verbose: bool) -> Any:
    pickups = pd.DataFrame(
        {
            "id": [f"F{i}" for i in range(8)],
            "lon": [108.95, 109.20, 108.80, 109.30, 109.02, 108.70, 109.41, 109.11],
            "lat": [34.30, 34.45, 34.25, 34.50, 34.21, 34.39, 34.33, 34.60],
            "demand_teu": [1.0, 2.0, 1.0, 1.0, 2.0, 1.0, 1.0, 2.0],
        }
    )
    fleet = mm.Fleet(count=3, capacity_teu=4.0)
    params = mm.CollectParams(solver=solver, time_limit_s=1.0, max_iterations=300, verbose=verbose)
    return mm.collect((109.08, 34.38), pickups, fleet, params=params)


def test_collect_pyvrp_verbose(
    caplog: pytest.LogCaptureFixture, capfd: pytest.CaptureFixture[str]
) -> None:
    caplog.set_level(logging.INFO, logger="multimodal")
    quiet, loud, captured = _run(lambda verbose: _collect("pyvrp", verbose), capfd)
    _assert_same(quiet, loud, "collect-pyvrp")
    assert any("PyVRP" in line for line in _logged(caplog))
    assert "PyVRP" not in captured.out
    assert logging.getLogger("pyvrp").handlers  # its own handler is back


def test_collect_ortools_verbose(capfd: pytest.CaptureFixture[str]) -> None:
    quiet, loud, captured = _run(lambda verbose: _collect("ortools", verbose), capfd)
    _assert_same(quiet, loud, "collect-ortools")
    assert "Solution #" in captured.err
    assert "Solution #" not in captured.out


def test_locate_hubs_mip_verbose(capfd: pytest.CaptureFixture[str]) -> None:
    instance = _hub_instance()

    def make(verbose: bool) -> Any:
        params = mm.HubLocationParams(verbose=verbose)
        return mm.locate_hubs(instance, p=2, method="mip", seed=5, params=params)

    quiet, loud, captured = _run(make, capfd)
    _assert_same(quiet, loud, "locate_hubs-mip")
    assert "HiGHS" in captured.err
    assert "HiGHS" not in captured.out


@pytest.mark.parametrize(
    "params",
    [mm.AssignParams, mm.ConsolidateParams, mm.CollectParams, mm.HubLocationParams],
)
def test_verbose_must_be_a_bool(params: type) -> None:
    with pytest.raises(ValueError, match="verbose"):
        params(verbose="yes")
    assert dataclasses.replace(params(), verbose=True).verbose is True
