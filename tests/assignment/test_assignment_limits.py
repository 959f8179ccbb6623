"""Time and memory limits of the assignment, and the integer variant's whole TEU."""

from __future__ import annotations

import math
import time
import warnings

import numpy as np
import pandas as pd
import pytest

import multimodal as mm
from multimodal._ortools import NOT_SOLVED, default_memory_limit_mb
from multimodal.assignment import AssignParams, solve_arc_based
from multimodal.assignment.arc_model import build_arc_model, estimate_arc_model
from multimodal.assignment.solve import round_demand
from multimodal.exceptions import ModelTooLargeError, ParameterError, SolverError
from multimodal.synthetic import random_flow_problem


@pytest.mark.parametrize("aggregate", ["auto", "none", "origin", "destination"])
@pytest.mark.parametrize("integer", [False, True])
def test_the_estimate_counts_the_model_exactly(aggregate, integer):
    problem = random_flow_problem(30, 20, seed=2)
    estimate = estimate_arc_model(problem, aggregate=aggregate, integer=integer)
    built = build_arc_model(
        problem, aggregate="none" if integer and aggregate == "auto" else aggregate
    )
    matrix = built.lp.matrix.copy()
    matrix.sum_duplicates()
    assert estimate["variables"] == built.lp.n_variables
    assert estimate["rows"] == built.lp.n_rows
    assert estimate["nonzeros"] == matrix.nnz
    assert estimate["bytes"] > 0


def test_a_model_over_the_memory_budget_is_refused_with_its_estimate():
    problem = random_flow_problem(40, 30, seed=1)
    with pytest.raises(ModelTooLargeError, match=r"memory budget .* method='path'") as caught:
        solve_arc_based(problem, integer=True, memory_limit_mb=0.01)
    error = caught.value
    assert isinstance(error, SolverError)
    assert error.estimate["variables"] > 0
    assert error.estimate["bytes"] > error.budget_bytes


def test_assign_passes_the_memory_budget():
    net = mm.load_network()
    demand = mm.load_demand(network=net).head(5)
    with pytest.raises(ModelTooLargeError):
        mm.assign(net, demand, params=AssignParams(integer=True, memory_limit_mb=0.01))


@pytest.mark.parametrize("bad", [0, -1, math.nan, math.inf, "1 GB", True])
def test_a_bad_memory_limit_is_a_parameter_error(bad):
    with pytest.raises(ParameterError, match="memory_limit_mb"):
        AssignParams(memory_limit_mb=bad)


def test_the_default_budget_is_a_share_of_the_machine():
    assert 0 < default_memory_limit_mb() < 2**40


def test_the_build_counts_against_the_time_limit():
    # a limit the build alone uses up: the backend is not started, nothing is hidden
    problem = random_flow_problem(60, 40, seed=3)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = solve_arc_based(problem, integer=True, time_limit_s=1e-6)
    assert time.perf_counter() - start < 5.0
    info = solution.solve_info
    assert info.status == NOT_SOLVED
    assert info.time_limit_reached
    assert info.time_limit_s == 1e-6
    assert info.build_time_s > 0
    assert "building the model" in str(info)


def test_an_integer_solve_stops_near_its_limit():
    problem = random_flow_problem(150, 120, seed=4)
    start = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        solution = solve_arc_based(problem, integer=True, time_limit_s=1.0)
    elapsed = time.perf_counter() - start
    # the stated margin (docs/assignment-solvers.md): limit + 2 s on a model this size,
    # with room for a loaded test machine
    assert elapsed < 1.0 + 6.0, elapsed
    assert solution.solve_info.time_limit_s == 1.0


# --- whole TEU ---------------------------------------------------------------------


def test_round_demand_is_half_up_and_reports_the_change():
    table = pd.DataFrame(
        {"teu_per_week": [2.5, 2.4, 0.3, 4.0], "weight_t_per_week": [25.0, 24.0, 3.0, 48.0]}
    )
    rounded, changed = round_demand(table)
    assert rounded["teu_per_week"].tolist() == [3.0, 2.0, 4.0]
    assert rounded["teu_per_week_given"].tolist() == [2.5, 2.4, 4.0]
    assert rounded["weight_t_per_week"].tolist() == [30.0, 20.0, 48.0]  # t per TEU kept
    assert changed == {"rounded_teu": pytest.approx(-0.2), "rounded_rows": 3.0,
                       "rounded_away_rows": 1.0}  # fmt: skip


def test_integer_assignment_charges_no_penalty_for_fractions():
    net = mm.load_network()
    demand = mm.load_demand(network=net).head(12)
    assert (demand["teu_per_week"] % 1 != 0).any()  # the built-in demand has fractions
    result = mm.assign(net, demand, params=AssignParams(integer=True), time_limit_s=60)
    unserved = result.kpis["unserved_teu"]
    assert unserved == np.round(unserved)
    assert (result.demand["served_teu"] % 1 == 0).all()
    assert result.kpis["rounded_rows"] == (demand["teu_per_week"] % 1 != 0).sum()
    assert result.kpis["rounded_teu"] == pytest.approx(
        result.demand["teu_per_week"].sum() - demand["teu_per_week"].sum()
    )
    assert "rounded to whole TEU" in result.summary()
