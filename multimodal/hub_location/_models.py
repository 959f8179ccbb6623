"""MIP models for hub location, built with OR-Tools ``pywraplp``.

Three models, each ``build_* -> (solver, variables)`` then :func:`solve`:

* :func:`build_single_allocation` -- Ernst & Krishnamoorthy's (1996, 1999) flow-based
  formulation of single allocation hub location: binary ``z[i, k]`` (node ``i`` is
  allocated to hub ``k``; ``z[k, k]`` opens hub ``k``) and, per origin ``i``, continuous
  inter-hub flows ``y[i, k, l]``. ``p``, hub fixed costs and hub capacities (EK 1999
  CSAHLP) are optional. With every option off this is the *plain* textbook model used
  as the benchmark baseline.
* :func:`build_multiple_allocation` -- a flow formulation of multiple allocation in
  the manner of EK (1998): per origin, collection ``x[i, k]``, transfer ``y[i, k, m]``
  and distribution ``u[i, m, j]`` flows, hubs ``h[k]``; paths use at most two hubs.
* :func:`build_fixed_hub_allocation` -- single allocation for a *given* hub set (the
  exact sub-problem of the hub-set enumeration): ``n * p`` binaries.

Costs are unscaled (``w_ij * (chi c_ik + alpha c_km + delta c_mj)``); callers scale.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.linear_solver import pywraplp

from .._ortools import (
    FEASIBLE,
    INFEASIBLE,
    NOT_SOLVED,
    OPTIMAL,
    UNBOUNDED,
    SolveInfo,
    native_stdout,
)
from ..exceptions import SolverError

logger = logging.getLogger("multimodal")

#: Backend names accepted by :func:`make_solver`, mapped to pywraplp ids.
BACKENDS = {"highs": "HIGHS", "scip": "SCIP", "cp-sat": "CP_SAT"}
#: Display names used in ``SolveInfo.solver``.
BACKEND_LABELS = {"highs": "HiGHS", "scip": "SCIP", "cp-sat": "CP-SAT"}
#: Relative MIP gap at which a solve counts as optimal: tight, so that results equal
#: brute force to ~1e-7 (HiGHS' default 1e-4 would stop early).
MIP_REL_GAP = 1e-7
#: Peak memory per variable, row and nonzero of a pywraplp model solved by HiGHS
#: (OR-Tools' model, HiGHS' copy and presolve), bytes; measured (docs/hub-location.md).
BYTES_PER_ENTRY = 500.0
#: Seconds OR-Tools takes to hand a pywraplp model to HiGHS inside ``Solve()``, before
#: HiGHS's own clock starts, per variable, row and nonzero: measured 20 to 40
#: microseconds (a 40-node single allocation model, 260,000 entries: 5 to 10 s on a
#: loaded 2-core machine). ``Solve()`` holds the GIL, so it cannot be interrupted from
#: Python: this much is kept back from the solver's time limit, and a model whose load
#: alone would outlast the time left is not started.
LOAD_S_PER_ENTRY = 2e-5


class BuildTimeoutError(Exception):
    """The time limit ran out while the model was being built (internal)."""


def _check_clock(deadline: float) -> None:
    if time.perf_counter() > deadline:
        raise BuildTimeoutError


def estimate_size(data: HubData, allocation: str, single_hop: bool = False) -> dict[str, float]:
    """Estimate the size of a hub location MIP before building it.

    Parameters
    ----------
    data
        The instance's arrays.
    allocation
        ``"single"`` or ``"multiple"``.
    single_hop
        For single allocation: the single-hop variant (``build_single_allocation``).

    Returns
    -------
    dict
        ``variables``, ``rows``, ``nonzeros`` (close upper bounds of the model's counts)
        and ``bytes`` (``BYTES_PER_ENTRY`` per variable, row and nonzero).
    """
    n, m = float(data.n), float(len(data.candidates))
    out_flow = data.w.sum(axis=1) - np.diag(data.w)
    origins = float(np.count_nonzero(out_flow > 0))
    dests = float(np.count_nonzero(data.w)) - float(np.count_nonzero(np.diag(data.w)))
    if allocation == "single":
        y = m * m if single_hop else m * (m - 1)
        variables = n * m + origins * y
        rows = n * m + 2 + origins * (2 * m if single_hop else m)
        nonzeros = 3 * n * m + origins * (2 * y + m) + dests * m
    else:
        variables = m + origins * (m + m * m) + dests * m
        rows = 2 + origins * (1 + 3 * m) + dests * (m + 1)
        nonzeros = m + origins * (4 * m + 2 * m * m) + dests * 4 * m
    return {
        "variables": variables,
        "rows": rows,
        "nonzeros": nonzeros,
        "bytes": BYTES_PER_ENTRY * (variables + rows + nonzeros),
    }


@dataclass(frozen=True)
class HubData:
    """Arrays every model needs (0-based node positions, unscaled costs)."""

    w: np.ndarray  # flows (n, n)
    c: np.ndarray  # unit costs (n, n)
    chi: float
    alpha: float
    delta: float
    candidates: np.ndarray  # node positions allowed to be hubs
    fixed: np.ndarray | None = None  # (n,) opening costs, unscaled units of objective
    caps: np.ndarray | None = None  # (n,) capacity on collected flow
    fixed_weight: float = 1.0  # objective = transport + fixed_weight * fixed

    @property
    def n(self) -> int:
        """Number of nodes."""
        return len(self.w)


def make_solver(backend: str, seed: int = 0) -> pywraplp.Solver:
    """Return a deterministic, single-threaded pywraplp solver for ``backend``.

    Parameters
    ----------
    backend
        ``"highs"``, ``"scip"`` or ``"cp-sat"``.
    seed
        The backend's random seed (SCIP and CP-SAT; HiGHS is run single-threaded).

    Returns
    -------
    pywraplp.Solver
        An empty model.

    Raises
    ------
    SolverError
        An unknown backend, or one OR-Tools was built without.
    """
    if backend not in BACKENDS:
        message = f"unknown MIP backend {backend!r}; use one of {sorted(BACKENDS)}"
        raise SolverError(message)
    solver = pywraplp.Solver.CreateSolver(BACKENDS[backend])
    if solver is None:
        raise SolverError(f"OR-Tools was built without the {BACKEND_LABELS[backend]} backend")
    solver.SetNumThreads(1)  # deterministic and fair on a shared machine
    if backend == "scip":
        solver.SetSolverSpecificParametersAsString(f"randomization/randomseedshift = {seed}\n")
    elif backend == "cp-sat":
        solver.SetSolverSpecificParametersAsString(f"random_seed: {seed} num_workers: 1")
    return solver


def solve(
    solver: pywraplp.Solver,
    backend: str,
    time_limit_s: float,
    scale: float = 1.0,
    offset: float = 0.0,
    *,
    verbose: bool = False,
) -> tuple[int, SolveInfo]:
    """Solve with a time limit and return the raw status and a :class:`SolveInfo`.

    Parameters
    ----------
    solver
        The built model.
    backend
        Its backend name, for the report.
    time_limit_s
        The solver's limit, seconds; ``math.inf`` for none.
    scale, offset
        ``objective`` and ``best_bound`` are reported as ``scale * value + offset``.
    verbose
        Show the backend's own log (``EnableOutput``), on standard error; it changes
        no result.

    Returns
    -------
    tuple
        The pywraplp status and the ``SolveInfo``.
    """
    if math.isfinite(time_limit_s):
        solver.SetTimeLimit(max(1, math.ceil(time_limit_s * 1000)))
    params = pywraplp.MPSolverParameters()
    params.SetDoubleParam(params.RELATIVE_MIP_GAP, MIP_REL_GAP)
    start = time.perf_counter()
    if verbose:
        with native_stdout():  # HiGHS prints its banner as soon as output is on
            solver.EnableOutput()
            status = solver.Solve(params)
    else:
        status = solver.Solve(params)
    elapsed = time.perf_counter() - start
    mapping = {
        pywraplp.Solver.OPTIMAL: OPTIMAL,
        pywraplp.Solver.FEASIBLE: FEASIBLE,
        pywraplp.Solver.INFEASIBLE: INFEASIBLE,
        pywraplp.Solver.UNBOUNDED: UNBOUNDED,
    }
    word = mapping.get(status, NOT_SOLVED)
    objective = best_bound = math.nan
    if word in (OPTIMAL, FEASIBLE):
        objective = scale * solver.Objective().Value() + offset
        bound = solver.Objective().BestBound()
        best_bound = scale * bound + offset if math.isfinite(bound) else math.nan
        if word == OPTIMAL:
            best_bound = objective if math.isnan(best_bound) else best_bound
    stopped = word in (FEASIBLE, NOT_SOLVED) and elapsed >= 0.98 * time_limit_s
    info = SolveInfo(
        solver=BACKEND_LABELS[backend],
        status=word,
        objective=objective,
        best_bound=best_bound,
        solve_time_s=elapsed,
        time_limit_reached=stopped,
    )
    return status, info


# ----------------------------------------------------------------- single allocation


def satisfies_triangle_inequality(c: np.ndarray, nodes: np.ndarray) -> bool:
    """Whether ``c`` restricted to ``nodes`` obeys ``c[k, l] <= c[k, m] + c[m, l]``.

    The EK flow formulations let inter-hub flow hop over several hubs; that equals the
    two-hub path model only when going via a third hub never pays.

    Parameters
    ----------
    c
        ``(n, n)`` unit costs.
    nodes
        The positions to check (the hub candidates).

    Returns
    -------
    bool
        True when no detour via a third node is cheaper (to a relative 1e-9).
    """
    sub = c[np.ix_(nodes, nodes)]
    via = (sub[:, :, None] + sub[None, :, :]).min(axis=1)
    return bool((sub <= via + 1e-9 * max(1.0, float(sub.max()))).all())


def build_single_allocation(
    data: HubData,
    p: int | None,
    backend: str = "highs",
    seed: int = 0,
    single_hop: bool = False,
    deadline: float = math.inf,
) -> tuple[pywraplp.Solver, dict]:
    """Build the EK flow-based single allocation model; return ``(solver, z)``.

    ``z`` maps ``(i, k)`` to the allocation variable (``(k, k)``: hub ``k`` open).
    With ``single_hop`` the inter-hub flow of each origin goes from its hub straight
    to the destination's hub (a transportation problem per origin, ``y[i, k, k]``
    included), which is exact for costs without the triangle inequality; otherwise the
    textbook EK flow conservation is used.

    Parameters
    ----------
    data
        The instance's arrays.
    p
        Number of hubs, or None (free; fixed costs then decide).
    backend, seed
        As for ``make_solver``.
    single_hop
        The single-hop variant (costs without the triangle inequality).
    deadline
        A ``time.perf_counter()`` value checked between origins: past it,
        ``BuildTimeoutError`` is raised.

    Returns
    -------
    tuple
        The model and ``z``.
    """
    w, n = data.w, data.n
    cand = [int(k) for k in data.candidates]
    out_flow = w.sum(axis=1)  # O_i
    solver = make_solver(backend, seed)
    objective = solver.Objective()
    objective.SetMinimization()
    z = _allocation_variables(solver, objective, data, cand)
    _hub_rows(solver, data, z, cand, p)
    # Per-origin flow conservation on the hub graph (EK 1996, constraint 5).
    for i in range(n):
        _check_clock(deadline)
        if out_flow[i] - w[i, i] <= 0:
            continue
        if single_hop:
            _single_hop_flows(solver, objective, data, z, i, cand)
        else:
            _hub_graph_flows(solver, objective, data, z, i, cand, out_flow[i] - w[i, i])
    return solver, z


def _allocation_variables(
    solver: pywraplp.Solver, objective: Any, data: HubData, cand: list[int]
) -> dict[tuple[int, int], pywraplp.Variable]:
    """``z[i, k]`` with its collection, distribution and opening costs; one hub per node."""
    c, n = data.c, data.n
    out_flow = data.w.sum(axis=1)  # O_i
    in_flow = data.w.sum(axis=0)  # D_i
    z: dict[tuple[int, int], pywraplp.Variable] = {}
    for i in range(n):
        for k in cand:
            var = solver.BoolVar(f"z_{i}_{k}")
            z[i, k] = var
            cost = data.chi * out_flow[i] * c[i, k] + data.delta * in_flow[i] * c[k, i]
            if i == k and data.fixed is not None:
                cost += data.fixed_weight * data.fixed[k]
            objective.SetCoefficient(var, cost)
    for i in range(n):
        row = solver.Constraint(1, 1, f"assign_{i}")
        for k in cand:
            row.SetCoefficient(z[i, k], 1)
            if i != k:
                link = solver.Constraint(-solver.infinity(), 0, f"open_{i}_{k}")
                link.SetCoefficient(z[i, k], 1)
                link.SetCoefficient(z[k, k], -1)
    return z


def _hub_rows(
    solver: pywraplp.Solver,
    data: HubData,
    z: dict[tuple[int, int], pywraplp.Variable],
    cand: list[int],
    p: int | None,
) -> None:
    """The hub count (``p``) and the hub capacities on collected flow."""
    if p is not None:
        count = solver.Constraint(p, p, "p")
        for k in cand:
            count.SetCoefficient(z[k, k], 1)
    if data.caps is not None:
        out_flow = data.w.sum(axis=1)
        for k in cand:
            cap = solver.Constraint(-solver.infinity(), 0, f"cap_{k}")
            for i in range(data.n):
                cap.SetCoefficient(z[i, k], out_flow[i])
            cap.SetCoefficient(z[k, k], out_flow[k] - data.caps[k])


def _hub_graph_flows(
    solver: pywraplp.Solver,
    objective: Any,
    data: HubData,
    z: dict[tuple[int, int], pywraplp.Variable],
    i: int,
    cand: list[int],
    sent: float,
) -> None:
    """Flows of origin ``i`` (``sent`` leaves it) on the hub graph, conserved at every hub."""
    w, c = data.w, data.c
    y = {
        (k, m): solver.NumVar(0, solver.infinity(), f"y_{i}_{k}_{m}")
        for k in cand
        for m in cand
        if k != m
    }
    for (k, m), var in y.items():
        objective.SetCoefficient(var, data.alpha * c[k, m])
    for k in cand:
        row = solver.Constraint(0, 0, f"flow_{i}_{k}")
        for m in cand:
            if m != k:
                row.SetCoefficient(y[k, m], 1)
                row.SetCoefficient(y[m, k], -1)
        row.SetCoefficient(z[i, k], -sent)
        for j in np.flatnonzero(w[i]):
            if j != i:
                row.SetCoefficient(z[int(j), k], row.GetCoefficient(z[int(j), k]) + w[i, j])


def _single_hop_flows(
    solver: Any, objective: Any, data: HubData, z: dict, i: int, cand: list
) -> None:
    """Flows of origin ``i``: out of its hub ``k`` to the hub ``m`` of each destination."""
    w = data.w
    y = {(k, m): solver.NumVar(0, solver.infinity(), "") for k in cand for m in cand}
    for (k, m), var in y.items():
        objective.SetCoefficient(var, data.alpha * data.c[k, m])
    sent = w[i].sum() - w[i, i]
    for k in cand:
        row = solver.Constraint(0, 0)
        for m in cand:
            row.SetCoefficient(y[k, m], 1)
        row.SetCoefficient(z[i, k], -sent)
    for m in cand:
        row = solver.Constraint(0, 0)
        for k in cand:
            row.SetCoefficient(y[k, m], 1)
        for j in np.flatnonzero(w[i]):
            if j != i:
                row.SetCoefficient(z[int(j), m], -w[i, j])


def read_single_allocation(z: dict, n: int) -> np.ndarray:
    """Return the hub position of every node from a solved single allocation model.

    Parameters
    ----------
    z
        The allocation variables of ``build_single_allocation``.
    n
        Number of nodes.

    Returns
    -------
    numpy.ndarray
        ``(n,)`` hub position per node (-1 where none is set).
    """
    hub_of = np.full(n, -1)
    for (i, k), var in z.items():
        if var.solution_value() > 0.5:
            hub_of[i] = k
    return hub_of


# --------------------------------------------------------------- multiple allocation


def build_multiple_allocation(
    data: HubData,
    p: int | None,
    backend: str = "highs",
    seed: int = 0,
    deadline: float = math.inf,
) -> tuple[pywraplp.Solver, dict]:
    """Build the EK (1998) flow formulation of multiple allocation; return ``(solver, h)``.

    Parameters
    ----------
    data
        The instance's arrays.
    p
        Number of hubs, or None (free; fixed costs then decide).
    backend, seed
        As for ``make_solver``.
    deadline
        A ``time.perf_counter()`` value checked between origins: past it,
        ``BuildTimeoutError`` is raised.

    Returns
    -------
    tuple
        The model and ``h`` (hub ``k`` -> its open/closed variable).
    """
    w, n = data.w, data.n
    cand = [int(k) for k in data.candidates]
    out_flow = w.sum(axis=1)
    solver = make_solver(backend, seed)
    objective = solver.Objective()
    objective.SetMinimization()
    h = {k: solver.BoolVar(f"h_{k}") for k in cand}
    if data.fixed is not None:
        for k in cand:
            objective.SetCoefficient(h[k], data.fixed_weight * data.fixed[k])
    if p is not None:
        count = solver.Constraint(p, p, "p")
        for k in cand:
            count.SetCoefficient(h[k], 1)
    else:
        solver.Add(sum(h.values()) >= 1)
    for i in range(n):
        _check_clock(deadline)
        if out_flow[i] > 0:
            _multiple_origin_flows(solver, objective, data, h, i, cand, out_flow[i])
    return solver, h


def _multiple_origin_flows(
    solver: pywraplp.Solver,
    objective: Any,
    data: HubData,
    h: dict[int, pywraplp.Variable],
    i: int,
    cand: list[int],
    sent: float,
) -> None:
    """Collection, transfer and distribution flows of origin ``i`` (``sent`` leaves it)."""
    w, c = data.w, data.c
    infinity = solver.infinity()
    dests = [int(j) for j in np.flatnonzero(w[i])]
    x = {k: solver.NumVar(0, infinity, f"x_{i}_{k}") for k in cand}
    # y[k, m]: flow of origin i from first hub k to last hub m (k == m allowed);
    # at most two hubs per path, exact whatever the costs.
    y = {(k, m): solver.NumVar(0, infinity, "") for k in cand for m in cand}
    u = {(m, j): solver.NumVar(0, infinity, "") for m in cand for j in dests}
    total = solver.Constraint(sent, sent, f"collect_{i}")
    for k in cand:
        total.SetCoefficient(x[k], 1)
        objective.SetCoefficient(x[k], data.chi * c[i, k])
        link = solver.Constraint(-infinity, 0)
        link.SetCoefficient(x[k], 1)
        link.SetCoefficient(h[k], -sent)
        row = solver.Constraint(0, 0)
        row.SetCoefficient(x[k], 1)
        for m in cand:
            row.SetCoefficient(y[k, m], -1)
    for (k, m), var in y.items():
        objective.SetCoefficient(var, data.alpha * c[k, m])
    for (m, j), var in u.items():
        objective.SetCoefficient(var, data.delta * c[m, j])
        link = solver.Constraint(-infinity, 0)
        link.SetCoefficient(var, 1)
        link.SetCoefficient(h[m], -w[i, j])
    for m in cand:
        row = solver.Constraint(0, 0)
        for k in cand:
            row.SetCoefficient(y[k, m], 1)
        for j in dests:
            row.SetCoefficient(u[m, j], -1)
    for j in dests:
        row = solver.Constraint(w[i, j], w[i, j])
        for m in cand:
            row.SetCoefficient(u[m, j], 1)


# ------------------------------------------------------------ fixed-hub allocation


def build_fixed_hub_allocation(
    data: HubData,
    hubs: np.ndarray,
    backend: str = "highs",
    seed: int = 0,
    single_hop: bool = False,
) -> tuple[pywraplp.Solver, dict]:
    """Build the single allocation model with the hub set fixed; return ``(solver, z)``.

    Hubs are allocated to themselves; every other node picks one hub of ``hubs``.
    Capacities (if any) apply. The objective excludes fixed costs.

    Parameters
    ----------
    data
        The instance's arrays.
    hubs
        Node positions of the hubs.
    backend, seed
        As for ``make_solver``.
    single_hop
        As for ``build_single_allocation``.

    Returns
    -------
    tuple
        The model and ``z``.
    """
    sub = HubData(
        w=data.w,
        c=data.c,
        chi=data.chi,
        alpha=data.alpha,
        delta=data.delta,
        candidates=np.asarray(hubs),
        caps=data.caps,
    )
    solver, z = build_single_allocation(
        sub, p=None, backend=backend, seed=seed, single_hop=single_hop
    )
    for k in hubs:
        z[int(k), int(k)].SetBounds(1, 1)
    return solver, z


# ------------------------------------------------------------------ one whole solve


@dataclass(frozen=True)
class MipJob:
    """One EK MIP to build and solve, as ``locate_hubs`` hands it to a child process.

    Attributes
    ----------
    data
        The instance's arrays.
    p
        Number of hubs, or None (free).
    allocation
        ``"single"`` or ``"multiple"``.
    single_hop
        The single-hop variant of single allocation.
    backend, seed
        As for ``make_solver``.
    limit_at
        ``time.time()`` at which the caller's time limit ends (``math.inf``: none).
    load_s
        Expected seconds to load the model into the backend, kept back from its limit.
    scale
        Objective scale (``SolveInfo`` reports ``scale * value``).
    verbose
        Show the backend's log (on standard error).
    """

    data: HubData
    p: int | None
    allocation: str
    single_hop: bool
    backend: str
    seed: int
    limit_at: float
    load_s: float
    scale: float = 1.0
    verbose: bool = False


@dataclass(frozen=True)
class MipOutcome:
    """What :func:`solve_job` gives back.

    Attributes
    ----------
    stage
        ``"solved"`` (``info`` says how), ``"build_timeout"`` (the limit ran out while
        building) or ``"load_timeout"`` (the expected load outlasts the time left).
    build_time_s
        Seconds spent building the model.
    remaining_s
        Seconds of the limit left after the build.
    info
        How the solve ended (``"solved"`` only).
    hubs
        Positions of the open hubs (with a solution).
    hub_of
        Single allocation: the hub position of each node.
    """

    stage: str
    build_time_s: float
    remaining_s: float = math.inf
    info: SolveInfo | None = None
    hubs: np.ndarray | None = None
    hub_of: np.ndarray | None = None


def solve_job(job: MipJob, *, log: Any = None) -> MipOutcome:
    """Build and solve one EK MIP; ``locate_hubs`` runs this in a killable child process.

    Parameters
    ----------
    job
        The model and its limits.
    log
        Unused (the backend's log goes to standard error); the child-process protocol
        of ``_ortools.run_in_child`` passes it.

    Returns
    -------
    MipOutcome
        The stage reached, the build time, and the solution when there is one.
    """
    left = job.limit_at - time.time()
    build_start = time.perf_counter()
    deadline = build_start + left
    try:
        if job.allocation == "single":
            model, variables = build_single_allocation(
                job.data,
                job.p,
                backend=job.backend,
                seed=job.seed,
                single_hop=job.single_hop,
                deadline=deadline,
            )
        else:
            model, variables = build_multiple_allocation(
                job.data, job.p, backend=job.backend, seed=job.seed, deadline=deadline
            )
    except BuildTimeoutError:
        return MipOutcome("build_timeout", time.perf_counter() - build_start)
    build_time_s = time.perf_counter() - build_start
    remaining = deadline - time.perf_counter()
    if job.load_s > 0.0 and job.load_s > remaining:
        return MipOutcome("load_timeout", build_time_s, remaining)
    _, info = solve(
        model, job.backend, max(remaining - job.load_s, 1e-3), scale=job.scale, verbose=job.verbose
    )
    hubs = hub_of = None
    if info.has_solution:
        if job.allocation == "single":
            hub_of = read_single_allocation(variables, job.data.n)
            hubs = np.array(sorted(set(hub_of.tolist())))
        else:
            chosen = (k for k, var in variables.items() if var.solution_value() > 0.5)
            hubs = np.array(sorted(chosen))
    return MipOutcome("solved", build_time_s, remaining, info, hubs, hub_of)
