"""The collection problem as arrays: windows and horizon, pre-screening, integer scaling.

Node 0 is the terminal, node ``k`` the ``k``-th row of the pickups table. ``build_model``
turns the validated inputs into float arrays once; ``prescreen`` finds the pickups no
plan can serve (each with its reason) before any solver runs; ``int_problem`` scales the
remaining sub-problem to the integers the solvers need (``multimodal._scaling``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .._scaling import ScalingPolicy, scale
from ._clock import format_clock
from ._engines import IntProblem
from .fleet import Fleet

#: Slack for comparing float times and loads (h, TEU).
EPS = 1e-9


@dataclass(frozen=True, eq=False)
class FloatModel:
    """The problem in floats, node 0 the terminal.

    Attributes
    ----------
    table
        The canonical pickups (``validate_pickups``).
    fleets
        The vehicle groups.
    distance, duration
        ``(n + 1, n + 1)`` km and h.
    demand, service
        ``(n + 1,)`` TEU and h (0 at the terminal).
    ws, we
        ``(n + 1,)`` window start and end (h), clipped to ``[start_h, horizon_h]``.
    window_end
        ``(n + 1,)`` window ends as given (inf where none), to tell a closed window from
        the cut-off.
    start_h, horizon_h, cutoff_h
        Earliest departure, the time all trucks must be back (inf when nothing is timed),
        and the cut-off as given.
    timed
        Whether time matters at all (a cut-off or some window).
    depot_xy, depot_id
        The terminal.
    """

    table: pd.DataFrame
    fleets: tuple[Fleet, ...]
    distance: np.ndarray
    duration: np.ndarray
    demand: np.ndarray
    service: np.ndarray
    ws: np.ndarray
    we: np.ndarray
    window_end: np.ndarray
    start_h: float
    horizon_h: float
    cutoff_h: float | None
    timed: bool
    depot_xy: tuple[float, float]
    depot_id: str

    @property
    def num_pickups(self) -> int:
        """Pickups in the table."""
        return len(self.table)

    @property
    def xy(self) -> np.ndarray:
        """``(n + 1, 2)`` coordinates, the terminal first."""
        return np.vstack([self.depot_xy, self.table[["x", "y"]].to_numpy(float)])

    def pickup_id(self, node: int) -> str:
        """The id of table node ``node`` (1-based)."""
        return str(self.table["pickup_id"].iloc[node - 1])


def build_model(
    table: pd.DataFrame,
    fleets: list[Fleet],
    distance: np.ndarray,
    duration: np.ndarray,
    *,
    start_h: float,
    cutoff_h: float | None,
    depot: tuple[tuple[float, float], str],
) -> FloatModel:
    """The float arrays of a problem; ``depot`` is ``((x, y), id)``."""
    demand = np.concatenate([[0.0], table["demand_teu"].to_numpy(float)])
    service = np.concatenate([[0.0], table["service_h"].to_numpy(float)])
    ws = np.concatenate([[start_h], table["window_start_h"].fillna(start_h).to_numpy(float)])
    ws = np.maximum(ws, start_h)
    we = np.concatenate([[np.inf], table["window_end_h"].fillna(np.inf).to_numpy(float)])
    timed = cutoff_h is not None or bool(np.isfinite(we[1:]).any())
    if cutoff_h is None and timed:
        # No cut-off but some windows: close the depot late enough never to bind.
        finite = we[np.isfinite(we)]
        horizon_h = float(
            max(finite.max(initial=start_h), ws.max()) + service.max() + duration.max()
        )
    else:
        horizon_h = cutoff_h if cutoff_h is not None else math.inf
    we[0] = horizon_h
    window_end = we.copy()  # as given, for telling a closed window from the cut-off
    return FloatModel(
        table=table,
        fleets=tuple(fleets),
        distance=distance,
        duration=duration,
        demand=demand,
        service=service,
        ws=ws,
        we=np.minimum(we, horizon_h),
        window_end=window_end,
        start_h=start_h,
        horizon_h=horizon_h,
        cutoff_h=cutoff_h,
        timed=timed,
        depot_xy=depot[0],
        depot_id=depot[1],
    )


def prescreen(model: FloatModel) -> dict[int, tuple[str, str]]:
    """Pickups no plan can serve, each with ``(reason, detail)``, found before solving."""
    unserved: dict[int, tuple[str, str]] = {}
    max_capacity = max(f.capacity_teu for f in model.fleets)
    for node in range(1, model.num_pickups + 1):
        if model.demand[node] > max_capacity + EPS:
            unserved[node] = (
                "demand_above_capacity",
                f"{model.demand[node]:g} TEU > largest vehicle {max_capacity:g} TEU",
            )
        elif model.timed:
            late = _time_reason(model, node)
            if late is not None:
                unserved[node] = late
    return unserved


def _time_reason(model: FloatModel, node: int) -> tuple[str, str] | None:
    """Why a truck serving ``node`` alone breaks its window or the cut-off, if it does."""
    arrive = model.start_h + model.duration[0, node]
    begin = max(arrive, model.ws[node])
    if begin > model.window_end[node] + EPS:
        return (
            "window_unreachable",
            f"earliest arrival {format_clock(arrive)} is after "
            f"the window end {format_clock(model.window_end[node])}",
        )
    back = begin + model.service[node] + model.duration[node, 0]
    if back > model.horizon_h + EPS:
        return (
            "cutoff_unreachable",
            f"earliest return {format_clock(back)} is after the cut-off "
            f"{format_clock(model.horizon_h)}",
        )
    return None


def int_problem(
    model: FloatModel, nodes: list[int], scaling: ScalingPolicy, *, allow_unserved: bool
) -> IntProblem:
    """Scale the sub-problem on ``nodes`` (node 0 the terminal) to integers."""
    index = np.asarray(nodes)
    fleets = model.fleets
    sub_distance = model.distance[np.ix_(index, index)]
    arc_cost = tuple(
        scale(sub_distance * f.cost_cny_per_km, scaling.cost_per_cny, "arc costs", scaling)
        for f in fleets
    )
    fixed = scale(
        np.array([f.fixed_cost_cny for f in fleets]), scaling.cost_per_cny, "fixed costs", scaling
    )
    capacity = scale(
        np.array([f.capacity_teu for f in fleets]),
        scaling.load_per_teu,
        "capacities",
        scaling,
        mode="floor",
    )
    loads = scale(model.demand[index], scaling.load_per_teu, "demands", scaling, mode="ceil")
    travel, service, early, late = _int_times(model, index, scaling)
    penalty = None
    if allow_unserved:
        # Larger than the cost of any whole plan, so serving one more pickup always pays.
        vehicles = sum(f.count for f in fleets)
        bound = (
            int(fixed.max()) * vehicles
            + max(int(c.max()) for c in arc_cost) * (len(index) + vehicles)
            + 1
        )
        penalty = np.full(len(index), bound, np.int64)
        penalty[0] = 0
    return IntProblem(
        arc_cost=arc_cost,
        duration=travel,
        service=service,
        tw_early=early,
        tw_late=late,
        demand=loads,
        type_count=tuple(int(f.count) for f in fleets),
        type_capacity=tuple(int(c) for c in capacity),
        type_fixed_cost=tuple(int(c) for c in fixed),
        penalty=penalty,
        coords=model.xy[index],
    )


def _int_times(
    model: FloatModel, index: np.ndarray, scaling: ScalingPolicy
) -> tuple[np.ndarray | None, np.ndarray, np.ndarray, np.ndarray]:
    """Travel times, service times and windows in integer time units (None: untimed)."""
    if not model.timed:
        return (
            None,
            np.zeros(len(index), np.int64),
            np.zeros(len(index), np.int64),
            np.full(len(index), np.iinfo(np.int32).max, np.int64),
        )
    factor = scaling.time_per_h
    travel = scale(
        model.duration[np.ix_(index, index)], factor, "travel times", scaling, mode="ceil"
    )
    service = scale(model.service[index], factor, "service times", scaling, mode="ceil")
    early = scale(model.ws[index], factor, "window starts", scaling, mode="ceil")
    late = scale(model.we[index], factor, "window ends", scaling, mode="floor")
    return travel, service, early, late
