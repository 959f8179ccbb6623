"""The hard stop of the MIP solves: a child process killed at the time limit + a stated margin.

``assign(..., integer=True)`` (HiGHS through MathOpt) and ``locate_hubs(method="mip")``
(HiGHS through pywraplp) solve a model of ``_ortools.HARD_STOP_MIN_ENTRIES`` entries or
more in a child process that is killed ``hard_stop_margin_s(limit)`` past the limit. The
cases that take seconds run with ``--run-bench`` only.
"""

from __future__ import annotations

import time
import warnings

import numpy as np
import pytest

from multimodal import _ortools
from multimodal._ortools import NOT_SOLVED, hard_stop_margin_s, run_in_child, use_hard_stop
from multimodal.assignment import _lp, solve_arc_based
from multimodal.exceptions import SolverError, TimeLimitWarning
from multimodal.hub_location import HubInstance, _models, locate_hubs
from multimodal.hub_location import solve as hub_solve
from multimodal.synthetic import random_flow_problem

#: Room for a loaded 2-core test machine on top of the stated margin, seconds.
SLACK_S = 5.0


def _hub_instance(n: int, seed: int = 0) -> HubInstance:
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0, 100, (n, 2))
    costs = np.linalg.norm(xy[:, None] - xy[None], axis=2)
    flows = rng.uniform(0, 10, (n, n))
    np.fill_diagonal(flows, 0.0)
    return HubInstance.from_matrices([f"n{i}" for i in range(n)], flows, costs, transfer=0.75)


@pytest.fixture
def always_in_child(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_ortools, "HARD_STOP_MIN_ENTRIES", 0)


def test_the_margin_is_the_stated_one() -> None:
    assert hard_stop_margin_s(1.0) == 3.0
    assert hard_stop_margin_s(60.0) == 6.0
    assert hard_stop_margin_s(None) == 3.0


def test_only_limited_models_of_some_size_go_to_a_child() -> None:
    assert use_hard_stop(1e6, 10.0)
    assert not use_hard_stop(1e6, None)
    assert not use_hard_stop(1e6, float("inf"))
    assert not use_hard_stop(_ortools.HARD_STOP_MIN_ENTRIES - 1, 10.0)


def test_a_failing_job_is_a_solver_error_naming_it() -> None:
    with pytest.raises(SolverError, match="solver's process failed: AttributeError"):
        run_in_child("multimodal._ortools:no_such_job", (), time.time() + 60)


@pytest.mark.usefixtures("always_in_child")
def test_a_hub_mip_in_a_child_gives_the_same_answer(monkeypatch: pytest.MonkeyPatch) -> None:
    instance = _hub_instance(8)
    in_child = locate_hubs(instance, p=2, method="mip", time_limit_s=60)
    monkeypatch.setattr(hub_solve, "HARD_STOP", False)
    here = locate_hubs(instance, p=2, method="mip", time_limit_s=60)
    assert list(in_child.hubs) == list(here.hubs)
    assert in_child.solve_info.objective == here.solve_info.objective
    assert in_child.allocation.equals(here.allocation)


@pytest.mark.usefixtures("always_in_child")
def test_an_integer_arc_solve_in_a_child_gives_the_same_answer(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    problem = random_flow_problem(6, 4, seed=1)
    in_child = solve_arc_based(problem, integer=True, time_limit_s=60)
    monkeypatch.setattr(_lp, "HARD_STOP", False)
    here = solve_arc_based(problem, integer=True, time_limit_s=60)
    assert in_child.objective == here.objective
    assert in_child.solve_info.status == here.solve_info.status == "optimal"
    assert np.array_equal(in_child.arc_flow, here.arc_flow)


def test_a_killed_integer_solve_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    # the child is killed before HiGHS's own limit ends (a negative margin), so it cannot
    # answer first with an incumbent however fast the machine: HiGHS needs seconds to
    # prove this model optimal, and the kill comes 0.6 s after the start
    monkeypatch.setattr(_lp, "hard_stop_margin_s", lambda limit: -0.4)
    problem = random_flow_problem(80, 60, seed=4)
    start = time.perf_counter()
    with pytest.warns(TimeLimitWarning, match="before finding a solution"):
        solution = solve_arc_based(problem, integer=True, time_limit_s=1.0)
    elapsed = time.perf_counter() - start
    assert elapsed < 1.0 + SLACK_S, elapsed
    info = solution.solve_info
    assert info.hard_stopped
    assert info.status == NOT_SOLVED
    assert info.time_limit_reached
    assert "no incumbent" in str(info)
    assert "killed" in str(info)
    assert np.isnan(solution.objective)


def test_a_killed_hub_mip_is_a_solver_error_saying_no_incumbent(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(_models, "LOAD_S_PER_ENTRY", 0.0)  # let it start
    # killed before the solver's own limit ends, so a fast machine cannot answer first
    monkeypatch.setattr(hub_solve, "hard_stop_margin_s", lambda limit: -0.4)
    start = time.perf_counter()
    with pytest.raises(SolverError, match=r"no incumbent.*killed|ran out while building"):
        locate_hubs(_hub_instance(40), p=3, method="mip", time_limit_s=1.0)
    assert time.perf_counter() - start < 1.0 + SLACK_S


# --- the measured cases (docs/robustness.md, "Time limits"): --run-bench only ---------


@pytest.mark.bench
@pytest.mark.parametrize(("hubs", "commodities", "limit"), [(100, 200, 10.0), (300, 300, 10.0)])
def test_an_integer_arc_solve_ends_within_its_margin(
    hubs: int, commodities: int, limit: float
) -> None:
    problem = random_flow_problem(hubs, commodities, seed=4)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", TimeLimitWarning)
        solution = solve_arc_based(problem, integer=True, time_limit_s=limit)
    elapsed = time.perf_counter() - start
    print(f"integer arc {hubs} x {commodities}, limit {limit:g} s: {elapsed:.1f} s, "
          f"{solution.solve_info}")  # fmt: skip
    assert elapsed < limit + hard_stop_margin_s(limit) + SLACK_S


@pytest.mark.bench
@pytest.mark.parametrize(("n", "p", "limit"), [(40, 3, 10.0), (60, 4, 20.0)])
def test_a_hub_mip_ends_within_its_margin(n: int, p: int, limit: float) -> None:
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", TimeLimitWarning)
            outcome = str(
                locate_hubs(_hub_instance(n), p=p, method="mip", time_limit_s=limit).solve_info
            )
    except SolverError as error:  # refused on the load estimate, or killed
        outcome = str(error)
    elapsed = time.perf_counter() - start
    print(f"hub MIP n={n} p={p}, limit {limit:g} s: {elapsed:.1f} s, {outcome}")
    assert elapsed < limit + hard_stop_margin_s(limit) + SLACK_S
