"""The capacitated multi-commodity min-cost flow problem, as plain arrays.

``FlowProblem`` is the data contract between the network model (which knows hubs,
modes and GeoDataFrames) and the LP engines in :mod:`.arc_model` and
:mod:`.path_model` (which only know vertices ``0..n-1`` and arcs ``0..m-1``). It is
validated once, when it is built, so the engines can trust it.

``multimodal.synthetic.random_flow_problem`` generates mode-expanded, multimodal-like
instances for tests and benchmarks.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .._ortools import FEASIBLE, NOT_SOLVED, SolveInfo
from .._results import ResultMixin
from ..exceptions import DataValidationError, Problem, TimeLimitWarning
from ..plotting import plot_matrix

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["FlowProblem", "FlowSolution", "paths_frame", "warn_stopped"]

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
    # None (every commodity in class 0; no groups) is replaced in __post_init__, so
    # these two are never None afterwards.
    commodity_class: np.ndarray = None  # type: ignore[assignment]
    class_arc_cost: np.ndarray | None = None
    group_capacity: np.ndarray = field(default_factory=lambda: np.zeros(0))
    group_arcs: sp.csr_matrix = None

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

        Parameters
        ----------
        cargo_class
            The class index, ``0..C-1``.

        Returns
        -------
        numpy.ndarray
            Cost per arc; ``np.inf`` marks arcs that class may not use.
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

    def sizes(self) -> dict[str, int]:
        """The problem's size, for a solution's ``meta["inputs"]``.

        Returns
        -------
        dict
            ``vertices``, ``arcs``, ``commodities``, ``classes`` and ``groups``.
        """
        return {
            "vertices": int(self.n_vertices),
            "arcs": self.n_arcs,
            "commodities": self.n_commodities,
            "classes": self.n_classes,
            "groups": self.n_groups,
        }

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
    if p.arc_tail.ndim != 1:
        message = f"shape {p.arc_tail.shape}: give a 1-D array of tail vertices"
        problems.append(Problem(message, file=_WHERE, column="arc_tail"))
        return problems
    _validate_arcs(p, problems)
    _validate_groups(p, problems)
    if p.commodity_demand.ndim != 1:
        message = f"shape {p.commodity_demand.shape}: give a 1-D array"
        problems.append(Problem(message, file=_WHERE, column="commodity_demand"))
        return problems
    _validate_commodities(p, problems)
    _validate_classes(p, problems)
    return problems


def _validate_arcs(p: FlowProblem, problems: list[Problem]) -> None:
    n, m = int(p.n_vertices), p.n_arcs
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


def _validate_groups(p: FlowProblem, problems: list[Problem]) -> None:
    m = p.n_arcs
    g = p.group_capacity.shape[0] if p.group_capacity.ndim == 1 else -1
    if g < 0:
        message = f"shape {p.group_capacity.shape}: give a 1-D array (may be empty)"
        problems.append(Problem(message, file=_WHERE, column="group_capacity"))
        return
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


def _validate_commodities(p: FlowProblem, problems: list[Problem]) -> None:
    n, k = int(p.n_vertices), p.n_commodities
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


def _validate_classes(p: FlowProblem, problems: list[Problem]) -> None:
    m, k = p.n_arcs, p.n_commodities
    n_classes = 1
    if p.class_arc_cost is not None:
        cc = p.class_arc_cost
        if cc.ndim != 2 or cc.shape[1] != m or cc.shape[0] < 1:
            message = f"shape {cc.shape}, expected (C, {m}): one row per cargo class"
            problems.append(Problem(message, file=_WHERE, column="class_arc_cost"))
        else:
            n_classes = cc.shape[0]
            bad = np.isnan(cc) | (cc < 0) | (cc == -np.inf)
            for flat in np.flatnonzero(bad)[:_MAX_LISTED]:
                c, a = divmod(int(flat), m)
                message = (
                    f"class {c}: value {cc[c, a]!r}: give a cost >= 0 CNY/TEU, "
                    "np.inf to forbid the arc"
                )
                problems.append(Problem(message, file=_WHERE, row=a, column="class_arc_cost"))
    cls = p.commodity_class
    if not _check_shape(problems, "commodity_class", cls, k, "commodity"):
        return
    if cls.dtype.kind not in "iu":
        message = f"dtype {cls.dtype}: give integer class indices"
        problems.append(Problem(message, file=_WHERE, column="commodity_class"))
        return
    bad = (cls < 0) | (cls >= n_classes)
    fix = f"out of range: give a class index in 0..{n_classes - 1}" + (
        " (and class_arc_cost for several classes)" if n_classes == 1 else ""
    )
    _listed(problems, "commodity_class", bad, cls, fix)


# --- the answer ----------------------------------------------------------------------

#: Columns of ``FlowSolution.paths``.
PATH_COLUMNS = ("commodity", "path_id", "arcs", "flow_teu", "cost_cny_per_teu")


@dataclass(frozen=True, eq=False, kw_only=True)
class FlowSolution(ResultMixin):
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
    meta
        Where it came from: the problem's size, the engine's options and the seed.
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
    meta: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def to_frame(self) -> pd.DataFrame:
        """One row per arc: its flow and capacity shadow price.

        Returns
        -------
        pandas.DataFrame
            Columns ``arc``, ``flow_teu`` (TEU per week, all classes) and
            ``capacity_dual_cny_per_teu`` (saving per extra TEU/week of capacity).
        """
        return pd.DataFrame(
            {
                "arc": np.arange(self.arc_flow.shape[0]),
                "flow_teu": self.arc_flow,
                "capacity_dual_cny_per_teu": self.arc_capacity_dual,
            }
        )

    def plot(self, ax: Axes | None = None, **kw: Any) -> Axes:
        """Heat map of the flow of each cargo class (rows) on each arc with flow (columns).

        Parameters
        ----------
        ax
            Axes to draw on; a new figure if ``None``.
        **kw
            Keywords for ``multimodal.plotting.plot_matrix`` (``title``, ``cmap``).

        Returns
        -------
        matplotlib.axes.Axes
            The axes drawn on.
        """
        used = np.flatnonzero(np.nan_to_num(self.class_arc_flow).sum(axis=0) > 0)
        matrix = pd.DataFrame(
            self.class_arc_flow[:, used],
            index=pd.Index(range(self.class_arc_flow.shape[0]), name="cargo class"),
            columns=pd.Index(used, name="arc"),
        )
        options = {"title": f"{self.method}-based flow (TEU per week)", "unit": "TEU/week", **kw}
        return plot_matrix(matrix, ax, **options)

    def served_of(self, problem: FlowProblem) -> np.ndarray:
        """Return the ``(K,)`` served demand, TEU per week.

        Parameters
        ----------
        problem
            The problem this is the solution of.

        Returns
        -------
        numpy.ndarray
            Demand minus unserved, per commodity.
        """
        return problem.commodity_demand - self.unserved

    def transport_cost_cny(self, problem: FlowProblem) -> float:
        """Return the transport part of the objective, CNY per week.

        Parameters
        ----------
        problem
            The problem this is the solution of (its class costs).

        Returns
        -------
        float
            Sum over classes and arcs of flow times cost.
        """
        costs = problem.class_costs
        used = self.class_arc_flow > 0
        return float(np.sum(self.class_arc_flow[used] * costs[used]))

    def unserved_cost_cny(self, problem: FlowProblem) -> float:
        """Return the penalty part of the objective, CNY per week.

        Parameters
        ----------
        problem
            The problem this is the solution of (its penalties).

        Returns
        -------
        float
            Unserved TEU per week times their penalties.
        """
        return float(self.unserved @ problem.unserved_penalty)

    def summary(self) -> str:
        """A one-paragraph description of the solution.

        Returns
        -------
        str
            Objective, unserved TEU, paths, solve status and times.
        """
        return (
            f"{self.method}-based flow: objective {self.objective:,.2f} CNY/week, "
            f"{self.unserved.sum():,.1f} TEU/week unserved, {len(self.paths)} paths; "
            f"{self.solve_info}; build {self.build_time_s:.2f} s, "
            f"solve {self.solve_time_s:.2f} s"
        )


def paths_frame(
    problem: FlowProblem, rows: Sequence[tuple[int, tuple[int, ...], float]]
) -> pd.DataFrame:
    """Build the paths table sorted by commodity, then decreasing flow.

    Parameters
    ----------
    problem
        The problem (its class costs price each path).
    rows
        ``(commodity, arcs, flow)`` per path: the commodity's index, the arc indices
        from origin to destination, TEU per week.

    Returns
    -------
    pandas.DataFrame
        The columns of ``PATH_COLUMNS``; equal flows keep their order in ``rows``.
    """
    if not rows:
        return pd.DataFrame(
            {
                "commodity": pd.Series([], dtype=np.int64),
                "path_id": pd.Series([], dtype=np.int64),
                "arcs": pd.Series([], dtype=object),
                "flow_teu": pd.Series([], dtype=np.float64),
                "cost_cny_per_teu": pd.Series([], dtype=np.float64),
            }
        )
    commodity = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
    flow = np.fromiter((r[2] for r in rows), dtype=np.float64, count=len(rows))
    arcs = [r[1] for r in rows]
    lengths = np.fromiter((len(a) for a in arcs), dtype=np.int64, count=len(rows))
    flat = np.fromiter((a for p in arcs for a in p), dtype=np.int64, count=int(lengths.sum()))
    cls = problem.commodity_class[np.repeat(commodity, lengths)]
    unit = problem.class_costs[cls, flat]
    cost = np.add.reduceat(unit, np.concatenate([[0], np.cumsum(lengths)[:-1]]))
    order = np.lexsort((-flow, commodity))
    frame = pd.DataFrame(
        {
            "commodity": commodity[order],
            "path_id": np.arange(len(rows), dtype=np.int64),
            "arcs": pd.Series([arcs[i] for i in order], dtype=object),
            "flow_teu": flow[order],
            "cost_cny_per_teu": cost[order],
        }
    )
    return frame


def warn_stopped(info: SolveInfo, what: str) -> None:
    """Warn (``TimeLimitWarning``) that a solve stopped before proving optimality.

    Parameters
    ----------
    info
        How the solve ended; nothing is said for other statuses than ``"feasible"``
        and ``"not_solved"``.
    what
        The solve, for the message.
    """
    if info.status == FEASIBLE:
        info.warn_if_stopped(what)
    elif info.status == NOT_SOLVED:
        message = (
            f"{what} stopped before finding a solution ({info.solver}, "
            f"{info.solve_time_s:.1f} s): no flows returned"
        )
        warnings.warn(message, TimeLimitWarning, stacklevel=3)
