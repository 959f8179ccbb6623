"""Read solutions out of CP-SAT, and turn group counts back into boxes.

``extract_component`` maps a solved component to counts per (group, departure);
when CP-SAT found nothing in time it keeps the greedy plan (always feasible when every
group has a fallback). ``disaggregate`` assigns the members of each group to the
departures its counts name, in a deterministic order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ...exceptions import InfeasibleError, SolverError
from .build import AggregatedModel, NaiveModel
from .data import Groups, IntegerCosts, Prepared, fallback_order, objective_of
from .hint import greedy_counts
from .run import RawSolve


@dataclass
class ComponentResult:
    """Solution of one component: counts per (group, departure) and per-group fallback."""

    index: int
    groups: list[int]
    departures: list[int]
    counts: dict[tuple[int, int], int]
    fallback: dict[int, int]
    runs: dict[int, int]
    status: str
    objective: float  # integer units, incl. the component's constant
    best_bound: float
    solve_time_s: float
    time_limit_reached: bool
    used_hint_only: bool = False


def extract_component(
    index: int,
    built: AggregatedModel,
    raw: RawSolve,
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
) -> ComponentResult:
    """The counts of one solved component; the greedy plan if CP-SAT found none in time.

    Raises
    ------
    InfeasibleError
        CP-SAT proved that shipments without a fallback cannot all go by train.
    SolverError
        CP-SAT found nothing in time and some shipments have no fallback.
    """
    if raw.status == "infeasible":
        destinations = sorted({prep.destination[groups.members[g][0]] for g in built.groups})
        message = (
            "no plan serves every shipment to " + ", ".join(destinations) + " by train and "
            "these shipments have no fallback: add departures or capacity, or give them a "
            "fallback (costs.fallback / fallback_by_destination)"
        )
        raise InfeasibleError(message)
    if raw.status == "not_solved":
        if any(isinstance(f, int) for f in built.fallback_count.values()):
            message = (
                "CP-SAT found no plan within the time limit for shipments without a "
                "fallback; raise time_limit_s"
            )
            raise SolverError(message)
        # keep the heuristic plan: always feasible when every group has a fallback
        if built.hint_runs:
            counts, fallback, runs = built.hint_counts, built.hint_fallback, built.hint_runs
        else:
            counts, fallback, runs = greedy_counts(
                prep, groups, costs, (built.groups, built.departures)
            )
        objective = float(objective_of(counts, fallback, runs, built.groups, groups, costs))
        return ComponentResult(
            index,
            built.groups,
            built.departures,
            counts,
            fallback,
            runs,
            "feasible",
            objective,
            raw.best_bound,
            raw.wall_time_s,
            True,
            used_hint_only=True,
        )
    solver = raw.solver
    counts = {key: int(solver.value(v)) for key, v in built.count.items()}
    counts = {key: k for key, k in counts.items() if k}
    fallback = {
        g: (f if isinstance(f, int) else int(solver.value(f)))
        for g, f in built.fallback_count.items()
    }
    runs = {d: int(solver.value(y)) for d, y in built.runs.items()}
    return ComponentResult(
        index,
        built.groups,
        built.departures,
        counts,
        fallback,
        runs,
        raw.status,
        raw.objective,
        raw.best_bound,
        raw.wall_time_s,
        raw.time_limit_reached,
    )


def disaggregate(
    results: Sequence[ComponentResult], prep: Prepared, groups: Groups, costs: IntegerCosts
) -> np.ndarray:
    """Departure position per shipment (-1 = fallback) from the group counts.

    In each group the fallback takes the members with the smallest ``p - o`` (for a
    plain yard-holding cost: the earliest arrivals, which would dwell longest);
    the others board in earliest-arrival-first order, earliest departure first.
    Ties follow the canonical order (arrival, id), so the mapping is deterministic.
    """
    choice = np.full(prep.n_shipments, -1, dtype=np.int64)
    for result in results:
        for g in result.groups:
            members = groups.members[g]
            sent = result.fallback[g]
            to_fallback = set(fallback_order(members, costs)[:sent]) if sent else set()
            boarding = [s for s in members if s not in to_fallback]  # arrival order
            slots: list[int] = []
            for d in groups.feasible[g]:
                slots.extend([d] * result.counts.get((g, d), 0))
            if len(slots) != len(boarding):
                message = f"internal error: group {g} counts do not add up"
                raise SolverError(message)
            for s, d in zip(boarding, slots, strict=True):
                choice[s] = d
    return choice


def naive_choice(built: NaiveModel, raw: RawSolve, n_shipments: int) -> np.ndarray:
    """Departure position per shipment (-1 = fallback) from a solved naive model."""
    choice = np.full(n_shipments, -1, dtype=np.int64)
    for (s, d), x in built.assign.items():
        if raw.solver.value(x):
            choice[s] = d
    return choice
