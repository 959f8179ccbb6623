"""Sioux Falls: the published best-known objective, monotone convergence, determinism.

The best-known user-equilibrium Beckmann objective of Sioux Falls is 42.31335287107440
in the TNTP README's units (https://github.com/bstabler/TransportationNetworks,
SiouxFalls), i.e. 4,231,335.287 in the native units of the files (flows in vehicles,
free-flow times in 0.01 h; the README divides by 1e5). The ``_flow.tntp`` of the
best-known flows is not in the dataset folder (its SOURCE.md), so the objective is the
check.
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import multimodal as mm

BEST_KNOWN_OBJECTIVE = 42.31335287107440 * 1e5


@pytest.fixture(scope="module")
def sioux(datasets):
    return mm.read_tntp(datasets / "sioux-falls")


@pytest.mark.parametrize("method", ["bfw", "cfw"])
def test_reaches_the_best_known_objective(sioux, method):
    """At gap 1e-4 the objective is above the best known by at most gap x TSTT.

    Convexity gives ``objective - optimum <= TSTT - SPTT = gap x TSTT`` (the Frank-Wolfe
    lower bound), so the published optimum must lie in that window.
    """
    result = mm.solve_equilibrium(sioux.problem, gap=1e-4, method=method)
    assert result.status == "gap_reached"
    assert result.relative_gap <= 1e-4
    assert result.objective >= BEST_KNOWN_OBJECTIVE * (1 - 1e-9)
    excess = result.objective - BEST_KNOWN_OBJECTIVE
    assert excess <= result.relative_gap * result.total_cost
    assert excess / BEST_KNOWN_OBJECTIVE < 1e-4


def test_tighter_gap_gets_closer(sioux):
    """The objective falls as the gap shrinks, and at 1e-6 is within 1e-8 of the best."""
    objectives = []
    for gap in (1e-2, 1e-3, 1e-4, 1e-6):
        result = mm.solve_equilibrium(sioux.problem, gap=gap)
        assert result.relative_gap <= gap
        objectives.append(result.objective)
    assert all(a > b for a, b in itertools.pairwise(objectives))
    assert objectives[-1] == pytest.approx(BEST_KNOWN_OBJECTIVE, rel=1e-8)


def test_objective_never_rises_between_iterations(sioux):
    """Exact line search on a convex objective: the history is non-increasing."""
    result = mm.solve_equilibrium(sioux.problem, gap=1e-5)
    objective = result.history["objective"].to_numpy()
    assert np.all(np.diff(objective) <= 1e-9 * objective[0])


def test_system_optimum_costs_less_in_total(sioux):
    ue = mm.solve_equilibrium(sioux.problem, gap=1e-5)
    so = mm.solve_equilibrium(sioux.problem, gap=1e-5, optimum="system")
    assert so.total_cost < ue.total_cost
    assert so.objective == pytest.approx(so.total_cost)


def test_same_answer_twice(sioux):
    first = mm.solve_equilibrium(sioux.problem, gap=1e-4)
    second = mm.solve_equilibrium(sioux.problem, gap=1e-4)
    np.testing.assert_array_equal(first.flow, second.flow)
    assert first.iterations == second.iterations


def test_result_protocol(sioux):
    result = mm.solve_equilibrium(sioux.problem, gap=1e-3)
    frame = result.to_frame()
    assert list(frame.columns) == [
        "tail",
        "head",
        "flow",
        "cost",
        "free_flow_cost",
        "volume_capacity_ratio",
    ]
    assert frame["tail"].iloc[0] == 1  # node numbers as in the file
    assert "user equilibrium" in str(result)
    assert result.meta["options"]["gap"] == 1e-3
