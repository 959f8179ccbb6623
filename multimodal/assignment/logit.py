"""The logit engine: capacity-constrained path-size logit assignment of a ``FlowModel``.

Each demand row splits over its alternative paths by a path-size logit on generalized
cost (``ChoiceModel``). Capacities hold as hard constraints through shadow prices: the
split is the solution of the entropy-regularised convex program

``min sum_i f_i (GC_i - w_k (a_i + ln PS_i)) + sum_k w_k sum_i f_i ln f_i``
``s.t. sum_i f_i + u_k = D_k,  sum_i A_gi f_i <= cap_g``,

(``w_k = GC_ref_k / scale`` CNY per unit of utility, ``a_i`` the constants), whose
optimality conditions are the logit shares at the prices ``GC_i + sum_g lambda_g A_gi``
(Bell 1995: the multipliers are the queueing delays that ration a full line; Larsson and
Patriksson 1999 for side constraints). The dual in ``lambda >= 0`` is smooth and concave,
and is maximised with L-BFGS-B (SciPy); paths that become the cheapest at the prices
join the choice set and the dual is solved again, until none do (column generation).

With an elasticity, each row's TEU follow its composite cost against the reference
network's; the demand function enters the same convex dual (``_Dual``), so prices and
demand settle together in one solve.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse as sp
from scipy.optimize import minimize
from threadpoolctl import threadpool_limits

from .._ortools import FEASIBLE, OPTIMAL, SolveInfo
from .._results import run_meta
from ..graph import LINK

if TYPE_CHECKING:
    from ..network import Network
from ._flow_model import FlowModel
from ._pricing import ClassGraph, Paths, price_paths
from .choice_model import ChoiceModel
from .problem import FlowSolution, paths_frame, warn_stopped
from .selectors import Selector

__all__ = [
    "ChoiceSet",
    "LogitSolution",
    "SelectorIndex",
    "build_choice_set",
    "resplit",
    "solve_logit",
]

logger = logging.getLogger("multimodal")

#: Relative capacity violation accepted at the end.
CAPACITY_TOL = 1e-6
_MAX_ROUNDS = 12
_MAIN_MODES = ("rail", "sea", "air", "road")


@dataclass(frozen=True, eq=False)
class ChoiceSet:
    """The alternatives of every demand row, with what the logit needs of each.

    Attributes
    ----------
    commodity
        ``(P,)`` the row of each path, sorted by row.
    arcs
        Arc indices of each path (tuples).
    cost
        ``(P,)`` generalized cost, CNY per TEU (the flow model's class costs).
    ln_path_size
        ``(P,)`` ln of the path size (0 without the correction).
    attributes
        Each path's attribute labels (``mode:``, ``gateway:``, ``hub:``, ``service:``).
    incidence
        ``(g, P)`` sparse: capacity use of each path (groups, then finite arc capacities).
    capacity
        ``(g,)`` the capacities, TEU per week.
    """

    commodity: np.ndarray
    arcs: list[tuple[int, ...]]
    cost: np.ndarray
    ln_path_size: np.ndarray
    attributes: list[tuple[str, ...]]
    incidence: sp.csr_matrix
    capacity: np.ndarray

    @property
    def n_paths(self) -> int:
        """Number of paths ``P``."""
        return len(self.arcs)


@dataclass(frozen=True, eq=False)
class LogitSolution:
    """The engine's answer: the flow solution and each row's logit figures.

    Attributes
    ----------
    flow
        The ``FlowSolution`` (paths with flow, arc flows, shadow prices).
    rows
        Per demand row: ``demand_teu`` (after the elasticity), ``unserved_cost_cny_per_teu``
        (``ChoiceModel.reservation_factor`` x the reference cost), ``composite_cost_cny_per_teu``
        (the logsum in CNY, shadow prices included), ``reference_cost_cny_per_teu`` (the
        least generalized cost on the reference network: the scale's unit) and
        ``best_cost_cny_per_teu`` (least generalized cost here, without shadow prices).
    choice_set
        The alternatives (all of them, with or without flow).
    path_flow
        ``(P,)`` flow of every alternative, TEU per week.
    """

    flow: FlowSolution
    rows: pd.DataFrame
    choice_set: ChoiceSet
    path_flow: np.ndarray


# --- the choice set -----------------------------------------------------------------------
class _PathIndex:
    """What each arc means for a path's attributes: mode, node, service, customs border."""

    def __init__(self, model: FlowModel, network: Network) -> None:
        base = network.expanded
        network_links_mode = network.link_values("mode")
        #: per physical node: inside China (gateways are where paths cross its border)
        self.in_china = network.node_values("country") == "CN"
        self._attributes: dict[tuple[int, ...], tuple[str, ...]] = {}
        edge = model.arc_edge
        self.is_link = base.kind[edge] == LINK
        link = np.where(self.is_link, base.link[edge], 0)
        self.mode = np.where(self.is_link, network_links_mode[link], "")
        self.length = np.where(self.is_link, base.distance_km[edge], 0.0)
        vertex_node = base.vertex_node
        self.tail_node = vertex_node[base.tail[edge]]
        self.head_node = vertex_node[base.head[edge]]
        service = base.service[edge]
        self.service = np.where(self.is_link, service, -1)
        self.service_ids = list(base.service_ids)
        self.node_ids = list(base.node_ids)

    def attributes(self, arcs: tuple[int, ...]) -> tuple[str, ...]:
        """A path's attribute labels, computed once per path (the choice set regrows)."""
        if arcs not in self._attributes:
            self._attributes[arcs] = _attributes(self, np.asarray(arcs, dtype=np.int64))
        return self._attributes[arcs]


def _attributes(index: _PathIndex, arcs: np.ndarray) -> tuple[str, ...]:
    """Attribute labels of one path: main mode, gateway, hub and services."""
    in_china = index.in_china
    links = arcs[index.is_link[arcs]]
    if links.size == 0:
        return ()
    km: dict[str, float] = {}
    for mode, length in zip(index.mode[links], index.length[links]):
        km[mode] = km.get(mode, 0.0) + float(length)
    main = max(km, key=lambda m: (km[m], m))
    labels = [f"mode:{main}"]
    tails, heads = index.tail_node[links], index.head_node[links]
    crossing = np.flatnonzero(in_china[tails] != in_china[heads])
    if crossing.size:
        first = int(crossing[0])
        leaving = bool(in_china[tails[first]])
        labels.append(f"gateway:{index.node_ids[tails[first] if leaving else heads[first]]}")
        # the hub: where an export boarded (an import left) the service that crossed
        service = index.service[links[first]]
        if service >= 0:
            end, step = first, -1 if leaving else 1
            while 0 <= end + step < links.size and index.service[links[end + step]] == service:
                end += step
            labels.append(f"hub:{index.node_ids[tails[end] if leaving else heads[end]]}")
    services = dict.fromkeys(int(s) for s in index.service[links] if s >= 0)
    labels.extend(f"service:{index.service_ids[s]}" for s in services)
    return tuple(labels)


def _split(paths: Paths) -> list[tuple[int, tuple[int, ...]]]:
    commodity, _cost, lengths, arcs = paths[:4]
    out, start = [], 0
    for k, length in zip(commodity.tolist(), lengths.tolist()):
        out.append((k, tuple(arcs[start : start + length].tolist())))
        start += length
    return out


def build_choice_set(
    model: FlowModel,
    choice: ChoiceModel,
    *,
    index: _PathIndex,
    pricer: _Pricer,
) -> ChoiceSet:
    """The initial alternatives of every row: least cost, best per main mode, per gateway.

    Parameters
    ----------
    model
        The flow model (generalized-cost class costs).
    choice
        The choice model (``max_alternatives``, ``path_size``).
    index
        What each arc of the model means for a path's attributes.
    pricer
        The cheapest-path search of the model's classes.

    Returns
    -------
    ChoiceSet
    """
    pricer = _Pricer(model)
    found: dict[int, dict[tuple[int, ...], None]] = {}

    def add(paths: Paths, only: np.ndarray | None = None) -> None:
        for k, arcs in _split(paths):
            if only is None or only[k]:
                found.setdefault(k, {}).setdefault(arcs, None)

    m = model.problem.n_arcs
    add(pricer.cheapest(np.zeros(m)))
    for mode in _MAIN_MODES:  # the best path whose long haul is this mode
        barred = index.is_link & (index.mode != mode) & (index.mode != "road")
        if mode == "road":
            barred = index.is_link & (index.mode != "road")
        add(pricer.cheapest(np.where(barred, np.inf, 0.0)))
    # the best path avoiding each gateway that some row's paths use
    for _round in range(2):
        gateways: dict[str, np.ndarray] = {}
        for k, paths in found.items():
            for arcs in paths:
                for label in index.attributes(arcs):
                    if label.startswith("gateway:"):
                        rows = gateways.setdefault(label[8:], np.zeros(len(model.demand), bool))
                        rows[k] = True
        for gateway, rows in sorted(gateways.items()):
            node = index.node_ids.index(gateway)
            touches = (index.tail_node == node) | (index.head_node == node)
            add(pricer.cheapest(np.where(touches, np.inf, 0.0)), only=rows)
    return _assemble(model, choice, index, found)


def _assemble(
    model: FlowModel,
    choice: ChoiceModel,
    index: _PathIndex,
    found: dict[int, dict[tuple[int, ...], None]],
) -> ChoiceSet:
    """Order, cap per row, price and describe the paths."""
    problem = model.problem
    records: list[tuple[int, float, tuple[int, ...]]] = []
    for k in sorted(found):
        cost_k = problem.cost_of_class(int(problem.commodity_class[k]))
        priced = sorted((float(cost_k[list(a)].sum()), a) for a in found[k])
        priced = [p for p in priced if math.isfinite(p[0])][: max(choice.max_alternatives, 1)]
        records.extend((k, c, a) for c, a in priced)
    return _choice_set(model, choice, index, records)


def _choice_set(
    model: FlowModel,
    choice: ChoiceModel,
    index: _PathIndex,
    records: list[tuple[int, float, tuple[int, ...]]],
) -> ChoiceSet:
    problem = model.problem
    records.sort(key=lambda r: (r[0], r[1], r[2]))
    commodity = np.array([r[0] for r in records], dtype=np.int64)
    cost = np.array([r[1] for r in records])
    arcs = [r[2] for r in records]
    lengths = np.array([len(a) for a in arcs])
    flat = (
        np.concatenate([np.asarray(a, dtype=np.int64) for a in arcs]) if arcs else np.zeros(0, int)
    )
    owner = np.repeat(np.arange(len(arcs)), lengths)
    use = sp.csr_matrix(
        (np.ones(flat.size), (flat, owner)), shape=(problem.n_arcs, len(arcs))
    )  # arcs x paths
    finite = np.flatnonzero(np.isfinite(problem.arc_capacity))
    rows = [problem.group_arcs @ use] if problem.n_groups else []
    if finite.size:
        rows.append(use[finite])
    incidence = sp.vstack(rows).tocsr() if rows else sp.csr_matrix((0, len(arcs)))
    capacity = np.concatenate([problem.group_capacity, problem.arc_capacity[finite]])
    ln_ps = np.zeros(len(arcs))
    if choice.path_size and arcs:
        length = index.length[flat]
        key = commodity[owner] * problem.n_arcs + flat
        _, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        total = np.bincount(owner, weights=length, minlength=len(arcs))
        share = np.bincount(owner, weights=length / counts[inverse], minlength=len(arcs))
        ln_ps = np.log(np.where(total > 0, share / np.where(total > 0, total, 1.0), 1.0))
    attributes = [index.attributes(a) for a in arcs]
    return ChoiceSet(commodity, arcs, cost, ln_ps, attributes, incidence, capacity)


class _Pricer:
    """Cheapest path of every row at arc surcharges (one Dijkstra per class and origin)."""

    def __init__(self, model: FlowModel) -> None:
        problem = model.problem
        self.problem = problem
        self.classes = [ClassGraph(problem, c) for c in range(problem.n_classes)]
        self.by_class = []
        for c in range(problem.n_classes):
            members = np.flatnonzero(problem.commodity_class == c)
            origins, origin_row = np.unique(problem.commodity_origin[members], return_inverse=True)
            self.by_class.append((members, origins, origin_row))

    def cheapest(self, extra: np.ndarray, threshold: np.ndarray | None = None) -> Paths:
        penalty = self.problem.unserved_penalty
        return price_paths(
            self.problem,
            self.classes,
            self.by_class,
            extra,
            penalty if threshold is None else threshold,
            penalty,
        )


# --- the capacitated logit --------------------------------------------------------------
def _segment_logsumexp(values: np.ndarray, starts: np.ndarray, extra: np.ndarray) -> np.ndarray:
    """``log(exp(extra_k) + sum_{i in k} exp(values_i))`` per segment, stably."""
    top = np.maximum(np.maximum.reduceat(values, starts), extra)
    owner = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, values.size]))
    total = np.add.reduceat(np.exp(values - top[owner]), starts) + np.exp(extra - top)
    return top + np.log(total)


@dataclass(frozen=True)
class _Elastic:
    """Demand that follows the composite cost: ``D = D_ref exp(e (C - C_ref) / GC_ref)``.

    ``e`` is the elasticity at the reference (``C_ref`` is within a few % of ``GC_ref``, the
    row's least generalized cost there); the exponential form stays defined when constants
    make a composite cost small or negative (a logsum in CNY is not a price floor).
    """

    elasticity: float
    reference_cost: np.ndarray  # (K,) composite cost of the reference network, CNY/TEU
    norm: np.ndarray  # (K,) the rows' reference generalized cost GC_ref, CNY/TEU (> 0)


class _Dual:
    """The dual function of the capacitated logit for fixed paths (elastic demand inside).

    With fixed demand the function to minimise over ``lambda >= 0`` is
    ``- sum_k D_k C_k(lambda) + lambda . cap``; with elastic demand the first term becomes
    ``- sum_k integral from C_ref to C_k(lambda) of D_k(c) dc``, still convex (the logsum
    is concave in lambda, the integral increasing and concave in C), whose gradient is
    ``cap - load`` at the demand the prices leave: one convex program, not a fixed point.
    """

    def __init__(
        self,
        choice_set: ChoiceSet,
        weight: np.ndarray,
        constant: np.ndarray,
        demand: np.ndarray,
        penalty: np.ndarray,
        elastic: _Elastic | None = None,
    ) -> None:
        s = choice_set
        self.s = s
        # rows with paths (sorted), and each path's position among them
        self.rows, self.starts = np.unique(s.commodity, return_index=True)
        self.weight = weight[s.commodity]
        self.base_utility = constant + s.ln_path_size - s.cost / self.weight
        self.row_weight = weight[self.rows]
        self.unserved_cost_all = penalty
        self.unserved_utility = -penalty[self.rows] / self.row_weight
        self.demand = demand[self.rows]  # D_ref: the demand at the reference composite cost
        self.incidence_t = s.incidence.T.tocsr()
        self.owner = np.repeat(
            np.arange(self.rows.size), np.diff(np.r_[self.starts, self.base_utility.size])
        )
        # utilities are measured from each row's logsum without prices, so that the dual's
        # value changes are computed without cancelling large numbers (L-BFGS-B's line
        # search needs them to ~1e-12)
        self.origin = _segment_logsumexp(self.base_utility, self.starts, self.unserved_utility)
        self.base_utility = self.base_utility - self.origin[self.owner]
        self.unserved_utility = self.unserved_utility - self.origin
        self.elasticity = 0.0 if elastic is None else float(elastic.elasticity)
        if self.elasticity:
            assert elastic is not None
            reference = elastic.reference_cost[self.rows]
            unpriced = -self.row_weight * self.origin  # composite cost without prices
            self.ref_cost = np.where(np.isfinite(reference), reference, unpriced)
            self.gap0 = unpriced - self.ref_cost  # C(0) - C_ref, CNY per TEU
            self.norm = elastic.norm[self.rows]

    def shares(self, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Path shares, unserved shares and logsums (from the unpriced ones) at ``lam``."""
        priced = self.incidence_t @ lam if lam.size else 0.0
        utility = self.base_utility - priced / self.weight
        logsum = _segment_logsumexp(utility, self.starts, self.unserved_utility)
        share = np.exp(utility - logsum[self.owner])
        unserved = np.exp(self.unserved_utility - logsum)
        return share, unserved, logsum

    def demand_and_surplus(self, logsum: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Each row's demand at these logsums, and the integral of demand over its cost."""
        change = -self.row_weight * logsum  # C(lambda) - C(0), CNY per TEU, exact
        if not self.elasticity:
            return self.demand, self.demand * change
        e = self.elasticity
        rate = e / self.norm  # per CNY of composite cost
        demand = self.demand * np.exp(rate * (self.gap0 + change))
        # integral from C(0) to C(lambda) of D_ref exp(rate (c - C_ref)) dc, exactly
        integral = self.demand / rate * np.exp(rate * self.gap0) * np.expm1(rate * change)
        return demand, integral

    def flows(self, lam: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Path flows, unserved TEU and composite cost (CNY per TEU) per row."""
        share, unserved, logsum = self.shares(lam)
        demand, _ = self.demand_and_surplus(logsum)
        composite = -self.row_weight * (logsum + self.origin)
        return share * demand[self.owner], unserved * demand, composite

    def row_demand(self, lam: np.ndarray) -> np.ndarray:
        """``(rows,)`` each row's demand at the prices (its reference demand if fixed)."""
        return self.demand_and_surplus(self.shares(lam)[2])[0]

    def negative(self, lam: np.ndarray) -> tuple[float, np.ndarray]:
        """The convex function minimised over the prices, and its gradient (cap - load)."""
        share, _unserved, logsum = self.shares(lam)
        demand, integral = self.demand_and_surplus(logsum)
        load = self.s.incidence @ (share * demand[self.owner])
        value = -float(integral.sum()) + float(lam @ self.s.capacity)
        return value, self.s.capacity - load


def _representatives(choice_set: ChoiceSet) -> np.ndarray:
    """One capacity per set of identical rows (the tightest): the others are redundant.

    A service's segments between stops often carry exactly the same paths; their rows are
    then collinear, which leaves the dual without a unique optimum and stalls L-BFGS-B.
    The tightest of them stands for all (the others get no price, as in a vertex LP
    solution), which changes neither the flows nor the prices the paths see.
    """
    incidence = choice_set.incidence.tocsr()
    incidence.sort_indices()
    keep = np.ones(incidence.shape[0], dtype=bool)
    seen: dict[tuple[bytes, bytes], int] = {}
    order = np.argsort(choice_set.capacity, kind="stable")  # tightest first
    for g in order:
        lo, hi = incidence.indptr[g], incidence.indptr[g + 1]
        key = (incidence.indices[lo:hi].tobytes(), incidence.data[lo:hi].tobytes())
        if key in seen:
            keep[g] = False
        else:
            seen[key] = int(g)
    return keep


def _solve_dual(dual: _Dual, start: np.ndarray) -> tuple[np.ndarray, int]:
    """Maximise the dual over ``lambda >= 0`` (only capacities the paths can reach)."""
    if start.size == 0:
        return start, 0
    # L-BFGS-B works on vectors of a few hundred prices: BLAS threads only wait on each
    # other (measured: 0.75 s a solve with the default threads on a loaded 2-core
    # machine, 0.01 s with one)
    with threadpool_limits(limits=1, user_api="blas"):
        return _solve_dual_serial(dual, start)


def _solve_dual_serial(dual: _Dual, start: np.ndarray) -> tuple[np.ndarray, int]:
    reach = (np.asarray(dual.s.incidence.sum(axis=1)).ravel() > 0) & _representatives(dual.s)
    lam = np.where(reach, start, 0.0)
    if not reach.any():
        return lam, 0
    positions = np.flatnonzero(reach)
    scale = np.maximum(dual.s.capacity[positions], 1.0)  # gradients in relative units

    def fun(x: np.ndarray) -> tuple[float, np.ndarray]:
        full = lam.copy()
        full[positions] = x
        value, gradient = dual.negative(full)
        return value, gradient[positions]

    # first check: without prices nothing overflows -> lambda = 0 is optimal
    _, gradient = fun(np.zeros(positions.size))
    if np.all(gradient >= -CAPACITY_TOL * scale) and not start[positions].any():
        return np.zeros_like(lam), 0
    result = minimize(
        fun,
        lam[positions],
        jac=True,
        method="L-BFGS-B",
        bounds=[(0.0, None)] * positions.size,
        options={"maxiter": 20000, "maxfun": 40000, "ftol": 0.0, "gtol": 1e-6, "maxcor": 30},
    )
    lam[positions] = np.maximum(result.x, 0.0)
    logger.debug("dual: %s after %d iterations", result.message, result.nit)
    polished = _polish(dual, lam, positions)
    return lam, int(result.nit) + polished


def _polish(dual: _Dual, lam: np.ndarray, positions: np.ndarray, rounds: int = 200) -> int:
    """Diagonal Newton steps on the prices until every capacity holds to ``CAPACITY_TOL``.

    L-BFGS-B stops where the dual's value stops changing in floating point, which can
    leave a full line a few 1e-5 over. Each step moves one price by the overflow over
    the load's sensitivity to it, ``sum_i A_gi f_i (1 - P_i) / w_i`` (halved while the
    worst overflow grows).
    """
    incidence = dual.s.incidence[positions]
    capacity = dual.s.capacity[positions]
    step = 1.0
    worst = math.inf
    for done in range(rounds):
        share, _unserved, logsum = dual.shares(lam)
        flow = share * dual.demand_and_surplus(logsum)[0][dual.owner]
        over = incidence @ flow - capacity
        relative = over / np.maximum(capacity, 1.0)
        active = (relative > CAPACITY_TOL) | ((lam[positions] > 0) & (relative < -CAPACITY_TOL))
        now = float(np.max(relative, initial=0.0))
        if not active.any() or (now <= CAPACITY_TOL and not np.any(relative[active] < 0)):
            return done
        step = step * 0.5 if now > worst else min(1.0, step * 1.5)
        worst = now
        sensitivity = incidence @ (flow * (1.0 - share) / dual.weight)
        move = np.where(active & (sensitivity > 0), over / np.maximum(sensitivity, 1e-300), 0.0)
        lam[positions] = np.maximum(lam[positions] + step * move, 0.0)
    return rounds


def resplit(
    choice_set: ChoiceSet,
    weight: np.ndarray,
    constant: np.ndarray,
    demand: np.ndarray,
    unserved_cost: np.ndarray,
    start: np.ndarray,
    elasticity: float = 0.0,
    norm: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The capacitated split of a fixed choice set for new constants (calibration's step).

    Parameters
    ----------
    choice_set
        The alternatives (from a ``LogitSolution``).
    weight
        ``(K,)`` CNY per unit of utility per row (reference cost / scale).
    constant
        ``(P,)`` each path's constants (``SelectorIndex.constants``).
    demand, unserved_cost
        ``(K,)`` TEU per week, and CNY per TEU left unserved.
    start
        Prices to start from (the last ones: the dual is warm-started).
    elasticity
        The demand's elasticity (as ``solve_logit`` without a reference: ``demand`` is
        what shippers send at the unpriced composite cost, rationed by full lines).
    norm
        ``(K,)`` the rows' reference generalized cost (the elasticity's unit; default
        ``weight``).

    Returns
    -------
    tuple
        ``(P,)`` path flows (TEU per week) and the capacity prices (CNY per TEU).
    """
    elastic = None
    if elasticity:
        norm = weight if norm is None else norm
        elastic = _Elastic(elasticity, np.full(len(demand), np.nan), norm)
    dual = _Dual(choice_set, weight, constant, demand, unserved_cost, elastic)
    lam, _ = _solve_dual(dual, start.copy())
    return dual.flows(lam)[0], lam


def _violation(dual: _Dual, lam: np.ndarray) -> float:
    """Largest relative overflow of a capacity at prices ``lam``."""
    if lam.size == 0:
        return 0.0
    flow = dual.flows(lam)[0]
    load = dual.s.incidence @ flow
    cap = dual.s.capacity
    return float(np.max((load - cap) / np.maximum(cap, 1.0), initial=0.0))


class SelectorIndex:
    """Selectors resolved once against a network and a demand, for the paths' constants.

    Resolving a selector reads the network's services table and matches every service
    (~20 ms on the built-in network); the logit needs each selector at every round and
    calibration at every step, so each is resolved once here.

    Parameters
    ----------
    network
        The network (its services table and node countries).
    demand
        The flow model's demand (one row per commodity).
    """

    def __init__(self, network: Network, demand: pd.DataFrame) -> None:
        self._network = network
        self._demand = demand
        self._services: pd.DataFrame | None = None
        self._resolved: dict[str, tuple[frozenset[str] | None, np.ndarray]] = {}
        self._rides: dict[tuple[str, ChoiceSet], np.ndarray] = {}  # a choice set is fixed

    def _resolve(self, text: str) -> tuple[frozenset[str] | None, np.ndarray]:
        """The services a selector matches (None: no service terms) and its rows."""
        if text not in self._resolved:
            selector = Selector(text)
            rows = selector.rows(self._demand).to_numpy(bool)
            matched = None
            if selector.has_service_terms():
                if self._services is None:
                    self._services = self._network.services
                country = dict(zip(self._network.node_ids, self._network.node_values("country")))
                matched = frozenset(selector.services(self._services, country))
            self._resolved[text] = (matched, rows)
        return self._resolved[text]

    def rides(self, text: str, choice_set: ChoiceSet) -> np.ndarray:
        """Per path: how many rides on services the selector matches, for matching rows.

        Without service terms, 1 for every path of a matching demand row.

        Parameters
        ----------
        text
            The selector (docs/demand.md, section 3.1).
        choice_set
            The alternatives.

        Returns
        -------
        numpy.ndarray
            ``(P,)`` counts.
        """
        key = (text, choice_set)
        if key not in self._rides:
            matched, rows = self._resolve(text)
            on_row = rows[choice_set.commodity].astype(float)
            if matched is not None:
                on_row *= [
                    sum(a[8:] in matched for a in attrs if a.startswith("service:"))
                    for attrs in choice_set.attributes
                ]
            self._rides[key] = on_row
        return self._rides[key]

    def constants(self, choice: ChoiceModel, choice_set: ChoiceSet) -> np.ndarray:
        """Sum of the constants of each path's attributes and of the selectors it matches."""
        constant = np.array([choice.constant_of(a) for a in choice_set.attributes])
        for key, value in choice.constants.items():
            if key.startswith("select:") and value:
                constant += value * (self.rides(key[7:], choice_set) > 0)
        return constant


def solve_logit(
    model: FlowModel,
    choice: ChoiceModel,
    network: Network,
    *,
    reference: pd.DataFrame | None = None,
    time_limit_s: float | None = None,
) -> LogitSolution:
    """Assign ``model``'s demand by the capacitated path-size logit.

    Parameters
    ----------
    model
        The flow model, built with ``objective="generalized"``.
    choice
        The choice model.
    network
        The network the model was built on.
    reference
        Per demand ``id``: ``reference_cost_cny_per_teu`` (the scale's unit) and
        ``composite_cost_cny_per_teu`` and ``demand_teu`` of the reference network (the
        elasticity's origin). None: this network is its own reference.
    time_limit_s
        Stop the rounds after this many seconds (status ``feasible``, with a warning).

    Returns
    -------
    LogitSolution
    """
    start = time.perf_counter()
    problem = model.problem
    index = _PathIndex(model, network)
    pricer = _Pricer(model)
    selectors = SelectorIndex(network, model.demand)
    choice_set = build_choice_set(model, choice, index=index, pricer=pricer)
    best = np.full(problem.n_commodities, np.inf)
    np.minimum.at(best, choice_set.commodity, choice_set.cost)
    given = problem.commodity_demand.copy()
    ids = model.demand["id"].astype(str).to_numpy()
    ref_cost, ref_composite, ref_demand = best.copy(), None, given
    if reference is not None:
        table = reference.set_index("id")
        known = np.isin(ids, table.index.astype(str))
        looked = table.reindex(ids)
        if "reference_cost_cny_per_teu" in looked:
            ref_cost = np.where(known, looked["reference_cost_cny_per_teu"].to_numpy(float), best)
        ref_composite = looked["composite_cost_cny_per_teu"].to_numpy(float)
        ref_demand = np.where(known, looked["demand_teu"].to_numpy(float), given)
    ref_cost = np.where(np.isfinite(ref_cost) & (ref_cost > 0), ref_cost, 1.0)
    weight = ref_cost / choice.scale
    unserved_cost = np.minimum(problem.unserved_penalty, choice.reservation_factor * ref_cost)
    demand = ref_demand.copy()  # at the reference's composite cost
    # Demand responds to the queues (the capacity prices) as to any cost. Without a
    # reference, the given demand is what shippers send at the unpriced composite cost
    # (NaN: each row's own, without prices), so a full line rations it; a scenario against
    # that base then solves the same program (the exponential demand composes), and a
    # scenario that changes nothing gives the base's answer exactly. Without this the
    # price of a line that only captive rows use is pinned by nothing but the unserved
    # option's ~1e-10 share, and composite costs (the surplus) would be arbitrary.
    elastic = None
    if choice.elasticity:
        origin = ref_composite if ref_composite is not None else np.full(len(given), np.nan)
        elastic = _Elastic(choice.elasticity, origin, ref_cost)
    lam = np.zeros(choice_set.capacity.size)
    rounds = dual_iterations = 0
    stopped = False
    for rounds in range(1, _MAX_ROUNDS + 1):  # noqa: B007 - reported
        constant = selectors.constants(choice, choice_set)
        dual = _Dual(choice_set, weight, constant, demand, unserved_cost, elastic)
        lam, iterations = _solve_dual(dual, lam)
        dual_iterations += iterations
        grown = _add_priced_paths(model, choice, index, pricer, choice_set, lam)
        if grown is None:
            break
        choice_set = grown
        lam = lam.copy()
        if time_limit_s is not None and time.perf_counter() - start > time_limit_s:
            stopped = True
            break
    converged = not stopped
    demand = demand.copy()
    demand[dual.rows] = dual.row_demand(lam)
    violation = _violation(dual, lam)
    converged = converged and violation <= CAPACITY_TOL
    return _solution(
        model,
        choice_set,
        dual,
        lam,
        demand,
        best,
        ref_cost,
        start=start,
        converged=converged,
        stats={
            "rounds": float(rounds),
            "dual_iterations": float(dual_iterations),
            "paths": float(choice_set.n_paths),
            "max_capacity_violation": violation,
        },
        stopped=stopped,
    )


def _add_priced_paths(
    model: FlowModel,
    choice: ChoiceModel,
    index: _PathIndex,
    pricer: _Pricer,
    choice_set: ChoiceSet,
    lam: np.ndarray,
) -> ChoiceSet | None:
    """The choice set grown by each row's cheapest path at the prices, if new; else None."""
    if not np.any(lam > 0):
        return None
    problem = model.problem
    n_groups = problem.n_groups
    extra = problem.group_arcs.T @ lam[:n_groups] if n_groups else np.zeros(problem.n_arcs)
    finite = np.flatnonzero(np.isfinite(problem.arc_capacity))
    extra = np.asarray(extra, dtype=float).copy()
    extra[finite] += lam[n_groups:]
    priced_cost = choice_set.cost + choice_set.incidence.T @ lam
    best = np.full(problem.n_commodities, np.inf)
    np.minimum.at(best, choice_set.commodity, priced_cost)
    with np.errstate(invalid="ignore"):  # rows without a path: inf - inf, masked below
        threshold = np.where(np.isfinite(best), best - 1e-7 * np.maximum(1.0, best), np.inf)
    threshold = np.minimum(threshold, problem.unserved_penalty)
    found = pricer.cheapest(extra, threshold)
    known = {(int(k), a) for k, a in zip(choice_set.commodity, choice_set.arcs)}
    new = [(k, a) for k, a in _split(found) if (k, a) not in known]
    if not new:
        return None
    records = [
        (int(k), float(c), a)
        for k, c, a in zip(choice_set.commodity, choice_set.cost, choice_set.arcs)
    ]
    for k, a in new:
        cost_k = problem.cost_of_class(int(problem.commodity_class[k]))
        records.append((k, float(cost_k[list(a)].sum()), a))
    return _choice_set(model, choice, index, records)


def _solution(  # noqa: PLR0913
    model: FlowModel,
    choice_set: ChoiceSet,
    dual: _Dual,
    lam: np.ndarray,
    demand: np.ndarray,
    best: np.ndarray,
    ref_cost: np.ndarray,
    *,
    start: float,
    converged: bool,
    stats: dict[str, float],
    stopped: bool,
) -> LogitSolution:
    problem = model.problem
    flow, unserved_rows, composite = dual.flows(lam)
    unserved = demand.copy()  # rows without any path stay unserved
    unserved[dual.rows] = unserved_rows
    row_composite = dual.unserved_cost_all.copy()  # rows without any path
    row_composite[dual.rows] = composite
    class_arc_flow = np.zeros((problem.n_classes, problem.n_arcs))
    rows = []
    for j in np.flatnonzero(flow > 1e-12 * max(float(demand.max(initial=0.0)), 1.0)):
        k = int(choice_set.commodity[j])
        arcs = choice_set.arcs[j]
        np.add.at(class_arc_flow[problem.commodity_class[k]], list(arcs), flow[j])
        rows.append((k, arcs, float(flow[j])))
    n_groups = problem.n_groups
    arc_dual = np.zeros(problem.n_arcs)
    finite = np.flatnonzero(np.isfinite(problem.arc_capacity))
    arc_dual[finite] = lam[n_groups:]
    objective = float(flow @ choice_set.cost + unserved @ dual.unserved_cost_all)
    elapsed = time.perf_counter() - start
    info = SolveInfo(
        solver="path-size logit, L-BFGS-B dual (SciPy)",
        status=OPTIMAL if converged else FEASIBLE,
        objective=objective,
        best_bound=objective if converged else math.nan,
        solve_time_s=elapsed,
        time_limit_reached=stopped,
    )
    logger.info("logit assignment: %s; %s", stats, info)
    if not converged:
        warn_stopped(info, "logit assignment (stopped before capacities and demand settled)")
    solution = FlowSolution(
        arc_flow=class_arc_flow.sum(axis=0),
        class_arc_flow=class_arc_flow,
        paths=paths_frame(problem, rows),
        unserved=unserved,
        arc_capacity_dual=arc_dual,
        group_capacity_dual=lam[:n_groups].copy(),
        demand_dual=row_composite,
        objective=objective,
        solve_info=info,
        build_time_s=0.0,
        solve_time_s=elapsed,
        method="logit",
        stats=stats,
        meta=run_meta("solve_logit", inputs=problem.sizes(), options={}, seed=None),
    )
    table = pd.DataFrame(
        {
            "id": model.demand["id"].to_numpy(),
            "demand_teu_given": problem.commodity_demand,
            "demand_teu": demand,
            "composite_cost_cny_per_teu": row_composite,
            "best_cost_cny_per_teu": best,
            "reference_cost_cny_per_teu": ref_cost,
            "unserved_cost_cny_per_teu": dual.unserved_cost_all,
        }
    )
    return LogitSolution(solution, table, choice_set, flow)
