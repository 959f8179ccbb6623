"""Hub location: p-hub median and fixed-cost / capacitated hub location, solved exactly.

One entry point, :func:`locate_hubs`, for the classical problems of the literature:

* single allocation p-hub median (USApHMP) and multiple allocation (UMApHMP), with the
  inter-hub discount ``alpha``;
* hub location with fixed opening costs (USAHLP, UMAHLP) and single allocation with hub
  capacities (CSAHLP);
* any of these restricted to a candidate subset of nodes (proposed hubs).

Two exact methods, chosen by ``solver="auto"``:

``"enumeration"`` (no capacities, at most ``max_hub_sets`` hub sets per hub count)
    Every hub set is scored by a cheap bound (collection + distribution to the nearest
    hub); sets are visited in bound order. Multiple allocation has a closed form for a
    fixed hub set (each OD pair takes its cheapest hub pair), so its cost is exact per
    set. Single allocation gets two stronger bounds (one side single-allocated, the
    other side free) and a heuristic allocation; the few sets whose bound beats the
    incumbent are solved exactly by a small MIP (hubs fixed, HiGHS). The search stops
    when the next bound reaches the incumbent, which proves optimality. Sets left after
    those bounds are tightened by min-sum diffusion before any MIP is solved. With fixed
    costs and a free number of hubs, hub counts 1, 2, ... are enumerated until the
    all-open transport cost plus the cheapest fixed costs reaches the incumbent.
``"highs"``, ``"scip"``, ``"cp-sat"`` (otherwise)
    The Ernst & Krishnamoorthy flow formulations (1996/1999 single, 1998 multiple) as a
    MIP through OR-Tools ``pywraplp`` with the chosen backend, single-threaded.
"""

from __future__ import annotations

import itertools
import logging
import math
import time
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import pandas as pd

from . import _hub_models as models
from ._ortools import FEASIBLE, INFEASIBLE, OPTIMAL, SolveInfo
from .exceptions import DataValidationError, InfeasibleError, Problem, SolverError
from .instances.hubs import HubInstance

__all__ = ["HubLocationResult", "evaluate_hubs", "locate_hubs"]

logger = logging.getLogger("multimodal")

#: Default cap on the number of hub sets the enumeration may visit.
MAX_HUB_SETS = 3_000_000
_SINGLE, _MULTIPLE = "single", "multiple"


@dataclass(frozen=True, eq=False)
class HubLocationResult:
    """A hub location solution.

    Attributes
    ----------
    instance
        The instance solved (with the transfer factor actually used).
    hubs
        Names of the open hubs, in node order.
    allocation
        One row per spoke link used: ``node``, ``hub``, ``collected`` (flow from
        ``node`` entering the hub network at ``hub``) and ``distributed`` (flow to
        ``node`` leaving it at ``hub``). Single allocation has exactly one row per node.
    allocation_type
        ``"single"`` or ``"multiple"``.
    objective
        Total cost in the instance's reporting units: ``transport_scale * (collection +
        transfer + distribution) + fixed``.
    breakdown
        The objective by component: ``collection``, ``transfer``, ``distribution``,
        ``fixed`` (same units as ``objective``).
    solve_info
        Status, objective, best bound, gap and time of the solve.
    method
        ``"enumeration"`` or ``"mip"``.
    """

    instance: HubInstance
    hubs: tuple[str, ...]
    allocation: pd.DataFrame
    allocation_type: str
    objective: float
    breakdown: dict[str, float]
    solve_info: SolveInfo
    method: str

    @property
    def hub_positions(self) -> tuple[int, ...]:
        """0-based positions of the hubs in ``instance.names``."""
        index = {name: k for k, name in enumerate(self.instance.names)}
        return tuple(index[h] for h in self.hubs)

    def plot(self, path: str | Path | None = None, ax=None):
        """Plot nodes, hubs, spokes and inter-hub links (matplotlib, static).

        Parameters
        ----------
        path
            If given, save the figure there as PNG.
        ax
            Axes to draw on; a new figure is made if ``None``.

        Returns
        -------
        matplotlib.axes.Axes

        Raises
        ------
        DataValidationError
            The instance has no coordinates (pass ``coords=`` to ``from_matrices``).
        """
        import matplotlib

        if ax is None and path is not None:
            matplotlib.use("Agg", force=False)
        import matplotlib.pyplot as plt

        coords = self.instance.coords
        if coords is None:
            message = "the instance has no coordinates; pass coords= to HubInstance.from_matrices"
            raise DataValidationError(Problem(message, file=self.instance.name or None))
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 6))
        index = {name: k for k, name in enumerate(self.instance.names)}
        hubs = [index[h] for h in self.hubs]
        for a, b in itertools.combinations(hubs, 2):
            ax.plot(*coords[[a, b]].T, color="tab:red", lw=1.5, alpha=0.6, zorder=1)
        for row in self.allocation.itertuples():
            i, k = index[row.node], index[row.hub]
            if i != k:
                ax.plot(*coords[[i, k]].T, color="0.6", lw=0.7, zorder=0)
        ax.scatter(*coords.T, s=14, color="tab:blue", zorder=2, label="node")
        ax.scatter(*coords[hubs].T, s=90, marker="s", color="tab:red", zorder=3, label="hub")
        for k in hubs:
            ax.annotate(
                self.instance.names[k],
                coords[k],
                fontsize=8,
                xytext=(4, 4),
                textcoords="offset points",
            )
        ax.set_title(
            f"{self.instance.name or 'hub location'}: {len(hubs)} hubs, "
            f"{self.allocation_type} allocation, objective {self.objective:,.2f}"
        )
        ax.legend(loc="best", fontsize=8)
        if path is not None:
            ax.figure.savefig(path, dpi=120, bbox_inches="tight")
        return ax


# ---------------------------------------------------------------------- evaluation


def _single_cost(data: models.HubData, hub_of: np.ndarray) -> dict[str, float]:
    """Unscaled cost components of a single allocation ``hub_of`` (position per node)."""
    w, c = data.w, data.c
    nodes = np.arange(data.n)
    collection = data.chi * float(w.sum(axis=1) @ c[nodes, hub_of])
    distribution = data.delta * float(w.sum(axis=0) @ c[hub_of, nodes])
    transfer = data.alpha * float((w * c[np.ix_(hub_of, hub_of)]).sum())
    return {"collection": collection, "transfer": transfer, "distribution": distribution}


def _multiple_routes(data: models.HubData, hubs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Cheapest first and last hub (positions) of every OD pair for a fixed hub set."""
    c, hubs = data.c, np.asarray(hubs)
    # cost[i, j, a, b] = chi c[i, ha] + alpha c[ha, hb] + delta c[hb, j]
    first = data.chi * c[:, hubs][:, None, :, None]
    middle = data.alpha * c[np.ix_(hubs, hubs)][None, None, :, :]
    last = data.delta * c[hubs, :].T[None, :, None, :]
    total = (first + middle + last).reshape(data.n, data.n, -1)
    best = total.argmin(axis=2)
    return hubs[best // len(hubs)], hubs[best % len(hubs)]


def _multiple_cost(data: models.HubData, hubs: np.ndarray) -> tuple[dict, np.ndarray, np.ndarray]:
    k, m = _multiple_routes(data, hubs)
    w, c = data.w, data.c
    i, j = np.indices(w.shape)
    parts = {
        "collection": data.chi * float((w * c[i, k]).sum()),
        "transfer": data.alpha * float((w * c[k, m]).sum()),
        "distribution": data.delta * float((w * c[m, j]).sum()),
    }
    return parts, k, m


def evaluate_hubs(
    instance: HubInstance,
    hubs: list[str] | list[int],
    allocation: dict | list | None = None,
    *,
    alpha: float | None = None,
    kind: str = _MULTIPLE,
) -> dict[str, float]:
    """Cost of a given hub network, by component, in the instance's reporting units.

    Parameters
    ----------
    instance
        The instance.
    hubs
        Hub names or 0-based positions.
    allocation
        For ``kind="single"``: the hub (name or position) of every node, as a list in
        node order or a dict node -> hub. Ignored for multiple allocation, where every
        OD pair takes its cheapest hub pair.
    alpha
        Transfer factor; default ``instance.transfer``.
    kind
        ``"single"`` or ``"multiple"``.

    Returns
    -------
    dict
        ``collection``, ``transfer``, ``distribution``, ``fixed`` and ``total``.
    """
    data = _data(instance, alpha, None, None, None)
    pos = _positions(instance, hubs, "hubs")
    if kind == _SINGLE:
        if allocation is None:
            raise DataValidationError(Problem("single allocation needs allocation="))
        if isinstance(allocation, dict):
            order = [allocation[name] for name in instance.names]
        else:
            order = list(allocation)
        parts = _single_cost(data, np.asarray(_positions(instance, order, "allocation")))
    else:
        parts, _, _ = _multiple_cost(data, np.asarray(pos))
    return _report(instance, data, parts, np.asarray(pos))


def _report(instance: HubInstance, data: models.HubData, parts: dict, hubs: np.ndarray) -> dict:
    scale = instance.transport_scale
    out = {key: scale * value for key, value in parts.items()}
    out["fixed"] = float(data.fixed[hubs].sum()) if data.fixed is not None else 0.0
    out["total"] = out["collection"] + out["transfer"] + out["distribution"] + out["fixed"]
    return out


def _positions(instance: HubInstance, items, what: str) -> list[int]:
    index = {name: k for k, name in enumerate(instance.names)}
    out, problems = [], []
    for item in items:
        if isinstance(item, (int, np.integer)) and 0 <= int(item) < instance.n:
            out.append(int(item))
        elif str(item) in index:
            out.append(index[str(item)])
        else:
            message = (
                f"unknown node {item!r} in {what}; "
                "use names from instance.names or 0-based positions"
            )
            problems.append(Problem(message, file=instance.name or None, column=what))
    if problems:
        raise DataValidationError(problems)
    return out


# ------------------------------------------------------------------- enumeration


def _hub_set_chunks(m: int, p: int, size: int):
    """Yield all p-subsets of range(m) as (B, p) int arrays, lexicographically."""
    iterator = itertools.combinations(range(m), p)
    while True:
        block = list(itertools.islice(iterator, size))
        if not block:
            return
        yield np.array(block, dtype=np.int32)


def _cheap_bounds(data: models.HubData, cand: np.ndarray, p: int):
    """Bound every hub set by collection + distribution to its nearest hub (+ fixed)."""
    c = data.c
    out_flow = data.chi * data.w.sum(axis=1)
    in_flow = data.delta * data.w.sum(axis=0)
    sets, bounds = [], []
    for chunk in _hub_set_chunks(len(cand), p, 16384):
        hubs = cand[chunk]
        bound = out_flow @ c[:, hubs].min(axis=2) + c[hubs, :].min(axis=1) @ in_flow
        if data.fixed is not None:
            bound = bound + data.fixed_weight * data.fixed[hubs].sum(axis=1)
        sets.append(hubs.astype(np.int32))
        bounds.append(bound)
    return np.concatenate(sets), np.concatenate(bounds)


def _batch_parts(data: models.HubData, hubs: np.ndarray):
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


def _multiple_batch(data: models.HubData, hubs: np.ndarray) -> np.ndarray:
    """Exact multiple allocation transport cost of each hub set in a batch."""
    a2, _, from_hub = _batch_parts(data, hubs)
    cost = a2[:, :, 0, None] + from_hub[None, :, 0, :]  # (n, B, n)
    for m in range(1, hubs.shape[1]):
        np.minimum(cost, a2[:, :, m, None] + from_hub[None, :, m, :], out=cost)
    return np.einsum("ibj,ij->b", cost, data.w)


def _single_batch(data: models.HubData, hubs: np.ndarray):
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
    data: models.HubData, sets: np.ndarray, extra: np.ndarray, upper: float, iters: int
):
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
            cost = sum(_single_cost(data, alloc).values()) + float(extra[ids[r]])
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


def _refine_bounds(data, candidates, bounds, best_cost, fixed_of, iters=6):
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


def _solve_fixed_hubs(data, hubs, backend, seed, time_limit_s, single_hop):
    solver, z = models.build_fixed_hub_allocation(
        data, hubs, backend=backend, seed=seed, single_hop=single_hop
    )
    _, info = models.solve(solver, backend, time_limit_s)
    if not info.has_solution:
        return info, None, math.inf
    hub_of = models.read_single_allocation(z, data.n)
    return info, hub_of, sum(_single_cost(data, hub_of).values())


def _enumerate(data, p, allocation, time_limit_s, seed, incumbent=math.inf):
    """Exact search over all p-subsets of the candidates (see the module docstring).

    Only hub sets cheaper than ``incumbent`` are sought; ``best_hubs`` is ``None`` when
    there is none.
    """
    start = time.perf_counter()
    deadline = start + time_limit_s
    n, cand = data.n, data.candidates
    single_hop = not models.satisfies_triangle_inequality(data.c, cand)
    sets, cheap = _cheap_bounds(data, cand, p)
    if data.caps is not None:  # a hub set must be able to hold all flow
        short = data.caps[sets].sum(axis=1) < data.w.sum() - 1e-9
        cheap[short] = np.inf
    order = np.argsort(cheap, kind="stable")
    batch = int(max(16, min(4096, 4_000_000 // (n * n))))
    best_cost, best_hubs, best_alloc = incumbent, None, None
    pending_bounds, pending_sets = [], []
    stopped, open_bound = False, math.inf
    visited = 0
    fixed_of = (
        (lambda h: data.fixed_weight * data.fixed[h].sum(axis=-1))
        if data.fixed is not None
        else (lambda h: np.zeros(h.shape[:-1]))
    )
    for begin in range(0, len(order), batch):
        idx = order[begin : begin + batch]
        threshold = best_cost * (1 - 1e-12)
        if cheap[idx[0]] >= threshold:
            break
        if time.perf_counter() > deadline and math.isfinite(best_cost):
            stopped, open_bound = True, float(cheap[idx[0]])
            break
        idx = idx[cheap[idx] < threshold]
        hubs = sets[idx]
        visited += len(idx)
        if allocation == _MULTIPLE:
            cost = _multiple_batch(data, hubs) + fixed_of(hubs)
            j = int(cost.argmin())
            if cost[j] < best_cost:
                best_cost, best_hubs = float(cost[j]), hubs[j]
        else:
            bound, hub_of, cost = _single_batch(data, hubs)
            extra = fixed_of(hubs)
            bound, cost = bound + extra, cost + extra
            j = int(cost.argmin())
            if cost[j] < best_cost:
                best_cost, best_hubs, best_alloc = float(cost[j]), hubs[j], hub_of[j]
            keep = bound < best_cost * (1 - 1e-12)
            pending_bounds.append(bound[keep])
            pending_sets.append(hubs[keep])
    exact_solves = 0
    if allocation == _SINGLE and pending_bounds:
        bounds = np.concatenate(pending_bounds)
        candidates = np.concatenate(pending_sets)
        keep = bounds < best_cost * (1 - 1e-12)
        bounds, candidates = bounds[keep], candidates[keep]
        before = len(bounds)
        found = None
        if time.perf_counter() < deadline:  # after a time-limit stop, report as is
            bounds, candidates, found = _refine_bounds(
                data, candidates, bounds, best_cost, fixed_of
            )
        if found is not None and found[0] < best_cost:
            best_cost, best_hubs, best_alloc = found
        logger.info("diffusion bounds: %d -> %d hub sets left", before, len(bounds))
        for k in np.argsort(bounds, kind="stable"):
            if bounds[k] >= best_cost * (1 - 1e-9):
                break
            remaining = deadline - time.perf_counter()
            if remaining <= 0:
                stopped, open_bound = True, min(open_bound, float(bounds[k]))
                break
            info, hub_of, cost = _solve_fixed_hubs(
                data, candidates[k], "highs", seed, remaining, single_hop
            )
            exact_solves += 1
            if info.status not in (OPTIMAL, INFEASIBLE):  # infeasible: capacities
                stopped = True
                open_bound = min(open_bound, float(bounds[k]))
            if hub_of is not None:
                cost += float(fixed_of(candidates[k][None, :])[0])
                if cost < best_cost:
                    best_cost, best_hubs, best_alloc = cost, candidates[k], hub_of
    logger.info(
        "hub-set enumeration: %d of %d sets scored, %d exact allocation solves, %.2f s",
        visited,
        len(sets),
        exact_solves,
        time.perf_counter() - start,
    )
    return best_cost, best_hubs, best_alloc, stopped, open_bound, time.perf_counter() - start


def _all_open_transport(data: models.HubData) -> float:
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


def _enumerate_free_p(data, allocation, time_limit_s, seed, max_hub_sets):
    """Fixed costs, number of hubs free: enumerate q = 1, 2, ... hubs while it can pay.

    Any set of q hubs costs at least the all-open transport cost plus the q smallest
    fixed costs; once that reaches the incumbent, larger q cannot win. Returns ``None``
    when some q still to be examined has more than ``max_hub_sets`` sets (use the MIP).
    """
    start = time.perf_counter()
    deadline = start + time_limit_s
    cand = data.candidates
    floor = _all_open_transport(data)
    cheapest = floor + np.cumsum(np.sort(data.fixed_weight * data.fixed[cand]))
    best_cost, best_hubs, best_alloc = math.inf, None, None
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
        cost, hubs, alloc, stop, bound, _ = _enumerate(
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


# -------------------------------------------------------------------- entry point


def _data(instance, alpha, fixed_costs, capacities, candidates) -> models.HubData:
    fixed = instance.fixed_costs if fixed_costs is None else np.asarray(fixed_costs, float)
    caps = instance.capacities if capacities is None else np.asarray(capacities, float)
    problems = []
    for label, vec in (("fixed_costs", fixed), ("capacities", caps)):
        if vec is not None and (
            vec.shape != (instance.n,) or not np.all(np.isfinite(vec)) or (vec < 0).any()
        ):
            message = f"{label} must hold {instance.n} finite values >= 0 (one per node)"
            problems.append(Problem(message, file=instance.name or None, column=label))
    transfer = instance.transfer if alpha is None else float(alpha)
    if not (math.isfinite(transfer) and transfer >= 0):
        problems.append(Problem(f"alpha = {alpha!r} must be finite and >= 0", column="alpha"))
    if problems:
        raise DataValidationError(problems)
    cand = (
        np.arange(instance.n)
        if candidates is None
        else np.array(sorted(set(_positions(instance, candidates, "candidates"))))
    )
    if len(cand) == 0:
        raise DataValidationError(
            Problem("candidates is empty; give at least one node", column="candidates")
        )
    return models.HubData(
        w=np.asarray(instance.flows, dtype=float),
        c=np.asarray(instance.costs, dtype=float),
        chi=instance.collection,
        alpha=transfer,
        delta=instance.distribution,
        candidates=cand,
        fixed=fixed,
        caps=caps,
        fixed_weight=1.0 / instance.transport_scale if instance.transport_scale > 0 else 1.0,
    )


def locate_hubs(
    problem: HubInstance,
    *,
    p: int | None = None,
    alpha: float | None = None,
    allocation: str = _SINGLE,
    fixed_costs: np.ndarray | list[float] | None = None,
    capacities: np.ndarray | list[float] | None = None,
    candidates: list[str] | list[int] | None = None,
    solver: str = "auto",
    time_limit_s: float = 300.0,
    seed: int = 0,
    max_hub_sets: int = MAX_HUB_SETS,
) -> HubLocationResult:
    """Locate hubs and allocate nodes to them at minimum total cost, exactly.

    The cost of an OD flow ``w_ij`` routed ``i -> k -> m -> j`` is ``w_ij * (collection
    * c_ik + alpha * c_km + distribution * c_mj)``; add the fixed costs of the open hubs.

    Parameters
    ----------
    problem
        The instance (see :func:`multimodal.instances.hubs.read_cab`, ``read_ap`` and
        :meth:`HubInstance.from_matrices`).
    p
        Number of hubs. Default: free when fixed costs are given, else ``problem.p``.
    alpha
        Transfer (inter-hub discount) factor; default ``problem.transfer``.
    allocation
        ``"single"`` (each node uses one hub) or ``"multiple"`` (each OD pair uses its
        cheapest hub pair).
    fixed_costs
        Hub opening cost per node (overrides ``problem.fixed_costs``), in the units of
        the reported objective (not scaled by ``transport_scale``).
    capacities
        Hub capacity on collected flow per node (overrides ``problem.capacities``);
        single allocation only.
    candidates
        Names or positions of the nodes allowed to be hubs (default: all).
    solver
        ``"auto"`` (enumeration without capacities when every hub count to examine has
        at most ``max_hub_sets`` hub sets; otherwise the HiGHS MIP), ``"enumeration"``,
        ``"highs"``, ``"scip"`` or ``"cp-sat"``.
    time_limit_s
        Wall-clock limit of the solve in seconds.
    seed
        Random seed of the MIP backends (all run single-threaded: deterministic).
    max_hub_sets
        Largest number of hub sets ``"auto"`` enumerates.

    Returns
    -------
    HubLocationResult
        Check ``result.solve_info.status``: ``"feasible"`` means the time limit stopped
        the search (a ``TimeLimitWarning`` is issued, the gap is reported).

    Raises
    ------
    DataValidationError
        Bad arguments (unknown allocation or solver, p out of range, capacities with
        multiple allocation, wrong-length fixed costs or capacities, unknown candidate).
    InfeasibleError
        No hub set satisfies the constraints (e.g. capacities too small).
    SolverError
        The MIP stopped (time limit) before finding any hub network.

    Examples
    --------
    >>> from multimodal.instances.hubs import read_cab
    >>> result = locate_hubs(read_cab(n=10), p=2, alpha=0.2)
    >>> result.solve_info.status
    'optimal'
    """
    instance = problem
    if not isinstance(instance, HubInstance):
        raise DataValidationError(
            Problem("problem must be a HubInstance (see read_cab, read_ap, from_matrices)")
        )
    problems = []
    if allocation not in (_SINGLE, _MULTIPLE):
        problems.append(
            Problem(f"allocation={allocation!r}; use 'single' or 'multiple'", column="allocation")
        )
    methods = ("auto", "enumeration", *models.BACKENDS)
    if solver not in methods:
        problems.append(
            Problem(f"solver={solver!r}; use one of {', '.join(methods)}", column="solver")
        )
    if not (isinstance(time_limit_s, (int, float)) and time_limit_s > 0):
        problems.append(
            Problem(f"time_limit_s={time_limit_s!r} must be > 0", column="time_limit_s")
        )
    if problems:
        raise DataValidationError(problems)
    data = _data(instance, alpha, fixed_costs, capacities, candidates)
    if data.caps is not None and allocation == _MULTIPLE:
        message = (
            "capacities are supported with allocation='single' only (CSAHLP); drop capacities="
        )
        raise DataValidationError(Problem(message, column="capacities"))
    if p is None and data.fixed is None:
        p = instance.p
        if p is None:
            raise DataValidationError(
                Problem("give p= (number of hubs) or fixed_costs=", column="p")
            )
    if p is not None and not (isinstance(p, (int, np.integer)) and 1 <= p <= len(data.candidates)):
        message = f"p={p!r} must be an integer between 1 and the {len(data.candidates)} candidates"
        raise DataValidationError(Problem(message, column="p"))
    used = replace(instance, transfer=data.alpha, fixed_costs=data.fixed, capacities=data.caps)
    method = solver
    found = None
    if solver == "auto" and data.caps is not None:
        # The enumeration's bounds ignore capacities: with tight capacities too many
        # hub sets survive them, and the EK (1999) MIP is faster (measured on AP 25LT).
        method = "highs"
    elif solver in ("auto", "enumeration") and p is None:
        found = _enumerate_free_p(data, allocation, time_limit_s, seed, max_hub_sets)
        method = "enumeration" if found is not None else "highs"
    elif solver == "auto":
        count = math.comb(len(data.candidates), p)
        method = "enumeration" if count <= max_hub_sets else "highs"
    if method == "enumeration":
        if found is None:
            found = _enumerate(data, int(p), allocation, time_limit_s, seed)
        cost, hubs, hub_of, stopped, open_bound, elapsed = found
        if hubs is None and not stopped:
            message = "no hub set can serve all flow (check capacities, p and candidates)"
            raise InfeasibleError(message)
        if hubs is None:
            raise SolverError("time limit reached before any feasible hub set was found")
        scale = instance.transport_scale
        objective = scale * cost
        bound = objective if not stopped else scale * min(open_bound, cost)
        info = SolveInfo(
            solver="enumeration+HiGHS" if allocation == _SINGLE else "enumeration",
            status=FEASIBLE if stopped else OPTIMAL,
            objective=objective,
            best_bound=bound,
            solve_time_s=elapsed,
            time_limit_reached=stopped,
        )
        return _result(used, data, np.asarray(hubs), hub_of, allocation, info, "enumeration")
    # MIP
    if allocation == _SINGLE:
        single_hop = not models.satisfies_triangle_inequality(data.c, data.candidates)
        model, z = models.build_single_allocation(
            data, p, backend=method, seed=seed, single_hop=single_hop
        )
    else:
        model, z = models.build_multiple_allocation(data, p, backend=method, seed=seed)
    _, info = models.solve(model, method, time_limit_s, scale=instance.transport_scale)
    if info.status == INFEASIBLE:
        raise InfeasibleError(
            "no hub network satisfies the constraints (check p, capacities, candidates)"
        )
    if not info.has_solution:
        message = f"no hub network found before the solver stopped ({info}); raise time_limit_s"
        raise SolverError(message)
    if allocation == _SINGLE:
        hub_of = models.read_single_allocation(z, data.n)
        hubs = np.array(sorted(set(hub_of.tolist())))
    else:
        hubs = np.array(sorted(k for k, var in z.items() if var.solution_value() > 0.5))
        hub_of = None
    return _result(used, data, hubs, hub_of, allocation, info, "mip")


def _result(instance, data, hubs, hub_of, allocation, info, method) -> HubLocationResult:
    hubs = np.array(sorted(int(h) for h in hubs))
    names = instance.names
    w = data.w
    if allocation == _SINGLE:
        parts = _single_cost(data, np.asarray(hub_of))
        frame = pd.DataFrame(
            {
                "node": list(names),
                "hub": [names[k] for k in hub_of],
                "collected": w.sum(axis=1),
                "distributed": w.sum(axis=0),
            }
        )
    else:
        parts, first, last = _multiple_cost(data, hubs)
        collected = pd.DataFrame(
            {"node": np.repeat(np.arange(data.n), data.n), "hub": first.ravel(), "flow": w.ravel()}
        )
        distributed = pd.DataFrame(
            {"node": np.tile(np.arange(data.n), data.n), "hub": last.ravel(), "flow": w.ravel()}
        )
        table = (
            pd.concat(
                [
                    collected.groupby(["node", "hub"])["flow"].sum().rename("collected"),
                    distributed.groupby(["node", "hub"])["flow"].sum().rename("distributed"),
                ],
                axis=1,
            )
            .fillna(0.0)
            .reset_index()
        )
        table = table[(table["collected"] > 0) | (table["distributed"] > 0)]
        frame = pd.DataFrame(
            {
                "node": [names[k] for k in table["node"]],
                "hub": [names[k] for k in table["hub"]],
                "collected": table["collected"].to_numpy(),
                "distributed": table["distributed"].to_numpy(),
            }
        )
    breakdown = _report(instance, data, parts, hubs)
    objective = breakdown.pop("total")
    if info.status == OPTIMAL and abs(objective - info.objective) > 1e-6 * max(1.0, abs(objective)):
        logger.debug("recomputed objective %s differs from solver's %s", objective, info.objective)
    if info.status == FEASIBLE:
        info.warn_if_stopped("hub location")
    return HubLocationResult(
        instance=instance,
        hubs=tuple(names[k] for k in hubs),
        allocation=frame.reset_index(drop=True),
        allocation_type=allocation,
        objective=objective,
        breakdown=breakdown,
        solve_info=info,
        method=method,
    )
