"""Solve the consolidation models: time budgets, two passes, and a canonical answer.

``solve_aggregated`` solves the components of an instance one by one within one
time budget; ``solve_naive`` solves the per-shipment model in one piece. Both end
with a *canonical* re-solve when several workers found the optimum: CP-SAT's parallel
workers race, so two runs can return different optimal plans of the same cost (boxes
swapped between trains of equal cost, or a 2-TEU box on the fallback instead of two
1-TEU boxes). Re-solving with one worker, the objective bounded by the proven optimum
and the deterministic greedy hint, and stopping at the first solution, gives the same
plan on every run.
"""

from __future__ import annotations

import dataclasses
import logging
import math
import time
from dataclasses import dataclass

import numpy as np

from ...exceptions import ParameterError
from .build import AggregatedModel, add_hint, build_aggregated_model, build_naive_model
from .data import Groups, IntegerCosts, Prepared
from .extract import ComponentResult, extract_component, naive_choice
from .run import RawSolve, run_cp_sat

logger = logging.getLogger("multimodal")

#: Pass 1 lets a component use up to this multiple of its proportional share.
_OVERCOMMIT = 2.0
#: Seconds the canonical re-solves may run past the time limit, in all (when it is spent).
_CANONICAL_GRACE_S = 1.0
#: Switches of the aggregated solve (ablations for the benchmark) and their defaults.
_AGGREGATED_SWITCHES = {"decompose": True, "hint": True, "tuned": True}
#: Switches of the naive solve and their defaults.
_NAIVE_SWITCHES = {"linking": False, "tuned": True}


@dataclass(frozen=True)
class _Run:
    """How CP-SAT runs: the option vocabulary plus the portfolio switch."""

    time_limit_s: float | None
    workers: int
    seed: int
    tuned: bool = True
    verbose: bool = False

    def solve(self, model: object, budget: float | None, *, canonical: bool = False) -> RawSolve:
        if canonical:  # one worker, first solution: the same plan on every run
            return run_cp_sat(
                model,  # type: ignore[arg-type]
                time_limit_s=budget,
                workers=1,
                seed=self.seed,
                tuned=self.tuned,
                first_solution=True,
                verbose=self.verbose,
            )
        return run_cp_sat(
            model,  # type: ignore[arg-type]
            time_limit_s=budget,
            workers=self.workers,
            seed=self.seed,
            tuned=self.tuned,
            verbose=self.verbose,
        )


def _switches(given: dict[str, bool], defaults: dict[str, bool], what: str) -> dict[str, bool]:
    unknown = sorted(set(given) - set(defaults))
    if unknown:
        message = f"{what} got unknown switches {unknown}; use {sorted(defaults)}"
        raise ParameterError(message)
    return {**defaults, **given}


def solve_aggregated(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    *,
    time_limit_s: float | None,
    workers: int,
    seed: int,
    verbose: bool = False,
    **switches: bool,
) -> list[ComponentResult]:
    """Solve every component within one time budget, in two passes, then canonically.

    Pass 1 solves the components from the smallest up; each may use up to twice
    its share ``remaining * size / remaining_size`` of the time left, as long as the
    components after it keep at least half of theirs (most finish well within
    it), and time it does not use passes on. Pass 2 shares
    what is left among the components not yet proven optimal, in proportion to
    their absolute gap, each warm-started from its best solution (the bound of
    pass 1 stays valid, so the better of both bounds is kept). Components proven
    optimal by several workers (or in pass 2) are then re-solved canonically (see the
    module docstring). ``time_limit_s=None`` means no limit.

    Switches (for the benchmark's ablations): ``decompose=False`` puts all components
    into one model (to measure what the decomposition buys), ``hint=False`` drops the
    greedy hint, ``tuned=False`` keeps CP-SAT's default worker portfolio.
    ``verbose`` sends CP-SAT's own log to the ``multimodal`` logger (no result changes).
    """
    flags = _switches(switches, _AGGREGATED_SWITCHES, "solve_aggregated")
    run = _Run(time_limit_s, workers, seed, tuned=flags["tuned"], verbose=verbose)
    components = groups.components
    if not flags["decompose"] and components:
        merged_groups = sorted(g for comp, _ in components for g in comp)
        merged_deps = sorted(d for _, deps in components for d in deps)
        components = [(merged_groups, merged_deps)]
    limit = math.inf if time_limit_s is None else float(time_limit_s)
    deadline = time.perf_counter() + limit
    results = _first_pass(prep, groups, costs, components, run, deadline, hint=flags["hint"])
    settled = {r.index for r in results if r.status == "optimal"} if workers == 1 else set()
    _second_pass(prep, groups, costs, results, run, deadline)
    for position, result in enumerate(results):
        if result.status == "optimal" and result.index not in settled:
            results[position] = _canonical(prep, groups, costs, result, run, deadline)
    return results


def _budget(left: float, share: float) -> float | None:
    """Seconds for one solve (None: no limit) from the time left and a share of it."""
    if math.isinf(left):
        return None
    return max(share, 0.0)


def _first_pass(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    components: list[tuple[list[int], list[int]]],
    run: _Run,
    deadline: float,
    *,
    hint: bool,
) -> list[ComponentResult]:
    """Solve each component once, smallest first, sharing the time left."""
    sizes = [
        sum(len(groups.feasible[g]) + 1 for g in comp) + len(deps) for comp, deps in components
    ]
    remaining_size = float(sum(sizes))
    found: dict[int, ComponentResult] = {}
    # small components first: most finish early and pass their time on to the large ones
    for index in sorted(range(len(components)), key=lambda i: (sizes[i], i)):
        component, size = components[index], sizes[index]
        left = max(deadline - time.perf_counter(), 0.0)
        budget: float | None = None
        if not math.isinf(left):
            share = left * size / remaining_size if remaining_size else left
            # up to twice its share, but the components after it keep half of theirs
            budget = max(min(_OVERCOMMIT * share, left - 0.5 * (left - share)), 0.01)
        remaining_size -= size
        built = build_aggregated_model(prep, groups, costs, component, hint=hint)
        raw = run.solve(built.model, budget)
        found[index] = extract_component(index, built, raw, prep, groups, costs)
        logger.info(
            "consolidation component %d: %d groups, %d departures, %s in %.2f s",
            index,
            len(component[0]),
            len(component[1]),
            raw.status,
            raw.wall_time_s,
        )
    return [found[i] for i in range(len(components))]


def _second_pass(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    results: list[ComponentResult],
    run: _Run,
    deadline: float,
) -> None:
    """The time left goes to the components with the largest absolute gap (in place)."""
    open_ = [r for r in results if r.status != "optimal"]
    if not open_ or deadline - time.perf_counter() <= 0.05:
        return
    gaps = [_abs_gap(r) for r in open_]
    total_gap = sum(gaps)
    left = deadline - time.perf_counter()
    for r, gap in zip(open_, gaps, strict=True):
        share = gap / total_gap if total_gap > 0 else 1.0 / len(open_)
        budget = min(left * share, deadline - time.perf_counter())
        if budget < 0.05:
            continue
        built = build_aggregated_model(prep, groups, costs, (r.groups, r.departures), hint=False)
        add_hint(built, r.counts, r.fallback, r.runs)
        raw = run.solve(built.model, _budget(left, budget))
        again = extract_component(r.index, built, raw, prep, groups, costs)
        results[r.index] = _better(r, again)


def _canonical(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    result: ComponentResult,
    run: _Run,
    deadline: float,
) -> ComponentResult:
    """The same optimum, found by one worker from the deterministic hint (same every run).

    It may use the time left plus ``_CANONICAL_GRACE_S`` (shared by all components);
    keeps ``result`` (and logs it) if no solution is found in that time.
    """
    built: AggregatedModel = build_aggregated_model(
        prep, groups, costs, (result.groups, result.departures), hint=True
    )
    built.model.add(built.objective <= round(result.objective))
    # past the limit only by a shared grace, so the limit holds within about a second
    left = deadline + _CANONICAL_GRACE_S - time.perf_counter()
    raw = run.solve(built.model, _budget(left, max(left, 0.01)), canonical=True)
    if raw.status not in ("optimal", "feasible"):
        logger.info("consolidation component %d: no canonical plan in time", result.index)
        return result
    again = extract_component(result.index, built, raw, prep, groups, costs)
    return dataclasses.replace(
        result,
        counts=again.counts,
        fallback=again.fallback,
        runs=again.runs,
        solve_time_s=result.solve_time_s + raw.wall_time_s,
    )


def _abs_gap(result: ComponentResult) -> float:
    if math.isnan(result.best_bound):
        return abs(result.objective)
    return max(result.objective - result.best_bound, 0.0)


def _better(first: ComponentResult, second: ComponentResult) -> ComponentResult:
    """Keep the better solution of two runs of one component, and the better bound."""
    best = second if second.objective < first.objective else first
    bounds = [b for b in (first.best_bound, second.best_bound) if not math.isnan(b)]
    bound = max(bounds) if bounds else math.nan
    proven = second.status == "optimal" or (not math.isnan(bound) and bound >= best.objective)
    return ComponentResult(
        index=best.index,
        groups=best.groups,
        departures=best.departures,
        counts=best.counts,
        fallback=best.fallback,
        runs=best.runs,
        status="optimal" if proven else "feasible",
        objective=best.objective,
        best_bound=best.objective if proven else bound,
        solve_time_s=first.solve_time_s + second.solve_time_s,
        time_limit_reached=not proven,
        used_hint_only=best.used_hint_only,
    )


def solve_naive(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    *,
    time_limit_s: float | None,
    workers: int,
    seed: int,
    verbose: bool = False,
    **switches: bool,
) -> tuple[RawSolve, np.ndarray | None]:
    """Solve the naive model; return the raw result and the departure per shipment.

    Switches: ``linking=True`` adds ``x[s, d] <= y[d]``; ``tuned=False`` keeps CP-SAT's
    default worker portfolio. An optimum found by several workers is re-solved
    canonically, as in ``solve_aggregated``.
    """
    flags = _switches(switches, _NAIVE_SWITCHES, "solve_naive")
    run = _Run(time_limit_s, workers, seed, tuned=flags["tuned"], verbose=verbose)
    built = build_naive_model(prep, groups, costs, linking=flags["linking"])
    raw = run.solve(built.model, time_limit_s)
    if raw.status not in ("optimal", "feasible"):
        return raw, None
    choice = naive_choice(built, raw, prep.n_shipments)
    if raw.status != "optimal" or workers == 1:
        return raw, choice
    again = build_naive_model(prep, groups, costs, linking=flags["linking"])
    again.model.add(again.objective <= round(raw.objective))
    left = None
    if time_limit_s is not None:
        left = max(time_limit_s - raw.wall_time_s, 0.0) + _CANONICAL_GRACE_S
    canonical = run.solve(again.model, left, canonical=True)
    if canonical.status not in ("optimal", "feasible"):
        return raw, choice
    wall = raw.wall_time_s + canonical.wall_time_s
    return dataclasses.replace(raw, wall_time_s=wall), naive_choice(
        again, canonical, prep.n_shipments
    )
