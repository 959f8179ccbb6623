"""Arc-based LP: optimum against SciPy, feasibility from scratch, duals by finite
differences, unserved demand, forbidden arcs, the integer variant, limits, errors."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
import scipy.sparse as sp
from flow_oracle import check_solution, reference_lp, small_problem

from multimodal.assignment.arc_model import build_arc_model, solve_arc_based
from multimodal.assignment.problem import FlowProblem
from multimodal.exceptions import SolverError, TimeLimitWarning
from multimodal.synthetic import random_flow_problem

SEEDS = range(30)


@pytest.mark.parametrize("seed", SEEDS)
def test_optimum_equals_independent_lp(seed):
    """Per seed, the default (auto-aggregated) model reaches SciPy's per-commodity
    LP optimum, and its flows and paths are feasible when re-checked from scratch."""
    problem = small_problem(seed)
    solution = solve_arc_based(problem)
    assert solution.solve_info.is_optimal
    assert solution.objective == pytest.approx(reference_lp(problem), rel=1e-8)
    check_solution(problem, solution)


@pytest.mark.parametrize("aggregate", ["none", "origin", "destination"])
def test_every_aggregation_is_exact(aggregate):
    for seed in range(0, 30, 3):
        problem = small_problem(seed)
        solution = solve_arc_based(problem, aggregate=aggregate)
        assert solution.objective == pytest.approx(reference_lp(problem), rel=1e-8)
        check_solution(problem, solution)


def test_the_suite_exercises_binding_capacities_unserved_demand_and_forbidden_arcs():
    """Guard against a vacuous suite: across the seeds, arc and group capacities bind,
    demand goes unserved and classes forbid arcs."""
    seen = np.zeros(4, dtype=int)
    for seed in SEEDS:
        problem = small_problem(seed)
        solution = solve_arc_based(problem)
        seen += [
            solution.unserved.sum() > 1e-6,
            (solution.arc_capacity_dual > 1e-6).any(),
            (solution.group_capacity_dual > 1e-6).any(),
            (~np.isfinite(problem.class_costs)).any(),
        ]
    assert np.all(seen >= 3), seen


def _bump(problem, **arrays):
    return dataclasses.replace(problem, **arrays)


def _dual_brackets(problem, solution, delta=1e-3):
    """For convex v(b), any optimal dual y (saving per unit) satisfies
    v(b) - v(b + d) <= y d <= v(b - d) - v(b); where v is differentiable at b
    (non-degenerate), both sides are equal and so is y."""
    base = reference_lp(problem)
    checked = 0
    binding = np.flatnonzero(solution.arc_capacity_dual > 1e-6)
    for a in binding[:3]:
        cap = problem.arc_capacity.copy()
        up = cap.copy()
        up[a] += delta
        down = cap.copy()
        down[a] -= delta
        right = (base - reference_lp(_bump(problem, arc_capacity=up))) / delta
        left = (reference_lp(_bump(problem, arc_capacity=down)) - base) / delta
        y = solution.arc_capacity_dual[a]
        tol = 1e-5 * max(1.0, abs(y))
        assert right - tol <= y <= left + tol, (a, right, y, left)
        if abs(left - right) <= tol:
            assert y == pytest.approx(right, rel=1e-5, abs=1e-5)
        checked += 1
    for i in np.flatnonzero(solution.group_capacity_dual > 1e-6)[:2]:
        up = problem.group_capacity.copy()
        up[i] += delta
        down = problem.group_capacity.copy()
        down[i] -= delta
        right = (base - reference_lp(_bump(problem, group_capacity=up))) / delta
        left = (reference_lp(_bump(problem, group_capacity=down)) - base) / delta
        y = solution.group_capacity_dual[i]
        tol = 1e-5 * max(1.0, abs(y))
        assert right - tol <= y <= left + tol, (i, right, y, left)
        checked += 1
    # slack capacities are worth nothing
    finite = np.isfinite(problem.arc_capacity)
    cap = np.where(finite, problem.arc_capacity, 0.0)
    slack = finite & (solution.arc_flow < cap - 1e-6 * np.maximum(1, cap))
    assert np.all(solution.arc_capacity_dual[slack] <= 1e-7)
    assert np.all(solution.arc_capacity_dual[np.isinf(problem.arc_capacity)] == 0.0)
    # demand: convex too; the marginal cost of one more TEU lies between the two sides
    for k in range(min(problem.n_commodities, 3)):
        more = problem.commodity_demand.copy()
        more[k] += delta
        less = problem.commodity_demand.copy()
        less[k] -= delta
        right = (reference_lp(_bump(problem, commodity_demand=more)) - base) / delta
        left = (base - reference_lp(_bump(problem, commodity_demand=less))) / delta
        y = solution.demand_dual[k]
        tol = 1e-5 * max(1.0, abs(y))
        assert left - tol <= y <= right + tol, (k, left, y, right)
        checked += 1
    return checked


@pytest.mark.parametrize("seed", range(0, 30, 2))
def test_duals_match_finite_differences(seed):
    problem = small_problem(seed)
    solution = solve_arc_based(problem)
    assert np.all(solution.arc_capacity_dual >= 0)
    assert np.all(solution.group_capacity_dual >= 0)
    assert _dual_brackets(problem, solution) > 0


def _two_route_problem(rail_capacity, demand, penalty=10_000.0):
    """Origin 0, destination 3: rail 0-1-3 at 100 (capacity on 1->3), road 0-2-3 at 300."""
    return FlowProblem(
        n_vertices=4,
        arc_tail=[0, 1, 0, 2],
        arc_head=[1, 3, 2, 3],
        arc_cost=[50.0, 50.0, 150.0, 150.0],
        arc_capacity=[np.inf, rail_capacity, 20.0, np.inf],
        commodity_origin=[0],
        commodity_destination=[3],
        commodity_demand=[demand],
        unserved_penalty=[penalty],
    )


def test_hand_checked_capacity_dual_and_unserved():
    """Demand 25: rail takes its 10, road its 20... of which 15 are needed; one more TEU
    of rail capacity saves 300 - 100 = 200."""
    solution = solve_arc_based(_two_route_problem(10.0, 25.0))
    assert solution.objective == pytest.approx(10 * 100 + 15 * 300)
    assert solution.unserved[0] == pytest.approx(0.0)
    assert solution.arc_capacity_dual[1] == pytest.approx(200.0)
    assert solution.arc_capacity_dual[2] == pytest.approx(0.0)
    assert solution.demand_dual[0] == pytest.approx(300.0)
    assert sorted(solution.paths["flow_teu"]) == pytest.approx([10.0, 15.0])


def test_unserved_appears_exactly_when_the_cut_is_short():
    """The cut {0} has capacity 10 + 20 = 30: demand 40 leaves 10 unserved (each extra
    TEU of either capacity then saves penalty - route cost); demand 30 leaves none."""
    short = solve_arc_based(_two_route_problem(10.0, 40.0))
    assert short.unserved[0] == pytest.approx(10.0)
    assert short.objective == pytest.approx(10 * 100 + 20 * 300 + 10 * 10_000)
    assert short.arc_capacity_dual[1] == pytest.approx(10_000 - 100)
    assert short.arc_capacity_dual[2] == pytest.approx(10_000 - 300)
    assert short.demand_dual[0] == pytest.approx(10_000)
    exact = solve_arc_based(_two_route_problem(10.0, 30.0))
    assert exact.unserved[0] == pytest.approx(0.0, abs=1e-9)
    # and a penalty below the route cost leaves demand unserved on purpose
    cheap = solve_arc_based(_two_route_problem(10.0, 25.0, penalty=200.0))
    assert cheap.unserved[0] == pytest.approx(15.0)
    assert cheap.objective == pytest.approx(10 * 100 + 15 * 200)


def test_forbidden_arcs_carry_no_flow_of_their_class():
    """Class 1 may not use the rail line: it takes the road although rail is free."""
    base = _two_route_problem(np.inf, 5.0)
    costs = np.vstack([base.arc_cost, [50.0, np.inf, 150.0, 150.0]])
    problem = dataclasses.replace(
        base,
        class_arc_cost=costs,
        commodity_origin=np.array([0, 0]),
        commodity_destination=np.array([3, 3]),
        commodity_demand=np.array([5.0, 7.0]),
        unserved_penalty=np.array([1e4, 1e4]),
        commodity_class=np.array([0, 1]),
    )
    solution = solve_arc_based(problem)
    assert solution.class_arc_flow[1, 1] == 0.0
    assert solution.class_arc_flow[1, 3] == pytest.approx(7.0)
    assert solution.class_arc_flow[0, 1] == pytest.approx(5.0)
    assert solution.objective == pytest.approx(5 * 100 + 7 * 300)
    check_solution(problem, solution)


def test_a_class_with_no_route_is_unserved():
    base = _two_route_problem(np.inf, 5.0)
    problem = dataclasses.replace(base, class_arc_cost=np.array([[50.0, np.inf, 150.0, np.inf]]))
    solution = solve_arc_based(problem)
    assert solution.unserved[0] == pytest.approx(5.0)
    assert len(solution.paths) == 0


def test_integer_variant_rounds_to_whole_teu():
    """Demand 2.5 on one route: the LP ships 2.5, whole TEU ship 2 and leave 0.5."""
    problem = _two_route_problem(np.inf, 2.5)
    lp = solve_arc_based(problem)
    mip = solve_arc_based(problem, integer=True)
    assert lp.objective == pytest.approx(2.5 * 100)
    assert mip.objective == pytest.approx(2 * 100 + 0.5 * 10_000)
    assert mip.unserved[0] == pytest.approx(0.5)
    assert mip.solve_info.is_optimal
    assert np.isnan(mip.arc_capacity_dual).all()


@pytest.mark.parametrize("seed", range(6))
def test_integer_variant_matches_an_independent_mip(seed):
    problem = small_problem(seed, hubs=(5, 9), commodities=(2, 4))
    solution = solve_arc_based(problem, integer=True, relative_gap=1e-9)
    assert solution.solve_info.is_optimal
    flows = solution.class_arc_flow
    assert np.array_equal(flows, np.round(flows))
    served = problem.commodity_demand - solution.unserved
    assert np.allclose(served, np.round(served))
    assert solution.objective == pytest.approx(reference_lp(problem, integer=True), rel=1e-7)
    assert solution.objective >= reference_lp(problem) - 1e-6
    check_solution(problem, solution)


def test_integer_variant_with_scip_agrees():
    problem = small_problem(4, hubs=(5, 9), commodities=(2, 4))
    highs = solve_arc_based(problem, integer=True, relative_gap=1e-9)
    scip = solve_arc_based(problem, integer=True, solver="gscip", relative_gap=1e-9)
    assert scip.objective == pytest.approx(highs.objective, rel=1e-7)


def test_other_lp_backends_agree():
    problem = small_problem(5)
    reference = reference_lp(problem)
    assert solve_arc_based(problem, solver="glop").objective == pytest.approx(reference, rel=1e-8)
    assert solve_arc_based(problem, solver="pdlp").objective == pytest.approx(reference, rel=1e-4)


def test_a_time_limit_stop_is_never_silent():
    problem = random_flow_problem(60, 60, seed=1)
    with pytest.warns(TimeLimitWarning):
        solution = solve_arc_based(problem, aggregate="none", time_limit_s=1e-6)
    info = solution.solve_info
    assert info.status in ("feasible", "not_solved")
    assert info.time_limit_reached
    if info.status == "not_solved":
        assert np.isnan(solution.objective)
        assert np.isnan(solution.arc_flow).all()
        assert solution.paths.empty


def test_model_sizes_and_aggregation_choice():
    problem = random_flow_problem(40, 60, seed=2, n_origins=4)
    by_commodity = build_arc_model(problem, aggregate="none")
    auto = build_arc_model(problem)
    assert auto.aggregate == "origin"
    assert auto.lp.n_variables < by_commodity.lp.n_variables / 3
    # per commodity: one column per allowed (commodity, arc) pair plus the unserved ones
    allowed = np.isfinite(problem.class_costs[problem.commodity_class]).sum()
    assert by_commodity.lp.n_variables == allowed + problem.n_commodities


def test_determinism():
    problem = small_problem(7)
    a = solve_arc_based(problem)
    b = solve_arc_based(problem)
    np.testing.assert_array_equal(a.class_arc_flow, b.class_arc_flow)
    np.testing.assert_array_equal(a.arc_capacity_dual, b.arc_capacity_dual)
    assert a.paths.equals(b.paths)


def test_bad_options_raise_clear_errors():
    problem = small_problem(1)
    with pytest.raises(SolverError, match="unknown solver"):
        solve_arc_based(problem, solver="cplex")
    with pytest.raises(SolverError, match="MIP backend"):
        solve_arc_based(problem, integer=True, solver="pdlp")
    with pytest.raises(SolverError, match="aggregate"):
        solve_arc_based(problem, aggregate="by-mode")
    with pytest.raises(SolverError, match="integer variant"):
        solve_arc_based(problem, solver="gscip")


def test_group_weights_scale_the_shared_capacity():
    """A group with weight 2 on the rail line halves what the line may carry; one more
    unit of the group moves half a TEU from road to rail, saving 200 / 2."""
    base = _two_route_problem(np.inf, 22.0)
    problem = dataclasses.replace(
        base, group_capacity=np.array([10.0]), group_arcs=sp.csr_matrix([[0.0, 2.0, 0.0, 0.0]])
    )
    solution = solve_arc_based(problem)
    assert solution.arc_flow[1] == pytest.approx(5.0)
    assert solution.group_capacity_dual[0] == pytest.approx(200.0 / 2)
    assert solution.objective == pytest.approx(5 * 100 + 17 * 300)
