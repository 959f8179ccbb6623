"""Arc-based (node-arc) LP of the capacitated multi-commodity min-cost flow.

One flow variable per (flow group, arc its class may use), a conservation row per
(flow group, vertex), one row per finite arc capacity and per group capacity, and an
unserved variable per commodity at its penalty. A *flow group* is one commodity, or
(``aggregate="origin"``) all commodities of one class leaving one origin, or
(``aggregate="destination"``) all commodities of one class bound for one
destination. Aggregation is exact for the LP: commodities of one class see the same
arc costs and share every capacity, and a single-source (single-sink) flow
decomposes into origin-destination paths, so the aggregated LP has the same optimum
and the same capacity duals with far fewer variables. Per-commodity paths are then
recovered by flow decomposition.

The model is built with sparse Kronecker products (no Python loop over arcs or
commodities) and solved through OR-Tools MathOpt (HiGHS by default).
"""

from __future__ import annotations

import dataclasses
import logging
import time
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import breadth_first_order

from .._options import check_seed, check_time_limit, check_workers, options_meta, renamed
from .._ortools import (
    FEASIBLE,
    NOT_SOLVED,
    OPTIMAL,
    SolveInfo,
    check_memory_limit,
    check_model_size,
)
from .._results import run_meta
from ..exceptions import SolverError, TimeLimitWarning
from ._lp import LOAD_S_PER_ENTRY, MIP_SOLVERS, SOLVERS, LinearProgram, LPOptions, solve_lp
from .problem import PATH_COLUMNS, FlowProblem, FlowSolution, paths_frame, warn_stopped

__all__ = ["BYTES_PER_ENTRY", "build_arc_model", "estimate_arc_model", "solve_arc_based"]

logger = logging.getLogger("multimodal")

_AGGREGATIONS = ("auto", "none", "origin", "destination")

#: Peak memory per variable, row and nonzero of a model solved through MathOpt's HiGHS
#: (the arrays, the ModelProto, HiGHS' copy and its presolve), bytes. Measured: an
#: integer model of 9.4 million variables, 9.4 million rows and 18.9 million nonzeros
#: peaked at 15.9 GB (420 B per entry); one of 0.8/0.8/1.6 million at 1.3 GB above the
#: interpreter (400 B).
BYTES_PER_ENTRY = 440.0


class ArcModel:
    """The arc-based LP with the index maps needed to read its solution back.

    Attributes
    ----------
    lp
        The linear program.
    group_class, group_end
        ``(H,)`` class of each flow group and its common vertex (origin for
        ``"origin"`` aggregation, destination for ``"destination"``, origin for
        ``"none"``).
    commodity_group
        ``(K,)`` flow group of each commodity.
    class_arcs
        Per class, the arcs it may use (finite cost), in column order.
    group_columns
        ``(H + 1,)`` first column of each group's arc flows (CSR-like pointer).
    unserved_columns
        ``(K,)`` column of each commodity's unserved variable.
    capacity_arcs
        Arcs with a finite capacity, in row order after the conservation rows.
    aggregate
        The aggregation used: ``"none"``, ``"origin"`` or ``"destination"``.
    """

    def __init__(self, **fields: object) -> None:
        self.__dict__.update(fields)

    lp: LinearProgram
    group_class: np.ndarray
    group_end: np.ndarray
    commodity_group: np.ndarray
    class_arcs: list[np.ndarray]
    group_columns: np.ndarray
    unserved_columns: np.ndarray
    capacity_arcs: np.ndarray
    aggregate: str
    n_conservation_rows: int


def _choose_aggregation(problem: FlowProblem, aggregate: str) -> str:
    if aggregate not in _AGGREGATIONS:
        message = f"aggregate={aggregate!r}: use one of {', '.join(_AGGREGATIONS)}"
        raise SolverError(message)
    if aggregate != "auto":
        return aggregate
    cls = problem.commodity_class
    n_by_origin = len({*zip(cls.tolist(), problem.commodity_origin.tolist(), strict=True)})
    n_by_dest = len({*zip(cls.tolist(), problem.commodity_destination.tolist(), strict=True)})
    if min(n_by_origin, n_by_dest) >= problem.n_commodities:
        return "none"
    return "origin" if n_by_origin <= n_by_dest else "destination"


def estimate_arc_model(
    problem: FlowProblem, *, aggregate: str = "auto", integer: bool = False
) -> dict[str, float]:
    """Estimate the size of the arc-based model before building it.

    Parameters
    ----------
    problem
        The problem.
    aggregate
        As for ``build_arc_model``; for ``integer=True``, ``"auto"`` means ``"none"``.
    integer
        Whether the model is the MIP.

    Returns
    -------
    dict
        ``variables``, ``rows``, ``nonzeros`` (exact counts of the model that would be
        built), ``flow_groups`` and ``bytes`` (the estimated peak memory of building
        and solving it: ``BYTES_PER_ENTRY`` per variable, row and nonzero).

    Examples
    --------
    >>> from multimodal.synthetic import random_flow_problem
    >>> size = estimate_arc_model(random_flow_problem(20, 5, seed=1), integer=True)
    >>> size["variables"] > 0
    True
    """
    if integer and aggregate == "auto":
        aggregate = "none"
    aggregate = _choose_aggregation(problem, aggregate)
    n = problem.n_vertices
    cls = problem.commodity_class
    end = problem.commodity_destination if aggregate == "destination" else problem.commodity_origin
    key = np.arange(problem.n_commodities) if aggregate == "none" else cls * n + end
    pairs = np.unique(np.column_stack([cls, key]), axis=0)
    groups_per_class = np.bincount(pairs[:, 0], minlength=problem.n_classes)
    capacity_arcs = np.isfinite(problem.arc_capacity)
    in_group = np.asarray(problem.group_arcs.sum(axis=0)).ravel() != 0
    group_entries = np.diff(problem.group_arcs.tocsc().indptr)
    variables = rows = nonzeros = 0.0
    for c in range(problem.n_classes):
        allowed = np.isfinite(problem.cost_of_class(c))
        count = float(groups_per_class[c])
        variables += count * allowed.sum()
        shared = float(capacity_arcs[allowed].sum() + group_entries[allowed & in_group].sum())
        nonzeros += count * (2.0 * allowed.sum() + shared)
    k_count = problem.n_commodities
    variables += k_count
    nonzeros += 2.0 * k_count
    rows = float(len(pairs)) * n + float(capacity_arcs.sum()) + problem.n_groups
    entries = variables + rows + nonzeros
    return {
        "variables": float(variables),
        "rows": float(rows),
        "nonzeros": float(nonzeros),
        "flow_groups": float(len(pairs)),
        "bytes": float(BYTES_PER_ENTRY * entries),
    }


def build_arc_model(
    problem: FlowProblem, *, aggregate: str = "auto", integer: bool = False
) -> ArcModel:
    """Build the arc-based LP (or MIP) of a flow problem.

    Parameters
    ----------
    problem
        The validated problem.
    aggregate
        ``"none"`` (one flow group per commodity), ``"origin"``, ``"destination"``
        or ``"auto"`` (the one with fewer groups; ``"none"`` if neither merges).
    integer
        Whether arc flows must be whole TEU.

    Returns
    -------
    ArcModel
        The LP and the maps to read it back.
    """
    aggregate = _choose_aggregation(problem, aggregate)
    n, m, k_count = problem.n_vertices, problem.n_arcs, problem.n_commodities
    cls = problem.commodity_class
    end = (
        problem.commodity_destination if aggregate == "destination" else (problem.commodity_origin)
    )
    key = np.arange(k_count) if aggregate == "none" else cls * n + end
    # groups sorted by class so each class's block is contiguous
    order = np.lexsort((key, cls))
    unique_key, first, commodity_group_sorted = np.unique(
        key[order], return_index=True, return_inverse=True
    )
    # np.unique sorts by key; regroup in (class, key) order for contiguous classes
    group_first_commodity = order[first]
    group_cls = cls[group_first_commodity]
    regroup = np.lexsort((unique_key, group_cls))
    rank = np.empty_like(regroup)
    rank[regroup] = np.arange(regroup.size)
    commodity_group = np.empty(k_count, dtype=np.int64)
    commodity_group[order] = rank[commodity_group_sorted]
    group_class = group_cls[regroup]
    group_end = end[group_first_commodity][regroup]
    n_groups = group_class.size

    # incidence matrix: +1 at the tail, -1 at the head
    arcs = np.arange(m)
    incidence = sp.csc_matrix(
        (
            np.concatenate([np.ones(m), -np.ones(m)]),
            (np.concatenate([problem.arc_tail, problem.arc_head]), np.concatenate([arcs, arcs])),
        ),
        shape=(n, m),
    )
    capacity_arcs = np.flatnonzero(np.isfinite(problem.arc_capacity))
    selector = sp.csr_matrix(
        (np.ones(capacity_arcs.size), (np.arange(capacity_arcs.size), capacity_arcs)),
        shape=(capacity_arcs.size, m),
    )
    shared_rows = sp.vstack([selector, problem.group_arcs]).tocsc()

    conservation_blocks, shared_blocks, objective_parts = [], [], []
    class_arcs: list[np.ndarray] = []
    group_sizes = np.zeros(n_groups, dtype=np.int64)
    for c in range(problem.n_classes):
        cost = problem.cost_of_class(c)
        allowed = np.flatnonzero(np.isfinite(cost))
        class_arcs.append(allowed)
        n_class_groups = int(np.count_nonzero(group_class == c))
        if n_class_groups == 0:
            continue
        group_sizes[group_class == c] = allowed.size
        conservation_blocks.append(
            sp.kron(sp.identity(n_class_groups, format="csr"), incidence[:, allowed])
        )
        block = shared_rows[:, allowed]
        shared_blocks.append(sp.hstack([block] * n_class_groups, format="csr"))
        objective_parts.append(np.tile(cost[allowed], n_class_groups))
    group_columns = np.concatenate([[0], np.cumsum(group_sizes)])
    n_flow = int(group_columns[-1])

    conservation = (
        sp.block_diag(conservation_blocks, format="csr")
        if (conservation_blocks)
        else sp.csr_matrix((0, 0))
    )
    shared = sp.hstack(shared_blocks, format="csr")
    # unserved column per commodity: served = demand - unserved leaves its origin
    # and reaches its destination, so unserved enters the rows with the opposite
    # signs of the demand: +1 at the origin row, -1 at the destination row.
    g_rows = commodity_group * n
    unserved_block = sp.csr_matrix(
        (
            np.concatenate([np.ones(k_count), -np.ones(k_count)]),
            (
                np.concatenate(
                    [g_rows + problem.commodity_origin, g_rows + problem.commodity_destination]
                ),
                np.concatenate([np.arange(k_count), np.arange(k_count)]),
            ),
        ),
        shape=(n_groups * n, k_count),
    )
    matrix = sp.vstack(
        [
            sp.hstack([conservation, unserved_block], format="csr"),
            sp.hstack([shared, sp.csr_matrix((shared.shape[0], k_count))], format="csr"),
        ],
        format="csr",
    )
    rhs = np.zeros(n_groups * n)
    np.add.at(rhs, g_rows + problem.commodity_origin, problem.commodity_demand)
    np.add.at(rhs, g_rows + problem.commodity_destination, -problem.commodity_demand)
    shared_upper = np.concatenate([problem.arc_capacity[capacity_arcs], problem.group_capacity])
    row_lower = np.concatenate([rhs, np.full(shared_upper.size, -np.inf)])
    row_upper = np.concatenate([rhs, shared_upper])
    objective = np.concatenate([*objective_parts, problem.unserved_penalty])
    n_var = n_flow + k_count
    integer_mask = None
    if integer:
        integer_mask = np.zeros(n_var, dtype=bool)
        integer_mask[:n_flow] = True
    # unserved <= demand: without it, a merged commodity could be "served
    # negatively" and its destination turned into a source for its group-mates
    upper = np.concatenate([np.full(n_flow, np.inf), problem.commodity_demand])
    lp = LinearProgram(
        objective=objective,
        lower=np.zeros(n_var),
        upper=upper,
        matrix=matrix,
        row_lower=row_lower,
        row_upper=row_upper,
        integer=integer_mask,
    )
    return ArcModel(
        lp=lp,
        group_class=group_class,
        group_end=group_end,
        commodity_group=commodity_group,
        class_arcs=class_arcs,
        group_columns=group_columns,
        unserved_columns=n_flow + np.arange(k_count),
        capacity_arcs=capacity_arcs,
        aggregate=aggregate,
        n_conservation_rows=n_groups * n,
    )


@renamed(threads="workers")
def solve_arc_based(  # noqa: PLR0913 - the engine's own keywords; assign groups them
    problem: FlowProblem,
    *,
    solver: str = "highs",
    integer: bool = False,
    aggregate: str = "auto",
    time_limit_s: float | None = None,
    workers: int = 1,
    relative_gap: float | None = None,
    seed: int = 0,
    memory_limit_mb: float | None = None,
    verbose: bool = False,
) -> FlowSolution:
    """Solve the multi-commodity flow problem with the arc-based LP.

    Parameters
    ----------
    problem
        The problem (vertices, arcs, capacities, commodities).
    solver
        MathOpt backend: ``"highs"`` (default: fastest here, see
        docs/assignment-solvers.md), ``"glop"``, ``"pdlp"``; for ``integer=True``
        ``"highs"`` or ``"gscip"``.
    integer
        Whole-TEU arc flows (a MIP). Duals are then not available (NaN); the gap is
        in ``solve_info``.
    aggregate
        ``"auto"`` (default), ``"none"``, ``"origin"`` or ``"destination"``: see the
        module docstring. Exact for the LP. For ``integer=True``, ``"auto"`` means
        ``"none"``, because merged commodities with the same class, origin and
        destination could split a whole-TEU flow into fractional parts.
    time_limit_s
        Wall-clock limit, seconds (None, the default: none; an LP solve ends on its
        own). Building the model counts against it: the backend gets what is left,
        less its expected loading time (``_lp.LOAD_S_PER_ENTRY``), and is not started
        when nothing is left. A stopped solve returns ``status="feasible"`` with its
        bound and gap, or ``"not_solved"`` with NaN flows, and warns with
        ``TimeLimitWarning``. The build time is in ``solve_info.build_time_s``; the
        measured overrun is in docs/assignment-solvers.md ("Time and memory limits").
    workers
        Solver threads (1, the default, is deterministic); ``threads=`` is its old,
        deprecated name.
    relative_gap
        MIP relative gap at which to stop (None: the backend's default, 1e-4 for
        HiGHS).
    seed
        Solver random seed.
    memory_limit_mb
        Memory budget of the model, MB (None: half the machine's memory). The size is
        estimated before building (``estimate_arc_model``) and a larger model refused.
    verbose
        Send HiGHS's (the backend's) own log to the ``multimodal`` logger at INFO;
        it changes no result.

    Returns
    -------
    FlowSolution
        Flows, paths (by decomposition), unserved demand, duals and solve info;
        ``stats`` holds the size estimate (``estimated_bytes``).

    Raises
    ------
    ModelTooLargeError
        The estimated model exceeds ``memory_limit_mb`` (the error carries the estimate).
    SolverError
        Unknown solver, an integer solve with an LP-only backend, or a backend error.
    ParameterError
        A bad time limit, worker count, seed or memory limit.
    """
    if integer and solver not in MIP_SOLVERS:
        message = f"integer=True needs a MIP backend: use one of {', '.join(MIP_SOLVERS)}"
        raise SolverError(message)
    if solver not in SOLVERS:
        message = f"unknown solver {solver!r}: use one of {', '.join(SOLVERS)}"
        raise SolverError(message)
    if integer and aggregate == "auto":
        aggregate = "none"
    limit = check_time_limit(time_limit_s)
    start = time.perf_counter()
    estimate = estimate_arc_model(problem, aggregate=aggregate, integer=integer)
    check_model_size(
        estimate,
        check_memory_limit(memory_limit_mb),
        f"the {'integer ' if integer else ''}arc-based model",
        "use method='path' (the LP by column generation needs far less), fewer "
        "commodities, or a larger memory_limit_mb",
    )
    model = build_arc_model(problem, aggregate=aggregate, integer=integer)
    build_arrays_s = time.perf_counter() - start
    options = LPOptions(
        solver=solver,
        time_limit_s=None if limit is None else limit - build_arrays_s,
        workers=check_workers(workers),
        seed=check_seed(seed),
        relative_gap=relative_gap,
        verbose=verbose,
    )
    result = solve_lp(model.lp, options)
    info = dataclasses.replace(
        result.info, build_time_s=build_arrays_s + result.build_time_s, time_limit_s=limit
    )
    if info.status not in (OPTIMAL, FEASIBLE, NOT_SOLVED):
        # the unserved variables make every instance feasible and costs >= 0 bound
        # it below, so this is a backend failure, not a property of the problem
        message = f"arc-based LP ended '{info.status}', which cannot happen: {info}"
        raise SolverError(message)
    extract_start = time.perf_counter()
    solution = _extract(problem, model, result.x, result.row_dual, integer)
    extract_s = time.perf_counter() - extract_start
    build_time_s = build_arrays_s + result.build_time_s
    stats = {
        "variables": float(model.lp.n_variables),
        "rows": float(model.lp.n_rows),
        "nonzeros": float(model.lp.matrix.nnz),
        "flow_groups": float(model.group_class.size),
        "estimated_bytes": estimate["bytes"],
        "build_arrays_s": build_arrays_s,
        "build_solver_input_s": result.build_time_s,
        "extract_s": extract_s,
    }
    logger.info(
        "arc-based (%s aggregation): %d variables, %d rows; %s",
        model.aggregate,
        model.lp.n_variables,
        model.lp.n_rows,
        info,
    )
    if _not_started(info):
        _warn_not_started(model.lp, info, build_time_s, integer=integer)
    elif info.status != OPTIMAL:
        warn_stopped(info, "arc-based flow solve")
    return FlowSolution(
        **solution,
        objective=info.objective,
        solve_info=info,
        build_time_s=build_time_s,
        solve_time_s=info.solve_time_s,
        method="arc",
        stats=stats,
        meta=run_meta(
            "solve_arc_based",
            inputs=problem.sizes(),
            options=options_meta(
                solver=solver,
                integer=integer,
                aggregate=model.aggregate,
                time_limit_s=limit,
                workers=options.workers,
                relative_gap=relative_gap,
                memory_limit_mb=memory_limit_mb,
            ),
            seed=options.seed,
        ),
    )


def _not_started(info: SolveInfo) -> bool:
    """Whether the backend was never started: the limit left it no time (``_lp``)."""
    return (
        info.status == NOT_SOLVED
        and info.time_limit_reached
        and info.solve_time_s == 0.0
        and not info.hard_stopped
    )


def _warn_not_started(
    lp: LinearProgram, info: SolveInfo, build_time_s: float, *, integer: bool
) -> None:
    """Warn that the solve was not started, with the load estimate and the fix."""
    entries = lp.n_variables + lp.n_rows + lp.matrix.nnz
    load_s = LOAD_S_PER_ENTRY * entries
    limit = info.time_limit_s
    left = "" if limit is None else f", more than the {limit:.1f} s left of the time limit"
    message = (
        f"the {'integer ' if integer else ''}arc-based model was not started: loading it "
        f"({entries:,.0f} variables, rows and nonzeros) into {info.solver} would take "
        f"about {load_s:.1f} s{left} (building it took {build_time_s:.1f} s); raise "
        "time_limit_s, or use method='path'"
    )
    warnings.warn(message, TimeLimitWarning, stacklevel=3)


def _extract(
    problem: FlowProblem,
    model: ArcModel,
    x: np.ndarray | None,
    row_dual: np.ndarray | None,
    integer: bool,
) -> dict[str, Any]:
    """Read flows, paths and duals back from the LP vectors."""
    m, k_count, n_classes = problem.n_arcs, problem.n_commodities, problem.n_classes
    g = problem.n_groups
    if x is None:
        nan_m = np.full(m, np.nan)
        return {
            "arc_flow": nan_m,
            "class_arc_flow": np.full((n_classes, m), np.nan),
            "paths": pd.DataFrame({name: [] for name in PATH_COLUMNS}),
            "unserved": np.full(k_count, np.nan),
            "arc_capacity_dual": nan_m.copy(),
            "group_capacity_dual": np.full(g, np.nan),
            "demand_dual": np.full(k_count, np.nan),
        }
    flows = np.maximum(x, 0.0)  # clear solver noise of -1e-12
    if integer:
        flows = np.round(flows)
    class_arc_flow = np.zeros((n_classes, m))
    group_flows: list[np.ndarray] = []
    for h in range(model.group_class.size):
        c = int(model.group_class[h])
        f = flows[model.group_columns[h] : model.group_columns[h + 1]]
        group_flows.append(f)
        class_arc_flow[c, model.class_arcs[c]] += f
    unserved = np.maximum(x[model.unserved_columns], 0.0)
    if integer:  # served = demand - unserved is whole where flows are whole
        served = np.round(problem.commodity_demand - unserved)
        unserved = np.maximum(problem.commodity_demand - served, 0.0)
    arc_dual = np.zeros(m)
    group_dual = np.zeros(g)
    demand_dual = np.full(k_count, np.nan)
    if row_dual is None:
        arc_dual[:] = np.nan
        group_dual[:] = np.nan
    else:
        n_cons = model.n_conservation_rows
        n_cap = model.capacity_arcs.size
        # MathOpt: dual = d objective / d bound (<= 0 on a binding <= row of a
        # minimisation); we report the saving of one more unit, so the opposite.
        arc_dual[model.capacity_arcs] = np.maximum(-row_dual[n_cons : n_cons + n_cap], 0.0)
        group_dual[:] = np.maximum(-row_dual[n_cons + n_cap :], 0.0)
        rows = model.commodity_group * problem.n_vertices
        potential = (
            row_dual[rows + problem.commodity_origin]
            - row_dual[rows + problem.commodity_destination]
        )
        # shipping one more TEU costs the potential difference, unless leaving it
        # unserved is cheaper (then the unserved bound is the binding one)
        demand_dual = np.minimum(potential, problem.unserved_penalty)
    paths = _decompose(problem, model, group_flows, problem.commodity_demand - unserved)
    return {
        "arc_flow": class_arc_flow.sum(axis=0),
        "class_arc_flow": class_arc_flow,
        "paths": paths,
        "unserved": unserved,
        "arc_capacity_dual": arc_dual,
        "group_capacity_dual": group_dual,
        "demand_dual": demand_dual,
    }


def _decompose(
    problem: FlowProblem,
    model: ArcModel,
    group_flows: Sequence[np.ndarray],
    served: np.ndarray,
) -> pd.DataFrame:
    """Split each flow group's arc flows into origin-destination paths.

    For a group with common origin (or, reversed, common destination), repeat:
    take a breadth-first tree of the arcs still carrying flow from the common end,
    and send along each member's tree path the least of its remaining demand and
    the path's remaining flow. Each round empties an arc or a demand.
    """
    n = problem.n_vertices
    scale = max(float(problem.commodity_demand.max()), 1.0)
    tol = 1e-9 * scale
    reverse = model.aggregate == "destination"
    members = np.argsort(model.commodity_group, kind="stable")
    bounds = np.searchsorted(model.commodity_group[members], np.arange(model.group_class.size + 1))
    rows: list[tuple[int, tuple[int, ...], float]] = []
    for h, flow in enumerate(group_flows):
        group_members = members[bounds[h] : bounds[h + 1]]
        remaining = {int(k): float(served[k]) for k in group_members if served[k] > tol}
        if not remaining:
            continue
        arcs = model.class_arcs[int(model.group_class[h])]
        flow = flow.copy()
        tail = problem.arc_head[arcs] if reverse else problem.arc_tail[arcs]
        head = problem.arc_tail[arcs] if reverse else problem.arc_head[arcs]
        root = int(model.group_end[h])
        other_end = problem.commodity_origin if reverse else problem.commodity_destination
        for _round in range(len(arcs) + len(remaining) + 1):
            live = np.flatnonzero(flow > tol)
            if not remaining or live.size == 0:
                break
            # among parallel arcs keep the one with the most flow
            pick = live[np.lexsort((-flow[live], head[live], tail[live]))]
            pair = tail[pick] * n + head[pick]
            keep = np.concatenate([[True], pair[1:] != pair[:-1]])
            pick = pick[keep]
            graph = sp.csr_matrix((np.ones(pick.size), (tail[pick], head[pick])), shape=(n, n))
            arc_of = {
                (int(u), int(v)): int(a)
                for u, v, a in zip(tail[pick], head[pick], pick, strict=True)
            }
            _order, pred = breadth_first_order(graph, root, directed=True, return_predecessors=True)
            progressed = False
            for k in list(remaining):
                vertex = int(other_end[k])
                if pred[vertex] < 0:
                    continue
                local: list[int] = []
                while vertex != root:
                    parent = int(pred[vertex])
                    local.append(arc_of[(parent, vertex)])
                    vertex = parent
                local_arr = np.array(local[::-1] if not reverse else local, dtype=np.int64)
                amount = min(remaining[k], float(flow[local_arr].min()))
                if amount <= tol:
                    continue
                flow[local_arr] -= amount
                remaining[k] -= amount
                if remaining[k] <= tol:
                    del remaining[k]
                path_arcs = tuple(int(a) for a in arcs[local_arr])
                rows.append((k, path_arcs, amount))
                progressed = True
            if not progressed:
                break
        if remaining:
            left = max(remaining.values())
            if left > 1e-6 * scale:
                logger.warning(
                    "flow decomposition left %.3g TEU/week of group %d unassigned "
                    "(solver tolerance)",
                    left,
                    h,
                )
    return paths_frame(problem, rows)
