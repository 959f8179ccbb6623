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
from .._ortools import FEASIBLE, OPTIMAL, SolveInfo, native_stdout
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
#: measured faster than dual simplex from scratch on large masters (see docs)...
_BARRIER_NONZEROS = 15_000
#: ... whose capacity rows are at least this share of their rows (few commodities,
#: long columns crossing many capacities). A master of many commodities and few
#: coupling rows (the national network: 1.7 % of 101,741 rows) is the opposite case:
#: dual simplex 21 s, barrier + crossover 75 s, on the same master (docs).
_BARRIER_SHARED_ROWS = 0.25
#: Proven relative gaps whose first time is recorded in ``stats``.
_GAP_LEVELS = (1e-2, 1e-4)
#: Keep the HiGHS master warm between iterations through ``highspy`` when installed.
_WARM_MASTER = True
#: A warm master that gains more capacity rows than this is re-solved from scratch.
_WARM_MAX_NEW_ROWS = 200
#: ... or more new columns than this (national master, 72,645 new columns: warm primal
#: simplex over 75 s, dual simplex from scratch 21 s).
_WARM_MAX_NEW_COLUMNS = 2_000
_HIGHS_BANNER_SHOWN = False
#: Relative tolerance of "flow exceeds capacity" when opening lazy rows.
_FEASIBILITY_TOL = 1e-9


class _Columns:
    """The pool of generated paths, stored flat (CSR-like), some active in the master.

    Arc ids are kept as int32 (half the memory of a pool of hundreds of thousands of
    paths of dozens of arcs), and so are the bytes that key each path.
    """

    def __init__(self) -> None:
        self.commodity = np.zeros(0, dtype=np.int64)
        self.cost = np.zeros(0)
        self.indptr = np.zeros(1, dtype=np.int64)
        self.arcs = np.zeros(0, dtype=np.int32)
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
        arcs = arcs.astype(np.int32)
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
        # HiGHS kept warm between masters, when highspy is installed (``pip install
        # multimodal[fast]``); else each master is solved from scratch through MathOpt
        self.warm = _WarmHighs(problem, options) if _use_warm(options) else None
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
        # each commodity's distance with no surcharge: a lower bound at any prices
        self.base_distance: np.ndarray | None = None
        self.trees = self.trees_skipped = 0  # shortest-path trees grown and spared
        # partial pricing: the commodities of the origins that priced out last round
        self.origin_key = (
            problem.commodity_class.astype(np.int64) * problem.n_vertices + problem.commodity_origin
        )
        self.hot: np.ndarray | None = None
        self.full_rounds = self.partial_rounds = 0
        self.last_partial = False  # the last pricing was partial
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

    def price_at(
        self,
        extra: np.ndarray,
        threshold: np.ndarray,
        pi: np.ndarray | None = None,
        hot: np.ndarray | None = None,
    ) -> Paths:
        """The paths cheaper than ``threshold`` at arc surcharges ``extra``.

        With ``pi`` (the master's demand duals), only the commodities that could price
        out at them are priced: every surcharge is >= 0, so a commodity's distance at
        any prices is at least its distance at none (``base_distance``), and one whose
        base distance is not below ``pi_k - tol * max(1, |pi_k|)`` has no path of
        negative reduced cost. Its distance is reported as that lower bound (which
        keeps the Lagrangian bound valid); an origin none of whose commodities could
        price out needs no shortest-path tree. ``hot`` (a mask of commodities) prices
        only those (partial pricing), the others also get their lower bound.
        """
        by_class = self.by_class
        base = self.base_distance
        if pi is not None and base is not None:
            need = base < pi - self.tol * np.maximum(1.0, np.abs(pi))
            if hot is not None:
                need &= hot
            by_class = [_restrict(group, need) for group in by_class]
        grown = sum(int(group[1].size) for group in by_class)
        self.trees += grown
        self.trees_skipped += sum(int(group[1].size) for group in self.by_class) - grown
        found = price_paths(self.problem, self.classes, by_class, extra, threshold, self.penalty)
        if base is None:
            if not extra.any():  # no surcharge: these are the base distances
                self.base_distance = found[4].copy()
        elif pi is not None:
            distance = found[4]
            skipped = ~need
            distance[skipped] = base[skipped]
        return found

    def _bound(self, distance: np.ndarray, duals: tuple[np.ndarray, np.ndarray]) -> None:
        bound = self.lagrangian(distance, duals)
        if bound > self.best_bound:
            self.best_bound, self.center = bound, duals

    def price(self) -> Paths:
        """Paths that price out at the master's duals: partial pricing, else all.

        After a round in which some commodities priced out, the next round grows the
        trees of their origins only (every commodity of those origins is priced: one
        tree serves all its destinations). Only a full round that finds nothing
        proves the optimum, so a partial round that finds nothing is followed at once
        by a full one.
        """
        if self.hot is not None:
            found = self._price(self.hot)
            if found[0].size:
                self.hot = self._hot(found[0])
                self.last_partial = True
                return found
        self.last_partial = False
        found = self._price(None)
        self.hot = self._hot(found[0]) if found[0].size else None
        return found

    def _hot(self, commodities: np.ndarray) -> np.ndarray:
        """Mask of the commodities that share an origin (and class) with these."""
        key = self.origin_key
        return np.isin(key, key[commodities])

    def _price(self, hot: np.ndarray | None) -> Paths:
        """Price at the master's duals (smoothed first), all or only ``hot`` commodities."""
        self.full_rounds += hot is None
        self.partial_rounds += hot is not None
        tol, pi = self.tol, self.pi
        smoothing = self.smoothing
        if self.center is not None and smoothing > 0.0:
            # price at a point between the best-bound duals and the master's: the
            # master's duals swing from one extreme to another, the mix does not
            mixed = (
                smoothing * self.center[0] + (1.0 - smoothing) * self.arc_dual,
                smoothing * self.center[1] + (1.0 - smoothing) * self.group_dual,
            )
            candidates = self.price_at(self.extra(mixed), self.penalty, pi, hot)
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
        found = self.price_at(self.extra(duals), threshold, pi, hot)
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
            entered = self.columns.add(*found[:4])
            if entered == 0 and self.last_partial:  # only a full pricing proves the optimum
                self.hot = None
                found = self.price()
                entered = self.columns.add(*found[:4])
            self.pricing_s += time.perf_counter() - price_start
            self._record_gap()
            logger.debug(
                "column generation %d: master %.9g, bound %.9g, %d paths in, %d rows, "
                "%d trees grown, %d spared, %d full and %d partial pricings",
                iteration,
                self.master_objective,
                self.best_bound,
                entered,
                self.lp_shape[0],
                self.trees,
                self.trees_skipped,
                self.full_rounds,
                self.partial_rounds,
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

    def _solve_warm(self, deadline: float) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
        """The master by the warm-started HiGHS model: (x, row duals, active), None if stopped."""
        assert self.warm is not None
        remaining = (
            None if self.options.time_limit_s is None else max(deadline - time.perf_counter(), 0.01)
        )
        start = time.perf_counter()
        status, objective, x, row_dual, active, seconds = self.warm.solve(
            self.master, self.columns, remaining
        )
        self.master_s += seconds
        self.master_build_s += time.perf_counter() - start - seconds
        self.simplex_iterations = self.warm.simplex_iterations
        self.lp_shape = (
            self.problem.n_commodities + self.warm.row_key.size,
            self.problem.n_commodities + active.size,
        )
        if status == "time":
            return None
        if status != "optimal":
            message = f"column generation master LP ended '{status}'"
            raise SolverError(message)
        self.master_objective = objective
        logger.debug(
            "master %d x %d (warm HiGHS): %.9g, %.2f s", *self.lp_shape, objective, seconds
        )
        return x, row_dual, active

    def solve_master(self, deadline: float) -> bool:
        """Solve the restricted master; False when its time limit stopped it."""
        k_count = self.problem.n_commodities
        if self.warm is not None:
            answer = self._solve_warm(deadline)
            if answer is None:
                return False
            x, row_dual, active = answer
            return self._read_master(x, row_dual, active)
        build_start = time.perf_counter()
        lp, active = self.master.lp(self.columns)
        self.lp_shape = (lp.n_rows, lp.n_variables)
        self.master_build_s += time.perf_counter() - build_start
        options = self.options
        remaining = (
            None if options.time_limit_s is None else max(deadline - time.perf_counter(), 0.01)
        )
        coupling = (lp.n_rows - k_count) >= _BARRIER_SHARED_ROWS * lp.n_rows
        large = options.solver == "highs" and lp.matrix.nnz > _BARRIER_NONZEROS and coupling
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
        return self._read_master(result.x, result.row_dual, active)

    def _read_master(self, x: np.ndarray, row_dual: np.ndarray, active: np.ndarray) -> bool:
        """Take a master's answer: duals, flows, rows to open or close, the incumbent."""
        k_count = self.problem.n_commodities
        self.pi, self.arc_dual, self.group_dual = self.master.duals(row_dual)
        flows = np.zeros(self.columns.count)
        flows[active] = np.maximum(x[k_count:], 0.0)
        unserved = np.maximum(x[:k_count], 0.0)
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
            solver=(
                "HiGHS (highspy, warm-started)"
                if self.warm is not None
                else SOLVERS[self.options.solver][1]
            )
            + ", column generation",
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
            "trees": float(self.trees),
            "trees_skipped": float(self.trees_skipped),
            "full_pricing_rounds": float(self.full_rounds),
            "partial_pricing_rounds": float(self.partial_rounds),
        }
        for level in _GAP_LEVELS:  # when the proven gap first fell to 1%, 0.01%
            stats[f"time_to_gap_{level:g}_s"] = self.time_to_gap.get(level, self.solve_time_s)
        return stats


class _WarmHighs:
    """The restricted master kept in one HiGHS model (``highspy``) across iterations.

    Each solve first brings the model in line with the pool and the open rows:
    pruned columns and closed rows leave (a pruned column has zero flow and a positive
    reduced cost, so it is non-basic; a closed row has been slack with a zero dual),
    new columns and rows are added, and HiGHS re-solves from the previous basis
    (primal simplex after new columns, dual after new rows) instead of from scratch.
    MathOpt's HiGHS interface ignores a starting basis (docs/assignment-solvers.md),
    hence the direct interface. The model and answers are those of ``_Master.lp``.
    """

    def __init__(self, problem: FlowProblem, options: LPOptions) -> None:
        import highspy

        self.highspy = highspy
        self.problem = problem
        highs = _new_highs(highspy)
        if options.verbose:  # HiGHS's own log, line by line, to the logger (not stdout)
            highs.cbLogging.subscribe(lambda event: logger.info("%s", event.message.rstrip()))
            highs.setOptionValue("log_to_console", False)
        highs.setOptionValue("output_flag", bool(options.verbose))
        highs.setOptionValue("solver", "simplex")
        highs.setOptionValue("threads", int(options.workers))
        highs.setOptionValue("random_seed", int(options.seed))
        k_count = problem.n_commodities
        demand = problem.commodity_demand
        highs.addVars(k_count, np.zeros(k_count), np.full(k_count, highspy.kHighsInf))
        highs.changeColsCost(
            k_count, np.arange(k_count, dtype=np.int32), problem.unserved_penalty.astype(float)
        )
        highs.addRows(
            k_count,
            demand,
            demand,
            k_count,
            np.arange(k_count, dtype=np.int32),
            np.arange(k_count, dtype=np.int32),
            np.ones(k_count),
        )
        self.highs = highs
        self.col_pool = np.zeros(0, dtype=np.int64)  # pool index of each path column
        self.row_key = np.zeros(0, dtype=np.int64)  # arc a, or n_arcs + group g
        self.simplex_iterations = 0

    def _rows_of(self, keys: np.ndarray, incidence: sp.csc_matrix) -> sp.csr_matrix:
        """Coefficients of capacity rows ``keys`` on the columns of ``incidence`` (m, n)."""
        m = self.problem.n_arcs
        arcs = keys[keys < m]
        groups = keys[keys >= m] - m
        pieces = sp.vstack(
            [incidence.tocsr()[arcs], self.problem.group_arcs[groups] @ incidence], format="csr"
        )
        # back to the order of ``keys`` (arcs first above)
        order = np.argsort(np.concatenate([np.flatnonzero(keys < m), np.flatnonzero(keys >= m)]))
        return pieces[order]

    def solve(
        self, master: _Master, columns: _Columns, time_limit_s: float | None
    ) -> tuple[str, float, np.ndarray, np.ndarray, np.ndarray, float]:
        """Sync and solve; (status, objective, x, row duals, active, seconds).

        ``x`` and the row duals are ordered as ``_Master.lp`` orders them: unserved
        then the active columns in pool order; demand rows, open arcs, open groups.
        """
        problem, highs, hs = self.problem, self.highs, self.highspy
        k_count, m = problem.n_commodities, problem.n_arcs
        keys = np.concatenate([master.open_arcs, m + master.open_groups])
        active = np.flatnonzero(columns.active)
        # 1. rows and columns that leave
        gone_rows = np.flatnonzero(~np.isin(self.row_key, keys))
        if gone_rows.size:
            highs.deleteRows(gone_rows.size, (k_count + gone_rows).astype(np.int32))
            self.row_key = np.delete(self.row_key, gone_rows)
        gone_cols = np.flatnonzero(~columns.active[self.col_pool])
        if gone_cols.size:
            highs.deleteCols(gone_cols.size, (k_count + gone_cols).astype(np.int32))
            self.col_pool = np.delete(self.col_pool, gone_cols)
        incidence = columns.incidence(m)
        # 2. new rows, over the columns already in the model
        new_keys = keys[~np.isin(keys, self.row_key)]
        if new_keys.size:
            rows = self._rows_of(new_keys, incidence[:, self.col_pool]).tocsr()
            rows.sum_duplicates()
            capacity = np.concatenate([problem.arc_capacity, problem.group_capacity])[new_keys]
            highs.addRows(
                new_keys.size,
                np.full(new_keys.size, -hs.kHighsInf),
                capacity,
                rows.nnz,
                rows.indptr[:-1].astype(np.int32),
                (k_count + rows.indices).astype(np.int32),
                rows.data.astype(float),
            )
            self.row_key = np.concatenate([self.row_key, new_keys])
        # 3. new columns, over every row
        new_cols = active[~np.isin(active, self.col_pool)]
        if new_cols.size:
            shared = self._rows_of(self.row_key, incidence[:, new_cols])
            demand = sp.csr_matrix(
                (np.ones(new_cols.size), (columns.commodity[new_cols], np.arange(new_cols.size))),
                shape=(k_count, new_cols.size),
            )
            block = sp.vstack([demand, shared], format="csc")
            block.sum_duplicates()
            highs.addCols(
                new_cols.size,
                columns.cost[new_cols].astype(float),
                np.zeros(new_cols.size),
                np.full(new_cols.size, hs.kHighsInf),
                block.nnz,
                block.indptr[:-1].astype(np.int32),
                block.indices.astype(np.int32),
                block.data.astype(float),
            )
            self.col_pool = np.concatenate([self.col_pool, new_cols])
        highs.setOptionValue("time_limit", math.inf if time_limit_s is None else time_limit_s)
        if new_keys.size > _WARM_MAX_NEW_ROWS or new_cols.size > _WARM_MAX_NEW_COLUMNS:
            # a large change: the old basis is far from optimal and a warm solve skips
            # presolve; dual simplex from scratch (with presolve) is faster (docs)
            highs.clearSolver()
            highs.setOptionValue("simplex_strategy", 1)  # dual
        else:
            # only columns (or a few rows) joined: the old basis stays primal feasible
            # for the columns, and primal simplex goes on from it
            highs.setOptionValue("simplex_strategy", 1 if new_keys.size else 4)
        start = time.perf_counter()
        highs.run()
        seconds = time.perf_counter() - start
        self.simplex_iterations += int(highs.getInfo().simplex_iteration_count)
        status = highs.getModelStatus()
        if status == hs.HighsModelStatus.kTimeLimit:
            return "time", math.nan, np.zeros(0), np.zeros(0), active, seconds
        if status != hs.HighsModelStatus.kOptimal:
            return (
                highs.modelStatusToString(status),
                math.nan,
                np.zeros(0),
                np.zeros(0),
                active,
                seconds,
            )
        solution = highs.getSolution()
        values = np.asarray(solution.col_value)
        duals = np.asarray(solution.row_dual)
        # reorder to _Master.lp's order
        x = np.zeros(k_count + active.size)
        x[:k_count] = values[:k_count]
        x[k_count + np.searchsorted(active, self.col_pool)] = values[k_count:]
        row_dual = np.zeros(k_count + keys.size)
        row_dual[:k_count] = duals[:k_count]
        where = {int(key): i for i, key in enumerate(keys)}
        row_dual[k_count + np.array([where[int(key)] for key in self.row_key], dtype=np.int64)] = (
            duals[k_count:]
        )
        objective = float(highs.getInfo().objective_function_value)
        return "optimal", objective, x, row_dual, active, seconds


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


def _new_highs(highspy: Any) -> Any:
    """A new ``highspy.Highs``, quiet.

    The first one of a process prints a banner to the C-level stdout, which is sent
    to /dev/null (the result is the same either way).
    """
    global _HIGHS_BANNER_SHOWN
    if _HIGHS_BANNER_SHOWN:
        return highspy.Highs()
    _HIGHS_BANNER_SHOWN = True
    with native_stdout("devnull"):
        return highspy.Highs()


def _use_warm(options: LPOptions) -> bool:
    """Whether masters are kept warm in ``highspy`` (HiGHS asked for and installed)."""
    if options.solver != "highs" or not _WARM_MASTER:
        return False
    try:
        import highspy  # noqa: F401
    except ImportError:
        return False
    return True


def _restrict(
    group: tuple[np.ndarray, np.ndarray, np.ndarray], need: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """One class's (members, origins, origin row) cut to the members where ``need``."""
    members, _origins, _rows = group
    kept = members[need[members]]
    origins, origin_row = np.unique(_origins[_rows[need[members]]], return_inverse=True)
    return kept, origins, origin_row


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
