"""The capacitated multi-commodity min-cost flow problem, as plain arrays.

``FlowProblem`` is the data contract between the network model (which knows hubs,
modes and GeoDataFrames) and the LP engines in :mod:`.arc_model` and
:mod:`.path_model` (which only know vertices ``0..n-1`` and arcs ``0..m-1``). It is
validated once, when it is built, so the engines can trust it.

``random_flow_problem`` generates mode-expanded, multimodal-like instances for tests
and benchmarks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from .._ortools import SolveInfo
from ..exceptions import DataValidationError, Problem

__all__ = ["FlowProblem", "FlowSolution", "random_flow_problem"]

_WHERE = "FlowProblem"
#: At most this many problems are listed per array, then a count of the rest.
_MAX_LISTED = 5


def _float_array(value: object) -> np.ndarray:
    return np.ascontiguousarray(np.asarray(value, dtype=np.float64))


def _int_array(value: object) -> np.ndarray:
    array = np.asarray(value)
    whole = array.dtype.kind == "f" and array.size and np.all(np.isfinite(array))
    if whole and np.all(array == np.round(array)):
        array = array.astype(np.int64)
    if array.dtype.kind in "iub" or array.size == 0:
        return np.ascontiguousarray(array.astype(np.int64))
    return array  # left as is: validation reports it


@dataclass(frozen=True, eq=False, kw_only=True)
class FlowProblem:
    """A capacitated multi-commodity min-cost flow problem on a directed graph.

    Vertices are ``0..n_vertices-1`` and arcs ``0..m-1``. Each commodity ``k`` must
    send ``commodity_demand[k]`` TEU per week from its origin to its destination, or
    pay ``unserved_penalty[k]`` CNY per TEU left unserved. Flows share the arc
    capacities and the group (hub throughput) capacities.

    Parameters
    ----------
    n_vertices
        Number of vertices ``n``.
    arc_tail, arc_head
        ``(m,)`` vertex indices of each arc's tail and head. No self-loops.
    arc_cost
        ``(m,)`` cost per unit of flow, CNY per TEU, for class 0 (or for every
        class when ``class_arc_cost`` is None). Finite and non-negative.
    arc_capacity
        ``(m,)`` capacity, TEU per week; ``np.inf`` for an uncapacitated arc.
    group_capacity
        ``(g,)`` shared capacities, TEU per week (e.g. a hub's handling
        throughput); may be empty.
    group_arcs
        ``(g, m)`` sparse non-negative weights: for each group ``i``,
        ``sum_a group_arcs[i, a] * flow[a] <= group_capacity[i]``.
    commodity_origin, commodity_destination
        ``(K,)`` vertex indices; origin and destination must differ.
    commodity_demand
        ``(K,)`` demand, TEU per week, > 0.
    commodity_class
        ``(K,)`` cargo class in ``0..C-1`` (general, reefer, dangerous goods, ...).
    class_arc_cost
        ``(C, m)`` cost per unit of flow of each class, CNY per TEU; ``np.inf``
        forbids the arc for that class (customs, reefer plugs, dangerous-goods
        rules). ``None`` means ``arc_cost`` for every class (then ``C = 1``).
    unserved_penalty
        ``(K,)`` cost per TEU of demand left unserved, CNY per TEU, > 0.

    Raises
    ------
    DataValidationError
        Listing every problem found (array, index, value and fix) at once.

    Notes
    -----
    Costs must be non-negative: the path-based engine prices columns with
    Dijkstra's algorithm, and a negative-cost cycle would make the LP unbounded
    where capacities are infinite.
    """

    n_vertices: int
    arc_tail: np.ndarray
    arc_head: np.ndarray
    arc_cost: np.ndarray
    arc_capacity: np.ndarray
    commodity_origin: np.ndarray
    commodity_destination: np.ndarray
    commodity_demand: np.ndarray
    unserved_penalty: np.ndarray
    commodity_class: np.ndarray | None = None
    class_arc_cost: np.ndarray | None = None
    group_capacity: np.ndarray = field(default_factory=lambda: np.zeros(0))
    group_arcs: sp.csr_matrix | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__  # frozen: normalise dtypes once, here
        for name in ("arc_tail", "arc_head", "commodity_origin", "commodity_destination"):
            set_(self, name, _int_array(getattr(self, name)))
        for name in (
            "arc_cost",
            "arc_capacity",
            "commodity_demand",
            "unserved_penalty",
            "group_capacity",
        ):
            set_(self, name, _float_array(getattr(self, name)))
        n_commodities = int(np.asarray(self.commodity_demand).shape[0])
        if self.commodity_class is None:
            set_(self, "commodity_class", np.zeros(n_commodities, dtype=np.int64))
        else:
            set_(self, "commodity_class", _int_array(self.commodity_class))
        if self.class_arc_cost is not None:
            set_(self, "class_arc_cost", _float_array(self.class_arc_cost))
        n_arcs = int(self.arc_tail.shape[0]) if self.arc_tail.ndim == 1 else 0
        if self.group_arcs is None:
            set_(self, "group_arcs", sp.csr_matrix((self.group_capacity.shape[0], n_arcs)))
        elif sp.issparse(self.group_arcs) or isinstance(self.group_arcs, np.ndarray):
            matrix = sp.csr_matrix(self.group_arcs, dtype=np.float64)
            matrix.sum_duplicates()
            matrix.sort_indices()
            set_(self, "group_arcs", matrix)
        problems = _validate(self)
        if problems:
            raise DataValidationError(problems)

    # --- sizes -------------------------------------------------------------------
    @property
    def n_arcs(self) -> int:
        """Number of arcs ``m``."""
        return int(self.arc_tail.shape[0])

    @property
    def n_commodities(self) -> int:
        """Number of commodities ``K``."""
        return int(self.commodity_demand.shape[0])

    @property
    def n_classes(self) -> int:
        """Number of cargo classes ``C``."""
        return 1 if self.class_arc_cost is None else int(self.class_arc_cost.shape[0])

    @property
    def n_groups(self) -> int:
        """Number of group (shared) capacities ``g``."""
        return int(self.group_capacity.shape[0])

    def cost_of_class(self, cargo_class: int) -> np.ndarray:
        """Return the ``(m,)`` cost per unit of flow of one class, CNY per TEU.

        ``np.inf`` marks arcs that class may not use.
        """
        if self.class_arc_cost is None:
            return self.arc_cost
        return self.class_arc_cost[cargo_class]

    @property
    def class_costs(self) -> np.ndarray:
        """The ``(C, m)`` cost matrix, CNY per TEU (``arc_cost`` broadcast if None)."""
        if self.class_arc_cost is None:
            return self.arc_cost[None, :]
        return self.class_arc_cost

    def __repr__(self) -> str:
        return (
            f"FlowProblem(n_vertices={self.n_vertices}, n_arcs={self.n_arcs}, "
            f"n_commodities={self.n_commodities}, n_classes={self.n_classes}, "
            f"n_groups={self.n_groups})"
        )


# --- validation ------------------------------------------------------------------


def _listed(
    problems: list[Problem], column: str, bad: np.ndarray, values: np.ndarray, what: str
) -> None:
    """Add one problem per bad index (the first few, then a count of the rest)."""
    indices = np.flatnonzero(bad)
    for index in indices[:_MAX_LISTED]:
        message = f"value {values.flat[index].item()!r}: {what}"
        problems.append(Problem(message, file=_WHERE, row=int(index), column=column))
    if indices.size > _MAX_LISTED:
        message = f"... and {indices.size - _MAX_LISTED} more like these"
        problems.append(Problem(message, file=_WHERE, column=column))


def _check_shape(
    problems: list[Problem], column: str, array: np.ndarray, length: int, what: str
) -> bool:
    if array.ndim != 1 or array.shape[0] != length:
        message = f"shape {array.shape}, expected ({length},): one entry per {what}"
        problems.append(Problem(message, file=_WHERE, column=column))
        return False
    return True


def _validate(p: FlowProblem) -> list[Problem]:
    problems: list[Problem] = []
    if not isinstance(p.n_vertices, int | np.integer) or p.n_vertices < 1:
        message = f"{p.n_vertices!r}: give the number of vertices, an integer >= 1"
        problems.append(Problem(message, file=_WHERE, column="n_vertices"))
        return problems
    n = int(p.n_vertices)
    if p.arc_tail.ndim != 1:
        message = f"shape {p.arc_tail.shape}: give a 1-D array of tail vertices"
        problems.append(Problem(message, file=_WHERE, column="arc_tail"))
        return problems
    m = p.n_arcs
    ok = _check_shape(problems, "arc_head", p.arc_head, m, "arc (as arc_tail)")
    for name in ("arc_tail", "arc_head"):
        array = getattr(p, name)
        if array.dtype.kind not in "iu":
            message = f"dtype {array.dtype}: give integer vertex indices"
            problems.append(Problem(message, file=_WHERE, column=name))
            ok = False
        elif array.ndim == 1:
            bad = (array < 0) | (array >= n)
            _listed(problems, name, bad, array, f"out of range: give a vertex index in 0..{n - 1}")
    if ok and not problems:
        loops = p.arc_tail == p.arc_head
        _listed(problems, "arc_head", loops, p.arc_head, "self-loop: remove the arc")
    if _check_shape(problems, "arc_cost", p.arc_cost, m, "arc"):
        bad = ~np.isfinite(p.arc_cost) | (p.arc_cost < 0)
        fix = "give a finite cost >= 0 CNY/TEU (forbid arcs per class in class_arc_cost)"
        _listed(problems, "arc_cost", bad, p.arc_cost, fix)
    if _check_shape(problems, "arc_capacity", p.arc_capacity, m, "arc"):
        bad = np.isnan(p.arc_capacity) | (p.arc_capacity < 0)
        fix = "give a capacity >= 0 TEU/week, np.inf when uncapacitated"
        _listed(problems, "arc_capacity", bad, p.arc_capacity, fix)

    # groups
    g = p.group_capacity.shape[0] if p.group_capacity.ndim == 1 else -1
    if g < 0:
        message = f"shape {p.group_capacity.shape}: give a 1-D array (may be empty)"
        problems.append(Problem(message, file=_WHERE, column="group_capacity"))
    else:
        bad = np.isnan(p.group_capacity) | (p.group_capacity < 0)
        fix = "give a capacity >= 0 TEU/week, np.inf when uncapacitated"
        _listed(problems, "group_capacity", bad, p.group_capacity, fix)
        if not sp.issparse(p.group_arcs):
            message = "give a scipy.sparse matrix (g x m) of arc weights"
            problems.append(Problem(message, file=_WHERE, column="group_arcs"))
        elif p.group_arcs.shape != (g, m):
            message = f"shape {p.group_arcs.shape}, expected ({g}, {m}): groups x arcs"
            problems.append(Problem(message, file=_WHERE, column="group_arcs"))
        else:
            data = p.group_arcs.data
            bad = ~np.isfinite(data) | (data < 0)
            if bad.any():
                rows = np.repeat(np.arange(g), np.diff(p.group_arcs.indptr))
                for i in np.flatnonzero(bad)[:_MAX_LISTED]:
                    message = (
                        f"weight {data[i]!r} on arc {p.group_arcs.indices[i]}: "
                        "give a finite weight >= 0"
                    )
                    problems.append(
                        Problem(message, file=_WHERE, row=int(rows[i]), column="group_arcs")
                    )

    # commodities
    if p.commodity_demand.ndim != 1:
        message = f"shape {p.commodity_demand.shape}: give a 1-D array"
        problems.append(Problem(message, file=_WHERE, column="commodity_demand"))
        return problems
    k = p.n_commodities
    if k == 0:
        message = "no commodity: give at least one origin-destination demand"
        problems.append(Problem(message, file=_WHERE, column="commodity_demand"))
    bad = ~np.isfinite(p.commodity_demand) | (p.commodity_demand <= 0)
    fix = "give a finite demand > 0 TEU/week (drop zero-demand rows)"
    _listed(problems, "commodity_demand", bad, p.commodity_demand, fix)
    ends_ok = True
    for name in ("commodity_origin", "commodity_destination"):
        array = getattr(p, name)
        if not _check_shape(problems, name, array, k, "commodity"):
            ends_ok = False
        elif array.dtype.kind not in "iu":
            message = f"dtype {array.dtype}: give integer vertex indices"
            problems.append(Problem(message, file=_WHERE, column=name))
            ends_ok = False
        else:
            bad = (array < 0) | (array >= n)
            ends_ok &= not bad.any()
            _listed(problems, name, bad, array, f"out of range: give a vertex index in 0..{n - 1}")
    if ends_ok:
        same = p.commodity_origin == p.commodity_destination
        fix = "origin equals destination: drop the commodity (nothing to move)"
        _listed(problems, "commodity_destination", same, p.commodity_destination, fix)
    if _check_shape(problems, "unserved_penalty", p.unserved_penalty, k, "commodity"):
        bad = ~np.isfinite(p.unserved_penalty) | (p.unserved_penalty <= 0)
        fix = "give a finite penalty > 0 CNY/TEU"
        _listed(problems, "unserved_penalty", bad, p.unserved_penalty, fix)

    # classes
    n_classes = 1
    if p.class_arc_cost is not None:
        cc = p.class_arc_cost
        if cc.ndim != 2 or cc.shape[1] != m or cc.shape[0] < 1:
            message = f"shape {cc.shape}, expected (C, {m}): one row per cargo class"
            problems.append(Problem(message, file=_WHERE, column="class_arc_cost"))
        else:
            n_classes = cc.shape[0]
            bad = np.isnan(cc) | (cc < 0) | (cc == -np.inf)
            if bad.any():
                for flat in np.flatnonzero(bad)[:_MAX_LISTED]:
                    c, a = divmod(int(flat), m)
                    message = (
                        f"class {c}: value {cc[c, a]!r}: give a cost >= 0 CNY/TEU, "
                        "np.inf to forbid the arc"
                    )
                    problems.append(Problem(message, file=_WHERE, row=a, column="class_arc_cost"))
    cls = p.commodity_class
    if _check_shape(problems, "commodity_class", cls, k, "commodity"):
        if cls.dtype.kind not in "iu":
            message = f"dtype {cls.dtype}: give integer class indices"
            problems.append(Problem(message, file=_WHERE, column="commodity_class"))
        else:
            bad = (cls < 0) | (cls >= n_classes)
            fix = f"out of range: give a class index in 0..{n_classes - 1}" + (
                " (and class_arc_cost for several classes)" if n_classes == 1 else ""
            )
            _listed(problems, "commodity_class", bad, cls, fix)
    return problems


# --- random instances --------------------------------------------------------------

#: Mode: (share of hubs with a terminal, neighbours linked, CNY per TEU-km,
#: fixed CNY per TEU per arc, capacity TEU/week range (None = uncapacitated)).
_MODES: dict[str, tuple[float, int, float, float, tuple[float, float] | None]] = {
    "road": (1.00, 4, 6.0, 50.0, None),
    "rail": (0.45, 3, 2.6, 120.0, (40.0, 400.0)),
    "water": (0.12, 2, 1.2, 200.0, (200.0, 1200.0)),
    "air": (0.06, 3, 45.0, 300.0, (5.0, 40.0)),
}
#: Handling cost of a transfer between modes at a hub, CNY per TEU.
_TRANSFER_COST_CNY = (150.0, 450.0)


def _link_components(xy_km: np.ndarray, pairs: np.ndarray) -> np.ndarray:
    """Add the shortest links that join the components of an undirected hub graph."""
    n = xy_km.shape[0]
    while True:
        graph = sp.coo_matrix((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(n, n))
        n_components, label = connected_components(graph, directed=False)
        if n_components == 1:
            return pairs
        inside = np.flatnonzero(label == label[0])
        outside = np.flatnonzero(label != label[0])
        distance, nearest = cKDTree(xy_km[outside]).query(xy_km[inside], k=1)
        best = int(np.argmin(distance))
        pairs = np.vstack([pairs, [[inside[best], outside[nearest[best]]]]])


def random_flow_problem(
    n_hubs: int,
    n_commodities: int,
    seed: int = 0,
    *,
    n_classes: int = 3,
    n_origins: int | None = None,
    demand_teu: float = 40.0,
    capacity_scale: float = 1.0,
    road_capacity_share: float = 0.1,
    hub_throughput_share: float = 0.5,
    penalty_factor: float = 3.0,
    area_km: float | None = None,
) -> FlowProblem:
    """Generate a mode-expanded, multimodal-like flow problem.

    Hubs are scattered on a square; each hub has a road vertex (where freight enters
    and leaves) and, with mode-dependent probability, rail, water and air vertices.
    Same-mode vertices of nearby hubs are joined by line-haul arcs both ways (road
    also along a spanning tree, so every hub is reachable by road); the mode vertices
    of one hub are joined by transfer arcs with a handling cost. Rail, water and air
    are cheaper per TEU-km or faster but capacitated, so capacities bind; some hubs
    have a shared handling throughput over their transfer arcs (a group capacity).

    Classes: 0 general cargo; 1 reefer (dearer everywhere, forbidden at transfers of
    hubs without reefer plugs); 2 dangerous goods (forbidden by air and on a share of
    rail arcs). Further classes are general cargo with a random surcharge.

    Parameters
    ----------
    n_hubs
        Number of hubs (about 1.6 vertices and 8 to 9 arcs per hub).
    n_commodities
        Number of origin-destination commodities.
    seed
        Seed of the random generator: same seed, same problem.
    n_classes
        Number of cargo classes (1 to any; see above).
    n_origins
        Number of distinct origin hubs (default ``max(2, round(3 sqrt(K)))``):
        freight comes from few big generators, as it does in practice.
    demand_teu
        Mean demand per commodity, TEU per week (log-normal spread).
    capacity_scale
        Multiplies every finite capacity (lower: more capacities bind).
    road_capacity_share
        Share of road arcs given a (large) finite capacity.
    hub_throughput_share
        Share of multimodal hubs with a group throughput capacity.
    penalty_factor
        Unserved penalty as a multiple of the commodity's straight-line road cost.
    area_km
        Side of the square, km (default grows with ``sqrt(n_hubs)``).

    Returns
    -------
    FlowProblem
        A validated problem.
    """
    if n_hubs < 2 or n_commodities < 1 or n_classes < 1:
        message = "random_flow_problem needs n_hubs >= 2, n_commodities >= 1, n_classes >= 1"
        raise DataValidationError(message)
    rng = np.random.default_rng(seed)
    side_km = area_km if area_km is not None else 60.0 * math.sqrt(n_hubs)
    xy_km = rng.uniform(0.0, side_km, size=(n_hubs, 2))

    # vertices: one per (hub, mode) present; road at every hub
    vertex_of: dict[str, np.ndarray] = {}
    next_vertex = 0
    for mode, (share, *_rest) in _MODES.items():
        present = np.ones(n_hubs, bool) if mode == "road" else rng.random(n_hubs) < share
        if mode != "road" and present.sum() < 2:
            present[:] = False
        ids = np.full(n_hubs, -1, dtype=np.int64)
        ids[present] = np.arange(next_vertex, next_vertex + present.sum())
        next_vertex += int(present.sum())
        vertex_of[mode] = ids
    n_vertices = next_vertex

    tails, heads, costs, caps, kinds = [], [], [], [], []
    for mode_index, (mode, (_share, k_nn, per_km, fixed, cap_range)) in enumerate(_MODES.items()):
        hubs = np.flatnonzero(vertex_of[mode] >= 0)
        if hubs.size < 2:
            continue
        k = min(k_nn, hubs.size - 1)
        _dist, nearest = cKDTree(xy_km[hubs]).query(xy_km[hubs], k=k + 1)
        pairs = np.column_stack([np.repeat(np.arange(hubs.size), k), nearest[:, 1:].ravel()])
        if mode == "road":  # every hub reachable by road
            pairs = _link_components(xy_km, pairs)
        pairs = np.sort(pairs, axis=1)
        pairs = np.unique(pairs[pairs[:, 0] != pairs[:, 1]], axis=0)
        a_hub, b_hub = hubs[pairs[:, 0]], hubs[pairs[:, 1]]
        distance_km = 1.2 * np.linalg.norm(xy_km[a_hub] - xy_km[b_hub], axis=1)
        cost = fixed + per_km * distance_km * rng.uniform(0.9, 1.1, size=distance_km.size)
        if cap_range is None:
            cap = np.full(distance_km.size, np.inf)
            capped = rng.random(distance_km.size) < road_capacity_share
            cap[capped] = rng.uniform(300.0, 1500.0, size=capped.sum()) * capacity_scale
        else:
            cap = rng.uniform(*cap_range, size=distance_km.size) * capacity_scale
        for forward in (True, False):
            u, v = (a_hub, b_hub) if forward else (b_hub, a_hub)
            tails.append(vertex_of[mode][u])
            heads.append(vertex_of[mode][v])
            costs.append(cost)
            caps.append(cap)
            kinds.append(np.full(u.size, mode_index))

    # transfers: road <-> each other mode at the same hub, both ways
    transfer_hub = []
    for mode in ("rail", "water", "air"):
        hubs = np.flatnonzero(vertex_of[mode] >= 0)
        handling = rng.uniform(*_TRANSFER_COST_CNY, size=hubs.size)
        for u_mode, v_mode in ((("road", mode)), ((mode, "road"))):
            tails.append(vertex_of[u_mode][hubs])
            heads.append(vertex_of[v_mode][hubs])
            costs.append(handling / 2.0)
            caps.append(np.full(hubs.size, np.inf))
            kinds.append(np.full(hubs.size, -1))
            transfer_hub.append(hubs)
    arc_tail = np.concatenate(tails)
    arc_head = np.concatenate(heads)
    arc_cost = np.concatenate(costs)
    arc_capacity = np.concatenate(caps)
    arc_kind = np.concatenate(kinds)
    m = arc_tail.size
    is_transfer = arc_kind == -1
    arc_hub = np.full(m, -1, dtype=np.int64)
    arc_hub[is_transfer] = np.concatenate(transfer_hub)

    # commodities: origins from few generators, destinations anywhere
    n_gen = n_origins if n_origins is not None else max(2, round(3 * math.sqrt(n_commodities)))
    n_gen = min(n_gen, n_hubs)
    generators = rng.choice(n_hubs, size=n_gen, replace=False)
    weights = 1.0 / np.arange(1, n_gen + 1)  # Zipf: a few big generators
    origin_hub = generators[rng.choice(n_gen, size=n_commodities, p=weights / weights.sum())]
    dest_hub = rng.integers(0, n_hubs - 1, size=n_commodities)
    dest_hub = dest_hub + (dest_hub >= origin_hub)  # never the origin
    demand = demand_teu * rng.lognormal(0.0, 0.6, size=n_commodities) / math.exp(0.18)
    commodity_class = rng.integers(0, n_classes, size=n_commodities)
    straight_km = np.linalg.norm(xy_km[origin_hub] - xy_km[dest_hub], axis=1)
    penalty = penalty_factor * (_MODES["road"][3] + _MODES["road"][2] * 1.2 * straight_km)

    # classes
    class_cost = np.tile(arc_cost, (n_classes, 1))
    if n_classes > 1:  # reefer
        class_cost[1] *= 1.25
        plugs = rng.random(n_hubs) < 0.6
        class_cost[1, is_transfer & ~plugs[np.maximum(arc_hub, 0)]] = np.inf
    if n_classes > 2:  # dangerous goods
        class_cost[2, arc_kind == list(_MODES).index("air")] = np.inf
        rail = arc_kind == list(_MODES).index("rail")
        class_cost[2, rail & (rng.random(m) < 0.3)] = np.inf
        to_air = is_transfer & np.isin(arc_head, vertex_of["air"][vertex_of["air"] >= 0])
        class_cost[2, to_air] = np.inf
    for c in range(3, n_classes):
        class_cost[c] *= rng.uniform(1.0, 1.4)

    # hub throughput groups over the transfer arcs of some multimodal hubs
    multimodal = np.unique(arc_hub[is_transfer])
    chosen = multimodal[rng.random(multimodal.size) < hub_throughput_share]
    rows, cols = [], []
    for row, hub in enumerate(chosen):
        arcs = np.flatnonzero(arc_hub == hub)
        rows.append(np.full(arcs.size, row))
        cols.append(arcs)
    n_groups = chosen.size
    if n_groups:
        r, c = np.concatenate(rows), np.concatenate(cols)
        group_arcs = sp.csr_matrix((np.ones(r.size), (r, c)), shape=(n_groups, m))
    else:
        group_arcs = sp.csr_matrix((0, m))
    group_capacity = rng.uniform(100.0, 800.0, size=n_groups) * capacity_scale

    return FlowProblem(
        n_vertices=n_vertices,
        arc_tail=arc_tail,
        arc_head=arc_head,
        arc_cost=arc_cost,
        arc_capacity=arc_capacity,
        commodity_origin=vertex_of["road"][origin_hub],
        commodity_destination=vertex_of["road"][dest_hub],
        commodity_demand=demand,
        unserved_penalty=penalty,
        commodity_class=commodity_class,
        class_arc_cost=class_cost if n_classes > 1 else None,
        group_capacity=group_capacity,
        group_arcs=group_arcs,
    )


# --- the answer ----------------------------------------------------------------------

#: Columns of ``FlowSolution.paths``.
PATH_COLUMNS = ("commodity", "path_id", "arcs", "flow_teu", "cost_cny_per_teu")


@dataclass(frozen=True, eq=False, kw_only=True)
class FlowSolution:
    """An optimal (or, when stopped, the best found) multi-commodity flow.

    Attributes
    ----------
    arc_flow
        ``(m,)`` total flow on each arc, TEU per week.
    class_arc_flow
        ``(C, m)`` flow of each cargo class on each arc, TEU per week.
    paths
        One row per (commodity, path) carrying flow: ``commodity`` (index),
        ``path_id`` (running number), ``arcs`` (tuple of arc indices from origin to
        destination), ``flow_teu`` (TEU per week) and ``cost_cny_per_teu`` (the
        path's cost for the commodity's class). The arc-based engine obtains it by
        flow decomposition (zero-cost cycles, if any, are dropped).
    unserved
        ``(K,)`` demand left unserved, TEU per week.
    arc_capacity_dual
        ``(m,)`` marginal saving, CNY per week per extra TEU/week of capacity on the
        arc (>= 0; 0 where the capacity does not bind or is infinite). NaN where the
        solve gave no duals (integer variant, stopped solve).
    group_capacity_dual
        ``(g,)`` the same for the group (hub throughput) capacities.
    demand_dual
        ``(K,)`` marginal cost, CNY per week, of one more TEU per week of demand of
        each commodity (its cheapest path at the shadow prices, or its penalty when
        it is left unserved). NaN without duals.
    objective
        Total cost, CNY per week: transport plus unserved penalties.
    solve_info
        Backend, status (``optimal``/``feasible``/``infeasible``/``not_solved``),
        objective, best bound, gap, time.
    build_time_s
        Seconds spent building the model (arrays, solver input).
    solve_time_s
        Seconds spent solving (for column generation: pricing and master LPs).
    method
        ``"arc"`` or ``"path"``.
    stats
        Engine figures: variables, rows, iterations, columns, time split.
    """

    arc_flow: np.ndarray
    class_arc_flow: np.ndarray
    paths: pd.DataFrame
    unserved: np.ndarray
    arc_capacity_dual: np.ndarray
    group_capacity_dual: np.ndarray
    demand_dual: np.ndarray
    objective: float
    solve_info: SolveInfo
    build_time_s: float
    solve_time_s: float
    method: str
    stats: dict[str, float] = field(default_factory=dict)

    def served_of(self, problem: FlowProblem) -> np.ndarray:
        """Return the ``(K,)`` served demand, TEU per week."""
        return problem.commodity_demand - self.unserved

    def transport_cost_cny(self, problem: FlowProblem) -> float:
        """Return the transport part of the objective, CNY per week."""
        costs = problem.class_costs
        used = self.class_arc_flow > 0
        return float(np.sum(self.class_arc_flow[used] * costs[used]))

    def unserved_cost_cny(self, problem: FlowProblem) -> float:
        """Return the penalty part of the objective, CNY per week."""
        return float(self.unserved @ problem.unserved_penalty)

    def summary(self) -> str:
        """Return a one-paragraph description of the solution."""
        return (
            f"{self.method}-based flow: objective {self.objective:,.2f} CNY/week, "
            f"{self.unserved.sum():,.1f} TEU/week unserved, {len(self.paths)} paths; "
            f"{self.solve_info}; build {self.build_time_s:.2f} s, "
            f"solve {self.solve_time_s:.2f} s"
        )

    def __str__(self) -> str:
        return self.summary()
