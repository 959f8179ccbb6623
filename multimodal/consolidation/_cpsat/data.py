"""The instance as arrays, its groups and components, and its integer costs.

Everything in ``_cpsat`` works on contiguous integer positions (shipment ``s``,
departure ``d``, group ``g``); ids are translated back by ``consolidation.solve``.
This module is the first step of the model:

1. ``Prepared``: feasibility (a departure is compatible with a shipment when it
   serves its destination, has room and reefer slots for it, accepts its dangerous
   goods and leaves no earlier than arrival + handling, compared in whole minutes)
   and the cost of every option in CNY.
2. ``group_shipments``: shipments with the same destination, TEU, flags, due time,
   priority, value and *set of feasible departures* are interchangeable up to a
   per-shipment cost offset that is linear in the arrival time; they become one group
   with an integer count per departure. Groups and departures split into the
   connected components of the compatibility graph, solved one by one.
3. ``integer_costs``: every cost in integer units under the named
   ``ScalingPolicy`` (``SCALINGS``).

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

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from ..._scaling import ScalingPolicy, scale
from ...exceptions import ScalingWarning, SolverError

HOURS_PER_DAY = 24.0
#: Objectives above this lose integer exactness in CP-SAT's floating-point LP.
EXACT_LIMIT = 2**53
#: CP-SAT rejects models whose linear expressions may overflow int64.
OVERFLOW_LIMIT = 2**62

#: The integer policies of the consolidation model: costs in fen (CNY x 100, rounding
#: error <= 0.005 CNY per cost term) or whole CNY (for very large instances near
#: overflow); times in whole minutes, so that 0.1 + 0.2 h never misses 0.3 h.
FEN_MINUTES = ScalingPolicy(name="fen-minutes", cost_per_cny=100.0, time_per_h=60.0)
CNY_MINUTES = ScalingPolicy(name="cny-minutes", cost_per_cny=1.0, time_per_h=60.0)
SCALINGS: Mapping[str, ScalingPolicy] = MappingProxyType({"fen": FEN_MINUTES, "cny": CNY_MINUTES})


def to_int(
    values: Sequence[float] | np.ndarray, factor: float, what: str, policy: ScalingPolicy
) -> list[int]:
    """``values`` times ``factor``, rounded half to even, as Python ints (``_scaling.scale``)."""
    if len(values) == 0:
        return []
    return [int(v) for v in scale(np.asarray(values, dtype=float), factor, what, policy)]


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
    scaling: ScalingPolicy
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
        per_h, policy = self.scaling.time_per_h, self.scaling
        handling = to_int([self.handling_h], per_h, "the handling time", policy)[0]
        arrival = to_int(self.arrival_h, per_h, "arrival times", policy)
        ready_min = [a + handling for a in arrival]
        dep_min = to_int(self.departure_h, per_h, "departure times", policy)
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
    policy = prep.scaling
    per_cny = policy.cost_per_cny
    pairs = [(g, d) for g, deps in enumerate(groups.feasible) for d in deps]
    train_cny = [prep.group_train_cny(groups.members[g][0], d) for g, d in pairs]
    train = to_int(train_cny, per_cny, "train costs", policy)
    group_train: list[dict[int, int]] = [{} for _ in groups.feasible]
    for (g, d), value in zip(pairs, train, strict=True):
        group_train[g][d] = value
    offset_cny = [prep.offset_cny(s) for s in range(prep.n_shipments)]
    offset = to_int(offset_cny, per_cny, "arrival offsets", policy)
    options = [prep.fallback_option(s) for s in range(prep.n_shipments)]
    has_fallback = [s for s, option in enumerate(options) if option is not None]
    fallback_cny = [options[s].total_cny for s in has_fallback]  # type: ignore[union-attr]
    fallback: list[int | None] = [None] * prep.n_shipments
    for s, value in zip(
        has_fallback, to_int(fallback_cny, per_cny, "fallback costs", policy), strict=True
    ):
        fallback[s] = value
    fixed = to_int([float(c) for c in prep.fixed_cost_cny], per_cny, "fixed train costs", policy)
    costs = IntegerCosts(group_train, offset, fallback, fixed)
    _check_range(costs, groups, policy)
    return costs


def _check_range(costs: IntegerCosts, groups: Groups, scale: ScalingPolicy) -> None:
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
            "CP-SAT; use ConsolidateParams(scaling='cny') or smaller cost figures"
        )
        raise SolverError(message)
    if worst >= EXACT_LIMIT:
        message = (
            f"the scaled objective may reach {worst:.3g} {scale.name} (> 2**53): CP-SAT's "
            "bounds lose integer exactness; consider ConsolidateParams(scaling='cny')"
        )
        warnings.warn(message, ScalingWarning, stacklevel=4)


def fallback_order(members: Sequence[int], costs: IntegerCosts) -> list[int]:
    """Members in the order they are sent to the fallback: cheapest delta first.

    Ties keep the canonical order (earliest arrival, then id), so the result is
    deterministic.
    """
    return sorted(members, key=lambda s: (costs.fallback[s] - costs.offset[s], s))  # type: ignore[operator]


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
            for s in fallback_order(members, costs)[: fallback[g]]:
                total += int(costs.fallback[s] or 0) - costs.offset[s]
    for (g, d), k in counts.items():
        total += costs.group_train[g][d] * k
    return total
