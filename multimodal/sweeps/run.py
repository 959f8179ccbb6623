"""``sweep``: ``compare`` (or ``assign``) over many draws or settings, on any executor.

A draw is one value of every factor (``factors.py``): fuel price, a border's dwell,
demand growth, a closure. Its values become an ordinary scenario applied to the base
(plus a demand scaling), and the proposals are compared on that drawn base. Draw ``k``
takes its numbers from ``numpy.random.default_rng((seed, k, crc32(factor name)))``: fixed
by the seed and the draw's index whatever the executor, the batch size or the other
factors, and the same in every setting (common random numbers, so settings differ by
what they set, not by luck).

Draws are cut into batches; each batch is one task of the executor (``_worker.run_batch``)
that rebuilds the base once and evaluates its draws in turn, so the engine's overhead per
task (pickling the network, starting the task) is paid once per batch.
"""

from __future__ import annotations

import concurrent.futures
import logging
import math
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, Protocol

import numpy as np
import pandas as pd

from .._options import DEFAULT_SEED, check_seed, check_workers, options_meta, renamed
from .._results import content_hash, run_meta
from .._validate import check_list
from ..comparison.run import _InlineExecutor
from ..demand import validate_demand
from ..exceptions import MultimodalError, ParameterError
from ..network import Network
from ..scenarios import Scenario
from ._worker import BASE, RUNS, BasePayload, Job, run_batch
from .factors import BaseView, Closure, Factor
from .result import Sweep, distribution

logger = logging.getLogger("multimodal")

#: The setting's name when ``settings`` is a plain list of factors.
DEFAULT_SETTING = "sweep"

#: At most this many tasks per worker when ``batch_size`` is not given (load balance
#: against per-task overhead; ``docs/sweeps.md`` has the measurements).
TASKS_PER_WORKER = 2


class SubmitExecutor(Protocol):
    """Anything with ``submit(fn, *args) -> future`` whose future has ``result()``."""

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Any:
        """Schedule ``fn(*args, **kwargs)``; a future whose ``result()`` gives its value."""


def draw_seed(seed: int, draw: int, factor: str) -> np.random.Generator:
    """The random numbers of one factor in one draw: fixed by the seed, the draw and the name."""
    return np.random.default_rng((seed, draw, zlib.crc32(factor.encode("utf-8"))))


def _check_factors(items: object, where: str) -> list[Factor]:
    factors = check_list(items, where, what="factors (FuelPrice, BorderDwell, ...)")
    for item in factors:
        if not isinstance(item, Factor):
            message = (
                f"{where} must hold factors (multimodal.sweeps.FuelPrice, BorderDwell, "
                f"DemandGrowth, Closure), got {type(item).__name__} {item!r:.60}"
            )
            raise ParameterError(message)
    names = [f.name for f in factors]
    repeated = sorted({n for n in names if names.count(n) > 1})
    if repeated:
        message = f"{where}: each factor once, got {', '.join(repeated)} more than once"
        raise ParameterError(message)
    return factors


def _settings(settings: object, base: Network) -> dict[str, list[Factor]]:
    """``{name: factors}``, each factor checked against the base."""
    if isinstance(settings, Mapping):
        if not settings:
            message = "settings is an empty mapping; give at least one named setting"
            raise ParameterError(message)
        named = {}
        for name, items in settings.items():
            if not isinstance(name, str) or not name or name == BASE:
                message = f"setting names must be non-empty text, not {BASE!r}; got {name!r}"
                raise ParameterError(message)
            named[name] = _check_factors(items, f"settings[{name!r}]")
    else:
        named = {DEFAULT_SETTING: _check_factors(settings, "settings")}
    return {name: [f.resolved(base) for f in factors] for name, factors in named.items()}


def _draw_count(draws: object, settings: dict[str, list[Factor]]) -> int:
    random = [f.name for fs in settings.values() for f in fs if not isinstance(f.value, float)]
    if draws is None:
        if random:
            message = (
                f"draws= is needed: factors {', '.join(sorted(set(random)))} are drawn "
                "from distributions (e.g. draws=100)"
            )
            raise ParameterError(message)
        return 1
    return check_workers(draws, "draws")


def _jobs(
    settings: dict[str, list[Factor]], count: int, seed: int, view: BaseView
) -> tuple[list[Job], pd.DataFrame]:
    jobs, rows = [], []
    for name, factors in settings.items():
        for k in range(count):
            values = {f.name: f.draw(draw_seed(seed, k, f.name)) for f in factors}
            changes = [c for f in factors for c in f.changes(values[f.name], view)]
            demand_factor = math.prod(f.demand_factor(values[f.name]) for f in factors)
            scenario = Scenario(f"draw_{k}", changes=tuple(changes)).to_dict() if changes else None
            jobs.append(Job(name, k, scenario, demand_factor))
            rows.append({"setting": name, "draw": k, **values, "demand_factor": demand_factor})
    return jobs, pd.DataFrame(rows)


def _executor(
    workers: int | SubmitExecutor | None, tasks: int
) -> tuple[SubmitExecutor, bool, int | None]:
    """The executor, whether the sweep owns it (and shuts it down), its worker count."""
    if (
        workers is not None
        and not isinstance(workers, int)
        and callable(getattr(workers, "submit", None))
    ):
        size = getattr(workers, "_max_workers", None)
        info = getattr(workers, "scheduler_info", None)  # a Dask distributed Client
        if size is None and callable(info):
            size = len(info().get("workers", {})) or None
        return workers, False, size
    count = check_workers(1 if workers is None else workers)
    count = min(count, max(tasks, 1))
    if count == 1:
        return _InlineExecutor(), True, 1
    return concurrent.futures.ProcessPoolExecutor(max_workers=count), True, count


@renamed(executor="workers")
def sweep(  # noqa: PLR0913 - the option vocabulary plus what to sweep and how to batch it
    base: Network,
    scenarios: Sequence[Scenario],
    demand: pd.DataFrame,
    *,
    draws: int | None = None,
    settings: Sequence[Factor] | Mapping[str, Sequence[Factor]] = (),
    run: str = "compare",
    workers: int | SubmitExecutor | None = 1,
    batch_size: int | None = None,
    seed: int = DEFAULT_SEED,
    **compare_kwargs: Any,
) -> Sweep:
    """Run ``compare`` (or ``assign``) over many draws or settings; KPI distributions.

    Parameters
    ----------
    base
        The base network (never modified).
    scenarios
        The proposals, compared with the base in every draw (may be empty).
    demand
        The demand (validated against the base), scaled by ``DemandGrowth``.
    draws
        Draws per setting. Needed when a factor is a distribution; default 1 when every
        factor is a number.
    settings
        A list of factors (``FuelPrice``, ``BorderDwell``, ``DemandGrowth``, ``Closure``;
        each a number or a distribution), drawn ``draws`` times; or a mapping of named
        settings to such lists (e.g. ``{"normal": [...], "brest_closed": [...]}``), each
        drawn ``draws`` times with the same random numbers.
    run
        ``"compare"`` (default: every KPI of ``compare``), ``"assign"`` (the assignment's
        KPIs only, no accessibility) or ``"skim"`` (each demand row all-or-nothing on its
        least-cost path, no capacities: ``aon_cost_cny``, ``aon_mean_time_h``,
        ``unreachable_teu``; the light measure for networks too large to assign often).
    workers
        1 (default) runs in this process; a larger number starts a process pool of that
        size; any executor with ``submit(fn, *args)`` returning a future with
        ``result()`` (``concurrent.futures`` pools, a Dask ``distributed.Client``, a Ray
        adapter: ``docs/sweeps.md``) is used as it is and not shut down.
    batch_size
        Draws per task (default: the draws spread over ``2 x workers`` tasks, or 16
        tasks for an executor whose size is unknown). Results do not depend on it.
    seed
        Fixes every draw (with the draw's index) and is the assignment's seed.
    **compare_kwargs
        Passed to ``compare`` (or ``assign`` / ``skim``) unchanged: ``method``,
        ``solver``, ``time_limit_s``, ``params`` and whatever options they gain.

    Returns
    -------
    Sweep
        Every draw's factors and KPIs, each run's solver status, and the distribution of
        every KPI per setting and scenario (quantiles, P(beats base)).

    Raises
    ------
    ParameterError
        For a bad factor, setting, run, ``draws``, ``batch_size`` or ``seed``, an unknown
        node in a factor (naming the closest).
    DataValidationError
        For a malformed demand, or a draw or scenario that cannot be applied (the error
        notes which setting and draws).

    Examples
    --------
    >>> import multimodal as mm
    >>> from multimodal.sweeps import FuelPrice, Uniform
    >>> net = mm.load_network()
    >>> demand = mm.load_demand(network=net).head(10)
    >>> result = mm.sweep(net, [], demand, draws=2, settings=[FuelPrice(Uniform(0.9, 1.2))])
    >>> result.draws["fuel_price"].round(3).tolist()
    [1.114, 0.917]
    """
    if not isinstance(base, Network):
        message = f"base must be a Network (e.g. multimodal.load_network()), got {base!r:.60}"
        raise ParameterError(message)
    items = check_list(scenarios, "scenarios", what="Scenario objects")
    for item in items:
        if not isinstance(item, Scenario):
            message = f"scenarios must hold Scenario objects, got {type(item).__name__}"
            raise ParameterError(message)
    if run not in RUNS:
        message = f"run must be one of {', '.join(map(repr, RUNS))}, got {run!r}"
        raise ParameterError(message)
    seed = check_seed(seed)
    named = _settings(settings, base)
    count = _draw_count(draws, named)
    demand = validate_demand(demand, base)
    for setting, factors in named.items():  # e.g. a closure of a demand row's destination
        for factor in factors:
            factor.check_demand(demand, setting)
    view = BaseView.of(base)
    jobs, drawn = _jobs(named, count, seed, view)
    hint = workers if isinstance(workers, int) else None
    executor, own, size = _executor(workers, len(jobs))
    size = size or hint
    if batch_size is None:
        tasks = TASKS_PER_WORKER * size if size else 16
        batch_size = max(1, math.ceil(len(jobs) / tasks))
    batch_size = check_workers(batch_size, "batch_size")
    payload: Any = BasePayload.of(base)
    shared: Any = demand
    scatter = getattr(executor, "scatter", None)
    if callable(scatter):  # a Dask Client: ship the network and demand to each worker once
        payload, shared = scatter(payload, broadcast=True), scatter(demand, broadcast=True)
    plain = [s.to_dict() for s in items]
    batches = [jobs[i : i + batch_size] for i in range(0, len(jobs), batch_size)]
    values: list[dict[str, Any]] = []
    runs: list[dict[str, Any]] = []
    try:
        futures = [
            executor.submit(run_batch, payload, plain, shared, batch, run, seed, compare_kwargs)
            for batch in batches
        ]
        for future, batch in zip(futures, batches):
            try:
                rows, info = future.result()
            except MultimodalError as error:
                shown = ", ".join(f"{j.setting}#{j.draw}" for j in batch)
                error.add_note(f"in sweep draws {shown} (setting#draw; see Sweep.draws)")
                raise
            values += rows
            runs += info
            logger.info("swept %d of %d draws", len(runs) // (len(items) + 1), len(jobs))
    finally:
        if own and isinstance(executor, concurrent.futures.Executor):
            executor.shutdown()
    table = pd.DataFrame(values, columns=["setting", "draw", "scenario", "kpi", "value", "delta"])
    meta = run_meta(
        "sweep",
        inputs={
            "network": base.name,
            "network_hash": content_hash(base.nodes.to_json(), base.links.to_json()),
            "scenarios": [s.name for s in items],
            "demand_rows": len(demand),
            "demand_teu_per_week": float(demand["teu_per_week"].sum()),
            "settings": {name: [f.describe() for f in fs] for name, fs in named.items()},
            "draws": count,
            "diversions": _diversions(named, view),
        },
        options=options_meta(
            run=run,
            workers=workers if isinstance(workers, int | None) else type(workers).__name__,
            batch_size=batch_size,
            **compare_kwargs,
        ),
        seed=seed,
    )
    return Sweep(
        draws=drawn,
        values=table,
        runs=pd.DataFrame(runs),
        distribution=distribution(table),
        scenarios=(BASE, *(s.name for s in items)),
        settings=tuple(named),
        meta=meta,
    )


#: The columns of a closure's plan a sweep's meta keeps.
_PLAN_SHOWN = (
    "service_id", "direction", "action", "alternative", "diverted_per_week",
    "cancelled_per_week", "reason",
)  # fmt: skip


def _diversions(named: Mapping[str, Sequence[Factor]], view: BaseView) -> dict[str, Any]:
    """What each closure does to the services through it, for the sweep's meta.

    Per closure factor: the trains a week diverted and cancelled (both directions summed)
    and, per row of ``Closure.plan``, the service, its direction, action, alternative,
    trains a week diverted and cancelled, and the reason, so a sweep's figures can be read
    against the mechanism behind them.
    """
    plans: dict[str, Any] = {}
    for factors in named.values():
        for factor in factors:
            if isinstance(factor, Closure) and factor.name not in plans:
                plan = factor.planned(view)[1]
                plans[factor.name] = {
                    "diverted_trains_per_week": float(plan["diverted_per_week"].sum()),
                    "cancelled_trains_per_week": float(plan["cancelled_per_week"].sum()),
                    "services": plan[list(_PLAN_SHOWN)].to_dict("records"),
                }
    return plans
