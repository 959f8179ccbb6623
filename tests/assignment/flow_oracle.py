"""Independent checks for the multi-commodity flow engines.

Nothing here uses ``multimodal.assignment``'s model code: the LP is written out again,
commodity by commodity and arc by arc, and solved with SciPy (``linprog``/``milp``
with HiGHS, a different code path from OR-Tools MathOpt); feasibility is re-checked
from the returned flows and paths.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.optimize import Bounds, LinearConstraint, linprog, milp

from multimodal.assignment.problem import FlowProblem, FlowSolution


def reference_lp(problem: FlowProblem, *, integer: bool = False) -> float:
    """Optimum of the per-commodity node-arc formulation, solved by SciPy/HiGHS.

    Variables ``x[k, a]`` for every commodity and every arc (forbidden arcs get an
    upper bound of 0) and ``u[k]`` in ``[0, demand_k]``.
    """
    n, m, K = problem.n_vertices, problem.n_arcs, problem.n_commodities
    costs = problem.class_costs
    n_x = K * m
    objective = np.zeros(n_x + K)
    upper = np.full(n_x + K, np.inf)
    for k in range(K):
        c = costs[problem.commodity_class[k]]
        allowed = np.isfinite(c)
        objective[k * m : (k + 1) * m] = np.where(allowed, c, 0.0)
        upper[k * m : (k + 1) * m] = np.where(allowed, np.inf, 0.0)
        objective[n_x + k] = problem.unserved_penalty[k]
        upper[n_x + k] = problem.commodity_demand[k]
    eq_rows, eq_cols, eq_vals = [], [], []
    b_eq = np.zeros(K * n)
    for k in range(K):
        for a in range(m):
            eq_rows += [k * n + problem.arc_tail[a], k * n + problem.arc_head[a]]
            eq_cols += [k * m + a, k * m + a]
            eq_vals += [1.0, -1.0]
        o, d = problem.commodity_origin[k], problem.commodity_destination[k]
        eq_rows += [k * n + o, k * n + d]
        eq_cols += [n_x + k, n_x + k]
        eq_vals += [1.0, -1.0]
        b_eq[k * n + o] += problem.commodity_demand[k]
        b_eq[k * n + d] -= problem.commodity_demand[k]
    a_eq = sp.csr_matrix((eq_vals, (eq_rows, eq_cols)), shape=(K * n, n_x + K))
    ub_rows, ub_cols, ub_vals, b_ub = [], [], [], []
    row = 0
    for a in range(m):
        if np.isfinite(problem.arc_capacity[a]):
            for k in range(K):
                ub_rows.append(row)
                ub_cols.append(k * m + a)
                ub_vals.append(1.0)
            b_ub.append(problem.arc_capacity[a])
            row += 1
    dense_groups = problem.group_arcs.toarray()
    for i in range(problem.n_groups):
        for a in np.flatnonzero(dense_groups[i]):
            for k in range(K):
                ub_rows.append(row)
                ub_cols.append(k * m + a)
                ub_vals.append(dense_groups[i, a])
        b_ub.append(problem.group_capacity[i])
        row += 1
    a_ub = sp.csr_matrix((ub_vals, (ub_rows, ub_cols)), shape=(row, n_x + K))
    if not integer:
        result = linprog(
            objective,
            A_ub=a_ub if row else None,
            b_ub=np.array(b_ub) if row else None,
            A_eq=a_eq,
            b_eq=b_eq,
            bounds=np.column_stack([np.zeros(n_x + K), upper]),
            method="highs",
        )
        assert result.status == 0, result.message
        return float(result.fun)
    constraints = [LinearConstraint(a_eq, b_eq, b_eq)]
    if row:
        constraints.append(LinearConstraint(a_ub, -np.inf, np.array(b_ub)))
    integrality = np.concatenate([np.ones(n_x), np.zeros(K)])
    result = milp(
        objective,
        constraints=constraints,
        integrality=integrality,
        bounds=Bounds(np.zeros(n_x + K), upper),
        options={"mip_rel_gap": 1e-9},
    )
    assert result.status == 0, result.message
    return float(result.fun)


def check_solution(problem: FlowProblem, solution: FlowSolution, *, tol: float = 1e-6) -> None:
    """Assert that flows and paths are feasible and consistent, from scratch."""
    scale = max(1.0, float(problem.commodity_demand.max()))
    atol = tol * scale
    paths = solution.paths
    assert list(paths.columns) == [
        "commodity",
        "path_id",
        "arcs",
        "flow_teu",
        "cost_cny_per_teu",
    ]
    assert (paths["flow_teu"] > 0).all()
    served = np.zeros(problem.n_commodities)
    rebuilt = np.zeros((problem.n_classes, problem.n_arcs))
    for row in paths.itertuples():
        k = int(row.commodity)
        arcs = np.asarray(row.arcs, dtype=int)
        # a path is a chain from the commodity's origin to its destination
        assert problem.arc_tail[arcs[0]] == problem.commodity_origin[k]
        assert problem.arc_head[arcs[-1]] == problem.commodity_destination[k]
        assert np.array_equal(problem.arc_head[arcs[:-1]], problem.arc_tail[arcs[1:]])
        cost = problem.class_costs[problem.commodity_class[k], arcs]
        assert np.all(np.isfinite(cost)), "a path uses an arc forbidden for its class"
        assert row.cost_cny_per_teu == np.float64(cost.sum()) or np.isclose(
            row.cost_cny_per_teu, cost.sum(), rtol=1e-12
        )
        served[k] += row.flow_teu
        rebuilt[problem.commodity_class[k], arcs] += row.flow_teu
    # every commodity: served + unserved = demand, unserved within [0, demand]
    np.testing.assert_allclose(served + solution.unserved, problem.commodity_demand, atol=atol)
    assert np.all(solution.unserved >= -atol)
    # flows: the paths add up to the arc flows, which respect every capacity
    np.testing.assert_allclose(rebuilt, solution.class_arc_flow, atol=atol)
    np.testing.assert_allclose(solution.class_arc_flow.sum(axis=0), solution.arc_flow, atol=atol)
    assert np.all(solution.arc_flow <= problem.arc_capacity + atol)
    group_flow = problem.group_arcs @ solution.arc_flow
    assert np.all(group_flow <= problem.group_capacity + atol)
    # no flow of a class on an arc forbidden for it
    forbidden = ~np.isfinite(problem.class_costs)
    assert np.all(solution.class_arc_flow[forbidden] == 0.0)
    # the objective is what the flows cost
    transport = float(np.sum(solution.class_arc_flow[~forbidden] * problem.class_costs[~forbidden]))
    penalty = float(solution.unserved @ problem.unserved_penalty)
    assert transport + penalty == np.float64(solution.objective) or np.isclose(
        transport + penalty, solution.objective, rtol=1e-7
    )
    # flow conservation per class, from the arc flows alone
    for c in range(problem.n_classes):
        members = problem.commodity_class == c
        net_out = np.zeros(problem.n_vertices)
        np.add.at(net_out, problem.arc_tail, solution.class_arc_flow[c])
        np.add.at(net_out, problem.arc_head, -solution.class_arc_flow[c])
        expected = np.zeros(problem.n_vertices)
        served_c = problem.commodity_demand[members] - solution.unserved[members]
        np.add.at(expected, problem.commodity_origin[members], served_c)
        np.add.at(expected, problem.commodity_destination[members], -served_c)
        np.testing.assert_allclose(net_out, expected, atol=atol)


def small_problem(seed: int, *, hubs: tuple[int, int] = (8, 20), commodities=(3, 9)) -> FlowProblem:
    """A small random instance whose LP SciPy solves in milliseconds.

    Seeds vary the size, the number of classes, how tight capacities are and how
    cheap leaving demand unserved is, so that across seeds capacities and hub
    groups bind, classes forbid arcs and some demand goes unserved.
    """
    from multimodal.synthetic import random_flow_problem

    rng = np.random.default_rng(1000 + seed)
    return random_flow_problem(
        int(rng.integers(*hubs)),
        int(rng.integers(*commodities)),
        seed=seed,
        n_classes=int(rng.integers(1, 4)),
        n_origins=int(rng.integers(1, 4)),
        capacity_scale=float(rng.uniform(0.05, 0.4)),
        penalty_factor=float(rng.uniform(1.1, 3.0)),
    )
