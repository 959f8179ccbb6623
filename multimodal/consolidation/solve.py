"""Block-train consolidation at an assembly centre (e.g. Xi'an International Port).

Containers arrive at the centre by truck and by domestic feeder trains, wait in the
yard, and leave on block trains that only run when they are full enough. Given the
week's shipments and candidate departures, ``consolidate`` decides which trains
run and which container goes on which train; the rest go to a fallback (another
mode or a later week), each with a reason code. The model is CP-SAT; see
``docs/consolidation.md`` for the formulation and its measured performance.

This module orchestrates: read and check the inputs (``_inputs``), prepare the arrays
and integer costs (``_cpsat.data``), solve (``_cpsat.solve``), and assemble the plan
(``_assemble``, ``plan``). Time is in hours on one axis (``0`` = start of the planning
week), money in CNY.
"""

from __future__ import annotations

import datetime as _dt
import logging
import os
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._options import moved_to_params
from .._ortools import FEASIBLE, OPTIMAL, SolveInfo
from .._results import run_meta
from .._scaling import ScalingPolicy
from ..exceptions import DataValidationError, InfeasibleError, Problem, SolverError
from ._assemble import build_tables, no_compatible_detail
from ._cpsat import (
    ComponentResult,
    Groups,
    IntegerCosts,
    Prepared,
    disaggregate,
    group_shipments,
    integer_costs,
    solve_aggregated,
    solve_naive,
)
from ._inputs import (
    as_table,
    check_network,
    check_week_start,
    fill_transit_times,
    infer_week_start,
    validate_departures,
    validate_shipments,
)
from .costs import ConsolidationCosts
from .params import ConsolidateParams
from .plan import ConsolidationPlan

if TYPE_CHECKING:
    from ..network import Network

logger = logging.getLogger("multimodal")

__all__ = ["consolidate"]

#: Keywords ``consolidate`` took before ``params`` (deprecated): those that kept their
#: name, and the renamed ones with the field each one sets.
_MOVED_OPTIONS = ("time_limit_s", "workers", "seed", "method", "solver")
_RENAMED_OPTIONS = {"formulation": "method", "cost_scaling": "scaling"}


def consolidate(
    shipments: pd.DataFrame | str | os.PathLike[str],
    departures: pd.DataFrame | str | os.PathLike[str],
    *,
    costs: ConsolidationCosts | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    params: ConsolidateParams | None = None,
    week_start: pd.Timestamp | str | _dt.datetime | None = None,
    network: Network | None = None,
    origin: str = "XIAN_PORT",
    **old_options: Any,
) -> ConsolidationPlan:
    """Choose the block trains that run and load them (CP-SAT).

    Every shipment either boards one compatible departure or takes the fallback.
    Constraints: a shipment leaves no earlier than ``arrival_h + handling_h``, on a
    departure serving its destination, with reefer slots for reefer boxes and
    dangerous-goods permission for dangerous goods; a train carries at most
    ``capacity_teu`` and ``reefer_slots``; a train runs only if its load reaches
    ``min_load_teu`` (a train that does not run carries nothing). The objective is
    the total cost: fixed train costs, per-TEU charges, yard holding, lateness,
    fallback transport and (optionally) the time value of the goods.

    Parameters
    ----------
    shipments, departures
        DataFrames or paths to CSV/Parquet files; columns in ``SHIPMENT_COLUMNS``
        and ``DEPARTURE_COLUMNS``.
    costs
        ``ConsolidationCosts``, a mapping, or a ``.toml``/``.json`` path;
        default ``ConsolidationCosts()``.
    params
        How to solve: ``ConsolidateParams`` (``method``, ``solver``,
        ``time_limit_s`` = 60 s, ``seed`` = 0, ``workers`` = 1, ``scaling``).
        The same input and params give the same plan, manifests included, whenever
        the solve ends proven optimal.
    week_start
        Origin of the time axis when the tables give timestamps instead of hours.
    network
        If given, destinations may be node ids or names of this network (e.g.
        ``multimodal.load_network()``; ``Network.find_node``), unknown ones are
        reported with suggestions, and departures without ``transit_time_h`` get it
        from the network (see ``fill_transit_times``).
    origin
        The assembly centre the trains leave from, for transit times from the network.
    **old_options
        Deprecated: ``time_limit_s``, ``workers``, ``seed``, ``formulation`` (now
        ``method``), ``method``, ``solver`` and ``cost_scaling`` (now ``scaling``) as
        keywords still work for one release, with a ``DeprecationWarning``; put them
        in ``params`` instead.

    Returns
    -------
    ConsolidationPlan

    Raises
    ------
    DataValidationError
        For malformed tables, costs or options (every problem at once).
    ParameterError
        For an unknown keyword, or options given both in ``params`` and as keywords.
    InfeasibleError
        When the fallback is forbidden and some shipment cannot go by train.
    SolverError
        When CP-SAT fails, or finds no plan in time for shipments without fallback.

    Warns
    -----
    TimeLimitWarning
        When the time limit stops the search before optimality (see ``solve_info``).

    Examples
    --------
    >>> from multimodal.synthetic import generate_week
    >>> shipments, departures, costs = generate_week(seed=1, n_shipments=40, n_departures=8)
    >>> plan = consolidate(
    ...     shipments, departures, costs=costs, params=ConsolidateParams(time_limit_s=5)
    ... )
    >>> plan.solve_info.status
    'optimal'
    """
    options = moved_to_params(
        "consolidate",
        old_options,
        ConsolidateParams,
        params,
        renamed=_RENAMED_OPTIONS,
        fields=_MOVED_OPTIONS,
        also=("costs", "week_start", "network", "origin"),
    )
    week_start = check_week_start(week_start)
    check_network(network)
    costs_obj = _as_costs(costs)
    ships, deps, start = _read_inputs(shipments, departures, week_start, network, origin)
    prep = _prepare(ships, deps, costs_obj, options.policy)
    groups = group_shipments(prep)
    _check_fallback_feasibility(prep, ships)
    int_costs = integer_costs(prep, groups)
    if options.method == "aggregated":
        results = solve_aggregated(
            prep,
            groups,
            int_costs,
            time_limit_s=options.time_limit_s,
            workers=options.workers,
            seed=options.seed,
            verbose=options.verbose,
        )
        choice = disaggregate(results, prep, groups, int_costs)
        info, components = _aggregate_info(results, prep, groups, int_costs, ships, deps)
    else:
        choice, info, components = _solve_naive(prep, groups, int_costs, options)
    info.warn_if_stopped("block-train consolidation")
    trains, shipment_table, cost = build_tables(prep, groups, choice, ships, deps)
    logger.info("consolidation: %s", info)
    return ConsolidationPlan(
        trains=trains,
        shipments=shipment_table,
        cost=cost,
        solve_info=info,
        components=components,
        meta=_meta(options, costs_obj, start, prep, groups),
    )


def _read_inputs(
    shipments: pd.DataFrame | str | os.PathLike[str],
    departures: pd.DataFrame | str | os.PathLike[str],
    week_start: pd.Timestamp | str | _dt.datetime | None,
    network: Network | None,
    origin: str,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.Timestamp | None]:
    """Read, complete and check both tables; return them with the week's start."""
    ship_table, ship_source, ship_lines = as_table(shipments, "shipments")
    dep_table, dep_source, dep_lines = as_table(departures, "departures")
    if network is not None:
        dep_table = fill_transit_times(dep_table, network, origin=origin)
    start = None if week_start is None else pd.Timestamp(week_start)
    if start is None:
        start = infer_week_start(ship_table, dep_table)
    problems: list[Problem] = []
    ships = deps = pd.DataFrame()
    try:
        ships = validate_shipments(
            ship_table,
            source=ship_source,
            line_numbers=ship_lines,
            week_start=start,
            network=network,
        )
    except DataValidationError as error:
        problems += error.problems
    try:
        deps = validate_departures(
            dep_table, source=dep_source, line_numbers=dep_lines, week_start=start, network=network
        )
    except DataValidationError as error:
        problems += error.problems
    if problems:
        raise DataValidationError(problems)
    return ships, deps, start


def _solve_naive(
    prep: Prepared, groups: Groups, int_costs: IntegerCosts, options: ConsolidateParams
) -> tuple[np.ndarray, SolveInfo, pd.DataFrame]:
    """The per-shipment model: the choice, its SolveInfo and its one-row components table."""
    raw, maybe_choice = solve_naive(
        prep,
        groups,
        int_costs,
        time_limit_s=options.time_limit_s,
        workers=options.workers,
        seed=options.seed,
        verbose=options.verbose,
    )
    if raw.status == "infeasible":
        message = (
            "no plan serves every shipment without a fallback: add departures or "
            "capacity, or allow a fallback"
        )
        raise InfeasibleError(message)
    if maybe_choice is None:
        message = "CP-SAT found no plan within the time limit; raise time_limit_s"
        raise SolverError(message)
    factor = prep.scaling.cost_per_cny
    info = SolveInfo(
        solver="CP-SAT",
        status=raw.status,
        objective=raw.objective / factor,
        best_bound=raw.best_bound / factor,
        solve_time_s=raw.wall_time_s,
        time_limit_reached=raw.time_limit_reached,
    )
    components = pd.DataFrame(
        [
            {
                "component": 0,
                "destinations": ";".join(sorted(set(prep.destination))),
                "n_shipments": prep.n_shipments,
                "n_groups": prep.n_shipments,
                "n_departures": prep.n_departures,
                "status": info.status,
                "objective_cny": info.objective,
                "best_bound_cny": info.best_bound,
                "solve_time_s": info.solve_time_s,
            }
        ],
        columns=_COMPONENT_COLUMNS,
    )
    return maybe_choice, info, components


def _meta(
    options: ConsolidateParams,
    costs: ConsolidationCosts,
    start: pd.Timestamp | None,
    prep: Prepared,
    groups: Groups,
) -> Mapping[str, Any]:
    """``run_meta`` of the plan, with the sizes also at the top level (as before)."""
    policy = options.policy
    scaling = f"{policy.name} (x{policy.cost_per_cny:g} per CNY, x{policy.time_per_h:g} per hour)"
    inputs = {
        "n_shipments": prep.n_shipments,
        "n_departures": prep.n_departures,
        "week_start": None if start is None else str(start),
        "costs": costs.to_dict(),
    }
    base = run_meta(
        "multimodal.consolidation.consolidate",
        inputs=inputs,
        options=options.to_dict(),
        seed=options.seed,
    )
    return {
        **base,
        "n_shipments": prep.n_shipments,
        "n_departures": prep.n_departures,
        "n_groups": len(groups.members),
        "n_components": len(groups.components),
        "week_start": inputs["week_start"],
        "scaling": scaling,
    }


def _as_costs(
    costs: ConsolidationCosts | Mapping[str, Any] | str | os.PathLike[str] | None,
) -> ConsolidationCosts:
    if costs is None:
        return ConsolidationCosts()
    if isinstance(costs, ConsolidationCosts):
        return costs
    if isinstance(costs, Mapping):
        return ConsolidationCosts.from_dict(costs)
    if isinstance(costs, str | os.PathLike):
        return ConsolidationCosts.from_file(costs)
    message = f"costs must be ConsolidationCosts, a mapping or a file path, got {type(costs)}"
    raise DataValidationError(Problem(message))


_COMPONENT_COLUMNS = [
    "component",
    "destinations",
    "n_shipments",
    "n_groups",
    "n_departures",
    "status",
    "objective_cny",
    "best_bound_cny",
    "solve_time_s",
]


def _prepare(
    ships: pd.DataFrame,
    deps: pd.DataFrame,
    costs: ConsolidationCosts,
    scaling: ScalingPolicy,
) -> Prepared:
    fallback: list[tuple[float, float, float] | None] = []
    for dest in ships["destination"]:
        option = costs.fallback_for(dest)
        fallback.append(
            None if option is None else (option.cost_cny_per_teu, option.transit_h, option.wait_h)
        )
    prep = Prepared(
        arrival_h=ships["arrival_h"].to_numpy(dtype=float),
        teu=ships["teu"].to_numpy(dtype=np.int64),
        destination=ships["destination"].tolist(),
        due_h=ships["due_h"].to_numpy(dtype=float),
        reefer=ships["reefer"].to_numpy(dtype=bool),
        dangerous_goods=ships["dangerous_goods"].to_numpy(dtype=bool),
        priority=ships["priority"].to_numpy(dtype=float),
        value_cny=ships["value_cny"].to_numpy(dtype=float),
        departure_h=deps["departure_h"].to_numpy(dtype=float),
        destinations=[tuple(s.split(";")) for s in deps["destinations"]],
        transit_h=list(deps["transit_by_destination"]),
        capacity_teu=deps["capacity_teu"].to_numpy(dtype=np.int64),
        min_load_teu=deps["min_load_teu"].to_numpy(dtype=np.int64),
        reefer_slots=deps["reefer_slots"].to_numpy(dtype=np.int64),
        dep_dangerous_goods=deps["dangerous_goods"].to_numpy(dtype=bool),
        fixed_cost_cny=deps["fixed_cost_cny"].to_numpy(dtype=float),
        cost_cny_per_teu=deps["cost_cny_per_teu"].to_numpy(dtype=float),
        holding_cny_per_teu_day=float(costs.holding_cny_per_teu_day),
        lateness_cny_per_teu_day=float(costs.lateness_cny_per_teu_day),
        handling_h=float(costs.handling_h),
        value_of_time_share_per_day=float(costs.value_of_time_share_per_day),
        fallback=fallback,
        scaling=scaling,
        service_ids=deps["service_id"].tolist(),
    )
    prep.compute_feasibility()
    return prep


def _check_fallback_feasibility(prep: Prepared, ships: pd.DataFrame) -> None:
    """Shipments with no departure and no fallback make the problem infeasible."""
    stuck = [
        s for s in range(prep.n_shipments) if not prep.feasible[s] and prep.fallback[s] is None
    ]
    if stuck:
        names = ", ".join(
            f"{ships.at[s, 'id']} ({no_compatible_detail(prep, s)})" for s in stuck[:5]
        )
        more = f" and {len(stuck) - 5} more" if len(stuck) > 5 else ""
        message = (
            f"{len(stuck)} shipment(s) have no compatible departure and no fallback: "
            f"{names}{more}. Add a departure, or allow a fallback for their destination"
        )
        raise InfeasibleError(message)


def _aggregate_info(
    results: list[ComponentResult],
    prep: Prepared,
    groups: Groups,
    costs: IntegerCosts,
    ships: pd.DataFrame,
    deps: pd.DataFrame,
) -> tuple[SolveInfo, pd.DataFrame]:
    """One SolveInfo over every component, plus the per-component table."""
    factor = prep.scaling.cost_per_cny
    in_component = set()
    for result in results:
        for g in result.groups:
            in_component.update(groups.members[g])
    # shipments in no component can only take the fallback: a constant of the objective
    constant = sum(
        costs.fallback[s]  # type: ignore[misc]
        for s in range(prep.n_shipments)
        if s not in in_component
    )
    objective = constant + sum(r.objective for r in results)
    bound = constant + sum(r.best_bound for r in results)
    statuses = {r.status for r in results}
    status = OPTIMAL if statuses <= {OPTIMAL} else FEASIBLE
    info = SolveInfo(
        solver="CP-SAT",
        status=status,
        objective=objective / factor,
        best_bound=bound / factor,
        solve_time_s=sum(r.solve_time_s for r in results),
        time_limit_reached=any(r.time_limit_reached for r in results),
    )
    rows = []
    for r in results:
        members = [s for g in r.groups for s in groups.members[g]]
        rows.append(
            {
                "component": r.index,
                "destinations": ";".join(sorted({prep.destination[s] for s in members})),
                "n_shipments": len(members),
                "n_groups": len(r.groups),
                "n_departures": len(r.departures),
                "status": r.status,
                "objective_cny": r.objective / factor,
                "best_bound_cny": r.best_bound / factor,
                "solve_time_s": r.solve_time_s,
            }
        )
    return info, pd.DataFrame(rows, columns=_COMPONENT_COLUMNS)
