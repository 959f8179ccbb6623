"""Pricing for column generation: the cheapest path of every commodity at given prices.

One Dijkstra per (cargo class, origin) on a CSR graph whose pattern is built once per
class (``ClassGraph``) and whose weights change with the prices; the predecessor chains
of all commodities are walked at once, one arc per step.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from .problem import FlowProblem

__all__ = ["ClassGraph", "Paths", "price_paths", "reduced_costs", "subset_paths"]

#: Largest distance matrix computed at once by Dijkstra (origins x vertices).
MAX_DIJKSTRA_CELLS = 20_000_000

#: Paths found by pricing: commodity, cost at class prices, length, flat arcs (all
#: paths end to end), and every commodity's distance at the prices.
Paths = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]


class ClassGraph:
    """The arcs one class may use, sorted by (tail, head), as a fixed CSR pattern.

    Parallel arcs share one CSR entry whose weight is the least of theirs; the
    pattern is built once and only the weights change between iterations.
    """

    def __init__(self, problem: FlowProblem, cargo_class: int) -> None:
        n = problem.n_vertices
        cost = problem.cost_of_class(cargo_class)
        allowed = np.flatnonzero(np.isfinite(cost))
        tail, head = problem.arc_tail[allowed], problem.arc_head[allowed]
        order = np.lexsort((head, tail))
        self.arcs = allowed[order]  # arc ids in CSR-entry order (with repeats)
        self.cost = cost[self.arcs]
        pair = tail[order] * n + head[order]
        starts = np.flatnonzero(np.concatenate([[True], pair[1:] != pair[:-1]]))
        self.segment_start = starts
        self.segment_length = np.diff(np.concatenate([starts, [pair.size]]))
        self.segment_of = np.repeat(np.arange(starts.size), self.segment_length)
        self.pair_key = pair[starts]
        self.has_parallel = bool(np.any(self.segment_length > 1))
        unique_tail = tail[order][starts]
        self.indices = head[order][starts].astype(np.int32)
        self.indptr = np.searchsorted(unique_tail, np.arange(n + 1)).astype(np.int32)
        self.n = n

    def graph(self, extra: np.ndarray) -> tuple[sp.csr_matrix, np.ndarray]:
        """CSR graph of reduced arc weights and the arc chosen for each entry.

        Parameters
        ----------
        extra
            ``(m,)`` surcharge per arc (capacity prices), CNY per TEU.

        Returns
        -------
        tuple
            The ``(n, n)`` CSR graph and, per entry, the arc of least weight (the first
            such arc among parallel ones).
        """
        weight = self.cost + extra[self.arcs]
        if not self.has_parallel:
            data, chosen = weight, self.arcs
        else:
            data = np.minimum.reduceat(weight, self.segment_start)
            is_min = weight <= data[self.segment_of]
            first = np.flatnonzero(is_min)
            _seg, where = np.unique(self.segment_of[first], return_index=True)
            chosen = self.arcs[first[where]]
        graph = sp.csr_matrix((data, self.indices, self.indptr), shape=(self.n, self.n))
        return graph, chosen

    def arcs_of_pairs(self, tails: np.ndarray, heads: np.ndarray, chosen: np.ndarray) -> np.ndarray:
        """Arc ids of the CSR entries ``(tail, head)`` (all present).

        Parameters
        ----------
        tails, heads
            Vertex pairs, each an entry of the pattern.
        chosen
            The arc of each entry, from ``graph``.

        Returns
        -------
        numpy.ndarray
            The arc of each pair.
        """
        entry = np.searchsorted(self.pair_key, tails * self.n + heads)
        return chosen[entry]


def reduced_costs(paths: Paths, extra: np.ndarray, pi: np.ndarray) -> np.ndarray:
    """Reduced cost of each path of a ``price_paths`` result at the given prices.

    Parameters
    ----------
    paths
        A ``price_paths`` result.
    extra
        ``(m,)`` surcharge per arc, CNY per TEU.
    pi
        ``(K,)`` each commodity's dual, CNY per TEU.

    Returns
    -------
    numpy.ndarray
        Path cost plus its surcharges minus its commodity's dual, per path.
    """
    commodity, cost, lengths, arcs = paths[:4]
    if commodity.size == 0:
        return np.zeros(0)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    return cost + np.add.reduceat(extra[arcs], starts) - pi[commodity]


def subset_paths(paths: Paths, keep: np.ndarray) -> Paths:
    """The paths of a ``price_paths`` result where ``keep`` is True.

    Parameters
    ----------
    paths
        A ``price_paths`` result.
    keep
        One bool per path.

    Returns
    -------
    Paths
        The kept paths (the distances are kept whole).
    """
    commodity, cost, lengths, arcs, distance = paths
    return commodity[keep], cost[keep], lengths[keep], arcs[np.repeat(keep, lengths)], distance


def price_paths(
    problem: FlowProblem,
    classes: list[ClassGraph],
    by_class: list[tuple[np.ndarray, np.ndarray, np.ndarray]],
    extra: np.ndarray,
    threshold: np.ndarray,
    limit: np.ndarray,
) -> Paths:
    """Cheapest path of every commodity at arc weights ``cost + extra``.

    Parameters: ``threshold`` (K,), return the paths cheaper than it; ``limit``
    (K,), no interest in distances beyond it (Dijkstra stops there).

    Returns the paths (commodity, cost at class prices, length, flat arcs) and
    ``(K,)`` each commodity's distance (inf if beyond its limit or unreachable).
    """
    n = problem.n_vertices
    distance = np.full(problem.n_commodities, np.inf)
    out_commodity, out_cost, out_lengths, out_arcs = [], [], [], []
    for c, graph_c in enumerate(classes):
        members, origins, origin_row = by_class[c]
        if members.size == 0:
            continue
        graph, chosen = graph_c.graph(extra)
        chunk = max(1, MAX_DIJKSTRA_CELLS // n)
        for lo in range(0, origins.size, chunk):
            in_chunk = (origin_row >= lo) & (origin_row < lo + chunk)
            ks = members[in_chunk]
            rows = origin_row[in_chunk] - lo
            dist, pred = dijkstra(
                graph,
                directed=True,
                indices=origins[lo : lo + chunk],
                return_predecessors=True,
                limit=float(limit[ks].max()) * (1.0 + 1e-9) + 1e-9,
            )
            dests = problem.commodity_destination[ks]
            reach = dist[rows, dests]
            reach[reach > limit[ks]] = np.inf
            distance[ks] = reach
            good = np.flatnonzero(reach < threshold[ks])
            if good.size == 0:
                continue
            ks, rows, dests = ks[good], rows[good], dests[good]
            # walk all predecessor chains at once, one arc per step
            tails_steps, heads_steps, owner_steps = [], [], []
            current = dests.copy()
            alive = np.arange(ks.size)
            for _step in range(n):
                parent = pred[rows[alive], current[alive]]
                tails_steps.append(parent)
                heads_steps.append(current[alive])
                owner_steps.append(alive)
                current[alive] = parent
                alive = alive[parent != problem.commodity_origin[ks[alive]]]
                if alive.size == 0:
                    break
            tails = np.concatenate(tails_steps)
            heads = np.concatenate(heads_steps)
            owner = np.concatenate(owner_steps)
            arcs = graph_c.arcs_of_pairs(tails, heads, chosen)
            # steps were taken from the destination backwards: order each path
            step = np.concatenate([np.full(o.size, i) for i, o in enumerate(owner_steps)])
            order = np.lexsort((-step, owner))  # by path, then origin side first
            arcs, owner = arcs[order], owner[order]
            lengths = np.bincount(owner, minlength=ks.size)
            cost = np.bincount(owner, weights=problem.cost_of_class(c)[arcs], minlength=ks.size)
            out_commodity.append(ks)
            out_cost.append(cost)
            out_lengths.append(lengths)
            out_arcs.append(arcs)
    if not out_commodity:
        empty = np.zeros(0, dtype=np.int64)
        return empty, np.zeros(0), empty, empty, distance
    return (
        np.concatenate(out_commodity),
        np.concatenate(out_cost),
        np.concatenate(out_lengths),
        np.concatenate(out_arcs),
        distance,
    )
