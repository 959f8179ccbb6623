"""Path-based LP of the multi-commodity flow, solved by column generation.

The restricted master LP has one variable per generated (commodity, path) and one
unserved variable per commodity::

    min  sum_p c_p f_p + sum_k penalty_k u_k
    s.t. sum_{p of k} f_p + u_k = demand_k          (dual pi_k, free)
         sum_{p through a} f_p <= capacity_a        (dual alpha_a <= 0)
         sum_p (sum_{a in p} w_ia) f_p <= G_i       (dual beta_i <= 0)
         f, u >= 0

Rows are present only for capacities some generated path uses (an absent row has
dual 0, which is optimal for it). Pricing: the reduced cost of a path ``p`` of
commodity ``k`` is ``sum_{a in p} (c_a - alpha_a - sum_i w_ia beta_i) - pi_k``. All
these arc weights are >= 0, so one Dijkstra per (class, origin) on a CSR matrix built
once per iteration finds, for every commodity, its path of least reduced cost. Every
path with reduced cost below ``-tol * max(1, pi_k)`` joins the master, which is
re-solved warm from its previous basis. When no path prices out, the master optimum
is the LP optimum (the same value as the arc-based LP) and its duals are optimal.

At every iteration ``master + sum_k demand_k * min(0, least reduced cost_k)`` is a
valid lower bound (Lagrangian bound), so a run stopped by its time or iteration
limit reports an honest gap.
"""

from __future__ import annotations

import logging
import math
import time

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from .._ortools import FEASIBLE, OPTIMAL, SolveInfo
from ..exceptions import SolverError
from ._lp import SOLVERS, LinearProgram, solve_lp
from .arc_model import _paths_frame, _warn_stopped
from .problem import FlowProblem, FlowSolution

__all__ = ["solve_path_based"]

logger = logging.getLogger("multimodal")

#: Backends whose MathOpt interface takes a starting basis.
_WARM_STARTABLE = ("glop",)
_AT_LOWER = 2  # MathOpt BASIS_STATUS_AT_LOWER_BOUND
_BASIC = 5  # MathOpt BASIS_STATUS_BASIC
#: Largest distance matrix computed at once by Dijkstra (origins x vertices).
_MAX_DIJKSTRA_CELLS = 20_000_000


class _ClassGraph:
    """The arcs one class may use, sorted by (tail, head), as a fixed CSR pattern.

    Parallel arcs share one CSR entry whose weight is the least of theirs; the
    pattern is built once and only the weights change between iterations.
    """

    def __init__(self, problem: FlowProblem, cargo_class: int) -> None:
        n = problem.n_vertices
        cost = problem.cost_of_class(cargo_class)
        allowed = np.flatnonzero(np.isfinite(cost))
        tail, head = problem.arc_tail[allowed], problem.arc_head[allowed]
        order = np.lexsort((head, tail))
        self.arcs = allowed[order]  # arc ids in CSR-entry order (with repeats)
        self.cost = cost[self.arcs]
        pair = tail[order] * n + head[order]
        starts = np.flatnonzero(np.concatenate([[True], pair[1:] != pair[:-1]]))
        self.segment_start = starts
        self.segment_length = np.diff(np.concatenate([starts, [pair.size]]))
        self.segment_of = np.repeat(np.arange(starts.size), self.segment_length)
        self.pair_key = pair[starts]
        self.has_parallel = bool(np.any(self.segment_length > 1))
        unique_tail = tail[order][starts]
        self.indices = head[order][starts].astype(np.int32)
        self.indptr = np.searchsorted(unique_tail, np.arange(n + 1)).astype(np.int32)
        self.n = n

    def graph(self, extra: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
        """CSR graph of reduced arc weights and the arc chosen for each entry."""
        weight = self.cost + extra[self.arcs]
        if not self.has_parallel:
            data, chosen = weight, self.arcs
        else:
            data = np.minimum.reduceat(weight, self.segment_start)
            is_min = weight <= data[self.segment_of]
            first = np.flatnonzero(is_min)
            _seg, where = np.unique(self.segment_of[first], return_index=True)
            chosen = self.arcs[first[where]]
        graph = sp.csr_matrix((data, self.indices, self.indptr), shape=(self.n, self.n))
        return graph, chosen

    def arcs_of_pairs(self, tails: np.ndarray, heads: np.ndarray, chosen: np.ndarray):
        """Arc ids of the CSR entries ``(tail, head)`` (all present)."""
        entry = np.searchsorted(self.pair_key, tails * self.n + heads)
        return chosen[entry]


class _Columns:
    """The generated paths, stored flat (CSR-like) and grown in blocks."""

    def __init__(self) -> None:
        self.commodity = np.zeros(0, dtype=np.int64)
        self.cost = np.zeros(0)
        self.indptr = np.zeros(1, dtype=np.int64)
        self.arcs = np.zeros(0, dtype=np.int64)
        self.seen: set[tuple[int, bytes]] = set()

    @property
    def count(self) -> int:
        return int(self.commodity.size)

    def add(
        self, commodity: np.ndarray, cost: np.ndarray, lengths: np.ndarray, arcs: np.ndarray
    ) -> int:
        """Append the paths not generated before; return how many were new."""
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        keep = np.zeros(commodity.size, dtype=bool)
        for i in range(commodity.size):
            key = (int(commodity[i]), arcs[offsets[i] : offsets[i + 1]].tobytes())
            if key not in self.seen:
                self.seen.add(key)
                keep[i] = True
        if not keep.any():
            return 0
        take = np.repeat(keep, lengths)
        self.commodity = np.concatenate([self.commodity, commodity[keep]])
        self.cost = np.concatenate([self.cost, cost[keep]])
        self.indptr = np.concatenate([self.indptr, self.indptr[-1] + np.cumsum(lengths[keep])])
        self.arcs = np.concatenate([self.arcs, arcs[take]])
        return int(keep.sum())

    def incidence(self, n_arcs: int) -> sp.csc_matrix:
        """``(m, columns)`` 0/1 matrix: which arcs each path uses."""
        return sp.csc_matrix(
            (np.ones(self.arcs.size), self.arcs, self.indptr), shape=(n_arcs, self.count)
        )


def solve_path_based(
    problem: FlowProblem,
    *,
    solver: str = "highs",
    time_limit_s: float | None = None,
    max_iterations: int = 500,
    tol: float = 1e-9,
    warm_start: bool = True,
    threads: int = 1,
    seed: int = 0,
) -> FlowSolution:
    """Solve the multi-commodity flow LP by column generation over paths.

    Parameters
    ----------
    problem
        The problem (vertices, arcs, capacities, commodities).
    solver
        MathOpt backend of the master LP: ``"highs"`` (default), ``"glop"`` or
        ``"pdlp"`` (PDLP gives approximate duals and may need more iterations).
    time_limit_s
        Wall-clock limit for the whole column generation, seconds (None: none).
        When it is hit the master's current solution is returned with
        ``status="feasible"``, the Lagrangian bound and its gap, and a
        ``TimeLimitWarning``.
    max_iterations
        Most pricing rounds; hitting it is reported like a time limit.
    tol
        Relative reduced-cost tolerance: a path joins the master when its reduced
        cost is below ``-tol * max(1, pi_k)`` (``pi_k`` the commodity's dual, CNY
        per TEU). Columns already in the master are never added twice, which also
        stops the loop when solver round-off would otherwise price one out again.
    warm_start
        Start each master from the previous optimal basis (new columns at their
        lower bound, slacks of new rows basic). GLOP takes a starting basis
        through MathOpt; MathOpt's HiGHS interface ignores one (OR-Tools 9.15), so
        with ``"highs"`` every master is solved from scratch. False always solves
        from scratch (kept for measurement).
    threads
        Master LP threads (1, the default, is deterministic).
    seed
        Master LP random seed.

    Returns
    -------
    FlowSolution
        Flows, paths, unserved demand, duals and solve info. ``stats`` holds
        ``iterations``, ``columns``, ``pricing_s``, ``master_s`` and the bound.

    Raises
    ------
    SolverError
        Unknown solver or a backend failure.
    """
    if solver not in SOLVERS or solver == "gscip":
        message = f"solver {solver!r}: use 'highs', 'glop' or 'pdlp' for the master LP"
        raise SolverError(message)
    start = time.perf_counter()
    m, k_count, g = problem.n_arcs, problem.n_commodities, problem.n_groups
    classes = [_ClassGraph(problem, c) for c in range(problem.n_classes)]
    group_arcs_t = problem.group_arcs.T.tocsr()
    # commodities of each class, grouped by origin, for one Dijkstra per origin
    by_class = []
    for c in range(problem.n_classes):
        members = np.flatnonzero(problem.commodity_class == c)
        origins, origin_row = np.unique(problem.commodity_origin[members], return_inverse=True)
        by_class.append((members, origins, origin_row))
    columns = _Columns()
    master = _Master(problem)
    warm = warm_start and solver in _WARM_STARTABLE
    basis: tuple[np.ndarray, np.ndarray] | None = None
    build_time_s = time.perf_counter() - start

    solve_start = time.perf_counter()
    deadline = math.inf if time_limit_s is None else solve_start + time_limit_s
    pi = problem.unserved_penalty.copy()  # duals of the empty master: u_k only
    arc_dual = np.zeros(m)
    group_dual = np.zeros(g)
    master_objective = float(problem.unserved_penalty @ problem.commodity_demand)
    x = np.zeros(0)
    unserved = problem.commodity_demand.copy()
    best_bound = -math.inf
    pricing_s = master_s = master_build_s = 0.0
    simplex_iterations = 0
    info_solver = SOLVERS[solver][1] + ", column generation"
    converged = False
    stopped_by = ""
    iteration = 0
    last_status = OPTIMAL
    for iteration in range(1, max_iterations + 1):
        # --- pricing --------------------------------------------------------
        price_start = time.perf_counter()
        extra = arc_dual + group_arcs_t @ group_dual if g else arc_dual
        new_commodity, new_cost, new_lengths, new_arcs, least_rc = _price(
            problem, classes, by_class, extra, pi, tol
        )
        pricing_s += time.perf_counter() - price_start
        bound = master_objective + float(problem.commodity_demand @ np.minimum(least_rc, 0.0))
        best_bound = max(best_bound, bound)
        added = (
            columns.add(new_commodity, new_cost, new_lengths, new_arcs)
            if (new_commodity.size)
            else 0
        )
        logger.debug(
            "column generation %d: master %.6g, bound %.6g, %d new paths",
            iteration,
            master_objective,
            bound,
            added,
        )
        if added == 0:
            converged = True
            break
        if time.perf_counter() >= deadline:
            stopped_by = "time"
            break

        # --- master LP ------------------------------------------------------
        build_start = time.perf_counter()
        lp = master.lp(columns)
        master_build_s += time.perf_counter() - build_start
        remaining = None if time_limit_s is None else max(deadline - time.perf_counter(), 0.01)
        result = solve_lp(
            lp,
            solver=solver,
            time_limit_s=remaining,
            threads=threads,
            seed=seed,
            initial_basis=_extend_basis(basis, lp) if basis is not None else None,
            want_basis=warm,
        )
        master_s += result.info.solve_time_s
        master_build_s += result.build_time_s
        simplex_iterations += result.simplex_iterations
        last_status = result.info.status
        if result.info.status != OPTIMAL or result.row_dual is None:
            if result.x is not None and result.info.status == FEASIBLE:
                x = result.x
                master_objective = float(lp.objective @ x)
            stopped_by = "time" if result.info.time_limit_reached else "master"
            if stopped_by == "master":
                message = f"column generation master LP ended '{result.info.status}'"
                raise SolverError(message)
            break
        x = result.x
        master_objective = result.info.objective
        pi, arc_dual, group_dual = master.duals(result.row_dual)
        basis = result.basis if warm else None
    else:
        stopped_by = "iterations"

    solve_time_s = time.perf_counter() - solve_start
    status = OPTIMAL if converged else FEASIBLE
    if converged:
        best_bound = master_objective
    info = SolveInfo(
        solver=info_solver,
        status=status,
        objective=master_objective,
        best_bound=best_bound if math.isfinite(best_bound) else math.nan,
        solve_time_s=solve_time_s,
        time_limit_reached=stopped_by == "time",
    )
    if x.size:
        unserved = np.maximum(x[:k_count], 0.0)
    flows = np.maximum(x[k_count:], 0.0) if x.size else np.zeros(0)
    solution = _solution_arrays(problem, columns, flows, unserved)
    if not converged:  # duals of a restricted master are not the LP's duals
        arc_dual = np.full(m, np.nan)
        group_dual = np.full(g, np.nan)
        pi = np.full(k_count, np.nan)
    stats = {
        "iterations": float(iteration),
        "columns": float(columns.count),
        "pricing_s": pricing_s,
        "master_s": master_s,
        "master_build_s": master_build_s,
        "simplex_iterations": float(simplex_iterations),
        "lagrangian_bound": best_bound,
        "warm_start": float(warm),
    }
    logger.info(
        "path-based: %d iterations, %d columns, pricing %.2f s, master %.2f s; %s",
        iteration,
        columns.count,
        pricing_s,
        master_s,
        info,
    )
    if not converged:
        _warn_stopped(info, f"column generation (stopped by {stopped_by}, {last_status})")
    return FlowSolution(
        **solution,
        arc_capacity_dual=arc_dual,
        group_capacity_dual=group_dual,
        demand_dual=pi,
        objective=master_objective,
        solve_info=info,
        build_time_s=build_time_s,
        solve_time_s=solve_time_s,
        method="path",
        stats=stats,
    )


def _price(
    problem: FlowProblem,
    classes: list[_ClassGraph],
    by_class: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    extra: np.ndarray,
    pi: np.ndarray,
    tol: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Least-reduced-cost path of every commodity; return those that price out.

    Returns the new paths (commodity, cost at class prices, length, flat arcs)
    and ``(K,)`` the least reduced cost of each commodity (inf if unreachable).
    """
    n = problem.n_vertices
    least_rc = np.full(problem.n_commodities, np.inf)
    out_commodity, out_cost, out_lengths, out_arcs = [], [], [], []
    for c, graph_c in enumerate(classes):
        members, origins, origin_row = by_class[c]
        if members.size == 0:
            continue
        graph, chosen = graph_c.graph(extra)
        chunk = max(1, _MAX_DIJKSTRA_CELLS // n)
        for lo in range(0, origins.size, chunk):
            in_chunk = (origin_row >= lo) & (origin_row < lo + chunk)
            ks = members[in_chunk]
            rows = origin_row[in_chunk] - lo
            # paths dearer than the commodity's dual cannot price out: stop there
            limit = float(pi[ks].max()) * (1.0 + 1e-9) + 1e-9
            dist, pred = dijkstra(
                graph,
                directed=True,
                indices=origins[lo : lo + chunk],
                return_predecessors=True,
                limit=limit,
            )
            dests = problem.commodity_destination[ks]
            reduced = dist[rows, dests] - pi[ks]
            least_rc[ks] = reduced
            threshold = -tol * np.maximum(1.0, np.abs(pi[ks]))
            good = np.flatnonzero(reduced < threshold)
            if good.size == 0:
                continue
            ks, rows, dests = ks[good], rows[good], dests[good]
            # walk all predecessor chains at once, one arc per step
            tails_steps, heads_steps, owner_steps = [], [], []
            current = dests.copy()
            alive = np.arange(ks.size)
            for _step in range(n):
                parent = pred[rows[alive], current[alive]]
                tails_steps.append(parent)
                heads_steps.append(current[alive])
                owner_steps.append(alive)
                current[alive] = parent
                alive = alive[parent != problem.commodity_origin[ks[alive]]]
                if alive.size == 0:
                    break
            tails = np.concatenate(tails_steps)
            heads = np.concatenate(heads_steps)
            owner = np.concatenate(owner_steps)
            arcs = graph_c.arcs_of_pairs(tails, heads, chosen)
            # steps were taken from the destination backwards: order each path
            step = np.concatenate([np.full(o.size, i) for i, o in enumerate(owner_steps)])
            order = np.lexsort((-step, owner))  # by path, then origin side first
            arcs, owner = arcs[order], owner[order]
            lengths = np.bincount(owner, minlength=ks.size)
            cost = np.bincount(owner, weights=problem.cost_of_class(c)[arcs], minlength=ks.size)
            out_commodity.append(ks)
            out_cost.append(cost)
            out_lengths.append(lengths)
            out_arcs.append(arcs)
    if not out_commodity:
        empty = np.zeros(0, dtype=np.int64)
        return empty, np.zeros(0), empty, empty, least_rc
    return (
        np.concatenate(out_commodity),
        np.concatenate(out_cost),
        np.concatenate(out_lengths),
        np.concatenate(out_arcs),
        least_rc,
    )


class _Master:
    """The restricted master LP, grown in place between iterations.

    Variables: ``u_0..u_{K-1}`` then the columns in order of generation. Rows: the
    demand rows (ids ``0..K-1``), then one row per capacitated arc or group as soon
    as a generated path uses it, with ids in order of first use. Ids only grow, so
    an incremental backend receives each iteration as an update.
    """

    def __init__(self, problem: FlowProblem) -> None:
        self.problem = problem
        k_count = problem.n_commodities
        self.has_capacity = np.isfinite(problem.arc_capacity)
        self.arc_row = np.full(problem.n_arcs, -1, dtype=np.int64)
        self.group_row = np.full(problem.n_groups, -1, dtype=np.int64)
        self.row_is_group = np.zeros(0, dtype=bool)  # per shared row, in id order
        self.row_index = np.zeros(0, dtype=np.int64)  # arc or group of each row
        self.next_row = k_count

    def _open_rows(self, index: np.ndarray, row_of: np.ndarray, is_group: bool) -> None:
        fresh = index[row_of[index] < 0]
        row_of[fresh] = self.next_row + np.arange(fresh.size)
        self.next_row += fresh.size
        self.row_is_group = np.concatenate([self.row_is_group, np.full(fresh.size, is_group)])
        self.row_index = np.concatenate([self.row_index, fresh])

    def lp(self, columns: _Columns) -> LinearProgram:
        """The master LP over the current columns."""
        problem = self.problem
        k_count, m = problem.n_commodities, problem.n_arcs
        incidence = columns.incidence(m).tocsr()  # (m, ncol)
        used = np.diff(incidence.indptr) > 0
        self._open_rows(np.flatnonzero(used & self.has_capacity), self.arc_row, False)
        group_part = None
        if problem.n_groups:
            group_part = (problem.group_arcs @ incidence).tocsr()
            group_part.eliminate_zeros()
            touched = np.flatnonzero(np.diff(group_part.indptr) > 0)
            self._open_rows(touched, self.group_row, True)
        ncol = columns.count
        demand = sp.hstack(
            [
                sp.identity(k_count, format="csr"),
                sp.csr_matrix(
                    (np.ones(ncol), (columns.commodity, np.arange(ncol))),
                    shape=(k_count, ncol),
                ),
            ],
            format="csr",
        )
        arc_rows = self.row_index[~self.row_is_group]
        group_rows = self.row_index[self.row_is_group]
        shared = [incidence[arc_rows]]
        upper = [problem.arc_capacity[arc_rows]]
        if group_part is not None and group_rows.size:
            shared.append(group_part[group_rows])
            upper.append(problem.group_capacity[group_rows])
        # stacked as (arc rows, group rows): put back in id order
        order = np.argsort(
            np.concatenate([self.arc_row[arc_rows], self.group_row[group_rows]]), kind="stable"
        )
        shared_matrix = sp.vstack(shared, format="csr")[order]
        n_shared = order.size
        matrix = sp.vstack(
            [demand, sp.hstack([sp.csr_matrix((n_shared, k_count)), shared_matrix])],
            format="csr",
        )
        n_var = k_count + ncol
        return LinearProgram(
            objective=np.concatenate([problem.unserved_penalty, columns.cost]),
            lower=np.zeros(n_var),
            upper=np.full(n_var, np.inf),
            matrix=matrix,
            row_lower=np.concatenate([problem.commodity_demand, np.full(n_shared, -np.inf)]),
            row_upper=np.concatenate([problem.commodity_demand, np.concatenate(upper)[order]]),
            row_ids=np.arange(k_count + n_shared, dtype=np.int64),
        )

    def duals(self, row_dual: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Split master duals into pi (K,), arc savings (m,) and group savings (g,)."""
        problem = self.problem
        k_count = problem.n_commodities
        pi = row_dual[:k_count].copy()
        arc_dual = np.zeros(problem.n_arcs)
        group_dual = np.zeros(problem.n_groups)
        # MathOpt: dual = d objective / d bound, <= 0 on a binding <= row of a
        # minimisation; the saving of one more unit of capacity is its opposite.
        saving = np.maximum(-row_dual[k_count:], 0.0)
        arc_dual[self.row_index[~self.row_is_group]] = saving[~self.row_is_group]
        group_dual[self.row_index[self.row_is_group]] = saving[self.row_is_group]
        return pi, arc_dual, group_dual


def _extend_basis(
    basis: tuple[np.ndarray, np.ndarray], lp: LinearProgram
) -> tuple[np.ndarray, np.ndarray]:
    """Previous basis; new columns at their lower bound, new rows' slacks basic.

    Columns and rows are only ever appended, so the old statuses keep their
    positions, and the new basis has exactly one basic entry per row.
    """
    variable_status = np.full(lp.n_variables, _AT_LOWER, dtype=np.int64)
    variable_status[: basis[0].size] = basis[0]
    row_status = np.full(lp.n_rows, _BASIC, dtype=np.int64)
    row_status[: basis[1].size] = basis[1]
    return variable_status, row_status


def _solution_arrays(
    problem: FlowProblem, columns: _Columns, flows: np.ndarray, unserved: np.ndarray
) -> dict[str, object]:
    """Arc flows per class, and the paths table, from the column flows."""
    m, n_classes = problem.n_arcs, problem.n_classes
    class_arc_flow = np.zeros((n_classes, m))
    rows = []
    if columns.count and flows.size:
        lengths = np.diff(columns.indptr)
        owner_flow = np.repeat(flows, lengths)
        owner_class = np.repeat(problem.commodity_class[columns.commodity], lengths)
        np.add.at(class_arc_flow, (owner_class, columns.arcs), owner_flow)
        scale = max(float(problem.commodity_demand.max()), 1.0)
        for j in np.flatnonzero(flows > 1e-9 * scale):
            arcs = columns.arcs[columns.indptr[j] : columns.indptr[j + 1]]
            rows.append((int(columns.commodity[j]), tuple(arcs.tolist()), float(flows[j])))
    paths: pd.DataFrame = _paths_frame(problem, rows)
    return {
        "arc_flow": class_arc_flow.sum(axis=0),
        "class_arc_flow": class_arc_flow,
        "paths": paths,
        "unserved": unserved,
    }
