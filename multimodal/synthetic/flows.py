"""Random capacitated multi-commodity flow problems shaped like a multimodal network.

``random_flow_problem(n_hubs, n_commodities, seed)`` makes a mode-expanded instance
(road, rail, water, air) with transfers, cargo classes and binding capacities, for the
assignment engines' tests and benchmarks.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import connected_components
from scipy.spatial import cKDTree

from .._options import moved_to_params
from .._validate import check_number
from ..assignment.problem import FlowProblem
from ..exceptions import DataValidationError, ParameterError

__all__ = ["FlowProblemParams", "random_flow_problem"]

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


@dataclass(frozen=True)
class FlowProblemParams:
    """Shape of a random flow problem (see ``random_flow_problem``).

    Attributes
    ----------
    n_classes
        Number of cargo classes (1 to any): 0 general cargo; 1 reefer (dearer
        everywhere, forbidden at transfers of hubs without reefer plugs); 2 dangerous
        goods (forbidden by air and on a share of rail arcs); further classes are
        general cargo with a random surcharge.
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

    Raises
    ------
    ParameterError
        A value out of its range.
    """

    n_classes: int = 3
    n_origins: int | None = None
    demand_teu: float = 40.0
    capacity_scale: float = 1.0
    road_capacity_share: float = 0.1
    hub_throughput_share: float = 0.5
    penalty_factor: float = 3.0
    area_km: float | None = None

    def __post_init__(self) -> None:
        for name in ("n_classes", "n_origins"):
            value = getattr(self, name)
            if value is None and name == "n_origins":
                continue
            if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 1:
                message = f"{name} must be a whole number >= 1, got {value!r}"
                raise ParameterError(message)
        check_number(self.demand_teu, "demand_teu", unit="TEU per week", minimum=0, strict=True)
        check_number(self.capacity_scale, "capacity_scale", minimum=0, strict=True)
        for name in ("road_capacity_share", "hub_throughput_share"):
            check_number(getattr(self, name), name, minimum=0, maximum=1)
        check_number(self.penalty_factor, "penalty_factor", minimum=0, strict=True)
        check_number(self.area_km, "area_km", unit="km", minimum=0, strict=True, allow_none=True)


def random_flow_problem(
    n_hubs: int,
    n_commodities: int,
    seed: int = 0,
    *,
    params: FlowProblemParams | None = None,
    **moved: Any,
) -> FlowProblem:
    """Generate a mode-expanded, multimodal-like flow problem.

    Hubs are scattered on a square; each hub has a road vertex (where freight enters
    and leaves) and, with mode-dependent probability, rail, water and air vertices.
    Same-mode vertices of nearby hubs are joined by line-haul arcs both ways (road
    also along a spanning tree, so every hub is reachable by road); the mode vertices
    of one hub are joined by transfer arcs with a handling cost. Rail, water and air
    are cheaper per TEU-km or faster but capacitated, so capacities bind; some hubs
    have a shared handling throughput over their transfer arcs (a group capacity).
    The cargo classes are described in ``FlowProblemParams``.

    Parameters
    ----------
    n_hubs
        Number of hubs (about 1.6 vertices and 8 to 9 arcs per hub).
    n_commodities
        Number of origin-destination commodities.
    seed
        Seed of the random generator: same seed, same problem.
    params
        The problem's shape: classes, origins, demand, capacities, penalties, area.
    **moved
        The fields of ``FlowProblemParams`` as keywords, as before (deprecated).

    Returns
    -------
    FlowProblem
        A validated problem.

    Raises
    ------
    DataValidationError
        Fewer than 2 hubs or 1 commodity.
    ParameterError
        A bad shape parameter.

    Examples
    --------
    >>> problem = random_flow_problem(50, 20, seed=1)
    >>> problem.n_commodities
    20
    """
    shape = moved_to_params("random_flow_problem", moved, FlowProblemParams, params)
    if n_hubs < 2 or n_commodities < 1:
        message = "random_flow_problem needs n_hubs >= 2, n_commodities >= 1, n_classes >= 1"
        raise DataValidationError(message)
    rng = np.random.default_rng(seed)
    side_km = shape.area_km if shape.area_km is not None else 60.0 * math.sqrt(n_hubs)
    xy_km = rng.uniform(0.0, side_km, size=(n_hubs, 2))
    vertex_of, n_vertices = _vertices(rng, n_hubs)
    arcs = _Arcs()
    _line_hauls(rng, xy_km, vertex_of, shape, arcs)
    _transfers(rng, vertex_of, arcs)
    arc_tail, arc_head, arc_cost, arc_capacity, arc_kind, arc_hub = arcs.arrays()
    is_transfer = arc_kind == -1

    # commodities: origins from few generators, destinations anywhere
    n_gen = (
        shape.n_origins
        if shape.n_origins is not None
        else max(2, round(3 * math.sqrt(n_commodities)))
    )
    n_gen = min(n_gen, n_hubs)
    generators = rng.choice(n_hubs, size=n_gen, replace=False)
    weights = 1.0 / np.arange(1, n_gen + 1)  # Zipf: a few big generators
    origin_hub = generators[rng.choice(n_gen, size=n_commodities, p=weights / weights.sum())]
    dest_hub = rng.integers(0, n_hubs - 1, size=n_commodities)
    dest_hub = dest_hub + (dest_hub >= origin_hub)  # never the origin
    demand = shape.demand_teu * rng.lognormal(0.0, 0.6, size=n_commodities) / math.exp(0.18)
    commodity_class = rng.integers(0, shape.n_classes, size=n_commodities)
    straight_km = np.linalg.norm(xy_km[origin_hub] - xy_km[dest_hub], axis=1)
    penalty = shape.penalty_factor * (_MODES["road"][3] + _MODES["road"][2] * 1.2 * straight_km)

    class_cost = _class_costs(
        rng, shape.n_classes, n_hubs, arc_cost, arc_kind, arc_hub, arc_head, vertex_of
    )
    group_arcs, group_capacity = _hub_groups(
        rng, arc_hub, is_transfer, shape.hub_throughput_share, shape.capacity_scale
    )
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
        class_arc_cost=class_cost if shape.n_classes > 1 else None,
        group_capacity=group_capacity,
        group_arcs=group_arcs,
    )


class _Arcs:
    """Arc blocks as they are generated (tail, head, cost, capacity, kind, hub)."""

    def __init__(self) -> None:
        self.blocks: list[tuple[np.ndarray, ...]] = []

    def add(
        self,
        tail: np.ndarray,
        head: np.ndarray,
        cost: np.ndarray,
        capacity: np.ndarray,
        kind: int,
        hub: np.ndarray | None,
    ) -> None:
        size = tail.size
        hubs = np.full(size, -1, dtype=np.int64) if hub is None else np.asarray(hub, np.int64)
        self.blocks.append((tail, head, cost, capacity, np.full(size, kind), hubs))

    def arrays(self) -> tuple[np.ndarray, ...]:
        return tuple(np.concatenate([block[i] for block in self.blocks]) for i in range(6))


def _vertices(rng: np.random.Generator, n_hubs: int) -> tuple[dict[str, np.ndarray], int]:
    """One vertex per (hub, mode) present, road at every hub; -1 where absent."""
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
    return vertex_of, next_vertex


def _line_hauls(
    rng: np.random.Generator,
    xy_km: np.ndarray,
    vertex_of: dict[str, np.ndarray],
    shape: FlowProblemParams,
    arcs: _Arcs,
) -> None:
    """Same-mode arcs both ways between nearby hubs (road also joins every component)."""
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
            capped = rng.random(distance_km.size) < shape.road_capacity_share
            cap[capped] = rng.uniform(300.0, 1500.0, size=capped.sum()) * shape.capacity_scale
        else:
            cap = rng.uniform(*cap_range, size=distance_km.size) * shape.capacity_scale
        for u, v in ((a_hub, b_hub), (b_hub, a_hub)):
            arcs.add(vertex_of[mode][u], vertex_of[mode][v], cost, cap, mode_index, None)


def _transfers(rng: np.random.Generator, vertex_of: dict[str, np.ndarray], arcs: _Arcs) -> None:
    """Transfers road <-> each other mode at the same hub, both ways."""
    for mode in ("rail", "water", "air"):
        hubs = np.flatnonzero(vertex_of[mode] >= 0)
        handling = rng.uniform(*_TRANSFER_COST_CNY, size=hubs.size)
        for u_mode, v_mode in (("road", mode), (mode, "road")):
            arcs.add(
                vertex_of[u_mode][hubs],
                vertex_of[v_mode][hubs],
                handling / 2.0,
                np.full(hubs.size, np.inf),
                -1,
                hubs,
            )


def _class_costs(
    rng: np.random.Generator,
    n_classes: int,
    n_hubs: int,
    arc_cost: np.ndarray,
    arc_kind: np.ndarray,
    arc_hub: np.ndarray,
    arc_head: np.ndarray,
    vertex_of: dict[str, np.ndarray],
) -> np.ndarray:
    """``(C, m)`` costs: reefer, dangerous goods and surcharged general cargo."""
    is_transfer = arc_kind == -1
    class_cost = np.tile(arc_cost, (n_classes, 1))
    if n_classes > 1:  # reefer
        class_cost[1] *= 1.25
        plugs = rng.random(n_hubs) < 0.6
        class_cost[1, is_transfer & ~plugs[np.maximum(arc_hub, 0)]] = np.inf
    if n_classes > 2:  # dangerous goods
        class_cost[2, arc_kind == list(_MODES).index("air")] = np.inf
        rail = arc_kind == list(_MODES).index("rail")
        class_cost[2, rail & (rng.random(arc_cost.size) < 0.3)] = np.inf
        to_air = is_transfer & np.isin(arc_head, vertex_of["air"][vertex_of["air"] >= 0])
        class_cost[2, to_air] = np.inf
    for c in range(3, n_classes):
        class_cost[c] *= rng.uniform(1.0, 1.4)
    return class_cost


def _hub_groups(
    rng: np.random.Generator,
    arc_hub: np.ndarray,
    is_transfer: np.ndarray,
    share: float,
    capacity_scale: float,
) -> tuple[sp.csr_matrix, np.ndarray]:
    """Hub throughput groups over the transfer arcs of some multimodal hubs."""
    m = arc_hub.size
    multimodal = np.unique(arc_hub[is_transfer])
    chosen = multimodal[rng.random(multimodal.size) < share]
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
    return group_arcs, group_capacity


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
