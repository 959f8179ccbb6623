"""Build the CP-SAT models of block-train consolidation.

``build_aggregated_model`` models one component with integer counts per group
and departure, strong linking ``n[g, d] <= ub * y[d]``, the exact convex term for the
arrival offsets (see ``data``), symmetry breaking between identical departures and a
greedy hint (``hint``). ``build_naive_model`` has one Boolean per shipment and
departure and big-M capacity linking only: the textbook model, kept as the benchmark
baseline. Both keep their objective expression, so a solve can be repeated with the
objective bounded (``solve``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from ...exceptions import InfeasibleError
from .data import Groups, IntegerCosts, Prepared, to_int
from .hint import improved_greedy


@dataclass
class AggregatedModel:
    """A CP-SAT model of one component with its variables."""

    model: cp_model.CpModel
    groups: list[int]
    departures: list[int]
    count: dict[tuple[int, int], cp_model.IntVar]  # (g, d) -> TEU-unit count
    fallback_count: dict[int, cp_model.IntVar | int]
    runs: dict[int, cp_model.IntVar]
    #: the objective (integer units, with its constant)
    objective: cp_model.LinearExprT = 0
    hint_counts: dict[tuple[int, int], int] = field(default_factory=dict)
    hint_fallback: dict[int, int] = field(default_factory=dict)
    hint_runs: dict[int, int] = field(default_factory=dict)


def _fallback_curve(deltas: Sequence[int]) -> list[tuple[int, int, int]]:
    """Breakpoints ``(j, G(j), slope)`` of the convex cost of sending ``k`` members away.

    ``deltas`` must be sorted ascending; consecutive equal slopes are merged.
    """
    lines: list[tuple[int, int, int]] = []
    prefix = 0
    previous: int | None = None
    for j, delta in enumerate(deltas):
        if delta != previous:
            lines.append((j, prefix, delta))
            previous = delta
        prefix += delta
    return lines


def _sorted_deltas(members: Sequence[int], costs: IntegerCosts) -> list[int]:
    """Members' ``p[s] - o[s]`` in the order the fallback takes them (ties: arrival, id)."""
    return sorted(costs.fallback[s] - costs.offset[s] for s in members)  # type: ignore[operator]


@dataclass
class _Terms:
    """What the group rows contribute to the departure rows and to the objective."""

    load: dict[int, list[tuple[cp_model.IntVar, int]]]
    reefer: dict[int, list[tuple[cp_model.IntVar, int]]]
    upper_of: dict[int, int] = field(default_factory=dict)  # variable index -> upper bound
    objective_vars: list[cp_model.IntVar] = field(default_factory=list)
    objective_coefs: list[int] = field(default_factory=list)
    constant: int = 0

    def cost(self, var: cp_model.IntVar, coef: int) -> None:
        self.objective_vars.append(var)
        self.objective_coefs.append(coef)


def build_aggregated_model(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    component: tuple[list[int], list[int]],
    *,
    hint: bool = True,
) -> AggregatedModel:
    """Build the aggregated CP-SAT model of one component.

    Variables: ``y[d]`` (departure runs), ``n[g, d]`` (members of group ``g`` on
    ``d``, integer), ``f[g]`` (members on the fallback) and ``z[g]`` (their convex
    cost). Constraints: every member exactly once; capacity, minimum load and reefer
    slots switched on by ``y[d]``; ``n[g, d] <= ub * y[d]`` (tight linking: a train
    that does not run carries nothing); ``y[d] <= sum n`` (an empty train does not
    run); identical departures are used in time order (symmetry breaking).
    """
    group_ids, dep_ids = component
    model = cp_model.CpModel()
    runs = {d: model.new_bool_var(f"y{d}") for d in dep_ids}
    built = AggregatedModel(model, group_ids, dep_ids, {}, {}, runs)
    terms = _Terms(load={d: [] for d in dep_ids}, reefer={d: [] for d in dep_ids})
    for g in group_ids:
        _add_group(built, g, prep, groups, costs, terms)
    for d in dep_ids:
        _add_departure(built, d, prep, costs, terms)
    _break_symmetry(model, prep, dep_ids, runs)
    built.objective = (
        cp_model.LinearExpr.weighted_sum(terms.objective_vars, terms.objective_coefs)
        + terms.constant
    )
    model.minimize(built.objective)
    if hint:
        counts, fallback, run = improved_greedy(prep, groups, costs, component)
        add_hint(built, counts, fallback, run)
        built.hint_counts, built.hint_fallback, built.hint_runs = counts, fallback, run
    return built


def _add_group(
    built: AggregatedModel,
    g: int,
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    terms: _Terms,
) -> None:
    """Variables and rows of group ``g``: its counts, its fallback and their costs."""
    model, runs = built.model, built.runs
    members = groups.members[g]
    size = len(members)
    s0 = members[0]
    teu = int(prep.teu[s0])
    vars_g = []
    for d in groups.feasible[g]:
        upper = min(size, int(prep.capacity_teu[d]) // teu)
        if prep.reefer[s0]:
            upper = min(upper, int(prep.reefer_slots[d]) // teu)
        n = model.new_int_var(0, upper, f"n{g}_{d}")
        terms.upper_of[n.index] = upper
        built.count[g, d] = n
        vars_g.append(n)
        model.add(n <= upper * runs[d])
        terms.load[d].append((n, teu))
        if prep.reefer[s0]:
            terms.reefer[d].append((n, teu))
        terms.cost(n, costs.group_train[g][d])
    terms.constant += sum(costs.offset[s] for s in members)
    if costs.fallback[s0] is None:
        built.fallback_count[g] = 0
        model.add(sum(vars_g) == size)
        return
    f = model.new_int_var(0, size, f"f{g}")
    built.fallback_count[g] = f
    model.add(sum(vars_g) + f == size)
    deltas = _sorted_deltas(members, costs)
    lines = _fallback_curve(deltas)
    if len(lines) == 1:
        terms.cost(f, lines[0][2])
        return
    values = [0]
    for delta in deltas:
        values.append(values[-1] + delta)
    z = model.new_int_var(min(values), max(values), f"z{g}")
    for j, g_j, slope in lines:
        model.add(z >= g_j + slope * (f - j))
    terms.cost(z, 1)


def _add_departure(
    built: AggregatedModel, d: int, prep: Prepared, costs: IntegerCosts, terms: _Terms
) -> None:
    """Rows of departure ``d``: capacity, minimum load and reefer slots, switched by ``y[d]``."""
    model, runs = built.model, built.runs
    items = terms.load[d]
    load = cp_model.LinearExpr.weighted_sum([v for v, _ in items], [c for _, c in items])
    top, low = achievable_load(
        [(c, terms.upper_of[v.index]) for v, c in items],
        int(prep.capacity_teu[d]),
        int(prep.min_load_teu[d]),
    )
    if top < 0:  # the boxes that could ride d never reach its minimum load
        model.add(runs[d] == 0)
    # capacity and minimum load tightened to loads the boxes can actually make
    model.add(load <= max(top, 0) * runs[d])
    model.add(load >= max(low, 0) * runs[d])
    model.add(sum(v for v, _ in items) >= runs[d])
    if terms.reefer[d]:
        rt = terms.reefer[d]
        reefer_load = cp_model.LinearExpr.weighted_sum([v for v, _ in rt], [c for _, c in rt])
        model.add(reefer_load <= int(prep.reefer_slots[d]) * runs[d])
    terms.cost(runs[d], costs.fixed[d])


def add_hint(
    built: AggregatedModel,
    counts: dict[tuple[int, int], int],
    fallback: dict[int, int],
    runs: dict[int, int],
) -> None:
    """Hint a complete solution (counts, fallback, runs) to the model."""
    for key, var in built.count.items():
        built.model.add_hint(var, counts.get(key, 0))
    for g, f in built.fallback_count.items():
        if not isinstance(f, int):
            built.model.add_hint(f, fallback[g])
    for d, var in built.runs.items():
        built.model.add_hint(var, runs.get(d, 0))


def achievable_load(
    items: Sequence[tuple[int, int]], capacity: int, minimum: int
) -> tuple[int, int]:
    """Largest load <= ``capacity`` and smallest load >= ``minimum`` the items can make.

    ``items`` are ``(teu, max_count)`` pairs (bounded subset sum by dynamic
    programming over TEU). Returns ``(-1, -1)`` when no load in
    ``[max(minimum, 1), capacity]`` is reachable: the train can never run. Used to
    tighten ``load <= capacity * y`` and ``load >= minimum * y``, so the LP
    relaxation cannot run a train fractionally on loads it could never carry.
    """
    reachable = np.zeros(capacity + 1, dtype=bool)
    reachable[0] = True
    for teu, count in items:
        for _ in range(min(count, capacity // teu)):
            shifted = np.zeros_like(reachable)
            shifted[teu:] = reachable[: capacity + 1 - teu]
            grown = reachable | shifted
            if (grown == reachable).all():
                break
            reachable = grown
    first = max(minimum, 1)
    loads = np.flatnonzero(reachable[first:]) + first
    if len(loads) == 0:
        return -1, -1
    return int(loads[-1]), int(loads[0])


def _break_symmetry(
    model: cp_model.CpModel,
    prep: Prepared,
    dep_ids: Sequence[int],
    runs: dict[int, cp_model.IntVar],
) -> None:
    """Identical departures (same everything, time included) run in canonical order."""
    seen: dict[tuple, int] = {}
    policy = prep.scaling
    minutes = to_int([prep.departure_h[d] for d in dep_ids], policy.time_per_h, "times", policy)
    for d, departure_min in zip(dep_ids, minutes, strict=True):
        signature = (
            departure_min,
            prep.destinations[d],
            tuple(sorted(prep.transit_h[d].items())),
            int(prep.capacity_teu[d]),
            int(prep.min_load_teu[d]),
            int(prep.reefer_slots[d]),
            bool(prep.dep_dangerous_goods[d]),
            float(prep.fixed_cost_cny[d]),
            float(prep.cost_cny_per_teu[d]),
        )
        if signature in seen:
            model.add(runs[seen[signature]] >= runs[d])
        seen[signature] = d


@dataclass
class NaiveModel:
    """The direct per-shipment model (benchmark baseline) with its variables."""

    model: cp_model.CpModel
    assign: dict[tuple[int, int], cp_model.IntVar]
    runs: dict[int, cp_model.IntVar]
    #: the objective (integer units, with its constant)
    objective: cp_model.LinearExprT = 0


def build_naive_model(
    prep: Prepared, groups: Groups, costs: IntegerCosts, *, linking: bool = False
) -> NaiveModel:
    """Build the direct model: one Boolean per compatible (shipment, departure) pair.

    No decomposition, no aggregation, no hint. Capacity and minimum load are linked
    to ``y[d]`` by big-M rows only, unless ``linking`` adds ``x[s, d] <= y[d]``.
    Integer costs are the same as the aggregated model's, so optima compare exactly.
    """
    model = cp_model.CpModel()
    runs = {d: model.new_bool_var(f"y{d}") for d in range(prep.n_departures)}
    assign: dict[tuple[int, int], cp_model.IntVar] = {}
    per_departure: dict[int, list[int]] = {d: [] for d in range(prep.n_departures)}
    obj_vars: list[cp_model.IntVar] = []
    obj_coefs: list[int] = []
    constant = 0
    for s in range(prep.n_shipments):
        xs = []
        fb = costs.fallback[s]
        for d in prep.feasible[s]:
            x = model.new_bool_var(f"x{s}_{d}")
            assign[s, d] = x
            xs.append(x)
            per_departure[d].append(s)
            train = costs.train(s, d, groups.group_of)
            obj_vars.append(x)
            obj_coefs.append(train - (fb if fb is not None else 0))
            if linking:
                model.add_implication(x, runs[d])
        if fb is None:
            if not xs:
                message = f"shipment at position {s} has no departure and no fallback"
                raise InfeasibleError(message)
            model.add_exactly_one(xs)
        else:
            constant += fb
            if xs:
                model.add_at_most_one(xs)
    for d, ships in per_departure.items():
        y = runs[d]
        if not ships:
            model.add(y == 0)
            continue
        xs = [assign[s, d] for s in ships]
        load = cp_model.LinearExpr.weighted_sum(xs, [int(prep.teu[s]) for s in ships])
        model.add(load <= int(prep.capacity_teu[d]) * y)
        model.add(load >= int(prep.min_load_teu[d]) * y)
        model.add(sum(xs) >= y)
        reefers = [s for s in ships if prep.reefer[s]]
        if reefers:
            rl = cp_model.LinearExpr.weighted_sum(
                [assign[s, d] for s in reefers], [int(prep.teu[s]) for s in reefers]
            )
            model.add(rl <= int(prep.reefer_slots[d]) * y)
        obj_vars.append(y)
        obj_coefs.append(costs.fixed[d])
    objective = cp_model.LinearExpr.weighted_sum(obj_vars, obj_coefs) + constant
    model.minimize(objective)
    return NaiveModel(model, assign, runs, objective)
