"""``assign``: route a whole demand at once, within capacities, at least total cost.

The network and demand become a ``FlowProblem`` (``_flow_model``), one of the two
engines solves it (``path_model``: column generation; ``arc_model``: the node-arc LP or
MIP) and the answer is read back into an ``Assignment`` (``result``).
"""

from __future__ import annotations

import dataclasses
import logging
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

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
from .._results import run_meta
from .._validate import check_number, did_you_mean
from ..demand import validate_demand
from ..exceptions import DataValidationError, ParameterError, Problem
from ._flow_model import DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU, build_flow_model
from .arc_model import solve_arc_based
from .path_model import solve_path_based
from .result import Assignment, build_assignment

if TYPE_CHECKING:
    import pandas as pd

    from ..network import Network

__all__ = ["AssignParams", "assign"]

logger = logging.getLogger("multimodal")

METHODS = ("path", "arc")


@dataclass(frozen=True)
class AssignParams:
    """Model options of ``assign`` (the solver options are its own keywords).

    Attributes
    ----------
    integer
        Whole TEU per arc (a MIP, arc-based only); duals are then not available.
    unserved_penalty_cny_per_teu
        Cost of leaving a TEU per week unserved, CNY per TEU (> 0). The default is
        above the dearest route on the built-in network, so demand is only left
        unserved when the network cannot carry it.

    Raises
    ------
    ParameterError
        ``integer`` is not a bool, or the penalty is not a number > 0.
    """

    integer: bool = False
    unserved_penalty_cny_per_teu: float = DEFAULT_UNSERVED_PENALTY_CNY_PER_TEU

    def __post_init__(self) -> None:
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


@renamed(threads="workers")
def assign(
    network: Network,
    demand: pd.DataFrame,
    *,
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
    method
        ``"path"`` (column generation, priced by shortest paths; default) or ``"arc"``
        (one flow variable per commodity aggregate and arc). Both reach the same
        optimum. ``params.integer`` needs (and selects) ``"arc"``.
    solver
        OR-Tools MathOpt backend (``"highs"`` by default; see
        docs/assignment-solvers.md for the measurement behind it).
    time_limit_s
        Stop the solver after this many seconds; the status and gap say so, with a
        ``TimeLimitWarning``. Default None (no limit): the assignment is a linear
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

    Examples
    --------
    >>> import multimodal as mm
    >>> net = mm.load_network()
    >>> result = mm.assign(net, mm.load_demand(network=net))
    >>> result.solve_info.status
    'optimal'
    """
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
    time_limit_s = check_time_limit(time_limit_s)
    seed = check_seed(seed)
    workers = check_workers(workers)
    if options.integer and method != "arc":
        method = "arc"  # whole TEU need the arc model: column generation prices an LP
    table = validate_demand(demand, network) if "flow_class" not in demand else demand
    model = build_flow_model(
        network, table, unserved_penalty_cny_per_teu=options.unserved_penalty_cny_per_teu
    )
    logger.info(
        "assigning %d commodities on %d arcs (%s-based)",
        model.problem.n_commodities,
        model.problem.n_arcs,
        method,
    )
    if method == "path":
        solution = solve_path_based(
            model.problem, solver=solver, time_limit_s=time_limit_s, workers=workers, seed=seed
        )
    else:
        solution = solve_arc_based(
            model.problem,
            solver=solver,
            integer=options.integer,
            time_limit_s=time_limit_s,
            workers=workers,
            seed=seed,
        )
    meta = run_meta(
        "assign",
        inputs={
            "network": network.name,
            "demand_rows": len(table),
            "demand_teu_per_week": float(table["teu_per_week"].sum()),
        },
        options=options_meta(
            method=method,
            solver=solver,
            time_limit_s=time_limit_s,
            workers=workers,
            **dataclasses.asdict(options),
        ),
        seed=seed,
    )
    return build_assignment(network, model, solution, method, meta)
