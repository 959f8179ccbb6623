"""Congested assignment of a freight demand on a ``multimodal.Network``.

The network and demand become the assignment's flow problem
(``multimodal.assignment._flow_model.build_flow_model`` with the generalized objective),
and every shared capacity of that problem (a link direction, a service segment between
two stops, a hub's handling throughput) becomes a congestible element with a
volume-delay function: the time through it grows with its weekly TEU against its weekly
capacity instead of stopping at a hard wall. The user equilibrium then routes every
commodity on its least generalized cost (money + value of time x hours + transfer
penalty, ``multimodal.objective.GeneralizedCost``) given the delays the others cause.

Each element delays the arcs it gathers by ``t_ref (f(v / c) - 1)`` hours, where
``t_ref`` is the element's uncongested time (the longest time of its arcs: the dwell of
a hub's transshipment, a link's or a service leg's time) and ``f`` its delay function,
so at zero volume every cost is the uncongested one of ``assign``. Classes with
different values of time are solved in hours (each class's money divided by its value
of time), which leaves each class's choices unchanged and keeps one Beckmann objective.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._results import ResultMixin, content_hash, run_meta
from ..assignment._flow_model import build_flow_model
from ..demand import validate_demand
from ..exceptions import ParameterError
from ..modes import CargoClass
from ..objective import GeneralizedCost, edge_values
from ..units import T_PER_TEU
from .delay import BPR, Conical, DelayFunction, QueueDelay
from .problem import EquilibriumProblem
from .solve import solve_equilibrium

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from .._ortools import SolveInfo
    from ..assignment._flow_model import FlowModel
    from ..network import Network
    from .result import EquilibriumResult

__all__ = ["CongestedAssignment", "congested_assignment"]

#: Kinds of capacity groups of the flow model, in the order their delays are looked up.
GROUP_KINDS = ("link", "service", "hub")


@dataclass(frozen=True, eq=False)
class CongestedAssignment(ResultMixin):
    """The user equilibrium (or system optimum) of a freight demand with congestion.

    Attributes
    ----------
    arc_flow_teu_per_week
        ``(m,)`` TEU per week on each arc of the flow problem, in its arc order
        (``flow_model.problem``; ``flow_model.arc_edge`` maps arcs to edges).
    class_flow_teu_per_week
        ``(C, m)`` the same per class of the flow model (regime, cargo class, tonnes per
        TEU, value of time).
    groups
        One row per capacity group: ``kind``, ``id``, ``direction``,
        ``capacity_teu_per_week``, ``volume_teu_per_week``, ``volume_capacity_ratio``,
        ``free_time_h`` (uncongested reference time), ``delay_h`` (added by congestion),
        ``delay`` (the function).
    commodities
        The validated demand, one row per commodity, with ``cost_cny_per_teu`` (its
        least generalized cost at the equilibrium delays; NaN if unserved) and
        ``served`` (False where no route exists).
    path_flows
        One row per commodity and route: ``commodity`` (row of ``commodities``),
        ``arcs`` (flow-problem arc indices from origin to destination) and
        ``teu_per_week``. Exact: the flows are a combination of the solver's
        all-or-nothing loadings, whose weights are tracked (``record_paths``).
    relative_gap, iterations, status
        From the equilibrium solver (``status``: ``gap_reached``, ``iteration_limit``,
        ``time_limit``).
    equilibrium
        The solver's ``EquilibriumResult`` (in hours of each class's value of time).
    flow_model
        The flow model the arcs and groups refer to.
    solve_info, meta
        The result protocol.
    """

    arc_flow_teu_per_week: np.ndarray
    class_flow_teu_per_week: np.ndarray
    groups: pd.DataFrame
    commodities: pd.DataFrame
    path_flows: pd.DataFrame
    relative_gap: float
    iterations: int
    status: str
    equilibrium: EquilibriumResult
    flow_model: FlowModel
    solve_info: SolveInfo
    meta: Mapping[str, Any]

    def summary(self) -> str:
        """A few lines: gap, iterations and the most congested groups."""
        busiest = self.groups.sort_values("volume_capacity_ratio", ascending=False).head(3)
        lines = [
            f"congested {self.equilibrium.optimum} assignment: {len(self.commodities)} "
            f"commodities, {len(self.groups)} capacity groups",
            f"  status {self.status} after {self.iterations} iterations, relative gap "
            f"{self.relative_gap:.3e}",
        ]
        unserved = float(self.commodities.loc[~self.commodities["served"], "teu_per_week"].sum())
        if unserved > 0:
            lines.append(f"  unserved (no route): {unserved:,.1f} TEU per week")
        for row in busiest.itertuples():
            lines.append(
                f"  {row.kind} {row.id} {row.direction}: v/c {row.volume_capacity_ratio:.2f}, "
                f"+{row.delay_h:.1f} h"
            )
        return "\n".join(lines)

    def to_frame(self) -> pd.DataFrame:
        """The capacity groups with their volumes and delays (a copy of ``groups``)."""
        return self.groups.copy()

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Convergence chart of the equilibrium (relative gap against iteration)."""
        return self.equilibrium.plot(ax, **kwargs)


def _delay_of(
    delay: DelayFunction | Mapping[str, DelayFunction | None], kind: str, ident: str
) -> DelayFunction | None:
    if isinstance(delay, BPR | Conical | QueueDelay):
        return delay
    if ident in delay:
        return delay[ident]
    return delay.get(kind)


def congested_assignment(  # noqa: PLR0913 - the solver's options and the generalized cost
    network: Network,
    demand: pd.DataFrame,
    *,
    delay: DelayFunction | Mapping[str, DelayFunction | None] | None = None,
    gap: float = 1e-4,
    optimum: str = "user",
    method: str = "bfw",
    generalized: GeneralizedCost | None = None,
    max_iterations: int = 1_000,
    time_limit_s: float | None = None,
) -> CongestedAssignment:
    """Route a weekly freight demand at the user equilibrium of a congested network.

    Parameters
    ----------
    network
        The network.
    demand
        Demand rows (``multimodal.demand``): origin, destination, cargo class,
        ``teu_per_week``; validated here.
    delay
        The volume-delay function of every capacity group: one function for all; or a
        mapping from a group kind (``"link"``, ``"service"``, ``"hub"``) or a group id
        (a link, service or node id) to a function, or to None to leave that group
        uncongested. Default: ``BPR()`` on links and services, ``QueueDelay()`` (M/D/1)
        at hubs. Groups without a function keep their uncongested times.
    gap
        Stop at this relative gap ``(TSTT - SPTT) / TSTT``, > 0.
    optimum
        ``"user"`` (each shipper on its cheapest route; default) or ``"system"``
        (least total generalized cost in hours of value of time).
    method
        ``"bfw"`` (default), ``"cfw"`` or ``"fw"`` (``multimodal.solve_equilibrium``).
    generalized
        The generalized-cost rules (value of time, transfer penalty); default
        ``GeneralizedCost()``.
    max_iterations, time_limit_s
        Limits of the solver; the status says which stopped it.

    Returns
    -------
    CongestedAssignment
        Arc flows in the flow problem's arc order, each commodity's routes and their
        TEU per week, group volumes and delays, each commodity's generalized cost, the
        gap and the iterations.

    Raises
    ------
    DataValidationError
        The demand breaks its contract.
    ParameterError
        An option is invalid, or a commodity has no positive value of time.

    Examples
    --------
    >>> import multimodal as mm
    >>> net = mm.load_network()
    >>> result = mm.congested_assignment(net, mm.load_demand(network=net).head(5))
    >>> result.status
    'gap_reached'
    """
    clean = validate_demand(demand, network)
    model = build_flow_model(network, clean, objective="generalized", generalized=generalized)
    flow = model.problem
    delay = {"link": BPR(), "service": BPR(), "hub": QueueDelay()} if delay is None else delay
    if not isinstance(delay, BPR | Conical | QueueDelay | Mapping):
        message = (
            f"delay must be a delay function or a mapping of group kind or id to one, got {delay!r}"
        )
        raise ParameterError(message)

    vot = np.asarray(model.value_of_time, float)
    if np.any(~(vot > 0)):
        bad = int(np.flatnonzero(~(vot > 0))[0])
        message = (
            f"demand row {bad} has value of time {vot[bad]!r} CNY per TEU-hour; congestion "
            "is priced in hours, so give it a cargo_value_cny_per_teu > 0"
        )
        raise ParameterError(message)
    class_cost = flow.class_arc_cost if flow.class_arc_cost is not None else flow.arc_cost[None, :]
    n_classes = class_cost.shape[0]
    class_vot = np.zeros(n_classes)
    class_vot[flow.commodity_class] = vot  # one value of time per class (a class key)

    # The uncongested time of every arc and the reference time of every group.
    arc_time_h = _arc_time_h(network, model)
    groups = model.groups.copy()
    group_arcs = flow.group_arcs.tocsr()
    functions = [
        _delay_of(delay, kind, str(ident)) for kind, ident in zip(groups["kind"], groups["id"])
    ]
    congestible = np.array([f is not None for f in functions], bool)
    rows = np.flatnonzero(congestible)
    elements = group_arcs[rows]
    weighted = elements.multiply(arc_time_h[None, :]).tocsr()
    ref_time = np.asarray(weighted.max(axis=1).toarray()).ravel() if len(rows) else np.zeros(0)

    # Fixed cost in hours of each class's value of time; the delays add t_ref (f - 1),
    # written as fixed - t_ref + t_ref f so the solver's form ``fixed + t(v)`` holds.
    fixed_h = class_cost / class_vot[:, None]
    offset = elements.T @ ref_time
    fixed_h = np.where(np.isfinite(fixed_h), fixed_h - offset[None, :], np.inf)
    problem = EquilibriumProblem(
        n_vertices=flow.n_vertices,
        arc_tail=flow.arc_tail,
        arc_head=flow.arc_head,
        fixed_cost=fixed_h,
        free_flow_time=ref_time,
        capacity=flow.group_capacity[rows],
        delay=[f for f in functions if f is not None] if len(rows) else BPR(),
        demand_origin=flow.commodity_origin,
        demand_destination=flow.commodity_destination,
        demand=flow.commodity_demand,
        demand_class=flow.commodity_class,
        element_arcs=elements,
    )
    result = solve_equilibrium(
        problem,
        gap=gap,
        method=method,
        optimum=optimum,
        max_iterations=max_iterations,
        time_limit_s=time_limit_s,
        record_paths=True,
    )
    assert result.paths is not None  # record_paths=True
    path_flows = result.paths.rename(columns={"flow": "teu_per_week"})

    volume = np.asarray(group_arcs @ result.flow).ravel()
    groups["volume_teu_per_week"] = volume
    capacity = groups["capacity_teu_per_week"].to_numpy(float)
    groups["volume_capacity_ratio"] = volume / capacity
    free = np.zeros(len(groups))
    free[rows] = ref_time
    added = np.zeros(len(groups))
    added[rows] = result.element_time - ref_time
    groups["free_time_h"] = free
    groups["delay_h"] = added
    groups["delay"] = [repr(f) if f is not None else "" for f in functions]

    shortest = result.shortest_cost * vot  # hours x CNY per TEU-hour (tie-break included)
    commodities = model.demand.assign(
        cost_cny_per_teu=np.where(np.isfinite(shortest), shortest, math.nan),
        served=np.isfinite(shortest),
    )
    meta = run_meta(
        "congested_assignment",
        inputs={
            "network": network.name,
            "network_hash": content_hash(network.links.shape, network.nodes.shape),
            "commodities": len(clean),
            "teu_per_week": float(clean["teu_per_week"].sum()),
        },
        options={
            "gap": gap,
            "method": method,
            "optimum": optimum,
            "delay": repr(delay),
            "max_iterations": max_iterations,
            "time_limit_s": time_limit_s,
        },
    )
    return CongestedAssignment(
        arc_flow_teu_per_week=result.flow,
        class_flow_teu_per_week=result.class_flow,
        groups=groups,
        commodities=commodities,
        path_flows=path_flows,
        relative_gap=result.relative_gap,
        iterations=result.iterations,
        status=result.status,
        equilibrium=result,
        flow_model=model,
        solve_info=result.solve_info,
        meta=meta,
    )


def _arc_time_h(network: Network, model: FlowModel) -> np.ndarray:
    """Uncongested hours of each arc of the flow problem (general cargo, one TEU)."""
    values = edge_values(
        network.expanded, teu=1.0, weight_t=T_PER_TEU, cargo_class=CargoClass.GENERAL
    )
    return np.asarray(values.time_h, float)[model.arc_edge]
