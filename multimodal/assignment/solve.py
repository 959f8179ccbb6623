"""``assign``: route a whole demand at once, within capacities, at least total cost.

The network and demand become a ``FlowProblem`` (``_flow_model``), one of the two
engines solves it (``path_model``: column generation; ``arc_model``: the node-arc LP or
MIP) and the answer is read back into an ``Assignment`` (``result``).
"""

from __future__ import annotations

import dataclasses
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .._options import (
    DEFAULT_SEED,
    DEFAULT_WORKERS,
    check_seed,
    check_time_limit,
    check_workers,
    moved_to_params,
    options_meta,
    renamed,
)
from .._ortools import check_memory_limit
from .._results import run_meta
from .._validate import check_number, check_text, did_you_mean
from ..demand import validate_demand
from ..exceptions import DataValidationError, ParameterError, Problem
from ..objective import GeneralizedCost
from ._flow_model import (
    ASSIGN_OBJECTIVES,
    DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU,
    FlowModel,
    build_flow_model,
)
from .arc_model import solve_arc_based
from .choice_model import ChoiceModel, resolve_choice
from .logit import solve_logit
from .path_model import solve_path_based
from .problem import FlowSolution, paths_frame
from .result import Assignment, build_assignment

if TYPE_CHECKING:
    from ..network import Network

__all__ = ["AssignParams", "assign", "round_demand"]

logger = logging.getLogger("multimodal")

METHODS = ("path", "arc")


@dataclass(frozen=True)
class AssignParams:
    """Model options of ``assign`` (the solver options are its own keywords).

    Attributes
    ----------
    integer
        Whole TEU per arc (a MIP, arc-based only); duals are then not available.
        Demand is then rounded to whole TEU per week first (half up: 2.5 -> 3,
        2.4 -> 2; a row under 0.5 TEU is left out), so no fraction of a TEU is ever
        charged the unserved penalty; the result reports what was rounded
        (``kpis["rounded_teu"]``, ``kpis["rounded_rows"]``, ``kpis["rounded_away_rows"]``
        and the demand table's ``teu_per_week_given``).
    unserved_penalty_cny_per_teu
        Cost of leaving a TEU per week unserved, CNY per TEU (> 0). The default is
        above the dearest route on the built-in network, so demand is only left
        unserved when the network cannot carry it.
    memory_limit_mb
        Memory budget of the arc-based model, MB (None, the default: half the
        machine's physical memory). Its size is estimated before it is built, and a
        model over budget is refused with ``ModelTooLargeError`` carrying the estimate.
    generalized
        How the ``generalized`` objective prices time and transfers
        (``multimodal.GeneralizedCost``; with ``choice`` the choice model's own is used).
    verbose
        Show the backend's own log (HiGHS through OR-Tools MathOpt, ``enable_output``):
        its lines go to the ``multimodal`` logger at INFO, never into the result, and
        the result is the same with or without it.

    Raises
    ------
    ParameterError
        ``integer`` is not a bool, the penalty is not a number > 0, or
        ``memory_limit_mb`` is not a number > 0.

    Examples
    --------
    >>> AssignParams(integer=True, memory_limit_mb=2048).memory_limit_mb
    2048
    """

    integer: bool = False
    unserved_penalty_cny_per_teu: float = DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU
    memory_limit_mb: float | None = None
    generalized: GeneralizedCost = dataclasses.field(default_factory=GeneralizedCost)
    verbose: bool = False

    def __post_init__(self) -> None:
        check_memory_limit(self.memory_limit_mb)
        if not isinstance(self.verbose, bool):
            message = f"verbose must be True or False, got {self.verbose!r}"
            raise ParameterError(message)
        if not isinstance(self.integer, bool):
            message = f"integer must be True or False, got {self.integer!r}"
            raise ParameterError(message)
        check_number(
            self.unserved_penalty_cny_per_teu,
            "unserved_penalty_cny_per_teu",
            unit="CNY per TEU",
            minimum=0,
            strict=True,
        )


def _check_node_ids(table: pd.DataFrame, network: Network) -> None:
    """Refuse a table (even one with flow classes, which skips validation) naming non-ids."""
    known = set(network.node_ids)
    problems = []
    for column in ("origin", "destination"):
        if column not in table.columns:
            problems.append(Problem("required column is missing", "demand", None, column))
            continue
        for position, value in enumerate(table[column].tolist()):
            if value not in known:
                hint = did_you_mean(value, known)
                message = f"{value!r} is not a node id{hint}; run validate_demand first"
                problems.append(Problem(message, "demand", position, column))
    if problems:
        raise DataValidationError(problems)


def _check_choice(choice: object, objective: str) -> ChoiceModel | None:
    """The choice model asked for (``resolve_choice``), with the objective it needs."""
    model = resolve_choice(choice)
    if model is not None and objective != "generalized":
        message = (
            f"choice needs objective='generalized' (shippers choose by generalized cost), "
            f"got objective={objective!r}"
        )
        raise ParameterError(message)
    return model


@renamed(threads="workers")
def assign(  # noqa: PLR0913 - the five shared options, params, and what to minimise and how
    network: Network,
    demand: pd.DataFrame,
    *,
    objective: str = "cost",
    choice: str | ChoiceModel | None = None,
    reference: Assignment | pd.DataFrame | None = None,
    congestion: bool = False,
    method: str = "path",
    solver: str = "highs",
    time_limit_s: float | None = None,
    seed: int = DEFAULT_SEED,
    workers: int = DEFAULT_WORKERS,
    params: AssignParams | None = None,
    **moved: Any,
) -> Assignment:
    """Assign a weekly demand to the capacitated network at least total cost.

    Parameters
    ----------
    network
        The network.
    demand
        Demand rows: origin, destination (ids or names), cargo_class, teu_per_week
        and/or weight_t_per_week (see ``multimodal.demand``); validated here.
    objective
        What the flows minimise, per TEU: ``"cost"`` (money, CNY; default), ``"time"``
        (h), ``"co2e"`` (kg) or ``"generalized"`` (money + value of time x hours +
        transfer penalty, CNY: ``params.generalized``). Each has deterministic
        secondary criteria, so equal optima give the same KPIs run to run and method to
        method (``multimodal.assignment._flow_model``, docs/assignment.md).
    choice
        None (default): the least-``objective`` system optimum. ``"logit"`` (the
        built-in calibrated ``ChoiceModel``, ``load_choice_model()``) or a
        ``ChoiceModel``: shippers split over alternative routes, modes and gateways by a
        capacity-constrained path-size logit on generalized cost (docs/choice.md);
        needs ``objective="generalized"``. ``method`` is then ``"logit"``.
    reference
        With ``choice``: the assignment of the reference network (the base of a
        comparison), or its ``row_costs``: its least costs set the logit's scale per row
        and its composite costs the origin of the demand's elasticity. None: this
        network is its own reference.
    congestion
        True: capacities are not walls but delays (BPR on links and services, a queue at
        hubs: ``multimodal.equilibrium``), and each row takes its cheapest route at the
        equilibrium delays (the user equilibrium by bi-conjugate Frank-Wolfe to a
        relative gap of 1e-4; docs/congestion.md). Needs ``objective="generalized"``
        (delays are priced at the cargo's value of time) and no ``choice``; ``method``
        is then ``"equilibrium"`` and the bottlenecks table carries each capacity's
        volume/capacity ratio and delay. For other delay functions, gaps or the system
        optimum, call ``multimodal.congested_assignment``.
    method
        ``"path"`` (column generation, priced by shortest paths; default) or ``"arc"``
        (one flow variable per commodity aggregate and arc). Both reach the same
        optimum. ``params.integer`` needs (and selects) ``"arc"``.
    solver
        OR-Tools MathOpt backend (``"highs"`` by default; see
        docs/assignment-solvers.md for the measurement behind it).
    time_limit_s
        Stop after this many seconds, counted from the call (reading the demand and
        building the model count against it; ``solve_info.build_time_s`` says how
        long they took); the status and gap say so, with a ``TimeLimitWarning``.
        The measured margin is in docs/assignment-solvers.md ("Time and memory
        limits"). Default None (no limit): the assignment is a linear
        program, which ends on its own, not a search (``DEFAULT_TIME_LIMIT_S`` is for
        searching solvers). Give a limit for the integer variant on large networks.
    seed
        Random seed of the solver.
    workers
        Solver threads (1, the default, is deterministic).
    params
        Model options: whole TEU (``integer``) and the penalty per TEU left unserved.
    **moved
        ``integer=`` and ``unserved_penalty_cny_per_teu=`` as keywords, as before
        (deprecated: pass ``params=AssignParams(...)``). ``threads=`` is the old name of
        ``workers=`` (deprecated).

    Returns
    -------
    Assignment

    Raises
    ------
    DataValidationError
        For a malformed demand (every problem at once) or an unknown method.
    ParameterError
        For a bad option value.
    ModelTooLargeError
        The arc-based model's estimated size exceeds ``params.memory_limit_mb``
        (refused before it is built; the error carries the estimate).

    Examples
    --------
    >>> import multimodal as mm
    >>> net = mm.load_network()
    >>> result = mm.assign(net, mm.load_demand(network=net))
    >>> result.solve_info.status
    'optimal'
    """
    if not isinstance(demand, pd.DataFrame):
        message = f"demand must be a DataFrame (e.g. multimodal.load_demand()), got {demand!r:.60}"
        raise ParameterError(message)
    check_text(method, "method", METHODS)
    check_text(solver, "solver")
    check_text(objective, "objective", ASSIGN_OBJECTIVES)
    if objective not in ASSIGN_OBJECTIVES:
        hint = did_you_mean(objective, ASSIGN_OBJECTIVES)
        message = (
            f"unknown objective {objective!r}{hint}; use one of {', '.join(ASSIGN_OBJECTIVES)}"
        )
        raise ParameterError(message)
    choice_model = _check_choice(choice, objective)
    if isinstance(reference, Assignment):
        reference = reference.row_costs
    if reference is not None and not (
        isinstance(reference, pd.DataFrame) and "composite_cost_cny_per_teu" in reference
    ):
        message = (
            "reference must be an Assignment of the base network (or its row_costs), got "
            f"{reference!r:.60}"
        )
        raise ParameterError(message)
    if method not in METHODS:
        message = f"unknown method {method!r}{did_you_mean(method, METHODS)}"
        raise DataValidationError(Problem(message, column="method"))
    options = moved_to_params(
        "assign",
        moved,
        AssignParams,
        params,
        also=("method", "solver", "time_limit_s", "seed", "workers"),
        stacklevel=3,
    )
    start = time.perf_counter()
    time_limit_s = check_time_limit(time_limit_s)
    seed = check_seed(seed)
    workers = check_workers(workers)
    if options.integer and method != "arc":
        method = "arc"  # whole TEU need the arc model: column generation prices an LP
    if "flow_class" in demand:  # prepared by the caller: validation skipped, ids checked
        table = demand
        _check_node_ids(table, network)
    else:
        table = validate_demand(demand, network)
    rounding = None
    if options.integer:
        table, rounding = round_demand(table)
    if congestion and (objective != "generalized" or choice_model is not None):
        message = (
            "congestion=True prices delays at the cargo's value of time: it needs "
            "objective='generalized' and no choice model"
        )
        raise ParameterError(message)
    if congestion:
        return _congested(network, table, options, start, time_limit_s, seed)
    if choice_model is not None and options.integer:
        message = "choice='logit' splits TEU by shares: it cannot be combined with integer=True"
        raise ParameterError(message)
    model = build_flow_model(
        network,
        table,
        unserved_penalty_cny_per_teu=options.unserved_penalty_cny_per_teu,
        objective=objective,
        generalized=choice_model.generalized if choice_model else options.generalized,
        tie_break=choice_model is None,
    )
    # reading the demand and building the flow model count against the limit too
    model_s = time.perf_counter() - start
    left = None if time_limit_s is None else max(time_limit_s - model_s, 1e-6)
    logger.info(
        "assigning %d commodities on %d arcs (%s-based)",
        model.problem.n_commodities,
        model.problem.n_arcs,
        method,
    )
    logit = None
    if choice_model is not None:
        method = "logit"
        logit = solve_logit(
            model,
            choice_model,
            network,
            reference=reference,
            time_limit_s=left,
        )
        solution = logit.flow
        model = _with_demand(model, logit.rows["demand_teu"].to_numpy(float))
    elif method == "path":
        solution = solve_path_based(
            model.problem,
            solver=solver,
            time_limit_s=left,
            workers=workers,
            seed=seed,
            verbose=options.verbose,
        )
    else:
        solution = solve_arc_based(
            model.problem,
            solver=solver,
            integer=options.integer,
            time_limit_s=left,
            workers=workers,
            seed=seed,
            memory_limit_mb=options.memory_limit_mb,
            verbose=options.verbose,
        )
    info = solution.solve_info  # the limit as given, the flow model's build included
    info = dataclasses.replace(
        info, time_limit_s=time_limit_s, build_time_s=info.build_time_s + model_s
    )
    solution = dataclasses.replace(solution, solve_info=info)
    meta = run_meta(
        "assign",
        inputs={
            "network": network.name,
            "demand_rows": len(table),
            "demand_teu_per_week": float(table["teu_per_week"].sum()),
        },
        options=options_meta(
            objective=objective,
            method=method,
            solver=solver,
            time_limit_s=time_limit_s,
            workers=workers,
            **dataclasses.asdict(options),
            **({"choice": choice_model.to_dict()} if choice_model else {}),
        ),
        seed=seed,
    )
    return build_assignment(
        network,
        model,
        solution,
        method,
        meta,
        rounding=rounding,
        row_costs=None if logit is None else logit.rows,
    )


def _congested(
    network: Network,
    table: pd.DataFrame,
    options: AssignParams,
    start: float,
    time_limit_s: float | None,
    seed: int,
) -> Assignment:
    """``assign(congestion=True)``: the user equilibrium, read back as an Assignment."""
    from ..equilibrium.freight import congested_assignment

    left = None if time_limit_s is None else max(time_limit_s - (time.perf_counter() - start), 1e-6)
    result = congested_assignment(
        network, table, generalized=options.generalized, time_limit_s=left
    )
    model = result.flow_model
    problem = model.problem
    served = result.commodities["served"].to_numpy(bool)
    rows = [
        (int(r.commodity), tuple(int(a) for a in r.arcs), float(r.teu_per_week))
        for r in result.path_flows.itertuples()
        if r.teu_per_week > 0
    ]
    unserved = np.where(served, 0.0, problem.commodity_demand)
    nan_groups = np.full(problem.n_groups, np.nan)
    solution = FlowSolution(
        arc_flow=result.arc_flow_teu_per_week,
        class_arc_flow=result.class_flow_teu_per_week,
        paths=paths_frame(problem, rows),
        unserved=unserved,
        arc_capacity_dual=np.full(problem.n_arcs, np.nan),
        group_capacity_dual=nan_groups,
        demand_dual=result.commodities["cost_cny_per_teu"].to_numpy(float),
        objective=float(result.solve_info.objective),
        solve_info=result.solve_info,
        build_time_s=0.0,
        solve_time_s=result.solve_info.solve_time_s,
        method="equilibrium",
        meta=dict(result.meta),
    )
    meta = run_meta(
        "assign",
        inputs={"network": network.name, "demand_rows": len(table)},
        options=options_meta(
            congestion=True, objective="generalized", **dataclasses.asdict(options)
        ),
        seed=seed,
    )
    assignment = build_assignment(network, model, solution, "equilibrium", meta)
    # the equilibrium's own capacity table (volume, v/c, delay) is the bottleneck table
    groups = result.groups
    bottlenecks = (
        groups.drop(columns="volume_teu_per_week")
        .assign(
            flow_teu=groups["volume_teu_per_week"],
            utilisation=groups["volume_capacity_ratio"],
            dual_cny_per_teu=np.nan,  # delays, not prices, ration the capacities here
        )
        .sort_values("delay_h", ascending=False, kind="stable")
        .reset_index(drop=True)
    )
    kpis = pd.concat(
        [assignment.kpis, pd.Series({"relative_gap": float(result.relative_gap)})]
    ).rename("value")
    return dataclasses.replace(assignment, bottlenecks=bottlenecks, kpis=kpis)


def _with_demand(model: FlowModel, teu: np.ndarray) -> FlowModel:
    """The model with each row's TEU (and tonnes, pro rata) as the elasticity left them."""
    given = model.problem.commodity_demand
    if np.array_equal(teu, given):
        return model
    problem = dataclasses.replace(model.problem, commodity_demand=teu)
    ratio = teu / given
    demand = model.demand.assign(
        teu_per_week=teu, weight_t_per_week=model.demand["weight_t_per_week"] * ratio
    )
    return dataclasses.replace(model, problem=problem, demand=demand)


def round_demand(table: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, float]]:
    """Round a validated demand to whole TEU per week, for the integer assignment.

    The rule: half up (``floor(teu + 0.5)``: 2.5 -> 3, 2.4 -> 2); the weight is scaled
    with the TEU so each row keeps its tonnes per TEU; rows under 0.5 TEU are left out
    (they cannot fill one TEU, and are not "unserved").

    Parameters
    ----------
    table
        The validated demand (``teu_per_week``, ``weight_t_per_week``).

    Returns
    -------
    tuple
        The rounded table, with the given TEU in ``teu_per_week_given``, and what the
        rounding changed: ``rounded_teu`` (rounded minus given, TEU per week, over all
        rows), ``rounded_rows`` (rows whose TEU changed) and ``rounded_away_rows``.

    Examples
    --------
    >>> import pandas as pd
    >>> t = pd.DataFrame({"teu_per_week": [2.5, 2.4, 0.3], "weight_t_per_week": [25, 24, 3]})
    >>> rounded, changed = round_demand(t)
    >>> rounded["teu_per_week"].tolist(), changed["rounded_away_rows"]
    ([3.0, 2.0], 1.0)
    """
    given = table["teu_per_week"].to_numpy(float)
    whole = np.floor(given + 0.5)
    t_per_teu = table["weight_t_per_week"].to_numpy(float) / given
    rounded = table.assign(
        teu_per_week_given=given, teu_per_week=whole, weight_t_per_week=whole * t_per_teu
    )
    changed = {
        "rounded_teu": float(whole.sum() - given.sum()),
        "rounded_rows": float(np.count_nonzero(whole != given)),
        "rounded_away_rows": float(np.count_nonzero(whole == 0)),
    }
    if changed["rounded_rows"]:
        logger.info(
            "integer assignment: demand rounded to whole TEU (%+.1f TEU/week on %d rows, "
            "%d rows under 0.5 TEU left out)",
            changed["rounded_teu"],
            changed["rounded_rows"],
            changed["rounded_away_rows"],
        )
    return rounded[whole > 0].reset_index(drop=True), changed
