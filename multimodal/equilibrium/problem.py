"""The static traffic-assignment problem as plain arrays: ``EquilibriumProblem``.

Vertices ``0..n-1``, arcs ``0..m-1`` and congestible *elements* ``0..g-1``. The cost of
arc ``a`` for a commodity of class ``k`` is

``cost[k, a] = fixed_cost[k, a] + sum_e element_arcs[e, a] * t_e(v_e)``,

where ``v = element_arcs @ x`` are the element volumes (``x`` the total arc flows) and
``t_e(v) = free_flow_time[e] * f_e(v / capacity[e])`` is the element's volume-delay
function (``multimodal.equilibrium.delay``). On a road network every link is its own
element (``element_arcs`` is the identity, ``None`` here); in the freight network an
element is a capacity group (a link direction over its customs copies, a service
segment, a hub's handling), so a queue at Brest delays every arc that uses it.

All costs are in one unit, the problem's *cost unit* (minutes for the TNTP instances,
hours of the class's value of time for the freight network).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from ..exceptions import DataValidationError, Problem
from .delay import DelayFunction, _DelayArrays

__all__ = ["EquilibriumProblem"]

_WHERE = "EquilibriumProblem"


@dataclass(frozen=True, eq=False, kw_only=True)
class EquilibriumProblem:
    """A static traffic-assignment problem on a directed graph with fixed OD demand.

    Parameters
    ----------
    n_vertices
        Number of vertices ``n``.
    arc_tail, arc_head
        ``(m,)`` vertex of each arc's tail and head.
    fixed_cost
        ``(m,)`` or ``(C, m)``: the part of each arc's cost that does not depend on the
        flow, per class, in the cost unit; ``np.inf`` forbids the arc to the class.
        With the free-flow times of the arc's elements added it must be >= 0 (the cost
        at zero volume).
    free_flow_time
        ``(g,)`` uncongested time of each element, cost unit, >= 0.
    capacity
        ``(g,)`` capacity of each element (the ``c`` of ``v / c``), flow unit, > 0.
    delay
        The volume-delay function of every element, or one per element.
    demand_origin, demand_destination
        ``(K,)`` vertices of each commodity (OD pair).
    demand
        ``(K,)`` flow of each commodity, >= 0.
    demand_class
        ``(K,)`` class of each commodity in ``0..C-1``; default all 0.
    element_arcs
        ``(g, m)`` sparse 0/1 (or non-negative) matrix of the arcs each element
        gathers; ``None`` (the default) means every arc is its own element (``g = m``).
    no_through
        ``(n,)`` bool: vertices no path may pass through (only start or end at them),
        as the zones below a TNTP file's ``FIRST THRU NODE``; default none.
    vertex_ids
        Optional names of the vertices (for tables); default ``0..n-1``.

    Raises
    ------
    DataValidationError
        Listing every inconsistency (array, index, value) at once.
    """

    n_vertices: int
    arc_tail: np.ndarray
    arc_head: np.ndarray
    fixed_cost: np.ndarray
    free_flow_time: np.ndarray
    capacity: np.ndarray
    delay: DelayFunction | Sequence[DelayFunction] | _DelayArrays
    demand_origin: np.ndarray
    demand_destination: np.ndarray
    demand: np.ndarray
    # None (all class 0; no blocked vertex) is replaced in __post_init__, so these two
    # are never None afterwards.
    demand_class: np.ndarray = None  # type: ignore[assignment]
    element_arcs: sp.csr_matrix | None = None
    no_through: np.ndarray = None  # type: ignore[assignment]
    vertex_ids: Sequence[object] | None = None

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        problems: list[Problem] = []
        set_(self, "arc_tail", np.asarray(self.arc_tail, np.int64))
        set_(self, "arc_head", np.asarray(self.arc_head, np.int64))
        fixed = np.asarray(self.fixed_cost, float)
        set_(self, "fixed_cost", fixed[None, :] if fixed.ndim == 1 else fixed)
        set_(self, "free_flow_time", np.asarray(self.free_flow_time, float))
        set_(self, "capacity", np.asarray(self.capacity, float))
        set_(self, "demand_origin", np.asarray(self.demand_origin, np.int64))
        set_(self, "demand_destination", np.asarray(self.demand_destination, np.int64))
        set_(self, "demand", np.asarray(self.demand, float))
        k = len(self.demand)
        klass = np.zeros(k, np.int64) if self.demand_class is None else self.demand_class
        set_(self, "demand_class", np.asarray(klass, np.int64))
        n, m = int(self.n_vertices), len(self.arc_tail)
        if self.element_arcs is not None:
            set_(self, "element_arcs", sp.csr_matrix(self.element_arcs, dtype=float))
        g = m if self.element_arcs is None else self.element_arcs.shape[0]
        through = np.zeros(n, bool) if self.no_through is None else self.no_through
        set_(self, "no_through", np.asarray(through, bool))
        if not isinstance(self.delay, _DelayArrays):
            set_(self, "delay", _DelayArrays.of(self.delay, g))

        def check(ok: object, array: str, message: str) -> None:
            if not bool(ok):
                problems.append(Problem(f"{array}: {message}", _WHERE))

        check(len(self.arc_head) == m, "arc_head", f"has {len(self.arc_head)} arcs, arc_tail {m}")
        check(self.fixed_cost.shape[1] == m, "fixed_cost", f"needs {m} columns (one per arc)")
        if self.fixed_cost.shape[1] == m and len(self.free_flow_time) == g:
            # Costs at zero volume must be >= 0 (Dijkstra); a fixed cost may be negative
            # where the elements' free-flow times make up for it (the freight model
            # writes a delay t0 (f - 1) as -t0 + t0 f).
            free = (
                self.free_flow_time
                if self.element_arcs is None
                else self.element_arcs.T @ self.free_flow_time
            )
            zero_volume = self.fixed_cost + free[None, :]
            finite = zero_volume[np.isfinite(zero_volume)]
            check(
                np.all(finite >= -1e-9 * max(1.0, float(np.abs(finite).max(initial=0.0)))),
                "fixed_cost",
                "fixed_cost + free-flow times (the cost at zero volume) must be >= 0",
            )
        check(not np.any(np.isnan(self.fixed_cost)), "fixed_cost", "has NaN; use inf to forbid")
        for name in ("free_flow_time", "capacity"):
            check(len(getattr(self, name)) == g, name, f"needs {g} values (one per element)")
        check(np.all(np.isfinite(self.free_flow_time)), "free_flow_time", "must be finite")
        check(np.all(self.free_flow_time >= 0), "free_flow_time", "must be >= 0")
        check(np.all(self.capacity > 0), "capacity", "must be > 0 (and not NaN)")
        check(len(self.delays.kind) == g, "delay", f"needs {g} functions")
        for name in ("arc_tail", "arc_head", "demand_origin", "demand_destination"):
            values = getattr(self, name)
            check(np.all((values >= 0) & (values < n)), name, f"vertices must be in 0..{n - 1}")
        for name in ("demand_destination", "demand", "demand_class"):
            check(len(getattr(self, name)) == k, name, f"needs {k} values (one per commodity)")
        check(np.all(np.isfinite(self.demand) & (self.demand >= 0)), "demand", "must be >= 0")
        c = self.fixed_cost.shape[0]
        check(
            np.all((self.demand_class >= 0) & (self.demand_class < c)),
            "demand_class",
            f"classes must be in 0..{c - 1} (rows of fixed_cost)",
        )
        check(len(self.no_through) == n, "no_through", f"needs {n} values (one per vertex)")
        if self.element_arcs is not None:
            check(self.element_arcs.shape[1] == m, "element_arcs", f"needs {m} columns")
            check(np.all(self.element_arcs.data >= 0), "element_arcs", "weights must be >= 0")
        if problems:
            raise DataValidationError(problems)

    @property
    def delays(self) -> _DelayArrays:
        """The delay functions of the elements as arrays (normalised on construction)."""
        assert isinstance(self.delay, _DelayArrays)  # set in __post_init__
        return self.delay

    @property
    def n_arcs(self) -> int:
        """Number of arcs ``m``."""
        return len(self.arc_tail)

    @property
    def n_elements(self) -> int:
        """Number of congestible elements ``g``."""
        return self.n_arcs if self.element_arcs is None else self.element_arcs.shape[0]

    @property
    def n_classes(self) -> int:
        """Number of classes ``C`` (rows of ``fixed_cost``)."""
        return int(self.fixed_cost.shape[0])

    def vertex_name(self, index: np.ndarray) -> np.ndarray:
        """Names of vertices (``vertex_ids`` or the indices themselves)."""
        if self.vertex_ids is None:
            return np.asarray(index)
        return np.asarray(self.vertex_ids, dtype=object)[np.asarray(index)]
