"""Greedy plans of one component: the hint of the aggregated model and its fallback.

``greedy_counts`` fills departures in time order with the groups that save the
most against their fallback; ``improved_greedy`` closes or reopens one departure at
a time while the objective falls. Both are deterministic (fixed orders, ties by
position).
"""

from __future__ import annotations

import time

from .data import Groups, IntegerCosts, Prepared, objective_of


def greedy_counts(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    component: tuple[list[int], list[int]],
    closed: frozenset[int] = frozenset(),
) -> tuple[dict[tuple[int, int], int], dict[int, int], dict[int, int]]:
    """Greedy earliest-departure plan of one component.

    Departures are taken in time order (those in ``closed`` are skipped). Each one
    is filled with the groups that save the most against their fallback (whole
    members, within capacity and reefer slots), topped up to the minimum load if
    needed, and runs only if the savings pay its fixed cost. Always feasible when
    every group has a fallback.
    """
    group_ids, dep_ids = component
    remaining = {g: len(groups.members[g]) for g in group_ids}
    by_departure: dict[int, list[int]] = {d: [] for d in dep_ids}
    for g in group_ids:
        for d in groups.feasible[g]:
            by_departure[d].append(g)
    counts: dict[tuple[int, int], int] = {}
    runs = {d: 0 for d in dep_ids}
    big = 10**15  # groups without fallback must travel: a saving larger than any cost

    def unit_saving(g: int, d: int) -> float:
        members = groups.members[g]
        train = costs.group_train[g][d] + sum(costs.offset[s] for s in members) / len(members)
        fallback = costs.fallback[members[0]]
        if fallback is None:
            return big - train
        mean_fb = sum(costs.fallback[s] for s in members) / len(members)  # type: ignore[misc]
        return mean_fb - train

    for d in sorted(dep_ids, key=lambda d: (prep.departure_h[d], d)):
        if d in closed:
            continue
        candidates = [g for g in by_departure[d] if remaining[g] > 0]
        gains = {g: unit_saving(g, d) for g in candidates}
        candidates.sort(key=lambda g: (-gains[g], g))
        take, load, saving = _fill(d, candidates, gains, remaining, prep, groups)
        if load > 0 and load >= int(prep.min_load_teu[d]) and saving > costs.fixed[d]:
            runs[d] = 1
            for g, k in take.items():
                counts[g, d] = k
                remaining[g] -= k
    return counts, remaining, runs


def _fill(
    d: int,
    candidates: list[int],
    gains: dict[int, float],
    remaining: dict[int, int],
    prep: Prepared,
    groups: Groups,
) -> tuple[dict[int, int], int, float]:
    """Fill departure ``d``: the groups that save, then any group up to its minimum load.

    Returns the members taken per group, the load (TEU) and the saving.
    """
    room = int(prep.capacity_teu[d])
    reefer_room = int(prep.reefer_slots[d])
    take: dict[int, int] = {}
    saving = 0.0
    for positive_only in (True, False):
        for g in candidates:
            gain = gains[g]
            if positive_only and gain <= 0:
                continue
            if not positive_only and sum(
                k * int(prep.teu[groups.members[h][0]]) for h, k in take.items()
            ) >= int(prep.min_load_teu[d]):
                break
            teu = int(prep.teu[groups.members[g][0]])
            is_reefer = bool(prep.reefer[groups.members[g][0]])
            limit = room // teu
            if is_reefer:
                limit = min(limit, reefer_room // teu)
            k = min(remaining[g] - take.get(g, 0), limit)
            if k <= 0:
                continue
            take[g] = take.get(g, 0) + k
            room -= k * teu
            if is_reefer:
                reefer_room -= k * teu
            saving += k * gain
    return take, int(prep.capacity_teu[d]) - room, saving


def improved_greedy(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    component: tuple[list[int], list[int]],
    *,
    time_budget_s: float = 0.5,
) -> tuple[dict[tuple[int, int], int], dict[int, int], dict[int, int]]:
    """The greedy plan, improved by closing or reopening one departure at a time.

    A drop/add local search over the set of departures the greedy may use: each
    move re-runs ``greedy_counts`` and is kept if the objective falls. Stops at
    a local optimum or after ``time_budget_s``. Deterministic (fixed move order);
    the budget only cuts it short on a slow machine.
    """
    deadline = time.perf_counter() + time_budget_s
    closed: frozenset[int] = frozenset()
    best = greedy_counts(prep, groups, costs, component, closed)
    best_value = objective_of(*best, component[0], groups, costs)
    order = sorted(component[1], key=lambda d: (prep.departure_h[d], d))
    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for d in order:
            if d not in closed and not best[2][d]:
                continue  # closing a departure the plan does not use changes nothing
            trial = closed ^ {d}
            candidate = greedy_counts(prep, groups, costs, component, trial)
            value = objective_of(*candidate, component[0], groups, costs)
            if value < best_value:
                best, best_value, closed, improved = candidate, value, trial, True
            if time.perf_counter() >= deadline:
                break
    return best
