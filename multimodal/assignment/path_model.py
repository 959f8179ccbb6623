"""Path-based LP of the multi-commodity flow, solved by column generation.

The restricted master LP has one variable per generated (commodity, path) and one
unserved variable per commodity::

    min  sum_p c_p f_p + sum_k penalty_k u_k
    s.t. sum_{p of k} f_p + u_k = demand_k          (dual pi_k, free)
         sum_{p through a} f_p <= capacity_a        (dual alpha_a <= 0)
         sum_p (sum_{a in p} w_ia) f_p <= G_i       (dual beta_i <= 0)
         f, u >= 0

Pricing: the reduced cost of a path ``p`` of commodity ``k`` is
``sum_{a in p} (c_a - alpha_a - sum_i w_ia beta_i) - pi_k``. All these arc weights are
>= 0, so one Dijkstra per (class, origin) on a CSR matrix built once per iteration
finds, for every commodity, its path of least reduced cost. Every path with reduced
cost below ``-tol * max(1, pi_k)`` joins the master.

Two devices keep the master small, which is what its solve time depends on:

- *lazy capacity rows*: a capacity (arc or group) row enters the master only once a
  master solution violates it; rows that never bind never enter. An absent row has
  dual 0, which is optimal for it once the master's flows respect it.
- *column pruning*: a path that carried no flow for ``_IDLE_ITERATIONS`` masters in a
  row and prices above zero leaves the master (pricing brings it back if needed).

The loop stops when no path prices out and the master's flows respect every
capacity: the master optimum is then the LP optimum (the same value as the arc-based
LP) and its duals are optimal. At every iteration
``master + sum_k demand_k * min(0, least reduced cost_k)`` is a valid (Lagrangian)
lower bound, so a run stopped by its time or iteration limit reports an honest gap;
it returns the last master solution that respected every capacity (or, before there
is one, everything unserved), so the answer is always feasible.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._options import check_seed, check_time_limit, check_workers, options_meta, renamed
from .._ortools import FEASIBLE, OPTIMAL, SolveInfo
from .._results import run_meta
from ..exceptions import SolverError
from ._lp import SOLVERS, LinearProgram, LPOptions, solve_lp
from ._pricing import ClassGraph, Paths, price_paths, reduced_costs, subset_paths
from .problem import FlowProblem, FlowSolution, paths_frame, warn_stopped

__all__ = ["solve_path_based"]

logger = logging.getLogger("multimodal")

#: A column idle (no flow, positive reduced cost) this many masters in a row leaves.
_IDLE_ITERATIONS = 3
#: HiGHS masters with more nonzeros than this are solved by barrier (+ crossover):
#: measured faster than dual simplex from scratch on large masters (see docs).
_BARRIER_NONZEROS = 15_000
#: Proven relative gaps whose first time is recorded in ``stats``.
_GAP_LEVELS = (1e-2, 1e-4)
#: Relative tolerance of "flow exceeds capacity" when opening lazy rows.
_FEASIBILITY_TOL = 1e-9


class _Columns:
    """The pool of generated paths, stored flat (CSR-like), some active in the master."""

    def __init__(self) -> None:
        self.commodity = np.zeros(0, dtype=np.int64)
        self.cost = np.zeros(0)
        self.indptr = np.zeros(1, dtype=np.int64)
        self.arcs = np.zeros(0, dtype=np.int64)
        self.active = np.zeros(0, dtype=bool)
        self.idle = np.zeros(0, dtype=np.int64)
        self.index: dict[tuple[int, bytes], int] = {}

    @property
    def count(self) -> int:
        return int(self.commodity.size)

    def add(
        self, commodity: np.ndarray, cost: np.ndarray, lengths: np.ndarray, arcs: np.ndarray
    ) -> int:
        """Add new paths and re-activate pruned ones; return how many entered."""
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        keep = np.zeros(commodity.size, dtype=bool)
        entered = 0
        for i in range(commodity.size):
            key = (int(commodity[i]), arcs[offsets[i] : offsets[i + 1]].tobytes())
            known = self.index.get(key)
            if known is None:
                self.index[key] = self.count + int(keep.sum())
                keep[i] = True
                entered += 1
            elif not self.active[known]:
                self.active[known] = True
                self.idle[known] = 0
                entered += 1
        if keep.any():
            take = np.repeat(keep, lengths)
            self.commodity = np.concatenate([self.commodity, commodity[keep]])
            self.cost = np.concatenate([self.cost, cost[keep]])
            self.indptr = np.concatenate([self.indptr, self.indptr[-1] + np.cumsum(lengths[keep])])
            self.arcs = np.concatenate([self.arcs, arcs[take]])
            self.active = np.concatenate([self.active, np.ones(int(keep.sum()), bool)])
            self.idle = np.concatenate([self.idle, np.zeros(int(keep.sum()), np.int64)])
        return entered

    def incidence(self, n_arcs: int) -> sp.csc_matrix:
        """``(m, pool size)`` 0/1 matrix: which arcs each path uses."""
        return sp.csc_matrix(
            (np.ones(self.arcs.size), self.arcs, self.indptr), shape=(n_arcs, self.count)
        )


@renamed(threads="workers")
def solve_path_based(  # noqa: PLR0913 - the engine's own keywords; assign groups them
    problem: FlowProblem,
    *,
    solver: str = "highs",
    time_limit_s: float | None = None,
    max_iterations: int = 500,
    tol: float = 1e-9,
    smoothing: float = 0.5,
    workers: int = 1,
    seed: int = 0,
    verbose: bool = False,
) -> FlowSolution:
    """Solve the multi-commodity flow LP by column generation over paths.

    Parameters
    ----------
    problem
        The problem (vertices, arcs, capacities, commodities).
    solver
        MathOpt backend of the master LP: ``"highs"`` (default; dual simplex on
        small masters, barrier with crossover on large ones), ``"glop"`` or
        ``"pdlp"`` (first-order: approximate duals, more iterations).
    time_limit_s
        Wall-clock limit for the whole column generation, seconds (None, the
        default: none; the LP ends on its own). When it is hit, the last master
        solution that respects every capacity is returned with
        ``status="feasible"``, the Lagrangian bound and its gap, and a
        ``TimeLimitWarning``.
    max_iterations
        Most pricing rounds; hitting it is reported like a time limit.
    tol
        Relative reduced-cost tolerance: a path joins the master when its reduced
        cost is below ``-tol * max(1, pi_k)`` (``pi_k`` the commodity's dual, CNY
        per TEU). A path already in the master is never added twice, which also
        ends the loop when solver round-off would price one out again.
    smoothing
        Dual smoothing (Wentges): pricing uses ``smoothing * best-bound duals +
        (1 - smoothing) * master duals``, which damps the swings of the master's
        duals and cuts iterations; when that finds no path that prices out at the
        master's own duals, those are priced exactly, so the optimum is unchanged.
        0 switches it off.
    workers
        Master LP threads (1, the default, is deterministic); ``threads=`` is its
        old, deprecated name.
    seed
        Master LP random seed.
    verbose
        Send HiGHS's (the backend's) own log of every master solve to the
        ``multimodal`` logger at INFO; it changes no result.

    Returns
    -------
    FlowSolution
        Flows, paths, unserved demand, duals and solve info. ``stats`` holds
        ``iterations``, ``columns`` (generated), ``master_columns`` and
        ``master_rows`` (last master), ``pricing_s``, ``master_s`` and the bound.

    Raises
    ------
    SolverError
        Unknown solver or a backend failure.
    ParameterError
        A bad time limit, seed or worker count.
    """
    if solver not in SOLVERS or solver == "gscip":
        message = f"solver {solver!r}: use 'highs', 'glop' or 'pdlp' for the master LP"
        raise SolverError(message)
    options = LPOptions(
        solver=solver,
        time_limit_s=check_time_limit(time_limit_s),
        workers=check_workers(workers),
        seed=check_seed(seed),
        verbose=bool(verbose),
    )
    start = time.perf_counter()
    run = _ColumnGeneration(problem, options, tol=tol, smoothing=smoothing)
    build_time_s = time.perf_counter() - start
    run.solve(max_iterations)
    return run.solution(build_time_s)


class _ColumnGeneration:
    """One run of column generation: the pool, the master, the duals and the incumbent."""

    def __init__(
        self, problem: FlowProblem, options: LPOptions, *, tol: float, smoothing: float
    ) -> None:
        self.problem = problem
        self.options = options
        self.tol = tol
        self.smoothing = smoothing
        m, g = problem.n_arcs, problem.n_groups
        self.classes = [ClassGraph(problem, c) for c in range(problem.n_classes)]
        self.group_arcs_t = problem.group_arcs.T.tocsr()
        # commodities of each class, grouped by origin, for one Dijkstra per origin
        self.by_class: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for c in range(problem.n_classes):
            members = np.flatnonzero(problem.commodity_class == c)
            origins, origin_row = np.unique(problem.commodity_origin[members], return_inverse=True)
            self.by_class.append((members, origins, origin_row))
        self.columns = _Columns()
        self.master = _Master(problem)
        self.penalty = problem.unserved_penalty
        self.finite = np.isfinite(problem.arc_capacity)
        self.finite_capacity = problem.arc_capacity[self.finite]
        demand = problem.commodity_demand
        # duals of the empty master: u_k only
        self.pi = problem.unserved_penalty.copy()
        self.arc_dual = np.zeros(m)
        self.group_dual = np.zeros(g)
        self.master_objective = float(problem.unserved_penalty @ demand)
        # the incumbent: last master solution within every capacity (all unserved at first)
        self.best_flows = np.zeros(0)
        self.best_unserved = demand.copy()
        self.best_objective = self.master_objective
        self.best_bound = -math.inf
        self.center: tuple[np.ndarray, np.ndarray] | None = None  # duals of the best bound
        self.time_to_gap: dict[float, float] = {}
        self.violated = False
        self.up_to_date = False  # the master was solved with the current columns and rows
        self.pricing_s = self.master_s = self.master_build_s = 0.0
        self.simplex_iterations = 0
        self.lp_shape = (0, 0)
        self.converged = False
        self.stopped_by = "iterations"
        self.iteration = 0
        self.solve_start = math.nan
        self.solve_time_s = 0.0
        self.max_iterations = 0

    # --- prices ------------------------------------------------------------------
    def extra(self, duals: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        """Arc surcharge of capacity and group prices, CNY per TEU."""
        return duals[0] + self.group_arcs_t @ duals[1] if self.problem.n_groups else duals[0]

    def lagrangian(self, distance: np.ndarray, duals: tuple[np.ndarray, np.ndarray]) -> float:
        """Lagrangian lower bound from any prices >= 0.

        Each commodity takes its cheapest priced path or stays unserved, minus
        what the priced capacities are worth.
        """
        problem = self.problem
        served = float(problem.commodity_demand @ np.minimum(self.penalty, distance))
        worth = float(duals[0][self.finite] @ self.finite_capacity)
        if problem.n_groups:
            worth += float(duals[1] @ problem.group_capacity)
        return served - worth

    def price_at(self, extra: np.ndarray, threshold: np.ndarray) -> Paths:
        """The paths cheaper than ``threshold`` at arc surcharges ``extra``."""
        return price_paths(
            self.problem, self.classes, self.by_class, extra, threshold, self.penalty
        )

    def _bound(self, distance: np.ndarray, duals: tuple[np.ndarray, np.ndarray]) -> None:
        bound = self.lagrangian(distance, duals)
        if bound > self.best_bound:
            self.best_bound, self.center = bound, duals

    def price(self) -> Paths:
        """Paths that price out at the master's duals (smoothed pricing first)."""
        tol, pi = self.tol, self.pi
        smoothing = self.smoothing
        if self.center is not None and smoothing > 0.0:
            # price at a point between the best-bound duals and the master's: the
            # master's duals swing from one extreme to another, the mix does not
            mixed = (
                smoothing * self.center[0] + (1.0 - smoothing) * self.arc_dual,
                smoothing * self.center[1] + (1.0 - smoothing) * self.group_dual,
            )
            candidates = self.price_at(self.extra(mixed), self.penalty)
            self._bound(candidates[4], mixed)
            # keep the paths that price out at the master's own duals
            keep = reduced_costs(candidates, self.extra((self.arc_dual, self.group_dual)), pi) < (
                -tol * np.maximum(1.0, np.abs(pi[candidates[0]]))
            )
            if keep.any():
                return subset_paths(candidates, keep)
        # no smoothing yet, or it mispriced: the master's duals
        duals = (self.arc_dual, self.group_dual)
        threshold = pi - tol * np.maximum(1.0, np.abs(pi))
        found = self.price_at(self.extra(duals), threshold)
        self._bound(found[4], duals)
        return found

    # --- the loop ------------------------------------------------------------------
    def seed_columns(self) -> None:
        """Seed each commodity with its cheapest path that uses no capacity at all.

        The first masters then route around full lines at a real cost instead of
        leaving demand unserved, and their duals say more.
        """
        problem = self.problem
        shared = np.isfinite(problem.arc_capacity) | (np.diff(self.group_arcs_t.indptr) > 0)
        if shared.any():
            blocked = np.where(shared, np.inf, 0.0)
            seeds = self.price_at(blocked, self.penalty)
            self.columns.add(*seeds[:4])

    def solve(self, max_iterations: int) -> None:
        """Price and solve masters until no path prices out, or a limit."""
        self.solve_start = time.perf_counter()
        self.max_iterations = max_iterations
        self.seed_columns()
        time_limit_s = self.options.time_limit_s
        deadline = math.inf if time_limit_s is None else self.solve_start + time_limit_s
        for iteration in range(1, max_iterations + 1):
            self.iteration = iteration
            price_start = time.perf_counter()
            found = self.price()
            self.pricing_s += time.perf_counter() - price_start
            self._record_gap()
            entered = self.columns.add(*found[:4])
            logger.debug(
                "column generation %d: master %.9g, bound %.9g, %d paths in, %d rows",
                iteration,
                self.master_objective,
                self.best_bound,
                entered,
                self.lp_shape[0],
            )
            if entered == 0 and self.up_to_date and not self.violated:
                self.converged = True
                break
            if time.perf_counter() >= deadline:
                self.stopped_by = "time"
                break
            if not self.solve_master(deadline):
                self.stopped_by = "time"
                break
        self.solve_time_s = time.perf_counter() - self.solve_start

    def _record_gap(self) -> None:
        gap = (self.best_objective - self.best_bound) / max(abs(self.best_objective), 1e-9)
        for level in _GAP_LEVELS:
            if gap <= level and level not in self.time_to_gap:
                self.time_to_gap[level] = time.perf_counter() - self.solve_start

    def solve_master(self, deadline: float) -> bool:
        """Solve the restricted master; False when its time limit stopped it."""
        k_count = self.problem.n_commodities
        build_start = time.perf_counter()
        lp, active = self.master.lp(self.columns)
        self.lp_shape = (lp.n_rows, lp.n_variables)
        self.master_build_s += time.perf_counter() - build_start
        options = self.options
        remaining = (
            None if options.time_limit_s is None else max(deadline - time.perf_counter(), 0.01)
        )
        large = options.solver == "highs" and lp.matrix.nnz > _BARRIER_NONZEROS
        result = solve_lp(
            lp,
            replace(options, time_limit_s=remaining, lp_algorithm="barrier" if large else None),
        )
        self.master_s += result.info.solve_time_s
        self.master_build_s += result.build_time_s
        self.simplex_iterations += result.simplex_iterations
        if result.info.status != OPTIMAL or result.row_dual is None or result.x is None:
            if not result.info.time_limit_reached:
                message = f"column generation master LP ended '{result.info.status}'"
                raise SolverError(message)
            return False
        self.master_objective = result.info.objective
        self.pi, self.arc_dual, self.group_dual = self.master.duals(result.row_dual)
        flows = np.zeros(self.columns.count)
        flows[active] = np.maximum(result.x[k_count:], 0.0)
        unserved = np.maximum(result.x[:k_count], 0.0)
        self.violated = self.master.update_rows(self.columns, flows, self.arc_dual, self.group_dual)
        self.up_to_date = True
        if not self.violated:
            self.best_flows, self.best_unserved = flows, unserved
            self.best_objective = self.master_objective
        extra = self.extra((self.arc_dual, self.group_dual))
        self.master.prune(self.columns, flows, extra, self.pi, self.tol)
        return True

    # --- the answer ----------------------------------------------------------------
    def solution(self, build_time_s: float) -> FlowSolution:
        """The incumbent as a ``FlowSolution`` (duals only when converged)."""
        problem = self.problem
        m, k_count, g = problem.n_arcs, problem.n_commodities, problem.n_groups
        if self.converged:
            self.best_bound = self.best_objective
        best_bound = self.best_bound
        info = SolveInfo(
            solver=SOLVERS[self.options.solver][1] + ", column generation",
            status=OPTIMAL if self.converged else FEASIBLE,
            objective=self.best_objective,
            best_bound=best_bound if math.isfinite(best_bound) else math.nan,
            solve_time_s=self.solve_time_s,
            time_limit_reached=self.stopped_by == "time",
            build_time_s=build_time_s,
            time_limit_s=self.options.time_limit_s,
        )
        arrays = _solution_arrays(problem, self.columns, self.best_flows, self.best_unserved)
        arc_dual, group_dual, pi = self.arc_dual, self.group_dual, self.pi
        if not self.converged:  # duals of a restricted master are not the LP's duals
            arc_dual = np.full(m, np.nan)
            group_dual = np.full(g, np.nan)
            pi = np.full(k_count, np.nan)
        logger.info(
            "path-based: %d iterations, %d paths generated, pricing %.2f s, master %.2f s; %s",
            self.iteration,
            self.columns.count,
            self.pricing_s,
            self.master_s,
            info,
        )
        if not self.converged:
            warn_stopped(info, f"column generation (stopped by its {self.stopped_by} limit)")
        return FlowSolution(
            **arrays,
            arc_capacity_dual=arc_dual,
            group_capacity_dual=group_dual,
            demand_dual=pi,
            objective=self.best_objective,
            solve_info=info,
            build_time_s=build_time_s,
            solve_time_s=self.solve_time_s,
            method="path",
            stats=self.stats(),
            meta=run_meta(
                "solve_path_based",
                inputs=problem.sizes(),
                options=options_meta(
                    solver=self.options.solver,
                    time_limit_s=self.options.time_limit_s,
                    workers=self.options.workers,
                    max_iterations=self.max_iterations,
                    tol=self.tol,
                    smoothing=self.smoothing,
                ),
                seed=self.options.seed,
            ),
        )

    def stats(self) -> dict[str, float]:
        """Engine figures: iterations, columns, master size, time split, bound."""
        k_count = self.problem.n_commodities
        lp_shape = self.lp_shape
        stats = {
            "iterations": float(self.iteration),
            "columns": float(self.columns.count),
            "master_columns": float(lp_shape[1] - k_count) if lp_shape[1] else 0.0,
            "master_rows": float(lp_shape[0]),
            "pricing_s": self.pricing_s,
            "master_s": self.master_s,
            "master_build_s": self.master_build_s,
            "simplex_iterations": float(self.simplex_iterations),
            "lagrangian_bound": self.best_bound,
        }
        for level in _GAP_LEVELS:  # when the proven gap first fell to 1%, 0.01%
            stats[f"time_to_gap_{level:g}_s"] = self.time_to_gap.get(level, self.solve_time_s)
        return stats


class _Master:
    """The restricted master LP: demand rows, opened capacity rows, active paths."""

    def __init__(self, problem: FlowProblem) -> None:
        self.problem = problem
        self.open_arcs = np.zeros(0, dtype=np.int64)
        self.open_groups = np.zeros(0, dtype=np.int64)
        self.is_open_arc = np.zeros(problem.n_arcs, dtype=bool)
        self.is_open_group = np.zeros(problem.n_groups, dtype=bool)
        self.arc_idle = np.zeros(problem.n_arcs, dtype=np.int64)
        self.group_idle = np.zeros(problem.n_groups, dtype=np.int64)

    def lp(self, columns: _Columns) -> tuple[LinearProgram, np.ndarray]:
        """The master LP and the pool index of each of its path columns."""
        problem = self.problem
        k_count = problem.n_commodities
        active = np.flatnonzero(columns.active)
        incidence = columns.incidence(problem.n_arcs)[:, active].tocsr()  # (m, ncol)
        ncol = active.size
        demand = sp.hstack(
            [
                sp.identity(k_count, format="csr"),
                sp.csr_matrix(
                    (np.ones(ncol), (columns.commodity[active], np.arange(ncol))),
                    shape=(k_count, ncol),
                ),
            ],
            format="csr",
        )
        shared = sp.vstack(
            [incidence[self.open_arcs], problem.group_arcs[self.open_groups] @ incidence],
            format="csr",
        )
        n_shared = shared.shape[0]
        matrix = sp.vstack(
            [demand, sp.hstack([sp.csr_matrix((n_shared, k_count)), shared])], format="csr"
        )
        n_var = k_count + ncol
        upper = np.concatenate(
            [
                problem.commodity_demand,
                problem.arc_capacity[self.open_arcs],
                problem.group_capacity[self.open_groups],
            ]
        )
        lower = np.concatenate([problem.commodity_demand, np.full(n_shared, -np.inf)])
        lp = LinearProgram(
            objective=np.concatenate([problem.unserved_penalty, columns.cost[active]]),
            lower=np.zeros(n_var),
            upper=np.full(n_var, np.inf),
            matrix=matrix,
            row_lower=lower,
            row_upper=upper,
        )
        return lp, active

    def update_rows(
        self,
        columns: _Columns,
        flows: np.ndarray,
        arc_dual: np.ndarray,
        group_dual: np.ndarray,
    ) -> bool:
        """Open the capacity rows the flows exceed, close long-idle ones.

        A row is idle when its capacity is slack and its dual is 0; one idle for
        ``_IDLE_ITERATIONS`` masters in a row leaves (the master's normal equations
        grow denser with every row that long paths share). Returns whether any
        capacity was exceeded, i.e. whether the flows are infeasible.
        """
        problem = self.problem
        arc_flow = columns.incidence(problem.n_arcs) @ flows
        group_flow = problem.group_arcs @ arc_flow
        exceeded = False
        for flow, capacity, dual, is_open, idle in (
            (arc_flow, problem.arc_capacity, arc_dual, self.is_open_arc, self.arc_idle),
            (group_flow, problem.group_capacity, group_dual, self.is_open_group, self.group_idle),
        ):
            slack = _FEASIBILITY_TOL * np.maximum(1.0, np.where(np.isfinite(capacity), capacity, 0))
            over = (flow > capacity + slack) & ~is_open
            exceeded |= bool(over.any())
            is_open[over] = True
            loose = is_open & (flow < capacity - 1e3 * slack) & (dual <= 0.0)
            idle[:] = np.where(loose, idle + 1, 0)
            is_open[idle >= _IDLE_ITERATIONS] = False
            idle[idle >= _IDLE_ITERATIONS] = 0
        self.open_arcs = np.flatnonzero(self.is_open_arc)
        self.open_groups = np.flatnonzero(self.is_open_group)
        return exceeded

    def duals(self, row_dual: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Split master duals into pi (K,), arc savings (m,) and group savings (g,).

        Rows not in the master get 0. MathOpt's dual is ``d objective / d bound``,
        <= 0 on a binding ``<=`` row of a minimisation; the saving of one more unit
        of capacity is its opposite, >= 0.
        """
        problem = self.problem
        k_count = problem.n_commodities
        n_arcs = self.open_arcs.size
        saving = np.maximum(-row_dual[k_count:], 0.0)
        arc_dual = np.zeros(problem.n_arcs)
        arc_dual[self.open_arcs] = saving[:n_arcs]
        group_dual = np.zeros(problem.n_groups)
        group_dual[self.open_groups] = saving[n_arcs:]
        return row_dual[:k_count].copy(), arc_dual, group_dual

    def prune(
        self,
        columns: _Columns,
        flows: np.ndarray,
        extra: np.ndarray,
        pi: np.ndarray,
        tol: float,
    ) -> None:
        """Deactivate paths idle (no flow, reduced cost > 0) for a few masters."""
        active = np.flatnonzero(columns.active)
        if active.size == 0:
            return
        lengths = np.diff(columns.indptr)
        surcharge = np.add.reduceat(extra[columns.arcs], columns.indptr[:-1])
        surcharge[lengths == 0] = 0.0
        owner = columns.commodity[active]
        reduced = columns.cost[active] + surcharge[active] - pi[owner]
        scale = float(self.problem.commodity_demand.max())
        idle = (flows[active] <= 1e-12 * scale) & (reduced > tol * np.maximum(1.0, pi[owner]))
        columns.idle[active] = np.where(idle, columns.idle[active] + 1, 0)
        columns.active[active[columns.idle[active] >= _IDLE_ITERATIONS]] = False


def _solution_arrays(
    problem: FlowProblem, columns: _Columns, flows: np.ndarray, unserved: np.ndarray
) -> dict[str, Any]:
    """Arc flows per class, and the paths table, from the pool's column flows."""
    m, n_classes = problem.n_arcs, problem.n_classes
    class_arc_flow = np.zeros((n_classes, m))
    rows = []
    if flows.size:
        scale = max(float(problem.commodity_demand.max()), 1.0)
        used = np.flatnonzero(flows > 1e-9 * scale)
        lengths = np.diff(columns.indptr)[used]
        starts = columns.indptr[used]
        arcs = columns.arcs[
            np.repeat(starts - np.cumsum(np.r_[0, lengths[:-1]]), lengths)
            + np.arange(lengths.sum())
        ]
        owner_flow = np.repeat(flows[used], lengths)
        owner_class = np.repeat(problem.commodity_class[columns.commodity[used]], lengths)
        np.add.at(class_arc_flow, (owner_class, arcs), owner_flow)
        for j in used:
            path = columns.arcs[columns.indptr[j] : columns.indptr[j + 1]]
            rows.append((int(columns.commodity[j]), tuple(path.tolist()), float(flows[j])))
    paths: pd.DataFrame = paths_frame(problem, rows)
    return {
        "arc_flow": class_arc_flow.sum(axis=0),
        "class_arc_flow": class_arc_flow,
        "paths": paths,
        "unserved": unserved,
    }
