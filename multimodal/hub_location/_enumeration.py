"""The exact hub-set enumeration (no capacities): bounds, batches, diffusion, exact checks.

Every hub set is scored by a cheap bound (collection + distribution to the nearest
hub); sets are visited in bound order. Multiple allocation has a closed form for a
fixed hub set (each OD pair takes its cheapest hub pair), so its cost is exact per
set. Single allocation gets two stronger bounds (one side single-allocated, the other
side free) and a heuristic allocation; the few sets whose bound beats the incumbent
are tightened by min-sum diffusion, then solved exactly by a small MIP (hubs fixed,
HiGHS). The search stops when the next bound reaches the incumbent, which proves
optimality. With fixed costs and a free number of hubs, hub counts 1, 2, ... are
enumerated until the all-open transport cost plus the cheapest fixed costs reaches the
incumbent.
"""

from __future__ import annotations

import itertools
import logging
import math
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from .._ortools import INFEASIBLE, OPTIMAL, SolveInfo
from . import _models
from ._costs import MULTIPLE, SINGLE, single_cost
from ._models import HubData

logger = logging.getLogger("multimodal")

#: What a search returns: best cost (unscaled, with fixed costs), best hub positions
#: (None if no set beat the incumbent), single allocation (hub of every node) or None,
#: whether the time limit stopped it, the bound on the sets not examined, seconds.
Found = tuple[float, np.ndarray | None, np.ndarray | None, bool, float, float]


def _hub_set_chunks(m: int, p: int, size: int) -> Iterator[np.ndarray]:
    """Yield all p-subsets of range(m) as (B, p) int arrays, lexicographically."""
    iterator = itertools.combinations(range(m), p)
    while True:
        block = list(itertools.islice(iterator, size))
        if not block:
            return
        yield np.array(block, dtype=np.int32)


def _cheap_bounds(
    data: HubData, cand: np.ndarray, p: int, deadline: float = math.inf
) -> tuple[np.ndarray, np.ndarray, bool]:
    """Bound every hub set by collection + distribution to its nearest hub (+ fixed).

    The clock is checked between chunks: past ``deadline`` (after the first chunk) the
    sets not yet reached are left out and the third value, ``complete``, is False.
    """
    c = data.c
    out_flow = data.chi * data.w.sum(axis=1)
    in_flow = data.delta * data.w.sum(axis=0)
    sets: list[np.ndarray] = []
    bounds: list[np.ndarray] = []
    complete = True
    for chunk in _hub_set_chunks(len(cand), p, 16384):
        if sets and time.perf_counter() > deadline:
            complete = False
            break
        hubs = cand[chunk]
        bound = out_flow @ c[:, hubs].min(axis=2) + c[hubs, :].min(axis=1) @ in_flow
        if data.fixed is not None:
            bound = bound + data.fixed_weight * data.fixed[hubs].sum(axis=1)
        sets.append(hubs.astype(np.int32))
        bounds.append(bound)
    return np.concatenate(sets), np.concatenate(bounds), complete


def _any_set_bound(data: HubData, p: int) -> float:
    """Bound the cost of every set of ``p`` hubs: all candidates open, ``p`` cheapest fixed.

    Used for the sets the time limit left unscored.
    """
    fixed = np.zeros(data.n) if data.fixed is None else data.fixed
    cheapest = np.sort(data.fixed_weight * fixed[data.candidates])[:p].sum()
    return _all_open_transport(data) + float(cheapest)


def _batch_parts(data: HubData, hubs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Shared pieces for a batch of hub sets (B, p).

    Returns ``A2[i, b, m] = min_k chi c[i, h_k] + alpha c[h_k, h_m]`` (best way from
    ``i`` to hub ``m``) and ``A[b, k, j] = min_m alpha c[h_k, h_m] + delta c[h_m, j]``.
    """
    c, p = data.c, hubs.shape[1]
    to_hub = data.chi * c[:, hubs]  # (n, B, p)
    from_hub = data.delta * c[hubs, :]  # (B, p, n)
    between = data.alpha * c[hubs[:, :, None], hubs[:, None, :]]  # (B, p, p)
    a2 = to_hub[:, :, 0, None] + between[None, :, 0, :]
    a = between[:, :, 0, None] + from_hub[:, None, 0, :]
    for k in range(1, p):
        np.minimum(a2, to_hub[:, :, k, None] + between[None, :, k, :], out=a2)
        np.minimum(a, between[:, :, k, None] + from_hub[:, None, k, :], out=a)
    return a2, a, from_hub


def _multiple_batch(data: HubData, hubs: np.ndarray) -> np.ndarray:
    """Exact multiple allocation transport cost of each hub set in a batch."""
    a2, _, from_hub = _batch_parts(data, hubs)
    cost = a2[:, :, 0, None] + from_hub[None, :, 0, :]  # (n, B, n)
    for m in range(1, hubs.shape[1]):
        np.minimum(cost, a2[:, :, m, None] + from_hub[None, :, m, :], out=cost)
    return np.einsum("ibj,ij->b", cost, data.w)


def _single_batch(data: HubData, hubs: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Lower bound and a heuristic allocation (with its cost) for each hub set.

    The bound is the larger of two relaxations of single allocation: every origin uses
    one hub for all its flow but destinations may use any hub (and the mirror image).
    The heuristic allocation takes each origin's hub from the first relaxation, with
    hubs allocated to themselves.
    """
    w, c, n = data.w, data.c, data.n
    batch, p = hubs.shape
    a2, a, _ = _batch_parts(data, hubs)
    out_flow, in_flow = w.sum(axis=1), w.sum(axis=0)
    t1 = (w @ a.reshape(batch * p, n).T).reshape(n, batch, p)
    c1 = data.chi * out_flow[:, None, None] * c[:, hubs] + t1
    lb1 = c1.min(axis=2).sum(axis=0)
    t2 = (w.T @ a2.reshape(n, batch * p)).reshape(n, batch, p)
    c2 = data.delta * in_flow[:, None, None] * c[hubs, :].transpose(2, 0, 1) + t2
    lb2 = c2.min(axis=2).sum(axis=0)
    bound = np.maximum(lb1, lb2)
    # Score the heuristic allocation of the most promising sets only: it serves as
    # the incumbent, and sets with a weak bound would not improve it.
    top = np.argsort(bound, kind="stable")[:64]
    hub_of = np.take_along_axis(hubs[top].T, c1[:, top].argmin(axis=2), axis=0)  # (n, T)
    hub_of[hubs[top].T, np.arange(len(top))[None, :]] = hubs[top].T  # hubs serve themselves
    nodes = np.arange(n)[:, None]
    scored = (data.chi * out_flow[:, None] * c[nodes, hub_of]).sum(axis=0)
    scored += (data.delta * in_flow[:, None] * c[hub_of, nodes]).sum(axis=0)
    gathered = c[hub_of.T[:, :, None], hub_of.T[:, None, :]]  # (T, n, n)
    scored += data.alpha * (gathered.reshape(len(top), -1) @ w.ravel())
    if data.caps is not None:
        load = np.zeros((len(top), n))
        np.add.at(load, (np.arange(len(top))[None, :].repeat(n, 0), hub_of), out_flow[:, None])
        scored[(load > data.caps[None, :] + 1e-9).any(axis=1)] = np.inf
    cost = np.full(batch, np.inf)
    cost[top] = scored
    allocation = np.zeros((batch, n), dtype=hub_of.dtype)
    allocation[top] = hub_of.T
    return bound, allocation, cost


def _diffusion_chunk(
    data: HubData, sets: np.ndarray, extra: np.ndarray, upper: float, iters: int
) -> tuple[np.ndarray, np.ndarray, tuple[float, int, np.ndarray] | None]:
    """Min-sum diffusion bounds for single allocation with the hub sets ``sets`` fixed.

    With the hubs fixed, single allocation is a pairwise labelling problem: node ``i``
    takes label ``k`` (hub ``sets[b, k]``) and each node pair ``{i, j}`` costs the flows
    between them, ``w_ij (chi c[i,k] + alpha c[k,m] + delta c[m,j]) + w_ji (...)``.
    Min-sum diffusion (Schlesinger; Werner 2007) moves cost between pair and node terms
    without changing any labelling's cost; ``sum_i min_k u_i + sum_ij min_km t_ij`` is
    then a lower bound at every step, and it tightens quickly towards the LP bound.
    Hubs must label themselves: other labels get a penalty (any penalty keeps the
    bound valid). Sets whose bound plus ``extra`` (their fixed costs) reaches ``upper``
    are dropped between iterations.

    Returns the surviving rows, their transport bounds, and the best allocation seen
    (total cost, row, hub of every node) read off the node terms.
    """
    w, c, n = data.w, data.c, data.n
    batch, p = sets.shape
    rows = np.arange(batch)
    to_hub = c[:, sets].transpose(1, 0, 2)  # (B, n, p)
    from_hub = c[sets, :].transpose(0, 2, 1)  # (B, n, p): [b, j, m] = c[h_m, j]
    between = c[sets[:, :, None], sets[:, None, :]]  # (B, p, p)
    directed = w[None, :, :, None, None] * (
        data.chi * to_hub[:, :, None, :, None]
        + data.alpha * between[:, None, None, :, :]
        + data.delta * from_hub[:, None, :, None, :]
    )  # [b, i, j, k, m]: flow i -> j with a_i = k, a_j = m
    pair = directed + directed.transpose(0, 2, 1, 4, 3)
    del directed
    nodes = np.arange(n)
    unary = pair[:, nodes, nodes].diagonal(axis1=2, axis2=3) / 2  # w_ii terms
    pair[:, nodes, nodes] = 0.0
    penalty = 10.0 * (float(np.abs(pair).sum()) / batch + float(np.abs(unary).sum()) / batch + 1.0)
    for k in range(p):
        other = np.ones(p, dtype=bool)
        other[k] = False
        unary[rows[:, None], sets[:, k, None], np.flatnonzero(other)[None, :]] += penalty
    upper_i, lower_j = np.triu_indices(n, 1)
    ids = np.arange(batch)
    best = None
    bound = np.full(batch, -np.inf)
    for _ in range(iters):
        for i in range(n):
            low = pair[:, i].min(axis=3)  # (B, n, p): best label of j for each label of i
            low[:, i] = 0.0
            avg = (unary[:, i] + low.sum(axis=1)) / n
            shift = avg[:, None, :] - low
            shift[:, i] = 0.0
            pair[:, i] += shift[:, :, :, None]
            pair[:, :, i] += shift[:, :, None, :]
            unary[:, i] = avg
        bound = unary.min(axis=2).sum(axis=1) + pair[:, upper_i, lower_j].reshape(
            len(ids), -1, p * p
        ).min(axis=2).sum(axis=1)
        # Allocations read off the node terms of the most promising sets (hubs forced
        # to themselves) may improve the incumbent.
        top = np.argsort(bound + extra[ids], kind="stable")[:32]
        label = unary[top].argmin(axis=2)
        hub_of = np.take_along_axis(sets[top], label, axis=1)
        for r, alloc in zip(top, hub_of, strict=True):
            if data.caps is not None:
                load = np.bincount(alloc, weights=w.sum(axis=1), minlength=n)
                if (load > data.caps + 1e-9).any():
                    continue
            cost = sum(single_cost(data, alloc).values()) + float(extra[ids[r]])
            if cost < upper:
                best, upper = (cost, int(ids[r]), alloc), cost
        keep = bound + extra[ids] < upper * (1 - 1e-12)
        if keep.all():
            continue
        pair, unary, ids, bound = pair[keep], unary[keep], ids[keep], bound[keep]
        sets = sets[keep]
        if not len(ids):
            break
    return ids, bound, best


def _refine_bounds(
    data: HubData,
    candidates: np.ndarray,
    bounds: np.ndarray,
    best_cost: float,
    fixed_of: Callable[[np.ndarray], np.ndarray],
    iters: int = 6,
) -> tuple[np.ndarray, np.ndarray, tuple[float, np.ndarray, np.ndarray] | None]:
    """Tighten the bounds of the remaining hub sets by min-sum diffusion, in chunks."""
    if not len(bounds):
        return bounds, candidates, None
    n, p = data.n, candidates.shape[1]
    chunk = int(max(1, 6_000_000 // (n * n * p * p)))
    order = np.argsort(bounds, kind="stable")
    kept_bounds, kept_sets, found = [], [], None
    for begin in range(0, len(order), chunk):
        rows = order[begin : begin + chunk]
        rows = rows[bounds[rows] < best_cost * (1 - 1e-12)]
        if not len(rows):
            continue
        sets = candidates[rows]
        extra = fixed_of(sets)
        # Work on transport cost only; fixed costs are a constant per set.
        ids, bound, best = _diffusion_chunk(data, sets, extra, best_cost, iters)
        if best is not None and best[0] < best_cost:
            best_cost, found = best[0], (best[0], sets[best[1]], best[2])
        bound = np.maximum(bound + extra[ids], bounds[rows[ids]])
        keep = bound < best_cost * (1 - 1e-12)
        kept_bounds.append(bound[keep])
        kept_sets.append(sets[ids[keep]])
    if not kept_bounds:
        return np.zeros(0), candidates[:0], found
    return np.concatenate(kept_bounds), np.concatenate(kept_sets), found


def _solve_fixed_hubs(
    data: HubData, hubs: np.ndarray, backend: str, seed: int, time_limit_s: float, single_hop: bool
) -> tuple[SolveInfo, np.ndarray | None, float]:
    """Single allocation with the hub set fixed, exactly (a small MIP)."""
    solver, z = _models.build_fixed_hub_allocation(
        data, hubs, backend=backend, seed=seed, single_hop=single_hop
    )
    _, info = _models.solve(solver, backend, time_limit_s)
    if not info.has_solution:
        return info, None, math.inf
    hub_of = _models.read_single_allocation(z, data.n)
    return info, hub_of, sum(single_cost(data, hub_of).values())


@dataclass
class _Search:
    """The state of one enumeration: the incumbent and whether (and where) it stopped."""

    deadline: float
    fixed_of: Callable[[np.ndarray], np.ndarray]
    best_cost: float
    best_hubs: np.ndarray | None = None
    best_alloc: np.ndarray | None = None
    stopped: bool = False
    open_bound: float = math.inf
    visited: int = 0
    exact_solves: int = 0
    pending_bounds: list[np.ndarray] = field(default_factory=list)
    pending_sets: list[np.ndarray] = field(default_factory=list)

    def offer(self, cost: float, hubs: np.ndarray, alloc: np.ndarray | None) -> None:
        """Take ``hubs`` (with ``alloc``) as the incumbent if it is cheaper."""
        if cost < self.best_cost:
            self.best_cost, self.best_hubs, self.best_alloc = cost, hubs, alloc

    def stop(self, bound: float) -> None:
        """Stopped by the time limit; ``bound`` bounds every set not examined."""
        self.stopped, self.open_bound = True, min(self.open_bound, bound)


def _fixed_costs(data: HubData) -> Callable[[np.ndarray], np.ndarray]:
    """The (weighted) fixed cost of each hub set of an array of hub sets."""
    if data.fixed is not None:
        fixed = data.fixed
        return lambda h: data.fixed_weight * fixed[h].sum(axis=-1)
    return lambda h: np.zeros(h.shape[:-1])


def enumerate_hub_sets(
    data: HubData,
    p: int,
    allocation: str,
    time_limit_s: float,
    seed: int,
    incumbent: float = math.inf,
) -> Found:
    """Exact search over all p-subsets of the candidates (see the module docstring).

    Parameters
    ----------
    data
        The instance's arrays.
    p
        Number of hubs.
    allocation
        ``"single"`` or ``"multiple"``.
    time_limit_s
        Seconds for the search (``math.inf``: none); checked between batches and before
        each exact solve.
    seed
        Seed of the exact (MIP) solves.
    incumbent
        Only hub sets cheaper than this are sought.

    Returns
    -------
    Found
        ``(best cost, best hubs, best allocation, stopped, bound of the sets not
        examined, seconds)``; ``best hubs`` is None when no set beat ``incumbent``.
    """
    start = time.perf_counter()
    n, cand = data.n, data.candidates
    deadline = start + time_limit_s
    sets, cheap, complete = _cheap_bounds(data, cand, p, deadline)
    if data.caps is not None:  # a hub set must be able to hold all flow
        short = data.caps[sets].sum(axis=1) < data.w.sum() - 1e-9
        cheap[short] = np.inf
    search = _Search(deadline, _fixed_costs(data), incumbent)
    batch = int(max(16, min(4096, 4_000_000 // (n * n))))
    _scan(data, sets, cheap, batch, allocation, search)
    if not complete:  # the sets never reached are bounded by the all-open bound only
        search.stop(_any_set_bound(data, p))
    if allocation == SINGLE and search.pending_bounds:
        single_hop = not _models.satisfies_triangle_inequality(data.c, cand)
        _exact_single(data, search, seed, single_hop)
    elapsed = time.perf_counter() - start
    logger.info(
        "hub-set enumeration: %d of %d sets scored, %d exact allocation solves, %.2f s",
        search.visited,
        math.comb(len(cand), p),
        search.exact_solves,
        elapsed,
    )
    return (
        search.best_cost,
        search.best_hubs,
        search.best_alloc,
        search.stopped,
        search.open_bound,
        time.perf_counter() - start,
    )


def _scan(
    data: HubData,
    sets: np.ndarray,
    cheap: np.ndarray,
    batch: int,
    allocation: str,
    search: _Search,
) -> None:
    """Score the hub sets in batches, cheapest bound first, until the bound stops it."""
    order = np.argsort(cheap, kind="stable")
    for begin in range(0, len(order), batch):
        idx = order[begin : begin + batch]
        threshold = search.best_cost * (1 - 1e-12)
        if cheap[idx[0]] >= threshold:
            break
        if time.perf_counter() > search.deadline and math.isfinite(search.best_cost):
            search.stopped, search.open_bound = True, float(cheap[idx[0]])
            break
        idx = idx[cheap[idx] < threshold]
        hubs = sets[idx]
        search.visited += len(idx)
        if allocation == MULTIPLE:
            cost = _multiple_batch(data, hubs) + search.fixed_of(hubs)
            j = int(cost.argmin())
            search.offer(float(cost[j]), hubs[j], search.best_alloc)
        else:
            bound, hub_of, cost = _single_batch(data, hubs)
            extra = search.fixed_of(hubs)
            bound, cost = bound + extra, cost + extra
            j = int(cost.argmin())
            search.offer(float(cost[j]), hubs[j], hub_of[j])
            keep = bound < search.best_cost * (1 - 1e-12)
            search.pending_bounds.append(bound[keep])
            search.pending_sets.append(hubs[keep])


def _exact_single(data: HubData, search: _Search, seed: int, single_hop: bool) -> None:
    """Tighten the bounds of the single-allocation sets left, then solve them exactly."""
    bounds = np.concatenate(search.pending_bounds)
    candidates = np.concatenate(search.pending_sets)
    keep = bounds < search.best_cost * (1 - 1e-12)
    bounds, candidates = bounds[keep], candidates[keep]
    before = len(bounds)
    found = None
    if time.perf_counter() < search.deadline:  # after a time-limit stop, report as is
        bounds, candidates, found = _refine_bounds(
            data, candidates, bounds, search.best_cost, search.fixed_of
        )
    if found is not None and found[0] < search.best_cost:
        search.best_cost, search.best_hubs, search.best_alloc = found
    logger.info("diffusion bounds: %d -> %d hub sets left", before, len(bounds))
    for k in np.argsort(bounds, kind="stable"):
        if bounds[k] >= search.best_cost * (1 - 1e-9):
            break
        remaining = search.deadline - time.perf_counter()
        if remaining <= 0:
            search.stop(float(bounds[k]))
            break
        info, hub_of, cost = _solve_fixed_hubs(
            data, candidates[k], "highs", seed, remaining, single_hop
        )
        search.exact_solves += 1
        if info.status not in (OPTIMAL, INFEASIBLE):  # infeasible: capacities
            search.stop(float(bounds[k]))
        if hub_of is not None:
            cost += float(search.fixed_of(candidates[k][None, :])[0])
            search.offer(cost, candidates[k], hub_of)


def _all_open_transport(data: HubData) -> float:
    """Transport cost with every candidate open and multiple allocation (unscaled).

    Opening hubs never raises the multiple allocation cost, and single allocation costs
    at least as much, so this bounds the transport cost of every hub set from below.
    """
    c, cand = data.c, data.candidates
    reach = (data.chi * c[:, cand][:, :, None] + data.alpha * c[np.ix_(cand, cand)][None]).min(
        axis=1
    )  # (n, m): cheapest way from i to hub m
    best = np.full((data.n, data.n), np.inf)
    for col, hub in enumerate(cand):
        np.minimum(best, reach[:, col, None] + data.delta * c[hub, None, :], out=best)
    return float((data.w * best).sum())


def enumerate_free_p(
    data: HubData, allocation: str, time_limit_s: float, seed: int, max_hub_sets: int
) -> Found | None:
    """Fixed costs, number of hubs free: enumerate q = 1, 2, ... hubs while it can pay.

    Any set of q hubs costs at least the all-open transport cost plus the q smallest
    fixed costs; once that reaches the incumbent, larger q cannot win.

    Parameters
    ----------
    data
        The instance's arrays (with fixed costs).
    allocation
        ``"single"`` or ``"multiple"``.
    time_limit_s
        Seconds for the whole search (``math.inf``: none).
    seed
        Seed of the exact (MIP) solves.
    max_hub_sets
        Most hub sets one hub count may have.

    Returns
    -------
    Found or None
        As ``enumerate_hub_sets``; None when some q still to be examined has more
        than ``max_hub_sets`` sets (use the MIP).
    """
    start = time.perf_counter()
    deadline = start + time_limit_s
    cand = data.candidates
    floor = _all_open_transport(data)
    fixed = np.zeros(data.n) if data.fixed is None else data.fixed
    cheapest = floor + np.cumsum(np.sort(data.fixed_weight * fixed[cand]))
    best_cost: float = math.inf
    best_hubs: np.ndarray | None = None
    best_alloc: np.ndarray | None = None
    stopped, open_bound = False, math.inf
    for q in range(1, len(cand) + 1):
        if cheapest[q - 1] >= best_cost * (1 - 1e-12):
            break
        if math.comb(len(cand), q) > max_hub_sets:
            return None
        remaining = deadline - time.perf_counter()
        if remaining <= 0 and math.isfinite(best_cost):
            stopped, open_bound = True, min(open_bound, float(cheapest[q - 1]))
            break
        cost, hubs, alloc, stop, bound, _ = enumerate_hub_sets(
            data, q, allocation, max(remaining, 1e-3), seed, incumbent=best_cost
        )
        if hubs is not None and cost < best_cost:
            best_cost, best_hubs, best_alloc = cost, hubs, alloc
        if stop:
            stopped, open_bound = True, min(open_bound, bound)
    logger.info(
        "free number of hubs: best has %s hubs", None if best_hubs is None else len(best_hubs)
    )
    return best_cost, best_hubs, best_alloc, stopped, open_bound, time.perf_counter() - start
