"""Path-search kernels on edge arrays: one private kernel per algorithm.

The public functions in ``routing.py`` and ``skim.py`` are thin wrappers around these.

- ``dijkstra``: single-objective shortest path with static weights, on SciPy's compiled
  Dijkstra over a CSR matrix whose structure (``PairIndex``) is built once per graph.
- ``label_setting``: exact multi-criteria search (Martins' algorithm): every
  non-dominated combination of static criteria and arrival time, with time-dependent
  waits for timetabled services (FIFO, so label setting stays exact) and an optional
  deadline.
- ``k_shortest``: Yen's k shortest simple paths (networkx), lazily.
"""

from __future__ import annotations

import heapq
import math
from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import networkx as nx
import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra as _scipy_dijkstra

from .exceptions import SolverError

HOURS_PER_WEEK = 168.0


@dataclass(frozen=True, eq=False)
class PairIndex:
    """The fixed structure of a graph for SciPy: one CSR entry per connected vertex pair.

    Built once per graph; each query only fills in weights. Parallel edges share their
    pair's entry, which takes the cheapest allowed edge's weight (CSR would otherwise
    add them up); ties go to the lowest edge index, so results are deterministic.
    """

    n: int
    order: np.ndarray  # edge indices sorted by (tail, head, index)
    starts: np.ndarray  # where each pair's group begins in ``order``
    keys: np.ndarray  # tail * n + head of each pair, sorted
    indptr: np.ndarray
    indices: np.ndarray

    @classmethod
    def build(cls, n: int, tail: np.ndarray, head: np.ndarray) -> PairIndex:
        """Index the edges ``tail -> head`` of a graph with ``n`` vertices."""
        key = tail.astype(np.int64) * n + head
        order = np.lexsort((np.arange(len(key)), key))
        sorted_keys = key[order]
        first = np.ones(len(order), dtype=bool)
        first[1:] = sorted_keys[1:] != sorted_keys[:-1]
        starts = np.flatnonzero(first)
        keys = sorted_keys[starts]
        pair_tail = keys // n
        indptr = np.searchsorted(pair_tail, np.arange(n + 1)).astype(np.int32)
        indices = (keys % n).astype(np.int32)
        return cls(n, order, starts, keys, indptr, indices)

    def matrix(self, weight: np.ndarray, allowed: np.ndarray) -> sp.csr_matrix:
        """The CSR matrix of pair weights (``inf`` where no edge of the pair is allowed)."""
        masked = np.where(allowed, weight, np.inf)[self.order]
        data = np.minimum.reduceat(masked, self.starts) if len(masked) else masked
        return sp.csr_matrix((data, self.indices, self.indptr), shape=(self.n, self.n))

    def edge_between(
        self, tails: np.ndarray, heads: np.ndarray, weight: np.ndarray, allowed: np.ndarray
    ) -> np.ndarray:
        """For vertex pairs on a shortest path, the edge that gave the pair its weight."""
        groups = np.searchsorted(self.keys, tails.astype(np.int64) * self.n + heads)
        ends = np.append(self.starts[1:], len(self.order))
        masked = np.where(allowed, weight, np.inf)
        edges = np.empty(len(groups), dtype=np.int64)
        for i, g in enumerate(groups):
            members = self.order[self.starts[g] : ends[g]]
            edges[i] = members[np.argmin(masked[members])]
        return edges

    def edge_between_many(
        self, tails: np.ndarray, heads: np.ndarray, weight: np.ndarray, allowed: np.ndarray
    ) -> np.ndarray:
        """``edge_between`` for many pairs at once (vectorised over pair groups)."""
        masked = np.where(allowed, weight, np.inf)[self.order]
        # Position of the cheapest edge of each group: sort by (group, weight, index).
        group_of = np.repeat(
            np.arange(len(self.starts)), np.diff(np.append(self.starts, len(self.order)))
        )
        best = np.lexsort((self.order, masked, group_of))
        first = np.ones(len(best), dtype=bool)
        first[1:] = group_of[best][1:] != group_of[best][:-1]
        cheapest = self.order[best[first]]
        groups = np.searchsorted(self.keys, tails.astype(np.int64) * self.n + heads)
        return cheapest[groups]


#: Above this many vertices, point-to-point searches stop early (see ``dijkstra``).
EARLY_EXIT_VERTICES = 200_000


def dijkstra(
    index: PairIndex,
    weight: np.ndarray,
    allowed: np.ndarray,
    source: int,
    target: int,
) -> tuple[float, list[int]]:
    """Shortest path from ``source`` to ``target``; returns (length, edge indices).

    The length is ``inf`` and the path empty when ``target`` cannot be reached.

    SciPy's Dijkstra has no early exit at a target, but it has a distance ``limit``. On
    large graphs the search runs with a limit that grows fourfold until the target is
    settled, so it explores a ball about as large as the answer needs, not the whole
    graph (Dijkstra settles vertices in distance order, so a path found within the limit
    is exact).
    """
    matrix = index.matrix(weight, allowed)
    if index.n > EARLY_EXIT_VERTICES:
        first = matrix.data[matrix.indptr[source] : matrix.indptr[source + 1]]
        finite = matrix.data[np.isfinite(matrix.data)]
        limit = max(float(first.min()) if len(first) else 0.0, float(np.median(finite)), 1e-9)
        total = float(finite.sum())
        while True:
            dist, pred = _scipy_dijkstra(
                matrix, indices=source, return_predecessors=True, limit=limit
            )
            if np.isfinite(dist[target]) or limit > total:
                break
            limit *= 4.0
    else:
        dist, pred = _scipy_dijkstra(matrix, indices=source, return_predecessors=True)
    if not np.isfinite(dist[target]):
        return float("inf"), []
    vertices = [target]
    while vertices[-1] != source:
        vertices.append(int(pred[vertices[-1]]))
    vertices.reverse()
    edges = index.edge_between(np.asarray(vertices[:-1]), np.asarray(vertices[1:]), weight, allowed)
    return float(dist[target]), [int(e) for e in edges]


def next_departure(t_h: float, slots: Sequence[float]) -> float:
    """Earliest departure at or after ``t_h`` (hours since a Monday 00:00) of a weekly timetable."""
    week, offset = divmod(t_h, HOURS_PER_WEEK)
    i = bisect_left(slots, offset - 1e-9)
    if i < len(slots):
        return week * HOURS_PER_WEEK + slots[i]
    return (week + 1) * HOURS_PER_WEEK + slots[0]


@dataclass(frozen=True)
class Label:
    """A non-dominated way to reach the target: criteria, arrival time and its edges."""

    criteria: tuple[float, ...]
    arrival_h: float
    edges: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class TimedEdges:
    """A graph whose edges carry static criteria, times and timetables (for ``pareto_labels``).

    Attributes
    ----------
    n, tail, head
        The graph: number of vertices and each edge's ends.
    static
        ``(m, s)`` array of static criteria per edge (e.g. money, CO2e); may have s = 0.
    motion_h, expected_wait_h
        Time in motion (or dwell) per edge, and the wait to use where no timetable applies.
    timetable, timetables
        Per edge, the index of its weekly timetable (hours since Monday) or -1.
    allowed
        Edges that may be used.
    """

    n: int
    tail: np.ndarray
    head: np.ndarray
    static: np.ndarray
    motion_h: np.ndarray
    expected_wait_h: np.ndarray
    timetable: np.ndarray
    timetables: Sequence[Sequence[float]]
    allowed: np.ndarray


def label_setting(  # noqa: PLR0913 - the old signature, kept until routing calls pareto_labels
    n: int,
    tail: np.ndarray,
    head: np.ndarray,
    static: np.ndarray,
    motion_h: np.ndarray,
    expected_wait_h: np.ndarray,
    timetable: np.ndarray,
    timetables: Sequence[Sequence[float]],
    allowed: np.ndarray,
    source: int,
    target: int,
    *,
    start_h: float = 0.0,
    deadline_h: float | None = None,
    use_time: bool = True,
    max_labels: int = 2_000_000,
) -> list[Label]:
    """``pareto_labels`` with the graph given as separate arrays (the older signature)."""
    edges = TimedEdges(
        n, tail, head, static, motion_h, expected_wait_h, timetable, timetables, allowed
    )
    return pareto_labels(
        edges,
        source,
        target,
        start_h=start_h,
        deadline_h=deadline_h,
        use_time=use_time,
        max_labels=max_labels,
    )


def earliest_arrival(
    edges: TimedEdges, source: int, target: int, *, start_h: float = 0.0
) -> tuple[float, list[int]]:
    """Earliest arrival at ``target`` leaving ``source`` at ``start_h``; (arrival, edges).

    A time-dependent Dijkstra: waiting for a timetabled departure never makes a later
    start arrive earlier (first in, first out), so one label per vertex is exact. The
    arrival is ``inf`` and the path empty when the target cannot be reached.
    """
    n, tail, head = edges.n, edges.tail, edges.head
    usable = np.flatnonzero(edges.allowed)
    usable = usable[np.lexsort((usable, tail[usable]))]
    starts = np.searchsorted(tail[usable], np.arange(n + 1)).tolist()
    usable_list = usable.tolist()
    heads = head.tolist()
    motion = edges.motion_h.tolist()
    expected = edges.expected_wait_h.tolist()
    slots_of = edges.timetable.tolist()
    timetables = edges.timetables
    best = [math.inf] * n
    via = [-1] * n
    best[source] = start_h
    heap = [(start_h, source)]
    done = [False] * n
    while heap:
        arrival, v = heapq.heappop(heap)
        if done[v]:
            continue
        done[v] = True
        if v == target:
            break
        for e in usable_list[starts[v] : starts[v + 1]]:
            w = heads[e]
            if done[w]:
                continue
            slots = slots_of[e]
            depart = (
                next_departure(arrival, timetables[slots]) if slots >= 0 else arrival + expected[e]
            )
            new = depart + motion[e]
            if new < best[w] - 1e-12:
                best[w] = new
                via[w] = e
                heapq.heappush(heap, (new, w))
    if not math.isfinite(best[target]):
        return math.inf, []
    path = []
    v = target
    while v != source:
        e = via[v]
        path.append(e)
        v = int(tail[e])
    return best[target], path[::-1]


def pareto_labels(
    edges: TimedEdges,
    source: int,
    target: int,
    *,
    start_h: float = 0.0,
    deadline_h: float | None = None,
    use_time: bool = True,
    max_labels: int = 2_000_000,
) -> list[Label]:
    """Every non-dominated path from ``source`` to ``target`` (Martins' algorithm).

    Parameters
    ----------
    edges
        The graph, its criteria, times and timetables, and the edges that may be used.
    source, target
        Vertices.
    start_h
        Time the cargo is ready, in hours since a Monday 00:00 (only matters with timetables).
    deadline_h
        Latest arrival, in hours after ``start_h``; labels arriving later are cut.
    use_time
        Whether arrival time is a criterion (else only the static criteria count).
    max_labels
        Safety limit on labels created.

    Raises
    ------
    SolverError
        If more than ``max_labels`` labels are created.

    Returns
    -------
    list of Label
        The Pareto-optimal labels at the target, sorted by their criteria, with the
        arrival time last among the criteria when ``use_time``. Of several paths with equal
        criteria, the first found is kept.
    """
    n, tail, head, allowed = edges.n, edges.tail, edges.head, edges.allowed
    motion_h, expected_wait_h = edges.motion_h, edges.expected_wait_h
    timetable, timetables = edges.timetable, edges.timetables
    static = np.asarray(edges.static, dtype=float).reshape(len(tail), -1)
    usable = np.flatnonzero(allowed)
    order = np.lexsort((usable, tail[usable]))
    usable = usable[order]
    starts = np.searchsorted(tail[usable], np.arange(n + 1))
    limit = None if deadline_h is None else start_h + deadline_h + 1e-9
    static_rows = static.tolist()

    # Label storage: criteria tuple, vertex, predecessor label, edge.
    crit: list[tuple[float, ...]] = []
    pred: list[int] = []
    via: list[int] = []
    permanent: dict[int, list[tuple[float, ...]]] = {}
    heap: list[tuple[tuple[float, ...], int, int]] = []

    def key(values: tuple[float, ...], arrival: float) -> tuple[float, ...]:
        return (*values, arrival) if use_time else values

    def dominated(v: int, k: tuple[float, ...]) -> bool:
        return any(all(o <= x + 1e-12 for o, x in zip(other, k)) for other in permanent.get(v, ()))

    s = static.shape[1]
    first = key(tuple([0.0] * s), start_h)
    crit.append((*([0.0] * s), start_h))
    pred.append(-1)
    via.append(-1)
    heapq.heappush(heap, (first, 0, source))
    results: list[int] = []
    while heap:
        k, label, v = heapq.heappop(heap)
        if dominated(v, k) or (v != target and dominated(target, k)):
            continue
        permanent.setdefault(v, []).append(k)
        if v == target:
            results.append(label)
            continue
        values = crit[label]
        arrival = values[-1]
        for e in usable[starts[v] : starts[v + 1]]:
            slots = timetable[e]
            if slots >= 0:
                depart = next_departure(arrival, timetables[slots])
            else:
                depart = arrival + expected_wait_h[e]
            new_arrival = depart + motion_h[e]
            if limit is not None and new_arrival > limit:
                continue
            row = static_rows[e]
            new_values = tuple(a + b for a, b in zip(values[:-1], row))
            new_key = key(new_values, new_arrival)
            w = int(head[e])
            if dominated(w, new_key) or dominated(target, new_key):
                continue
            crit.append((*new_values, new_arrival))
            pred.append(label)
            via.append(int(e))
            heapq.heappush(heap, (new_key, len(crit) - 1, w))
            if len(crit) > max_labels:
                message = f"label-setting search exceeded {max_labels:,} labels"
                raise SolverError(message)

    # Sums in a different order differ in the last bits: drop labels that another beats
    # on one criterion while tying (within rounding) on the rest.
    results = [
        label
        for label in results
        if not any(
            _dominates(crit[other], crit[label], use_time) for other in results if other != label
        )
    ]
    labels = []
    for label in results:
        path: list[int] = []
        cursor = label
        while pred[cursor] >= 0:
            path.append(via[cursor])
            cursor = pred[cursor]
        values = crit[label]
        labels.append(Label(key(values[:-1], values[-1]), values[-1], tuple(reversed(path))))
    return labels


_REL_TOL = 1e-9


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= _REL_TOL * max(1.0, abs(a), abs(b))


def _weakly_dominates(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    """``a`` is no worse than ``b`` on every criterion (within rounding)."""
    return all(x <= y or _close(x, y) for x, y in zip(a, b))


def _dominates(a: tuple[float, ...], b: tuple[float, ...], use_time: bool) -> bool:
    """``a`` beats ``b``: no worse on every criterion, better beyond rounding on one."""
    if not use_time:
        a, b = a[:-1], b[:-1]
    return _weakly_dominates(a, b) and any(x < y and not _close(x, y) for x, y in zip(a, b))


def k_shortest(
    index: PairIndex,
    weight: np.ndarray,
    allowed: np.ndarray,
    source: int,
    target: int,
) -> Iterator[list[int]]:
    """Yield simple paths (as edge-index lists) in order of total weight (Yen's algorithm)."""
    matrix = index.matrix(weight, allowed).tocoo()
    digraph = nx.DiGraph()
    finite = np.isfinite(matrix.data)
    for u, v, w in zip(
        matrix.row[finite].tolist(), matrix.col[finite].tolist(), matrix.data[finite].tolist()
    ):
        digraph.add_edge(u, v, weight=w)
    if source not in digraph or target not in digraph:
        return
    try:
        for vertices in nx.shortest_simple_paths(digraph, source, target, weight="weight"):
            edges = index.edge_between(
                np.asarray(vertices[:-1]), np.asarray(vertices[1:]), weight, allowed
            )
            yield [int(e) for e in edges]
    except nx.NetworkXNoPath:
        return
