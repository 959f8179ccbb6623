"""The equilibrium against an independent solve of the same convex programme.

Small networks: every path of every OD pair is enumerated (networkx), and scipy's SLSQP
minimises the Beckmann objective (or the total cost, for the system optimum) over path
flows. The link flows and objective of ``solve_equilibrium`` must match it, and every
path that carries flow in a decomposition of our link flows must be within the gap of
the shortest (Wardrop's first principle).
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy.optimize import linprog, minimize

import multimodal as mm

BPR = mm.BPR(0.15, 4.0)


def _random_problem(seed: int, n: int = 6, extra: int = 6, pairs: int = 3, delay=BPR):
    rng = np.random.default_rng(seed)
    edges = {(i, i + 1) for i in range(n - 1)} | {(i + 1, i) for i in range(n - 1)}
    while len(edges) < 2 * (n - 1) + extra:
        a, b = rng.choice(n, 2, replace=False)
        edges.add((int(a), int(b)))
    edges = sorted(edges)
    tail = np.array([e[0] for e in edges])
    head = np.array([e[1] for e in edges])
    m = len(edges)
    od = []
    while len(od) < pairs:
        a, b = (int(v) for v in rng.choice(n, 2, replace=False))
        if (a, b) not in od:
            od.append((a, b))
    return mm.EquilibriumProblem(
        n_vertices=n,
        arc_tail=tail,
        arc_head=head,
        fixed_cost=rng.uniform(0, 2, m),
        free_flow_time=rng.uniform(1, 10, m),
        capacity=rng.uniform(5, 20, m),
        delay=delay,
        demand_origin=[o for o, _ in od],
        demand_destination=[d for _, d in od],
        demand=rng.uniform(5, 30, pairs),
    )


def _paths(problem):
    graph = nx.MultiDiGraph()
    for a, (u, v) in enumerate(zip(problem.arc_tail, problem.arc_head)):
        graph.add_edge(int(u), int(v), key=a)
    out = []
    for o, d in zip(problem.demand_origin, problem.demand_destination):
        found = []
        for path in nx.all_simple_edge_paths(graph, int(o), int(d)):
            found.append([key for _, _, key in path])
        out.append(found)
    return out


def _arc_cost(problem, x, system=False):
    r = x / problem.capacity
    t = problem.free_flow_time * problem.delay.evaluate(r, 0)
    if system:
        t = t + x * problem.free_flow_time / problem.capacity * problem.delay.evaluate(r, 1)
    return problem.fixed_cost[0] + t


def _scipy_solve(problem, system=False):
    """Path-flow formulation solved by SLSQP (independent of our algorithm)."""
    paths = _paths(problem)
    columns = [(k, p) for k, found in enumerate(paths) for p in found]
    incidence = np.zeros((problem.n_arcs, len(columns)))
    for j, (_, p) in enumerate(columns):
        incidence[p, j] = 1.0
    owner = np.array([k for k, _ in columns])

    def objective(f):
        x = incidence @ f
        r = x / problem.capacity
        fixed = problem.fixed_cost[0] @ x
        if system:
            return fixed + x @ (problem.free_flow_time * problem.delay.evaluate(r, 0))
        return fixed + np.sum(
            problem.free_flow_time * problem.capacity * problem.delay.evaluate(r, -1)
        )

    def gradient(f):
        return incidence.T @ _arc_cost(problem, incidence @ f, system)

    constraints = [
        {
            "type": "eq",
            "fun": lambda f, k=k: f[owner == k].sum() - problem.demand[k],
            "jac": lambda f, k=k: (owner == k).astype(float),
        }
        for k in range(len(paths))
    ]
    start = np.array([problem.demand[k] / np.sum(owner == k) for k in owner])
    scale = 1.0 / objective(start)  # SLSQP's tolerances are absolute: work near 1
    res = minimize(
        lambda f: scale * objective(f),
        start,
        jac=lambda f: scale * gradient(f),
        bounds=[(0, None)] * len(columns),
        constraints=constraints,
        method="SLSQP",
        options={"ftol": 1e-13, "maxiter": 2000},
    )
    assert res.success, res.message
    return incidence @ res.x, res.fun / scale


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
@pytest.mark.parametrize("optimum", ["user", "system"])
def test_matches_scipy_on_path_flows(seed, optimum):
    """Same objective (1e-7 relative) and link flows as SLSQP over enumerated paths."""
    problem = _random_problem(seed)
    result = mm.solve_equilibrium(problem, gap=1e-10, optimum=optimum, max_iterations=20_000)
    assert result.status == "gap_reached"
    x_ref, obj_ref = _scipy_solve(problem, system=optimum == "system")
    assert result.objective == pytest.approx(obj_ref, rel=1e-7)
    np.testing.assert_allclose(result.flow, x_ref, atol=1e-3 * problem.demand.max())


@pytest.mark.parametrize("delay", [mm.Conical(4.0), mm.QueueDelay(0.5, 0.9)], ids=repr)
def test_other_delay_functions_match_scipy(delay):
    problem = _random_problem(7, delay=delay)
    result = mm.solve_equilibrium(problem, gap=1e-10, max_iterations=20_000)
    x_ref, obj_ref = _scipy_solve(problem)
    assert result.objective == pytest.approx(obj_ref, rel=1e-7)
    np.testing.assert_allclose(result.flow, x_ref, atol=1e-3 * problem.demand.max())


@pytest.mark.parametrize("seed", [4, 5])
def test_every_used_path_is_within_the_gap_of_the_shortest(seed):
    """Decompose our link flows into path flows (an LP) and check each used path's cost.

    With one OD pair the decomposition is exact; its least-excess version (min
    sum f_p (c_p - c_min)) equals TSTT - SPTT, so no used path can be far from the
    shortest when the gap is small.
    """
    problem = _random_problem(seed, n=7, extra=8, pairs=1)
    target = 1e-9
    result = mm.solve_equilibrium(problem, gap=target, max_iterations=20_000)
    cost = _arc_cost(problem, result.flow)
    paths = _paths(problem)[0]
    path_cost = np.array([cost[p].sum() for p in paths])
    shortest = path_cost.min()
    incidence = np.zeros((problem.n_arcs, len(paths)))
    for j, p in enumerate(paths):
        incidence[p, j] = 1.0
    lp = linprog(
        path_cost - shortest,
        A_eq=np.vstack([incidence, np.ones(len(paths))]),
        b_eq=np.concatenate([result.flow, problem.demand]),
        bounds=[(0, None)] * len(paths),
        method="highs",
    )
    assert lp.status == 0
    used = lp.x > 1e-6 * problem.demand[0]
    assert used.sum() >= 1
    excess = (path_cost[used] - shortest) / shortest
    assert np.all(excess <= 1e-4), excess
    # And the solver's own gap is the LP's total excess over TSTT.
    tstt = float(cost @ result.flow)
    assert lp.fun / tstt == pytest.approx(result.relative_gap, abs=1e-9)


def test_two_roads_closed_form():
    """Two parallel roads with linear delays: the user equilibrium and system optimum.

    t1 = 10 (1 + x1/100), t2 = 20 (fixed, no congestion); 200 vehicles. UE: t1 = t2
    gives x1 = 100. SO: marginal 10 + 0.2 x1 = 20 gives x1 = 50.
    """
    problem = mm.EquilibriumProblem(
        n_vertices=2,
        arc_tail=[0, 0],
        arc_head=[1, 1],
        fixed_cost=[0.0, 20.0],
        free_flow_time=[10.0, 0.0],
        capacity=[100.0, 1.0],
        delay=mm.BPR(1.0, 1.0),
        demand_origin=[0],
        demand_destination=[1],
        demand=[200.0],
    )
    ue = mm.solve_equilibrium(problem, gap=1e-12)
    so = mm.solve_equilibrium(problem, gap=1e-12, optimum="system")
    np.testing.assert_allclose(ue.flow, [100.0, 100.0], atol=1e-6)
    np.testing.assert_allclose(so.flow, [50.0, 150.0], atol=1e-6)
    assert so.total_cost < ue.total_cost


def test_zones_are_not_passed_through():
    """A path through a no-through vertex is never used, even when it is shorter."""
    kwargs = dict(
        n_vertices=3,
        arc_tail=[0, 1, 0],
        arc_head=[1, 2, 2],
        fixed_cost=[0.0, 0.0, 0.0],
        free_flow_time=[1.0, 1.0, 10.0],
        capacity=[100.0, 100.0, 100.0],
        delay=BPR,
        demand_origin=[0],
        demand_destination=[2],
        demand=[10.0],
    )
    free = mm.solve_equilibrium(mm.EquilibriumProblem(**kwargs), gap=1e-9)
    assert free.flow[2] == pytest.approx(0.0)
    blocked = mm.EquilibriumProblem(**kwargs, no_through=[False, True, False])
    result = mm.solve_equilibrium(blocked, gap=1e-9)
    np.testing.assert_allclose(result.flow, [0.0, 0.0, 10.0])


def test_unreachable_demand_is_reported_not_hidden():
    problem = mm.EquilibriumProblem(
        n_vertices=3,
        arc_tail=[0],
        arc_head=[1],
        fixed_cost=[1.0],
        free_flow_time=[1.0],
        capacity=[10.0],
        delay=BPR,
        demand_origin=[0, 0],
        demand_destination=[1, 2],
        demand=[5.0, 7.0],
    )
    result = mm.solve_equilibrium(problem, gap=1e-6)
    assert result.unserved == pytest.approx(7.0)
    assert "unserved" in result.summary()


def test_limits_are_reported_in_the_status():
    problem = _random_problem(0)
    capped = mm.solve_equilibrium(problem, gap=1e-12, max_iterations=2)
    assert capped.status == "iteration_limit"
    assert capped.iterations == 2
    assert capped.solve_info.status == "feasible"
    timed = mm.solve_equilibrium(problem, gap=1e-15, time_limit_s=1e-9)
    assert timed.status == "time_limit"
    assert timed.solve_info.time_limit_reached


@pytest.mark.parametrize(
    "kwargs", [{"gap": 0}, {"method": "msa"}, {"optimum": "nash"}, {"max_iterations": 0}]
)
def test_bad_options_are_refused(kwargs):
    with pytest.raises(mm.ParameterError):
        mm.solve_equilibrium(_random_problem(0), **kwargs)


def test_bad_problem_lists_every_problem():
    with pytest.raises(mm.DataValidationError) as info:
        mm.EquilibriumProblem(
            n_vertices=2,
            arc_tail=[0, 5],
            arc_head=[1, 0],
            fixed_cost=[-5.0, 0.0],  # below minus the free-flow time
            free_flow_time=[1.0, 1.0],
            capacity=[0.0, 1.0],
            delay=BPR,
            demand_origin=[0],
            demand_destination=[1],
            demand=[1.0],
        )
    text = str(info.value)
    assert "arc_tail" in text
    assert "fixed_cost" in text
    assert "capacity" in text


@pytest.mark.parametrize("method", ["bfw", "cfw", "fw"])
def test_recorded_paths_carry_the_flows_and_are_near_shortest(method):
    """The path flows add up to the demand and to the arc flows, and every path that
    carries a real share of a commodity's demand costs within 1e-4 of that commodity's
    shortest path, found here by enumerating all its paths."""
    problem = _random_problem(11, n=7, extra=8, pairs=4)
    result = mm.solve_equilibrium(
        problem, gap=1e-9, method=method, record_paths=True, max_iterations=50_000
    )
    paths = result.paths
    assert paths is not None
    by_commodity = paths.groupby("commodity")["flow"].sum()
    np.testing.assert_allclose(by_commodity.to_numpy(), problem.demand, rtol=1e-9)
    arc_flow = np.zeros(problem.n_arcs)
    for arcs, flow in zip(paths["arcs"], paths["flow"]):
        arc_flow[list(arcs)] += flow
        assert problem.arc_tail[arcs[0]] in problem.demand_origin
    np.testing.assert_allclose(arc_flow, result.flow, atol=1e-9 * problem.demand.sum())
    cost = _arc_cost(problem, result.flow)
    every = _paths(problem)
    for row in paths.itertuples():
        shortest = min(cost[p].sum() for p in every[row.commodity])
        if row.flow > 1e-3 * problem.demand[row.commodity]:
            assert cost[list(row.arcs)].sum() <= shortest * (1 + 1e-4)
        # A recorded path is a real path from the commodity's origin to its destination.
        arcs = list(row.arcs)
        assert problem.arc_tail[arcs[0]] == problem.demand_origin[row.commodity]
        assert problem.arc_head[arcs[-1]] == problem.demand_destination[row.commodity]
        assert np.all(problem.arc_head[arcs[:-1]] == problem.arc_tail[arcs[1:]])


def test_recording_paths_changes_nothing_else():
    problem = _random_problem(12)
    plain = mm.solve_equilibrium(problem, gap=1e-8)
    recorded = mm.solve_equilibrium(problem, gap=1e-8, record_paths=True)
    np.testing.assert_array_equal(plain.flow, recorded.flow)
    assert plain.paths is None
