"""CP-SAT models behind :func:`multimodal.consolidation.trains.consolidate`.

Everything here works on contiguous integer positions (shipment ``s``, departure
``d``, group ``g``); ids are translated back in ``trains.py``. The module has four
jobs, in the order they run:

1. ``prepare``: feasibility (a departure is compatible with a shipment when it
   serves its destination, has room and reefer slots for it, accepts its dangerous
   goods and leaves no earlier than arrival + handling), the cost of every option in
   CNY, and the integer costs under a named :class:`CostScaling` policy.
2. Grouping and decomposition: shipments with the same destination, TEU, flags,
   due time, priority, value and *set of feasible departures* are interchangeable
   up to a per-shipment cost offset that is linear in the arrival time; they become
   one group with an integer count per departure. Groups and departures split into
   the connected components of the compatibility graph, solved one by one.
3. Models: :func:`build_aggregated_model` (one component, integer counts, strong
   linking ``n[g, d] <= ub * y[d]``, exact convex term for the arrival offsets,
   symmetry breaking between identical departures, greedy hint) and
   :func:`build_naive_model` (one Boolean per shipment and departure, big-M
   capacity linking only: the textbook model, kept as the benchmark baseline).
4. Solving and extraction: per-component time budgets, status mapping to
   :class:`~multimodal._ortools.SolveInfo`, and deterministic disaggregation of
   the counts back to shipments.

Why the arrival offset is exact
-------------------------------
For a member ``s`` of group ``g`` the cost of departure ``d`` is
``A[g, d] + o[s]`` with ``o[s] = -(holding * teu + value_of_time) * arrival[s] / 24``
(the yard dwell is ``departure - arrival``); the fallback costs ``p[s]`` (its
lateness may depend on the arrival too). Which members ride which train therefore
does not matter, and if ``k`` members take the fallback the cheapest choice is the
``k`` with the smallest ``delta[s] = p[s] - o[s]``. The sum ``G(k)`` of the ``k``
smallest deltas is convex in ``k``, so ``z >= G(j) + delta_(j) * (k - j)`` for each
breakpoint ``j`` gives ``z = G(k)`` exactly at integers under minimisation. The
aggregated optimum therefore equals the per-shipment optimum (tested).
"""

from __future__ import annotations

import logging
import math
import time
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from ortools.sat.python import cp_model

from ..exceptions import InfeasibleError, ScalingWarning, SolverError

logger = logging.getLogger("multimodal")

HOURS_PER_DAY = 24.0
#: Times are compared in whole minutes, so that 0.1 + 0.2 h never misses 0.3 h.
MINUTES_PER_HOUR = 60
#: Objectives above this lose integer exactness in CP-SAT's floating-point LP.
EXACT_LIMIT = 2**53
#: CP-SAT rejects models whose linear expressions may overflow int64.
OVERFLOW_LIMIT = 2**62


@dataclass(frozen=True)
class CostScaling:
    """A named policy to turn CNY into the integers CP-SAT needs.

    Parameters
    ----------
    name
        ``"fen"`` (1 CNY = 100 fen, rounding error <= 0.005 CNY per cost term) or
        ``"cny"`` (whole CNY, for very large instances near overflow).
    factor
        Integer units per CNY.
    """

    name: str
    factor: int

    def to_int(self, cost_cny: float) -> int:
        """Return ``cost_cny`` in integer units (rounded half to even)."""
        return round(cost_cny * self.factor)


SCALINGS: dict[str, CostScaling] = {
    "fen": CostScaling("fen", 100),
    "cny": CostScaling("cny", 1),
}


def to_minutes(time_h: float) -> int:
    """Return a time in hours as whole minutes (the time policy of the model)."""
    return round(time_h * MINUTES_PER_HOUR)


# --------------------------------------------------------------------------------------
# Preprocessing
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OptionCost:
    """Times (h) and costs (CNY) of one shipment on one option (train or fallback)."""

    departure_h: float
    arrival_at_destination_h: float
    dwell_h: float
    lateness_h: float
    holding_cny: float
    lateness_cny: float
    time_value_cny: float
    transport_cny: float

    @property
    def total_cny(self) -> float:
        """Sum of the shipment's costs on this option (CNY)."""
        return self.holding_cny + self.lateness_cny + self.time_value_cny + self.transport_cny


@dataclass
class Prepared:
    """Arrays of one instance after validation, in canonical (sorted) order.

    Shipments are sorted by ``(arrival_h, id)`` and departures by
    ``(departure_h, service_id)`` before they get here, so positions are
    deterministic whatever the row order of the input.
    """

    # shipments
    arrival_h: np.ndarray
    teu: np.ndarray
    destination: list[str]
    due_h: np.ndarray
    reefer: np.ndarray
    dangerous_goods: np.ndarray
    priority: np.ndarray
    value_cny: np.ndarray
    # departures
    departure_h: np.ndarray
    destinations: list[tuple[str, ...]]
    transit_h: list[dict[str, float]]
    capacity_teu: np.ndarray
    min_load_teu: np.ndarray
    reefer_slots: np.ndarray
    dep_dangerous_goods: np.ndarray
    fixed_cost_cny: np.ndarray
    cost_cny_per_teu: np.ndarray
    # costs
    holding_cny_per_teu_day: float
    lateness_cny_per_teu_day: float
    handling_h: float
    value_of_time_share_per_day: float
    #: per shipment: (cost_cny_per_teu, transit_h, wait_h) or None (no fallback)
    fallback: list[tuple[float, float, float] | None]
    scaling: CostScaling
    #: departure ids, for messages only
    service_ids: list[str] = field(default_factory=list)
    # derived
    feasible: list[tuple[int, ...]] = field(default_factory=list)
    ready_h: np.ndarray = field(default_factory=lambda: np.zeros(0))

    @property
    def n_shipments(self) -> int:
        """Number of shipments."""
        return len(self.arrival_h)

    @property
    def n_departures(self) -> int:
        """Number of departures."""
        return len(self.departure_h)

    def compute_feasibility(self) -> None:
        """Fill ``ready_h`` and ``feasible`` (departure positions per shipment, in time order)."""
        self.ready_h = self.arrival_h + self.handling_h
        ready_min = [to_minutes(a) + to_minutes(self.handling_h) for a in self.arrival_h]
        dep_min = [to_minutes(t) for t in self.departure_h]
        by_destination: dict[str, list[int]] = {}
        for d, served in enumerate(self.destinations):
            for dest in served:
                by_destination.setdefault(dest, []).append(d)
        feasible: list[tuple[int, ...]] = []
        for s in range(self.n_shipments):
            teu = int(self.teu[s])
            options = []
            for d in by_destination.get(self.destination[s], []):
                if teu > self.capacity_teu[d] or dep_min[d] < ready_min[s]:
                    continue
                if self.reefer[s] and teu > self.reefer_slots[d]:
                    continue
                if self.dangerous_goods[s] and not self.dep_dangerous_goods[d]:
                    continue
                options.append(d)
            feasible.append(tuple(sorted(options)))
        self.feasible = feasible

    # -- costs of one option, in CNY ---------------------------------------------------

    def train_option(self, s: int, d: int) -> OptionCost:
        """Times and costs of shipment ``s`` on departure ``d``."""
        teu = float(self.teu[s])
        dep = float(self.departure_h[d])
        arrive = dep + self.transit_h[d][self.destination[s]]
        dwell = dep - float(self.arrival_h[s])
        late = max(0.0, arrive - float(self.due_h[s]))
        return OptionCost(
            departure_h=dep,
            arrival_at_destination_h=arrive,
            dwell_h=dwell,
            lateness_h=late,
            holding_cny=self.holding_cny_per_teu_day * teu * dwell / HOURS_PER_DAY,
            lateness_cny=self.lateness_cny_per_teu_day
            * teu
            * float(self.priority[s])
            * late
            / HOURS_PER_DAY,
            time_value_cny=self._time_value(s, arrive),
            transport_cny=float(self.cost_cny_per_teu[d]) * teu,
        )

    def fallback_option(self, s: int) -> OptionCost | None:
        """Times and costs of shipment ``s`` on the fallback (None: no fallback)."""
        option = self.fallback[s]
        if option is None:
            return None
        cost_per_teu, transit, wait = option
        teu = float(self.teu[s])
        dep = float(self.ready_h[s]) + wait
        arrive = dep + transit
        dwell = dep - float(self.arrival_h[s])
        late = max(0.0, arrive - float(self.due_h[s]))
        return OptionCost(
            departure_h=dep,
            arrival_at_destination_h=arrive,
            dwell_h=dwell,
            lateness_h=late,
            holding_cny=self.holding_cny_per_teu_day * teu * dwell / HOURS_PER_DAY,
            lateness_cny=self.lateness_cny_per_teu_day
            * teu
            * float(self.priority[s])
            * late
            / HOURS_PER_DAY,
            time_value_cny=self._time_value(s, arrive),
            transport_cny=cost_per_teu * teu,
        )

    def _time_value(self, s: int, arrive_h: float) -> float:
        door_h = arrive_h - float(self.arrival_h[s])
        return float(self.value_cny[s]) * self.value_of_time_share_per_day * door_h / HOURS_PER_DAY

    # -- the decomposition c[s, d] = A[g, d] + o[s] -------------------------------------

    def offset_cny(self, s: int) -> float:
        """The arrival-dependent part ``o[s]`` of every train option of ``s`` (CNY)."""
        rate_per_h = (
            self.holding_cny_per_teu_day * float(self.teu[s])
            + float(self.value_cny[s]) * self.value_of_time_share_per_day
        ) / HOURS_PER_DAY
        return -rate_per_h * float(self.arrival_h[s])

    def group_train_cny(self, s: int, d: int) -> float:
        """``A[g, d]``: the train cost of ``s`` on ``d`` without its arrival offset (CNY)."""
        option = self.train_option(s, d)
        teu = float(self.teu[s])
        return (
            self.holding_cny_per_teu_day * teu * option.departure_h / HOURS_PER_DAY
            + option.lateness_cny
            + float(self.value_cny[s])
            * self.value_of_time_share_per_day
            * option.arrival_at_destination_h
            / HOURS_PER_DAY
            + option.transport_cny
        )


@dataclass
class Groups:
    """Interchangeable shipments and the components of the compatibility graph."""

    #: members of each group, sorted by (arrival, position)
    members: list[list[int]]
    #: feasible departures of each group (time order)
    feasible: list[tuple[int, ...]]
    group_of: np.ndarray
    #: components: (group positions, departure positions), both sorted
    components: list[tuple[list[int], list[int]]]


def group_shipments(prep: Prepared, *, aggregate: bool = True) -> Groups:
    """Group interchangeable shipments and split them into independent components.

    Shipments without any feasible departure form groups of their own kind and
    belong to no component (they can only take the fallback). ``aggregate=False``
    gives every shipment its own group (used by the benchmark to measure what the
    aggregation buys).
    """
    keys: dict[tuple, int] = {}
    members: list[list[int]] = []
    feasible: list[tuple[int, ...]] = []
    group_of = np.empty(prep.n_shipments, dtype=np.int64)
    for s in range(prep.n_shipments):
        key = (
            prep.destination[s],
            int(prep.teu[s]),
            bool(prep.reefer[s]),
            bool(prep.dangerous_goods[s]),
            float(prep.due_h[s]),
            float(prep.priority[s]),
            float(prep.value_cny[s]),
            prep.feasible[s],
            None if aggregate else s,
        )
        g = keys.get(key)
        if g is None:
            g = len(members)
            keys[key] = g
            members.append([])
            feasible.append(prep.feasible[s])
        members[g].append(s)
        group_of[s] = g
    # shipments are already in (arrival, id) order, so members are too
    components = _components(feasible, prep.n_departures)
    return Groups(members=members, feasible=feasible, group_of=group_of, components=components)


def _components(
    feasible: Sequence[tuple[int, ...]], n_departures: int
) -> list[tuple[list[int], list[int]]]:
    """Connected components of the bipartite group-departure graph (union-find)."""
    parent = list(range(n_departures))

    def find(d: int) -> int:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    for deps in feasible:
        for d in deps[1:]:
            a, b = find(deps[0]), find(d)
            if a != b:
                parent[max(a, b)] = min(a, b)
    by_root: dict[int, tuple[list[int], list[int]]] = {}
    for g, deps in enumerate(feasible):
        if deps:
            by_root.setdefault(find(deps[0]), ([], []))[0].append(g)
    for d in range(n_departures):
        root = find(d)
        if root in by_root:
            by_root[root][1].append(d)
    return [by_root[root] for root in sorted(by_root)]


# --------------------------------------------------------------------------------------
# Integer costs
# --------------------------------------------------------------------------------------


@dataclass
class IntegerCosts:
    """Integer costs of the scaled model; shared by the aggregated and naive models.

    ``train[s][d] = A[g(s), d] + offset[s]`` and ``fallback[s]`` (None when the
    shipment has no fallback). ``fixed[d]`` is the cost of running departure ``d``.
    """

    group_train: list[dict[int, int]]
    offset: list[int]
    fallback: list[int | None]
    fixed: list[int]

    def train(self, s: int, d: int, group_of: np.ndarray) -> int:
        """Integer cost of shipment ``s`` on departure ``d``."""
        return self.group_train[int(group_of[s])][d] + self.offset[s]


def integer_costs(prep: Prepared, groups: Groups) -> IntegerCosts:
    """Scale every cost to integers and check the model stays exact and in range."""
    scale = prep.scaling
    group_train: list[dict[int, int]] = []
    for g, deps in enumerate(groups.feasible):
        s0 = groups.members[g][0]
        group_train.append({d: scale.to_int(prep.group_train_cny(s0, d)) for d in deps})
    offset = [scale.to_int(prep.offset_cny(s)) for s in range(prep.n_shipments)]
    fallback: list[int | None] = []
    for s in range(prep.n_shipments):
        option = prep.fallback_option(s)
        fallback.append(None if option is None else scale.to_int(option.total_cny))
    fixed = [scale.to_int(float(c)) for c in prep.fixed_cost_cny]
    costs = IntegerCosts(group_train, offset, fallback, fixed)
    _check_range(costs, groups, scale)
    return costs


def _check_range(costs: IntegerCosts, groups: Groups, scale: CostScaling) -> None:
    """Raise if the scaled objective may overflow int64; warn if it loses exactness."""
    worst = sum(abs(f) for f in costs.fixed)
    for g, members in enumerate(groups.members):
        largest = max((abs(v) for v in costs.group_train[g].values()), default=0)
        for s in members:
            fb = costs.fallback[s]
            worst += max(largest, abs(fb) if fb is not None else 0) + 2 * abs(costs.offset[s])
    if worst >= OVERFLOW_LIMIT:
        message = (
            f"the scaled objective may reach {worst:.3g} {scale.name}, beyond int64 for "
            "CP-SAT; use cost_scaling='cny' or smaller cost figures"
        )
        raise SolverError(message)
    if worst >= EXACT_LIMIT:
        message = (
            f"the scaled objective may reach {worst:.3g} {scale.name} (> 2**53): CP-SAT's "
            "bounds lose integer exactness; consider cost_scaling='cny'"
        )
        warnings.warn(message, ScalingWarning, stacklevel=4)


# --------------------------------------------------------------------------------------
# Models
# --------------------------------------------------------------------------------------


@dataclass
class AggregatedModel:
    """A CP-SAT model of one component with its variables."""

    model: cp_model.CpModel
    groups: list[int]
    departures: list[int]
    count: dict[tuple[int, int], cp_model.IntVar]  # (g, d) -> TEU-unit count
    fallback_count: dict[int, cp_model.IntVar | int]
    runs: dict[int, cp_model.IntVar]
    hint_counts: dict[tuple[int, int], int]
    hint_fallback: dict[int, int]
    hint_runs: dict[int, int]


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


def _sorted_deltas(members: Sequence[int], prep: Prepared, costs: IntegerCosts) -> list[int]:
    """Members' ``p[s] - o[s]`` in the order the fallback takes them (ties: arrival, id)."""
    return sorted(costs.fallback[s] - costs.offset[s] for s in members)  # type: ignore[operator]


def fallback_order(members: Sequence[int], costs: IntegerCosts) -> list[int]:
    """Members in the order they are sent to the fallback: cheapest delta first.

    Ties keep the canonical order (earliest arrival, then id), so the result is
    deterministic.
    """
    return sorted(members, key=lambda s: (costs.fallback[s] - costs.offset[s], s))  # type: ignore[operator]


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
    count: dict[tuple[int, int], cp_model.IntVar] = {}
    fallback_count: dict[int, cp_model.IntVar | int] = {}
    load_terms: dict[int, list[tuple[cp_model.IntVar, int]]] = {d: [] for d in dep_ids}
    upper_of: dict[int, int] = {}  # variable index -> upper bound
    reefer_terms: dict[int, list[tuple[cp_model.IntVar, int]]] = {d: [] for d in dep_ids}
    objective_vars: list[cp_model.IntVar] = []
    objective_coefs: list[int] = []
    constant = 0
    for g in group_ids:
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
            upper_of[n.index] = upper
            count[g, d] = n
            vars_g.append(n)
            model.add(n <= upper * runs[d])
            load_terms[d].append((n, teu))
            if prep.reefer[s0]:
                reefer_terms[d].append((n, teu))
            objective_vars.append(n)
            objective_coefs.append(costs.group_train[g][d])
        constant += sum(costs.offset[s] for s in members)
        if costs.fallback[s0] is None:
            fallback_count[g] = 0
            model.add(sum(vars_g) == size)
            continue
        f = model.new_int_var(0, size, f"f{g}")
        fallback_count[g] = f
        model.add(sum(vars_g) + f == size)
        lines = _fallback_curve(_sorted_deltas(members, prep, costs))
        if len(lines) == 1:
            objective_vars.append(f)
            objective_coefs.append(lines[0][2])
        else:
            values = [0]
            for delta in _sorted_deltas(members, prep, costs):
                values.append(values[-1] + delta)
            z = model.new_int_var(min(values), max(values), f"z{g}")
            for j, g_j, slope in lines:
                model.add(z >= g_j + slope * (f - j))
            objective_vars.append(z)
            objective_coefs.append(1)
    for d in dep_ids:
        terms = load_terms[d]
        load = cp_model.LinearExpr.weighted_sum([v for v, _ in terms], [c for _, c in terms])
        top, low = achievable_load(
            [(c, upper_of[v.index]) for v, c in terms],
            int(prep.capacity_teu[d]),
            int(prep.min_load_teu[d]),
        )
        if top < 0:  # the boxes that could ride d never reach its minimum load
            model.add(runs[d] == 0)
        # capacity and minimum load tightened to loads the boxes can actually make
        model.add(load <= max(top, 0) * runs[d])
        model.add(load >= max(low, 0) * runs[d])
        model.add(sum(v for v, _ in terms) >= runs[d])
        if reefer_terms[d]:
            rt = reefer_terms[d]
            reefer_load = cp_model.LinearExpr.weighted_sum([v for v, _ in rt], [c for _, c in rt])
            model.add(reefer_load <= int(prep.reefer_slots[d]) * runs[d])
        objective_vars.append(runs[d])
        objective_coefs.append(costs.fixed[d])
    _break_symmetry(model, prep, dep_ids, runs)
    model.minimize(cp_model.LinearExpr.weighted_sum(objective_vars, objective_coefs) + constant)

    built = AggregatedModel(model, group_ids, dep_ids, count, fallback_count, runs, {}, {}, {})
    if hint:
        _add_greedy_hint(built, prep, groups, costs)
    return built


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
    for d in dep_ids:
        signature = (
            to_minutes(float(prep.departure_h[d])),
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
        candidates.sort(key=lambda g: (-unit_saving(g, d), g))
        room = int(prep.capacity_teu[d])
        reefer_room = int(prep.reefer_slots[d])
        take: dict[int, int] = {}
        saving = 0.0
        for positive_only in (True, False):
            for g in candidates:
                gain = unit_saving(g, d)
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
        load = int(prep.capacity_teu[d]) - room
        if load > 0 and load >= int(prep.min_load_teu[d]) and saving > costs.fixed[d]:
            runs[d] = 1
            for g, k in take.items():
                counts[g, d] = k
                remaining[g] -= k
    return counts, remaining, runs


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
    move re-runs :func:`greedy_counts` and is kept if the objective falls. Stops at
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


def _add_greedy_hint(
    built: AggregatedModel, prep: Prepared, groups: Groups, costs: IntegerCosts
) -> None:
    counts, fallback, runs = improved_greedy(prep, groups, costs, (built.groups, built.departures))
    for key, var in built.count.items():
        built.model.add_hint(var, counts.get(key, 0))
    for g, var in built.fallback_count.items():
        if not isinstance(var, int):
            built.model.add_hint(var, fallback[g])
    for d, var in built.runs.items():
        built.model.add_hint(var, runs[d])
    built.hint_counts, built.hint_fallback, built.hint_runs = counts, fallback, runs


@dataclass
class NaiveModel:
    """The direct per-shipment model (benchmark baseline) with its variables."""

    model: cp_model.CpModel
    assign: dict[tuple[int, int], cp_model.IntVar]
    runs: dict[int, cp_model.IntVar]


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
    model.minimize(cp_model.LinearExpr.weighted_sum(obj_vars, obj_coefs) + constant)
    return NaiveModel(model, assign, runs)


# --------------------------------------------------------------------------------------
# Solving
# --------------------------------------------------------------------------------------

#: Pass 1 lets a component use up to this multiple of its proportional share.
_OVERCOMMIT = 2.0

_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "not_solved",
}


@dataclass
class RawSolve:
    """What one CP-SAT run returned (integer objective units)."""

    status: str
    objective: float
    best_bound: float
    wall_time_s: float
    time_limit_reached: bool
    solver: cp_model.CpSolver


def solver_parameters(solver: cp_model.CpSolver, *, workers: int, tuned: bool = True) -> None:
    """Choose CP-SAT's worker portfolio so that one worker uses the full LP.

    Presolve turns the linking rows ``n <= ub * y`` into half-reified constraints,
    which the default LP worker (``default_lp``, linearization level 1) leaves out
    of its relaxation: its bound then stalls far below the LP value (measured:
    593 vs 684 million fen on the Almaty/Tashkent component of the benchmark).
    With 1 worker we raise the linearization level; with 2-3 workers, the only
    full-search worker(s) CP-SAT would start lack ``max_lp``, so we ask for it;
    with 4 or more, CP-SAT's default portfolio already has it.
    """
    if not tuned:
        return
    if workers == 1:
        solver.parameters.linearization_level = 2
    elif workers == 2:
        solver.parameters.subsolvers.append("max_lp")
    elif workers == 3:
        solver.parameters.subsolvers.extend(["max_lp", "default_lp"])


def run_cp_sat(
    model: cp_model.CpModel,
    *,
    time_limit_s: float,
    workers: int,
    seed: int,
    tuned: bool = True,
) -> RawSolve:
    """Solve ``model`` with a fixed seed and worker count; map the status to words."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(float(time_limit_s), 0.01)
    solver.parameters.num_workers = int(workers)
    solver.parameters.random_seed = int(seed)
    solver_parameters(solver, workers=int(workers), tuned=tuned)
    started = time.perf_counter()
    code = solver.solve(model)
    wall = time.perf_counter() - started
    if code == cp_model.MODEL_INVALID:
        message = f"CP-SAT rejected the model: {model.validate()}"
        raise SolverError(message)
    status = _STATUS.get(code, "not_solved")
    has_solution = status in ("optimal", "feasible")
    objective = solver.objective_value if has_solution else math.nan
    bound = solver.best_objective_bound if status != "infeasible" else math.nan
    if not math.isfinite(bound):
        bound = math.nan
    return RawSolve(
        status=status,
        objective=objective,
        best_bound=bound,
        wall_time_s=wall,
        time_limit_reached=status in ("feasible", "not_solved"),
        solver=solver,
    )


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


def solve_aggregated(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    *,
    time_limit_s: float,
    workers: int,
    seed: int,
    decompose: bool = True,
    hint: bool = True,
    tuned: bool = True,
) -> list[ComponentResult]:
    """Solve every component within one time budget, in two passes.

    Pass 1 solves the components from the smallest up; each may use up to twice
    its share ``remaining * size / remaining_size`` of the time left, as long as the
    components after it keep at least half of theirs (most finish well within
    it), and time it does not use passes on. Pass 2 shares
    what is left among the components not yet proven optimal, in proportion to
    their absolute gap, each warm-started from its best solution (the bound of
    pass 1 stays valid, so the better of both bounds is kept). With
    ``decompose=False`` all components go into one model (to measure what the
    decomposition buys).
    """
    components = groups.components
    if not decompose and components:
        merged_groups = sorted(g for comp, _ in components for g in comp)
        merged_deps = sorted(d for _, deps in components for d in deps)
        components = [(merged_groups, merged_deps)]
    sizes = [
        sum(len(groups.feasible[g]) + 1 for g in comp) + len(deps) for comp, deps in components
    ]
    remaining_size = float(sum(sizes))
    deadline = time.perf_counter() + time_limit_s
    results: list[ComponentResult] = []
    found: dict[int, ComponentResult] = {}
    # small components first: most finish early and pass their time on to the large ones
    for index in sorted(range(len(components)), key=lambda i: (sizes[i], i)):
        component, size = components[index], sizes[index]
        left = max(deadline - time.perf_counter(), 0.0)
        share = left * size / remaining_size if remaining_size else left
        # up to twice its share, but the components after it keep half of theirs
        budget = max(min(_OVERCOMMIT * share, left - 0.5 * (left - share)), 0.01)
        remaining_size -= size
        built = build_aggregated_model(prep, groups, costs, component, hint=hint)
        raw = run_cp_sat(built.model, time_limit_s=budget, workers=workers, seed=seed, tuned=tuned)
        found[index] = _extract_component(index, built, raw, prep, groups, costs)
        logger.info(
            "consolidation component %d: %d groups, %d departures, %s in %.2f s",
            index,
            len(component[0]),
            len(component[1]),
            raw.status,
            raw.wall_time_s,
        )
    results = [found[i] for i in range(len(components))]
    # pass 2: the time left goes to the components with the largest absolute gap
    open_ = [r for r in results if r.status != "optimal"]
    if open_ and deadline - time.perf_counter() > 0.05:
        gaps = [_abs_gap(r) for r in open_]
        total_gap = sum(gaps)
        left = deadline - time.perf_counter()
        for r, gap in zip(open_, gaps, strict=True):
            share = gap / total_gap if total_gap > 0 else 1.0 / len(open_)
            budget = min(left * share, deadline - time.perf_counter())
            if budget < 0.05:
                continue
            built = build_aggregated_model(
                prep, groups, costs, (r.groups, r.departures), hint=False
            )
            _hint_solution(built, r)
            raw = run_cp_sat(
                built.model, time_limit_s=budget, workers=workers, seed=seed, tuned=tuned
            )
            again = _extract_component(r.index, built, raw, prep, groups, costs)
            results[r.index] = _better(r, again)
    return results


def _abs_gap(result: ComponentResult) -> float:
    if math.isnan(result.best_bound):
        return abs(result.objective)
    return max(result.objective - result.best_bound, 0.0)


def _hint_solution(built: AggregatedModel, result: ComponentResult) -> None:
    """Hint a complete previous solution (counts, fallback, runs)."""
    for key, var in built.count.items():
        built.model.add_hint(var, result.counts.get(key, 0))
    for g, var in built.fallback_count.items():
        if not isinstance(var, int):
            built.model.add_hint(var, result.fallback[g])
    for d, var in built.runs.items():
        built.model.add_hint(var, result.runs.get(d, 0))


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


def _extract_component(
    index: int,
    built: AggregatedModel,
    raw: RawSolve,
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
) -> ComponentResult:
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


#: Objective penalty per box a heuristic plan leaves without train or fallback.
_STRANDED_PENALTY = 10**15


def objective_of(
    counts: dict[tuple[int, int], int],
    fallback: dict[int, int],
    runs: dict[int, int],
    group_ids: Sequence[int],
    groups: Groups,
    costs: IntegerCosts,
) -> int:
    """Integer objective of a count solution (the terms of the CP-SAT objective).

    Boxes without a fallback that the solution leaves behind cost
    ``_STRANDED_PENALTY`` each, so heuristics prefer plans that carry them.
    """
    total = sum(costs.fixed[d] for d, r in runs.items() if r)
    for g in group_ids:
        members = groups.members[g]
        total += sum(costs.offset[s] for s in members)
        if fallback[g] and costs.fallback[members[0]] is None:
            # a heuristic plan that strands boxes without a fallback: infeasible
            total += _STRANDED_PENALTY * fallback[g]
        elif fallback[g]:
            order = fallback_order(members, costs)[: fallback[g]]
            total += sum(costs.fallback[s] - costs.offset[s] for s in order)  # type: ignore[operator]
    for (g, d), k in counts.items():
        total += costs.group_train[g][d] * k
    return total


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


def solve_naive(
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    *,
    time_limit_s: float,
    workers: int,
    seed: int,
    linking: bool = False,
    tuned: bool = True,
) -> tuple[RawSolve, np.ndarray | None]:
    """Solve the naive model; return the raw result and the departure per shipment."""
    built = build_naive_model(prep, groups, costs, linking=linking)
    raw = run_cp_sat(
        built.model, time_limit_s=time_limit_s, workers=workers, seed=seed, tuned=tuned
    )
    if raw.status not in ("optimal", "feasible"):
        return raw, None
    choice = np.full(prep.n_shipments, -1, dtype=np.int64)
    for (s, d), x in built.assign.items():
        if raw.solver.value(x):
            choice[s] = d
    return raw, choice
