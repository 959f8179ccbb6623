"""All-or-nothing loading: one Dijkstra per origin (SciPy), trees loaded with numpy.

The graph of each class is built once: the arcs the class may use, with vertices that
no path may pass through split into a *source* (the vertex, which keeps its outgoing
arcs) and a *sink* (a new vertex that receives its incoming arcs), so a path can start or
end there but never pass. Parallel arcs get a dummy middle vertex so that every
(tail, head) pair of the search graph is one arc and a predecessor names its arc.
Each iteration only the arc weights change (the CSR data).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
from scipy.sparse.csgraph import dijkstra

from .problem import EquilibriumProblem


@dataclass(frozen=True, eq=False)
class _ClassGraph:
    """The search graph of one class and its demand by origin."""

    n: int  # vertices of the search graph
    order: np.ndarray  # search edge -> position in CSR data
    indices: np.ndarray
    indptr: np.ndarray
    edge_arc: np.ndarray  # search edge -> problem arc (-1: a dummy edge)
    edge_key: np.ndarray  # sorted tail * n + head of the search edges
    key_edge: np.ndarray  # search edge of each sorted key
    origins: np.ndarray  # (o,) problem vertices
    demand: np.ndarray  # (o, n) demand to each search vertex
    commodity_row: np.ndarray  # (K_c,) row in ``origins`` of each commodity
    commodity_col: np.ndarray  # (K_c,) search vertex of each commodity's destination
    commodity: np.ndarray  # (K_c,) indices of the commodities of this class
    commodity_demand: np.ndarray  # (K_c,) their demand


def build_class_graphs(problem: EquilibriumProblem) -> list[_ClassGraph]:
    """The search graph of every class (see the module docstring)."""
    graphs = []
    n0 = problem.n_vertices
    blocked = np.flatnonzero(problem.no_through)
    sink = np.arange(n0)
    sink[blocked] = n0 + np.arange(len(blocked))
    for c in range(problem.n_classes):
        arcs = np.flatnonzero(np.isfinite(problem.fixed_cost[c]))
        tail = problem.arc_tail[arcs]
        head = sink[problem.arc_head[arcs]]
        n = n0 + len(blocked)
        # Parallel arcs: the first of each (tail, head) stays; each other one goes
        # through its own dummy vertex (arc to the dummy, a zero edge on).
        key = tail * (n0 + len(blocked) + len(arcs)) + head
        _, first = np.unique(key, return_index=True)
        extra = np.setdiff1d(np.arange(len(arcs)), first)
        dummy = n + np.arange(len(extra))
        e_tail = np.concatenate([tail, dummy])
        e_head = np.concatenate([head, head[extra]])
        e_head[extra] = dummy
        e_arc = np.concatenate([arcs, np.full(len(extra), -1)])
        n += len(extra)
        order = np.lexsort((e_head, e_tail))
        indptr = np.searchsorted(e_tail[order], np.arange(n + 1)).astype(np.int32)
        indices = e_head[order].astype(np.int32)
        position = np.empty(len(order), np.int64)
        position[order] = np.arange(len(order))
        edge_key = e_tail * n + e_head
        key_order = np.argsort(edge_key)

        members = np.flatnonzero(problem.demand_class == c)
        origins, row = np.unique(problem.demand_origin[members], return_inverse=True)
        col = sink[problem.demand_destination[members]]
        demand = np.zeros((len(origins), n))
        np.add.at(demand, (row, col), problem.demand[members])
        graphs.append(
            _ClassGraph(
                n, position, indices, indptr, e_arc, edge_key[key_order], key_order,
                origins, demand, row, col, members, problem.demand[members],
            )
        )  # fmt: skip
    return graphs


def all_or_nothing(
    graph: _ClassGraph, arc_cost: np.ndarray, n_arcs: int, paths: list | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Shortest-path flows of one class at ``arc_cost`` and each commodity's cost.

    Returns the ``(m,)`` arc flows and the ``(K_c,)`` shortest-path costs (inf where a
    commodity has no path). With ``paths`` (a list), each commodity's path is appended
    to it as ``(commodity, arcs from origin to destination)``.

    The search adds ``_TIE_BREAK`` x the largest arc cost to every edge so that
    distances strictly grow along a tree (zero-cost arcs, such as TNTP zone connectors,
    would otherwise tie a vertex with its predecessor); sorting by distance then orders
    every tree from the root, and the loading is exact on the trees found. The chosen
    paths are shortest within ``_TIE_BREAK`` x the largest arc cost per arc; the SPTT
    of the gap is the exact cost of the loaded flows.
    """
    if len(graph.origins) == 0:
        return np.zeros(n_arcs), np.zeros(0)
    real = graph.edge_arc >= 0
    weights = np.zeros(len(graph.edge_arc))
    weights[real] = np.maximum(arc_cost[graph.edge_arc[real]], 0.0)  # rounding below 0
    scale = float(weights.max()) if len(weights) else 0.0
    weights += _TIE_BREAK * scale if scale > 0 else _TIE_BREAK
    data = np.empty(len(weights))
    data[graph.order] = weights
    matrix = sp.csr_matrix((data, graph.indices, graph.indptr), shape=(graph.n, graph.n))
    dist, pred = dijkstra(matrix, directed=True, indices=graph.origins, return_predecessors=True)
    sp_cost = dist[graph.commodity_row, graph.commodity_col]
    if paths is not None or len(graph.commodity) < graph.n:  # few OD pairs: walk back
        arcs, flows = _load_paths(graph, pred, paths)
    else:  # many: accumulate whole trees
        arcs, flows = _load_trees(graph, dist, pred)
    return np.bincount(arcs, weights=flows, minlength=n_arcs), sp_cost


#: Relative tie-break added to every search edge (see ``all_or_nothing``).
_TIE_BREAK = 1e-11


def _load_trees(
    graph: _ClassGraph, dist: np.ndarray, pred: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Arc ids and flows of every origin's shortest-path tree loaded with its demand.

    Vertices are taken farthest first (distances grow strictly along a tree), and each
    passes its accumulated demand to its predecessor, for all origins at once; a tree
    arc then carries the demand of the subtree below it.
    """
    o, n = pred.shape
    base = np.arange(o) * n
    flat_order = (np.argsort(dist, axis=1) + base[:, None]).T.copy()
    flat_pred = np.where(pred >= 0, pred + base[:, None], -1).ravel()
    reached = int(np.isfinite(dist).sum(axis=1).max())
    node_flow = graph.demand.ravel().copy()
    complete = bool(np.all(np.isfinite(dist)))
    for rank in range(reached - 1, 0, -1):
        v = flat_order[rank]
        p = flat_pred[v]
        if complete:
            node_flow[p] += node_flow[v]
        else:
            ok = p >= 0
            node_flow[p[ok]] += node_flow[v[ok]]
    flows = node_flow.reshape(o, n)
    carry_row, head = np.nonzero((flows > 0) & (pred >= 0))
    tail = pred[carry_row, head]
    edge = graph.key_edge[np.searchsorted(graph.edge_key, tail.astype(np.int64) * n + head)]
    arc = graph.edge_arc[edge]
    keep = arc >= 0
    return arc[keep], flows[carry_row, head][keep]


def _load_paths(
    graph: _ClassGraph, pred: np.ndarray, paths: list | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Arc ids and flows of each commodity's shortest path, walked back from its end.

    One vectorised step per arc of the longest path; cheaper than loading whole trees
    when a class has fewer OD pairs than vertices (the freight network).
    """
    n = graph.n
    row = graph.commodity_row
    amount = graph.commodity_demand
    cur = graph.commodity_col.astype(np.int64)
    live = np.flatnonzero((pred[row, cur] >= 0) & (amount > 0))
    tails, heads, flows, owners = [], [], [], []
    while len(live):
        prev = pred[row[live], cur[live]].astype(np.int64)
        tails.append(prev)
        heads.append(cur[live])
        flows.append(amount[live])
        owners.append(live)
        cur[live] = prev
        live = live[pred[row[live], prev] >= 0]
    if not tails:
        return np.zeros(0, np.int64), np.zeros(0)
    tail, head = np.concatenate(tails), np.concatenate(heads)
    edge = graph.key_edge[np.searchsorted(graph.edge_key, tail * n + head)]
    arc = graph.edge_arc[edge]
    keep = arc >= 0
    if paths is not None:
        owner = np.concatenate(owners)[keep]
        # Steps were taken from the destination back: reverse each path's arcs.
        order = np.lexsort((-np.arange(len(owner)), owner))
        owner_sorted, arcs_sorted = owner[order], arc[keep][order]
        cuts = np.flatnonzero(np.diff(owner_sorted)) + 1
        for chunk, arcs_of in zip(np.split(owner_sorted, cuts), np.split(arcs_sorted, cuts)):
            if len(chunk):
                paths.append((int(graph.commodity[chunk[0]]), tuple(int(a) for a in arcs_of)))
    return arc[keep], np.concatenate(flows)[keep]
