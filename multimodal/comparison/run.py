"""``compare``: assign one demand on a base network and on scenarios, side by side.

Each scenario is applied to the base (a new network), the demand is assigned on it, and
accessibility is measured. Scenarios are independent, so they can run in parallel:
``workers`` processes, or any ``concurrent.futures`` executor handed in (a thread pool,
or a distributed engine's executor), used unchanged.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import logging
import warnings
from collections.abc import Sequence
from typing import Any

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
from .._results import content_hash, run_meta
from .._validate import check_list, check_text
from ..assignment import AssignParams, ChoiceModel
from ..assignment.choice_model import resolve_choice
from ..demand import validate_demand
from ..exceptions import ParameterError
from ..network import Network
from ..scenarios import Scenario
from ..targets import Target, evaluate_targets, load_targets
from .evaluation import BASE, Evaluation, evaluate_scenario
from .result import Comparison

logger = logging.getLogger("multimodal")

#: Weeks per year, for the yearly shippers' surplus (the demand is weekly).
WEEKS_PER_YEAR = 52.0

#: Keywords of ``compare`` that moved into ``AssignParams`` (deprecated as keywords).
_MOVED_TO_PARAMS = ("unserved_penalty_cny_per_teu",)


class _InlineExecutor(concurrent.futures.Executor):
    """Runs each job at once in the calling process (``workers=1``: no pool to start)."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> concurrent.futures.Future[Any]:
        future: concurrent.futures.Future[Any] = concurrent.futures.Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # handed to the caller by future.result()
            future.set_exception(error)
        return future


def _check_scenarios(scenarios: object) -> list[Scenario]:
    """The scenarios as a list, or ``ParameterError`` naming what is not a Scenario."""
    items = check_list(scenarios, "scenarios", what="Scenario objects")
    for item in items:
        if not isinstance(item, Scenario):
            message = (
                f"scenarios must hold Scenario objects (multimodal.load_scenarios() or "
                f"multimodal.Scenario(...)), got {type(item).__name__} {item!r:.60}"
            )
            raise ParameterError(message)
    return items


@renamed(executor="workers")
def compare(  # noqa: PLR0913 - the five shared options and the assignment's params, as assign
    base: Network,
    scenarios: Sequence[Scenario],
    demand: pd.DataFrame,
    *,
    objective: str = "generalized",
    choice: str | ChoiceModel | None = None,
    method: str = "path",
    solver: str = "highs",
    time_limit_s: float | None = None,
    seed: int = DEFAULT_SEED,
    workers: int | concurrent.futures.Executor | None = DEFAULT_WORKERS,
    params: AssignParams | None = None,
    targets: Sequence[Target] | None = None,
    **moved: Any,
) -> Comparison:
    """Assign ``demand`` on the base and on every scenario; KPIs side by side.

    Parameters
    ----------
    base
        The base network (never modified).
    scenarios
        Scenarios to apply to the base, each evaluated on its own.
    demand
        The demand (validated against the base).
    objective
        What each assignment minimises (``assign``'s): ``"generalized"`` by default, so
        that time counts at the cargo's value of time as shippers count it.
    choice
        None: least-``objective`` assignment. ``"logit"`` or a ``ChoiceModel``:
        shippers split over routes, modes and gateways (docs/choice.md); each scenario
        is assigned with the base as its ``reference`` (the same logit scale per row, and
        demand that responds to the change in composite cost with the model's
        elasticity). The KPIs then include the shippers' surplus of each scenario.
    method, solver, time_limit_s, seed
        Passed to ``assign`` for every network: the formulation (``"path"`` or
        ``"arc"``), the MathOpt backend, the time limit per network (s; default None,
        no limit, as ``assign``: an LP ends on its own, and a limit can make HiGHS
        return another of several equal-cost optima) and the random seed.
    workers
        How many networks are evaluated at once: 1 (the default) evaluates them one
        after the other in this process; more starts a process pool of that size (at
        most one process per network). A ``concurrent.futures.Executor`` (a thread pool,
        a distributed engine's executor) is used as it is and not shut down. Each
        assignment itself runs on one thread, so results do not depend on ``workers``.
    params
        The assignment's model options (``AssignParams``: whole TEU, the penalty per TEU
        left unserved).
    targets
        Targets to read every network against (``Comparison.targets``); default the
        plan's 2025 targets (``multimodal.load_targets()``); ``()`` for none.
    **moved
        Deprecated keywords, for one release: ``executor=`` (now ``workers=``),
        ``unserved_penalty_cny_per_teu=`` (now in ``params``) and ``progress=`` (each
        network is now logged at INFO on the ``multimodal`` logger).

    Returns
    -------
    Comparison
        The KPI table, the deltas against the base, every network's evaluation and
        ``meta`` (the inputs, options and seed).

    Raises
    ------
    ParameterError
        For scenario names that repeat or are ``"base"``, or a bad option.
    DataValidationError
        For a malformed demand, or a scenario that cannot be applied (naming it).

    Examples
    --------
    >>> import multimodal as mm
    >>> net = mm.load_network()
    >>> demand = mm.load_demand(network=net).head(20)
    >>> result = mm.compare(net, [mm.load_scenarios()[0]], demand)
    >>> list(result.to_frame().index)
    ['base', 'air_ports_hanzhong_ankang']
    """
    if "progress" in moved:
        moved.pop("progress")
        warnings.warn(
            "compare(progress=...) is deprecated and will be removed in the next release; "
            "each network is logged at INFO on the 'multimodal' logger",
            DeprecationWarning,
            stacklevel=3,
        )
    params = moved_to_params(
        "compare",
        moved,
        AssignParams,
        params,
        fields=_MOVED_TO_PARAMS,
        also=("method", "solver", "time_limit_s", "seed", "workers"),
        stacklevel=3,
    )
    scenarios = _check_scenarios(scenarios)
    if not isinstance(base, Network):
        message = f"base must be a Network (e.g. multimodal.load_network()), got {base!r:.60}"
        raise ParameterError(message)
    check_text(method, "method")
    check_text(solver, "solver")
    names = [s.name for s in scenarios]
    if len(set(names)) != len(names) or BASE in names:
        message = f"scenario names must be unique and not {BASE!r}: {names}"
        raise ParameterError(message)
    time_limit_s = check_time_limit(time_limit_s)
    seed = check_seed(seed)
    demand = validate_demand(demand, base)
    choice_model = resolve_choice(choice)  # loaded once, not per scenario
    options: dict[str, Any] = {
        "objective": objective,
        "choice": choice_model,
        "method": method,
        "solver": solver,
        "time_limit_s": time_limit_s,
        "seed": seed,
        "params": params,
    }
    evaluations = _evaluate_all(base, scenarios, demand, options, workers)
    rows = [e.kpis for e in evaluations]
    for row, evaluation in zip(rows, evaluations):
        row["shippers_surplus_cny_per_year"] = shippers_surplus(
            evaluations[0].assignment.row_costs, evaluation.assignment.row_costs
        )
    kpis = pd.DataFrame(rows).set_index("scenario")
    targets = load_targets() if targets is None else tuple(targets)
    measured = {e.name: e.target_kpis for e in evaluations}
    target_table = evaluate_targets(measured, targets) if targets else pd.DataFrame()
    numbers = kpis.select_dtypes("number").fillna(0.0)
    deltas = numbers - numbers.loc[BASE]
    meta = run_meta(
        "compare",
        inputs={
            "network": base.name,
            "network_hash": _network_hash(base),
            "scenarios": names,
            "demand_rows": len(demand),
            "demand_teu_per_week": float(demand["teu_per_week"].sum()),
        },
        options=options_meta(
            objective=objective,
            choice=None if choice_model is None else choice_model.to_dict(),
            method=method,
            solver=solver,
            time_limit_s=time_limit_s,
            workers=workers if isinstance(workers, int) else type(workers).__name__,
            **dataclasses.asdict(params),
        ),
        seed=seed,
    )
    return Comparison(
        kpis=kpis,
        deltas=deltas,
        evaluations={e.name: e for e in evaluations},
        scenarios=tuple(scenarios),
        meta=meta,
        targets=target_table,
    )


def _evaluate_all(
    base: Network,
    scenarios: Sequence[Scenario],
    demand: pd.DataFrame,
    options: dict[str, Any],
    workers: int | concurrent.futures.Executor | None,
) -> list[Evaluation]:
    """Evaluate the base and every scenario through an executor, in the given order."""
    nodes, links = base.to_gdfs()
    services = base.service_tables()
    carried = services if len(services[0]) else None  # explicit services travel too
    jobs: list[Scenario | None] = [None, *scenarios]
    if isinstance(workers, concurrent.futures.Executor):
        executor, own = workers, False
    else:
        count = check_workers(DEFAULT_WORKERS if workers is None else workers)
        count = min(count, len(jobs))
        executor = (
            _InlineExecutor()
            if count == 1
            else concurrent.futures.ProcessPoolExecutor(max_workers=count)
        )
        own = True

    def submit(job: Scenario | None, options: dict[str, Any]) -> concurrent.futures.Future[Any]:
        scenario = None if job is None else job.to_dict()
        return executor.submit(
            evaluate_scenario, nodes, links, base.name, scenario, demand, options, carried
        )

    try:
        evaluations = [submit(None, options).result()]
        logger.info("evaluated %s", BASE)
        if options["choice"] is not None:  # scenarios are read against the base's choices
            options = {**options, "reference": evaluations[0].assignment.row_costs}
        futures = [submit(job, options) for job in scenarios]
        for future, job in zip(futures, scenarios):
            evaluations.append(future.result())
            logger.info("evaluated %s", job.name)
    finally:
        if own:
            executor.shutdown()
    return evaluations


def shippers_surplus(base: pd.DataFrame, scenario: pd.DataFrame) -> float:
    """Change in shippers' surplus from the base to a scenario, CNY per year.

    The rule of a half on each demand row's composite cost (``Assignment.row_costs``:
    the logsum in CNY per TEU with a choice model, else the cheapest path at the
    shadow prices): ``sum 0.5 x (D_base + D_scenario) x (C_base - C_scenario)``,
    TEU per week x 52 weeks. With fixed demand it is the logsum difference itself
    (de Jong et al. 2007); positive: shippers are better off.

    Parameters
    ----------
    base, scenario
        ``row_costs`` of the two assignments (``id``, ``demand_teu``,
        ``composite_cost_cny_per_teu``).

    Returns
    -------
    float
        CNY per year (0 for the base against itself).
    """
    columns = ["id", "demand_teu", "composite_cost_cny_per_teu"]
    joined = base[columns].merge(
        scenario[columns], on="id", how="inner", suffixes=("_base", "_scenario")
    )
    demand = 0.5 * (joined["demand_teu_base"] + joined["demand_teu_scenario"])
    saving = (
        joined["composite_cost_cny_per_teu_base"] - joined["composite_cost_cny_per_teu_scenario"]
    )
    return float((demand * saving).sum() * WEEKS_PER_YEAR)


def _network_hash(network: Network) -> str:
    """A hash of the network's nodes and links, and of its explicit services when it has any."""
    parts = [network.nodes.to_json(), network.links.to_json()]
    services, stops = network.service_tables()
    if len(services):
        parts += [services.to_json(), stops.to_json()]
    return content_hash(*parts)
