"""First-mile container collection: trucks pick containers up at factories for a train.

A capacitated vehicle-routing problem with time windows. Trucks leave the terminal (the
depot) no earlier than ``start``, visit factories (pickups) inside their time windows, load
their containers (TEU) up to the truck capacity, and are all back at the terminal by the
train's cut-off. The plan minimises fixed truck costs plus cost per km, after serving as
many pickups as possible: leaving a pickup unserved costs more than any plan does, so a
pickup stays unserved only when it cannot be served, and the plan says why.

This module orchestrates: check the inputs, build the matrices (``distances``), screen
out what no plan can serve and scale the rest (``_model``), solve (``_engines``: PyVRP by
default, chosen by the benchmark in ``docs/benchmarks/collection.md``, or OR-Tools
routing), recompute the tours in floats (``_schedule``) and return a ``CollectionPlan``.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._options import (
    DEFAULT_SEED,
    DEFAULT_TIME_LIMIT_S,
    moved_to_params,
    options_meta,
    renamed,
)
from .._ortools import FEASIBLE, OPTIMAL, SolveInfo
from .._results import content_hash, run_meta
from .._scaling import ScalingPolicy
from .._validate import is_number
from ..exceptions import DataValidationError, ParameterError, Problem
from . import _engines
from ._clock import format_clock, parse_clock
from ._model import FloatModel, build_model, int_problem, prescreen
from ._schedule import schedule
from .distances import Matrix, travel_matrices
from .fleet import Fleet
from .instance import VrpInstance
from .params import DEFAULT_SOLVER, CollectParams
from .pickups import validate_pickups
from .plan import UNSERVED_COLUMNS, UNSERVED_REASONS, CollectionPlan

if TYPE_CHECKING:
    from ..network import Network

logger = logging.getLogger("multimodal")

#: Exact integer policies for the benchmark conventions (no precision loss at all).
INSTANCE_SCALING = {
    "nint": ScalingPolicy(name="instance-nint-x1", cost_per_cny=1, time_per_h=1, load_per_teu=1),
    "trunc1": ScalingPolicy(
        name="instance-trunc1-x10", cost_per_cny=10, time_per_h=10, load_per_teu=1
    ),
    "exact": ScalingPolicy(
        name="instance-exact-x1000", cost_per_cny=1000, time_per_h=1000, load_per_teu=1
    ),
}


def collect(
    depot: tuple[float, float] | VrpInstance,
    pickups: pd.DataFrame | None = None,
    vehicles: Fleet | Sequence[Fleet] | None = None,
    *,
    cutoff: float | str | None = None,
    distance_km: Matrix | None = None,
    duration_h: Matrix | None = None,
    network: Network | None = None,
    params: CollectParams | None = None,
    **deprecated: Any,
) -> CollectionPlan:
    """Plan truck tours that collect containers from factories before a train's cut-off.

    Parameters
    ----------
    depot
        Terminal coordinates, ``(lon, lat)`` or ``(x, y)`` like the pickups; or a
        ``VrpInstance`` (then see ``collect_instance``).
    pickups
        One row per factory (columns in ``validate_pickups``):
        id, coordinates, ``demand_teu``, optional time window (hours since midnight or
        ``"HH:MM"``) and ``service_h``.
    vehicles
        A ``Fleet`` or several (mixed fleet).
    cutoff
        Train cut-off: every truck back at the terminal by then (``"18:00"`` or hours).
        ``None``: no cut-off (windows still apply).
    distance_km
        Road distance matrix (km), depot first then pickups in row order, or a DataFrame
        labelled by ``params.depot_id`` and the pickup ids. Default: straight-line
        distance times ``params.detour_factor``.
    duration_h
        Travel-time matrix (h), same layout. Default: distance / ``params.speed_kmh``.
    network
        Take road distances and times from this network's road layer where it covers
        the area (points snapped to road nodes within ``params.snap_km``), great-circle x
        ``detour_factor`` elsewhere; the plan's ``distance_source`` says which pairs
        used which (see ``multimodal.collection.road``).
    params
        Solver, limits and assumptions (``CollectParams``):
        ``solver``, ``time_limit_s`` (default 60 s), ``seed``, ``max_iterations``,
        ``start`` (earliest departure), ``depot_id``, ``allow_unserved``,
        ``detour_factor``, ``speed_kmh``, ``default_service_h``, ``snap_km``, ``scaling``.
    **deprecated
        The options as separate keywords (``time_limit_s=``, ``start=``, ``engine=`` for
        ``solver``, ...), as before ``CollectParams``: still accepted for one release,
        with a ``DeprecationWarning``; they override ``params``.

    Returns
    -------
    CollectionPlan
        Tours, per-tour totals, unserved pickups with reasons, and the solve status.

    Raises
    ------
    DataValidationError
        Invalid pickups or matrices (every problem listed, with file, row and column).
    ParameterError
        An invalid argument or option (named, with the fix).
    SolverError
        Scaling would overflow.

    Examples
    --------
    >>> import pandas as pd
    >>> pickups = pd.DataFrame({"id": ["A", "B"], "lon": [108.9, 109.1],
    ...                         "lat": [34.3, 34.4], "demand_teu": [2, 1]})
    >>> plan = collect((108.95, 34.27), pickups, Fleet(count=2, capacity_teu=2),
    ...                cutoff="18:00", params=CollectParams(time_limit_s=0.5))
    >>> sorted(plan.served_ids)
    ['A', 'B']
    """
    params = moved_to_params(
        "collect",
        deprecated,
        CollectParams,
        params,
        renamed={"engine": "solver"},
        also=("cutoff", "distance_km", "duration_h", "network"),
        override=True,
    )
    if isinstance(depot, VrpInstance):
        return collect_instance(
            depot,
            solver=params.solver,
            time_limit_s=params.time_limit_s,
            seed=params.seed,
            max_iterations=params.max_iterations,
            verbose=params.verbose,
        )
    if pickups is None or vehicles is None:
        message = "collect() needs pickups and vehicles (or a VrpInstance as first argument)"
        raise ParameterError(message)
    if not isinstance(vehicles, Fleet | list | tuple):
        message = f"vehicles must be a Fleet or a non-empty list of Fleet, got {vehicles!r:.60}"
        raise ParameterError(message)
    fleets = _fleets(vehicles)
    table, kind = validate_pickups(pickups, default_service_h=params.default_service_h)
    depot_xy = _depot(depot, kind)
    if params.depot_id in set(table["pickup_id"]):
        message = f"depot_id {params.depot_id!r} is also a pickup id; choose another depot_id"
        raise ParameterError(message)
    start_h = params.start_h
    cutoff_h = None if cutoff is None else parse_clock(cutoff, "cutoff")
    if cutoff_h is not None and cutoff_h < start_h:
        message = f"cutoff ({format_clock(cutoff_h)}) is before the start ({format_clock(start_h)})"
        raise ParameterError(message)
    ids = [params.depot_id, *table["pickup_id"].tolist()]
    xy = np.vstack([np.array(depot_xy), table[["x", "y"]].to_numpy(dtype=float)])
    distance, duration, source = travel_matrices(
        ids, xy, kind, params, distance_km=distance_km, duration_h=duration_h, network=network
    )
    model = build_model(
        table,
        fleets,
        distance,
        duration,
        start_h=start_h,
        cutoff_h=cutoff_h,
        depot=(depot_xy, params.depot_id),
    )
    inputs = {
        "pickups": len(table),
        "pickups_hash": content_hash(table.to_csv(index=False)),
        "coordinates": kind,
        "vehicles": {f.name: int(f.count) for f in fleets},
        "start_h": start_h,
        "cutoff_h": cutoff_h,
        "distance_source": source,
        "network": None if network is None else network.name,
    }
    meta = run_meta(
        "collect",
        inputs=inputs,
        options=options_meta(**params.as_dict()),
        seed=params.seed,
    )
    return _plan(model, params, source=source, coordinates=kind, meta=meta)


@renamed(engine="solver")
def collect_instance(
    instance: VrpInstance,
    *,
    solver: str = DEFAULT_SOLVER,
    time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
    seed: int = DEFAULT_SEED,
    max_iterations: int | None = None,
    num_vehicles: int | None = None,
    verbose: bool = False,
) -> CollectionPlan:
    """Solve a VRPLIB/Solomon benchmark instance with its own distance convention.

    Distances (and, for VRPTW, travel times) are the instance's rounded arc lengths
    (``instance.distance_matrix()``), costs are distance only (1 per unit, no fixed cost),
    every customer must be served, and the scaling is exact (``INSTANCE_SCALING``). So
    ``plan.solve_info.objective`` is directly comparable with ``instance.optimum``. The
    plan's ``distance_km``/``cost_cny``/``*_h`` columns are then in instance units.

    Parameters
    ----------
    instance
        From ``read_vrplib`` or ``read_solomon``.
    solver, time_limit_s, seed, max_iterations
        As in ``CollectParams`` (``engine=`` is the
        deprecated name of ``solver=``).
    num_vehicles
        Fleet size; default the instance's (Solomon: 25) or, for CVRPLIB's unlimited
        fleet, one vehicle per customer.
    verbose
        Show the solver's own log, as ``CollectParams.verbose``; no result changes.

    Returns
    -------
    CollectionPlan
        ``plan.instance`` names the instance; ``meta["inputs"]`` holds its ``optimum``
        and ``optimum_source``.

    Raises
    ------
    ParameterError
        An invalid option.
    DataValidationError
        A customer no vehicle can serve.
    """
    if not isinstance(instance, VrpInstance):
        message = f"instance must be a VrpInstance (read_instance), got {type(instance).__name__}"
        raise ParameterError(message)
    if num_vehicles is not None and (not is_number(num_vehicles) or num_vehicles < 1):
        message = f"num_vehicles must be a whole number >= 1 or None, got {num_vehicles!r}"
        raise ParameterError(message)
    params = CollectParams(
        solver=solver,
        time_limit_s=time_limit_s,
        seed=seed,
        max_iterations=max_iterations,
        allow_unserved=False,
        scaling=INSTANCE_SCALING[instance.rounding],
        verbose=verbose,
    )
    timed = instance.has_time_windows
    ready, due, service = instance.ready_time, instance.due_time, instance.service_time
    table = pd.DataFrame(
        {
            "pickup_id": [str(i) for i in instance.node_ids[1:]],
            "x": instance.coords[1:, 0],
            "y": instance.coords[1:, 1],
            "demand_teu": instance.demand[1:].astype(float),
            "window_start_h": ready[1:] if ready is not None else np.nan,
            "window_end_h": due[1:] if due is not None else np.nan,
            "service_h": service[1:] if service is not None else 0.0,
        }
    )
    distance = instance.distance_matrix()
    count = num_vehicles or instance.num_vehicles or instance.num_customers
    fleet = Fleet(
        count=int(count),
        capacity_teu=float(instance.capacity),
        cost_cny_per_km=1.0,
        fixed_cost_cny=0.0,
        name="vehicle",
    )
    model = build_model(
        table,
        [fleet],
        distance,
        distance,
        start_h=float(ready[0]) if timed and ready is not None else 0.0,
        cutoff_h=float(due[0]) if timed and due is not None else None,
        depot=(
            (float(instance.coords[0, 0]), float(instance.coords[0, 1])),
            str(instance.node_ids[0]),
        ),
    )
    source = (
        f"instance {instance.name}: Euclidean, rounding '{instance.rounding}' "
        "(instance units; travel time = distance)"
    )
    inputs = {
        "instance": instance.name,
        "kind": instance.kind,
        "customers": instance.num_customers,
        "optimum": instance.optimum,
        "optimum_source": instance.optimum_source,
        "source": instance.source,
    }
    options = options_meta(
        solver=solver,
        time_limit_s=time_limit_s,
        seed=seed,
        max_iterations=max_iterations,
        num_vehicles=int(count),
        scaling=params.scaling.name,
    )
    meta = run_meta("collect_instance", inputs=inputs, options=options, seed=seed)
    return _plan(model, params, source=source, coordinates="xy", meta=meta)


# --------------------------------------------------------------------------- checks


def _fleets(vehicles: Fleet | Sequence[Fleet]) -> list[Fleet]:
    fleets = [vehicles] if isinstance(vehicles, Fleet) else list(vehicles)
    if not fleets or not all(isinstance(f, Fleet) for f in fleets):
        message = "vehicles must be a Fleet or a non-empty list of Fleet"
        raise ParameterError(message)
    return fleets


def _depot(depot: object, kind: str = "xy") -> tuple[float, float]:
    """The depot's two coordinates, checked; within lon/lat ranges for ``"lonlat"`` pickups."""
    if isinstance(depot, str | bytes | bytearray) or not isinstance(depot, Sequence):
        message = f"depot must be (lon, lat) or (x, y), got {depot!r}"
        raise ParameterError(message)
    if len(depot) != 2:
        message = f"depot must be two coordinates, (lon, lat) or (x, y), got {depot!r}"
        raise ParameterError(message)
    try:
        xy = (float(depot[0]), float(depot[1]))
    except (TypeError, IndexError, ValueError, KeyError):
        message = f"depot must be (lon, lat) or (x, y), got {depot!r}"
        raise ParameterError(message) from None
    if not all(math.isfinite(v) for v in xy):
        message = f"depot coordinates must be finite, got {depot!r}"
        raise ParameterError(message)
    if kind == "lonlat" and (abs(xy[0]) > 180 or abs(xy[1]) > 90):
        message = (
            "depot must be within longitude [-180, 180] and latitude [-90, 90] (the pickups "
            f"are in lon/lat), got {xy[0]:g},{xy[1]:g}; give lon,lat, e.g. 108.95,34.27"
        )
        raise ParameterError(message)
    return xy


# --------------------------------------------------------------------------- solving


@dataclass(frozen=True)
class _Outcome:
    """What solving the kept pickups gave: routes in table nodes, and how it ended."""

    routes: list[tuple[int, tuple[int, ...]]]
    status: str
    solver: str
    solve_time_s: float
    time_limit_reached: bool


def _plan(
    model: FloatModel,
    params: CollectParams,
    *,
    source: str,
    coordinates: str,
    meta: Mapping[str, Any],
) -> CollectionPlan:
    """Pre-screen, build the integer model, solve, and turn the routes into a plan."""
    unserved = prescreen(model)
    if unserved and not params.allow_unserved:
        problems = [
            Problem(
                f"pickup {model.pickup_id(node)} cannot be served: "
                f"{UNSERVED_REASONS[reason]} ({detail})",
                row=node,
            )
            for node, (reason, detail) in unserved.items()
        ]
        raise DataValidationError(problems)
    kept = [node for node in range(1, model.num_pickups + 1) if node not in unserved]
    outcome = _route(model, kept, params)
    tours, totals = schedule(model, outcome.routes)
    unserved.update(_left_out(model, kept, tours, totals, outcome.status))
    unserved_table = pd.DataFrame(
        [
            (model.pickup_id(node), model.demand[node], reason, detail)
            for node, (reason, detail) in sorted(unserved.items())
        ],
        columns=UNSERVED_COLUMNS,
    )
    info = _solve_info(outcome, totals)
    logger.info("collection: %s", info)
    return CollectionPlan(
        tours=tours,
        tour_totals=totals,
        unserved=unserved_table,
        solve_info=info,
        pickups=model.table,
        depot=model.depot_xy,
        depot_id=model.depot_id,
        coordinates=coordinates,
        cutoff_h=model.cutoff_h,
        distance_source=source,
        solver=params.solver,
        scaling=params.scaling,
        meta=meta,
    )


def _route(model: FloatModel, kept: list[int], params: CollectParams) -> _Outcome:
    """Solve the sub-problem on the kept pickups with the chosen solver."""
    if not kept:
        # Nothing to route: the empty plan is trivially optimal.
        return _Outcome([], OPTIMAL, params.solver, 0.0, False)
    nodes = [0, *kept]
    problem = int_problem(model, nodes, params.scaling, allow_unserved=params.allow_unserved)
    result = _engines.solve(
        problem,
        params.solver,
        time_limit_s=params.time_limit_s,
        seed=params.seed,
        max_iterations=params.max_iterations,
        verbose=params.verbose,
    )
    # Map the solver's model nodes back to table nodes (1-based rows of the pickups).
    routes = [(t, tuple(nodes[i] for i in visits)) for t, visits in result.routes]
    return _Outcome(
        routes, result.status, result.solver, result.solve_time_s, result.time_limit_reached
    )


def _left_out(
    model: FloatModel,
    kept: list[int],
    tours: pd.DataFrame,
    totals: pd.DataFrame,
    status: str,
) -> dict[int, tuple[str, str]]:
    """Why each kept pickup that no tour serves was left out."""
    served = set(tours.loc[tours["kind"] == "pickup", "pickup_id"])
    fleet_size = sum(f.count for f in model.fleets)
    reasons: dict[int, tuple[str, str]] = {}
    for node in kept:
        if model.pickup_id(node) in served:
            continue
        if status not in (FEASIBLE, OPTIMAL):
            reasons[node] = ("no_solution", UNSERVED_REASONS["no_solution"])
        elif len(totals) >= fleet_size:
            reasons[node] = (
                "no_vehicle_left",
                f"all {fleet_size} vehicles are used and none can fit it",
            )
        else:
            reasons[node] = ("not_fitted", UNSERVED_REASONS["not_fitted"])
    return reasons


def _solve_info(outcome: _Outcome, totals: pd.DataFrame) -> SolveInfo:
    """Status and objective (the recomputed cost of the served tours, CNY)."""
    has_solution = outcome.status in (FEASIBLE, OPTIMAL)
    objective = float(totals["cost_cny"].sum()) if has_solution else math.nan
    if outcome.status == OPTIMAL:
        return SolveInfo(
            solver=outcome.solver,
            status=outcome.status,
            objective=objective,
            best_bound=objective,
            solve_time_s=outcome.solve_time_s,
        )
    return SolveInfo(
        solver=outcome.solver,
        status=outcome.status,
        objective=objective,
        best_bound=math.nan,
        solve_time_s=outcome.solve_time_s,
        time_limit_reached=outcome.time_limit_reached,
    )
