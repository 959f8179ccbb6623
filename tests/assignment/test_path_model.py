"""Path-based column generation: optimum against SciPy and the arc-based LP,
feasibility from scratch, duals by finite differences, limits, determinism."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from flow_oracle import check_solution, reference_lp, small_problem

from multimodal.assignment.arc_model import solve_arc_based
from multimodal.assignment.path_model import solve_path_based
from multimodal.assignment.problem import FlowProblem
from multimodal.exceptions import SolverError, TimeLimitWarning
from multimodal.synthetic import random_flow_problem

SEEDS = range(30)


@pytest.mark.parametrize("seed", SEEDS)
def test_optimum_equals_independent_lp(seed):
    problem = small_problem(seed)
    solution = solve_path_based(problem)
    assert solution.solve_info.is_optimal
    assert solution.solve_info.gap == 0.0
    assert solution.objective == pytest.approx(reference_lp(problem), rel=1e-8)
    check_solution(problem, solution)


@pytest.mark.parametrize(
    ("hubs", "commodities", "seed"), [(60, 80, 0), (120, 150, 1), (200, 60, 2)]
)
def test_path_based_equals_arc_based_on_larger_networks(hubs, commodities, seed):
    """Mid-size networks with several hundred binding capacities' worth of
    congestion: both formulations reach the same optimum."""
    problem = random_flow_problem(hubs, commodities, seed=seed, capacity_scale=0.5)
    path = solve_path_based(problem)
    arc = solve_arc_based(problem)
    assert path.objective == pytest.approx(arc.objective, rel=1e-8)
    assert (arc.arc_capacity_dual > 0).sum() > 5
    check_solution(problem, path)
    # the capacity prices agree wherever the arc-based duals are unambiguous
    # (value of one more TEU of capacity on a binding arc)
    assert path.arc_capacity_dual.sum() == pytest.approx(arc.arc_capacity_dual.sum(), rel=0.5)


def _brackets(problem, values, key, index, delta=1e-3):
    base = reference_lp(problem)
    up = getattr(problem, key).copy()
    up[index] += delta
    down = getattr(problem, key).copy()
    down[index] -= delta
    after_up = reference_lp(dataclasses.replace(problem, **{key: up}))
    after_down = reference_lp(dataclasses.replace(problem, **{key: down}))
    return (base - after_up) / delta, values[index], (after_down - base) / delta


@pytest.mark.parametrize("seed", range(1, 30, 2))
def test_duals_match_finite_differences(seed):
    """Capacity duals are savings: between the right and left difference quotients of
    the (convex) optimal value, and equal to both where they agree."""
    problem = small_problem(seed)
    solution = solve_path_based(problem)
    assert np.all(solution.arc_capacity_dual >= 0)
    assert np.all(solution.group_capacity_dual >= 0)
    checked = 0
    for a in np.flatnonzero(solution.arc_capacity_dual > 1e-6)[:3]:
        right, y, left = _brackets(problem, solution.arc_capacity_dual, "arc_capacity", a)
        tol = 1e-5 * max(1.0, y)
        assert right - tol <= y <= left + tol
        if abs(left - right) <= tol:
            assert y == pytest.approx(right, rel=1e-5, abs=1e-5)
        checked += 1
    for i in np.flatnonzero(solution.group_capacity_dual > 1e-6)[:2]:
        right, y, left = _brackets(problem, solution.group_capacity_dual, "group_capacity", i)
        assert right - 1e-5 * max(1, y) <= y <= left + 1e-5 * max(1, y)
        checked += 1
    for k in range(min(2, problem.n_commodities)):
        # demand: one more TEU costs between the left and right quotients
        minus_right, y, minus_left = _brackets(problem, solution.demand_dual, "commodity_demand", k)
        right, left = -minus_right, -minus_left
        assert left - 1e-5 * max(1, y) <= y <= right + 1e-5 * max(1, y)
        checked += 1
    assert checked > 0


def test_unserved_appears_exactly_when_the_cut_is_short():
    """Two routes from 0 to 3 (rail capacity 10 at 100 per TEU, road capacity 20 at
    300): demand 40 leaves 10 unserved, demand 30 none."""

    def problem(demand):
        return FlowProblem(
            n_vertices=4,
            arc_tail=[0, 1, 0, 2],
            arc_head=[1, 3, 2, 3],
            arc_cost=[50.0, 50.0, 150.0, 150.0],
            arc_capacity=[np.inf, 10.0, 20.0, np.inf],
            commodity_origin=[0],
            commodity_destination=[3],
            commodity_demand=[demand],
            unserved_penalty=[10_000.0],
        )

    short = solve_path_based(problem(40.0))
    assert short.unserved[0] == pytest.approx(10.0)
    assert short.arc_capacity_dual[[1, 2]] == pytest.approx([9_900.0, 9_700.0])
    assert short.demand_dual[0] == pytest.approx(10_000.0)
    exact = solve_path_based(problem(30.0))
    assert exact.unserved[0] == pytest.approx(0.0, abs=1e-9)
    assert exact.objective == pytest.approx(10 * 100 + 20 * 300)


def test_forbidden_arcs_and_parallel_arcs():
    """Parallel arcs 0->1 (cheap one forbidden for class 1): class 0 takes the cheap
    one, class 1 the dear one; capacities are shared by both classes."""
    problem = FlowProblem(
        n_vertices=3,
        arc_tail=[0, 0, 1],
        arc_head=[1, 1, 2],
        arc_cost=[10.0, 30.0, 5.0],
        arc_capacity=[4.0, np.inf, np.inf],
        commodity_origin=[0, 0],
        commodity_destination=[2, 2],
        commodity_demand=[3.0, 3.0],
        unserved_penalty=[1000.0, 1000.0],
        commodity_class=[0, 1],
        class_arc_cost=np.array([[10.0, 30.0, 5.0], [np.inf, 30.0, 5.0]]),
    )
    solution = solve_path_based(problem)
    assert solution.class_arc_flow[1, 0] == 0.0
    assert solution.class_arc_flow[0, 0] == pytest.approx(3.0)
    assert solution.objective == pytest.approx(3 * 15 + 3 * 35)
    check_solution(problem, solution)


def test_stops_are_reported_with_an_honest_bound():
    """An iteration or time limit returns a feasible answer, status 'feasible', a
    bound below the true optimum and a warning -- never a silent partial answer."""
    problem = random_flow_problem(80, 100, seed=4, capacity_scale=0.3)
    optimum = solve_arc_based(problem).objective
    for iterations in (1, 2, 4):
        with pytest.warns(TimeLimitWarning, match="iterations"):
            stopped = solve_path_based(problem, max_iterations=iterations)
        info = stopped.solve_info
        assert info.status == "feasible"
        assert not info.time_limit_reached
        assert info.best_bound <= optimum * (1 + 1e-9)
        assert stopped.objective >= optimum * (1 - 1e-9)
        assert info.gap >= (stopped.objective - optimum) / stopped.objective - 1e-9
        assert np.isnan(stopped.arc_capacity_dual).all()
        check_solution(problem, stopped)
    with pytest.warns(TimeLimitWarning, match="time"):
        timed = solve_path_based(problem, time_limit_s=1e-9)
    assert timed.solve_info.time_limit_reached
    assert timed.solve_info.status == "feasible"
    check_solution(problem, timed)


@pytest.mark.parametrize("solver", ["glop", "pdlp"])
def test_other_master_backends_agree(solver):
    problem = small_problem(3)
    solution = solve_path_based(problem, solver=solver)
    rel = 1e-8 if solver == "glop" else 1e-4
    assert solution.objective == pytest.approx(reference_lp(problem), rel=rel)


def test_determinism():
    problem = random_flow_problem(60, 50, seed=9, capacity_scale=0.4)
    a = solve_path_based(problem)
    b = solve_path_based(problem)
    assert a.objective == b.objective
    np.testing.assert_array_equal(a.class_arc_flow, b.class_arc_flow)
    assert a.paths.equals(b.paths)
    assert a.stats["iterations"] == b.stats["iterations"]


def test_bad_solver_is_refused():
    with pytest.raises(SolverError, match="master LP"):
        solve_path_based(small_problem(0), solver="gscip")
    with pytest.raises(SolverError, match="master LP"):
        solve_path_based(small_problem(0), solver="cbc")
