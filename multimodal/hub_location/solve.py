"""``locate_hubs`` and ``evaluate_hubs``: hub location solved exactly, and any hub network costed.

One entry point, :func:`locate_hubs`, for the classical problems of the literature:

* single allocation p-hub median (USApHMP) and multiple allocation (UMApHMP), with the
  inter-hub discount ``alpha``;
* hub location with fixed opening costs (USAHLP, UMAHLP) and single allocation with hub
  capacities (CSAHLP);
* any of these restricted to a candidate subset of nodes (proposed hubs).

Two exact methods, chosen by ``method="auto"``:

``"enumeration"`` (no capacities, at most ``max_hub_sets`` hub sets per hub count)
    Every hub set is scored by a cheap bound and visited in bound order, the
    survivors tightened and solved exactly (``_enumeration``): the search stops when
    the next bound reaches the incumbent, which proves optimality.
``"mip"`` (otherwise)
    The Ernst & Krishnamoorthy flow formulations (1996/1999 single, 1998 multiple) as a
    MIP through OR-Tools ``pywraplp`` (``_models``) with the backend ``solver=``
    (``"highs"``, ``"scip"`` or ``"cp-sat"``), single-threaded.
"""

from __future__ import annotations

import logging
import math
import time
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .._options import (
    DEFAULT_SEED,
    DEFAULT_TIME_LIMIT_S,
    check_seed,
    check_time_limit,
    moved_to_params,
    options_meta,
)
from .._ortools import (
    FEASIBLE,
    INFEASIBLE,
    NOT_SOLVED,
    OPTIMAL,
    SolveInfo,
    check_memory_limit,
    check_model_size,
    hard_stop_margin_s,
    run_in_child,
    use_hard_stop,
)
from .._results import run_meta
from .._validate import check_text, did_you_mean
from ..exceptions import DataValidationError, InfeasibleError, ParameterError, Problem, SolverError
from . import _models
from ._costs import MULTIPLE, SINGLE, multiple_cost, single_cost
from ._enumeration import Found, enumerate_free_p, enumerate_hub_sets
from ._models import HubData
from .problem import HubInstance
from .result import HubLocationResult

__all__ = ["MAX_HUB_SETS", "HubLocationParams", "evaluate_hubs", "locate_hubs"]

logger = logging.getLogger("multimodal")
#: Whether a MIP with a time limit (of at least ``_ortools.HARD_STOP_MIN_ENTRIES``) is
#: built and solved in a child process killed ``_ortools.hard_stop_margin_s`` past the
#: limit (``pywraplp.Solve`` holds the GIL and HiGHS does not check its clock while
#: OR-Tools loads the model: see docs/robustness.md).
HARD_STOP = True

#: Default cap on the number of hub sets the enumeration may visit.
MAX_HUB_SETS = 3_000_000
#: The formulations (``method=``).
METHODS = ("auto", "enumeration", "mip")
#: Old ``solver=`` words that name a method (deprecated).
_OLD_METHOD_WORDS = ("auto", "enumeration")


@dataclass(frozen=True, eq=False)
class HubLocationParams:
    """The problem options of ``locate_hubs`` (the solver options are its own keywords).

    Attributes
    ----------
    alpha
        Transfer (inter-hub discount) factor, between 0 and 1 (1: no discount); default
        ``problem.transfer``.
    fixed_costs
        Hub opening cost per node (overrides ``problem.fixed_costs``), in the units of
        the reported objective (not scaled by ``transport_scale``).
    capacities
        Hub capacity on collected flow per node (overrides ``problem.capacities``);
        single allocation only.
    candidates
        Names or positions of the nodes allowed to be hubs (default: all).
    max_hub_sets
        Largest number of hub sets ``method="auto"`` enumerates per hub count.
    memory_limit_mb
        Memory budget of the MIP, MB (None, the default: half the machine's physical
        memory). Its size is estimated before it is built, and a model over budget is
        refused with ``ModelTooLargeError`` carrying the estimate.
    verbose
        Show the MIP backend's own log (HiGHS through ``pywraplp``, ``EnableOutput``)
        on standard error, never in the result; the result is the same with or without
        it (default False). Only the MIP (``method="mip"``) shows one, not the small
        exact sub-problems of the hub-set enumeration.

    Lengths, signs, ``alpha`` and the candidates are checked against the instance when
    ``locate_hubs`` runs (``DataValidationError``).

    Raises
    ------
    ParameterError
        ``max_hub_sets`` is not a whole number >= 1, ``candidates`` is a string, or
        ``memory_limit_mb`` is not a number > 0.

    Examples
    --------
    >>> HubLocationParams(alpha=0.2, memory_limit_mb=1024).alpha
    0.2
    """

    alpha: float | None = None
    fixed_costs: Sequence[float] | np.ndarray | None = None
    capacities: Sequence[float] | np.ndarray | None = None
    candidates: Sequence[str] | Sequence[int] | None = None
    max_hub_sets: int = MAX_HUB_SETS
    memory_limit_mb: float | None = None
    verbose: bool = False

    def __post_init__(self) -> None:
        check_memory_limit(self.memory_limit_mb)
        if not isinstance(self.verbose, bool):
            message = f"verbose must be True or False, got {self.verbose!r}"
            raise ParameterError(message)
        count = self.max_hub_sets
        if isinstance(count, bool) or not isinstance(count, int | np.integer) or count < 1:
            message = f"max_hub_sets must be a whole number >= 1, got {count!r}"
            raise ParameterError(message)
        if isinstance(self.candidates, str):
            message = f"candidates must be a list of names or positions, got {self.candidates!r}"
            raise ParameterError(message)


# ---------------------------------------------------------------------- evaluation


def evaluate_hubs(
    instance: HubInstance,
    hubs: Sequence[str] | Sequence[int],
    allocation: Mapping[str, str | int] | Sequence[str | int] | None = None,
    *,
    alpha: float | None = None,
    kind: str = MULTIPLE,
) -> dict[str, float]:
    """Cost of a given hub network, by component, in the instance's reporting units.

    Parameters
    ----------
    instance
        The instance.
    hubs
        Hub names or 0-based positions.
    allocation
        For ``kind="single"``: the hub (name or position) of every node, as a list in
        node order or a dict node -> hub. Ignored for multiple allocation, where every
        OD pair takes its cheapest hub pair.
    alpha
        Transfer factor; default ``instance.transfer``.
    kind
        ``"single"`` or ``"multiple"``.

    Returns
    -------
    dict
        ``collection``, ``transfer``, ``distribution``, ``fixed`` and ``total``.

    Raises
    ------
    DataValidationError
        Unknown nodes, or a single allocation without (or with an incomplete)
        ``allocation``.
    """
    data = _data(instance, alpha, None, None, None)
    pos = np.asarray(_positions(instance, hubs, "hubs"))
    if kind == SINGLE:
        if allocation is None:
            raise DataValidationError(Problem("single allocation needs allocation="))
        if isinstance(allocation, Mapping):
            missing = [name for name in instance.names if name not in allocation]
            if missing:
                message = f"allocation gives no hub for {', '.join(missing[:5])}"
                raise DataValidationError(Problem(message, column="allocation"))
            order = [allocation[name] for name in instance.names]
        else:
            order = list(allocation)
        parts = single_cost(data, np.asarray(_positions(instance, order, "allocation")))
    else:
        parts, _, _ = multiple_cost(data, pos)
    return _report(instance, data, parts, pos)


def _report(
    instance: HubInstance, data: HubData, parts: dict[str, float], hubs: np.ndarray
) -> dict[str, float]:
    scale = instance.transport_scale
    out = {key: scale * value for key, value in parts.items()}
    out["fixed"] = float(data.fixed[hubs].sum()) if data.fixed is not None else 0.0
    out["total"] = out["collection"] + out["transfer"] + out["distribution"] + out["fixed"]
    return out


def _positions(instance: HubInstance, items: Sequence[object], what: str) -> list[int]:
    index = {name: k for k, name in enumerate(instance.names)}
    out, problems = [], []
    for item in items:
        if isinstance(item, int | np.integer) and 0 <= int(item) < instance.n:
            out.append(int(item))
        elif str(item) in index:
            out.append(index[str(item)])
        else:
            message = (
                f"unknown node {item!r} in {what}; "
                "use names from instance.names or 0-based positions"
            )
            problems.append(Problem(message, file=instance.name or None, column=what))
    if problems:
        raise DataValidationError(problems)
    return out


# -------------------------------------------------------------------- entry point


def _data(
    instance: HubInstance,
    alpha: float | None,
    fixed_costs: Sequence[float] | np.ndarray | None,
    capacities: Sequence[float] | np.ndarray | None,
    candidates: Sequence[str] | Sequence[int] | None,
) -> HubData:
    """The arrays the models need, with the overrides applied and checked."""
    fixed = instance.fixed_costs if fixed_costs is None else np.asarray(fixed_costs, float)
    caps = instance.capacities if capacities is None else np.asarray(capacities, float)
    problems = []
    for label, vec in (("fixed_costs", fixed), ("capacities", caps)):
        if vec is not None and (
            vec.shape != (instance.n,) or not np.all(np.isfinite(vec)) or (vec < 0).any()
        ):
            message = f"{label} must hold {instance.n} finite values >= 0 (one per node)"
            problems.append(Problem(message, file=instance.name or None, column=label))
    transfer = instance.transfer if alpha is None else float(alpha)
    if not (math.isfinite(transfer) and transfer >= 0):
        problems.append(Problem(f"alpha = {alpha!r} must be finite and >= 0", column="alpha"))
    elif alpha is not None and transfer > 1:
        message = (
            f"alpha = {alpha!r} must be between 0 and 1: it is the inter-hub discount "
            "factor (0.4: inter-hub transport costs 40 % of the unit cost; 1: no discount). "
            "A premium on inter-hub transport is HubInstance.from_matrices(transfer=...)"
        )
        problems.append(Problem(message, column="alpha"))
    if problems:
        raise DataValidationError(problems)
    cand = (
        np.arange(instance.n)
        if candidates is None
        else np.array(sorted(set(_positions(instance, candidates, "candidates"))))
    )
    if len(cand) == 0:
        raise DataValidationError(
            Problem("candidates is empty; give at least one node", column="candidates")
        )
    return HubData(
        w=np.asarray(instance.flows, dtype=float),
        c=np.asarray(instance.costs, dtype=float),
        chi=instance.collection,
        alpha=transfer,
        delta=instance.distribution,
        candidates=cand,
        fixed=fixed,
        caps=caps,
        fixed_weight=1.0 / instance.transport_scale if instance.transport_scale > 0 else 1.0,
    )


def _method_and_solver(method: str, solver: str | None) -> tuple[str, str | None]:
    """Check ``method`` and ``solver``; map the old ``solver="auto"/"enumeration"``."""
    if solver in _OLD_METHOD_WORDS:
        warnings.warn(
            f"locate_hubs(solver={solver!r}) is deprecated and will be removed in the next "
            f"release; use method={solver!r} (solver= names the MIP backend)",
            DeprecationWarning,
            stacklevel=3,
        )
        method, solver = str(solver), None
    problems = []
    if method not in METHODS:
        message = f"method={method!r}{did_you_mean(method, METHODS)}"
        problems.append(Problem(message, column="method"))
    if solver is not None and solver not in _models.BACKENDS:
        message = f"solver={solver!r}; use one of {', '.join(_models.BACKENDS)}"
        problems.append(Problem(message, column="solver"))
    if problems:
        raise DataValidationError(problems)
    if method == "auto" and solver is not None:
        method = "mip"  # a backend was named: it only solves the MIP
    return method, solver


def _hub_count(instance: HubInstance, data: HubData, allocation: str, p: int | None) -> int | None:
    """The number of hubs to open (None: free, with fixed costs), checked."""
    if data.caps is not None and allocation == MULTIPLE:
        message = (
            "capacities are supported with allocation='single' only (CSAHLP); drop capacities="
        )
        raise DataValidationError(Problem(message, column="capacities"))
    if p is None and data.fixed is None:
        p = instance.p
        if p is None:
            raise DataValidationError(
                Problem("give p= (number of hubs) or fixed_costs=", column="p")
            )
    if p is not None and not (isinstance(p, int | np.integer) and 1 <= p <= len(data.candidates)):
        message = f"p={p!r} must be an integer between 1 and the {len(data.candidates)} candidates"
        raise DataValidationError(Problem(message, column="p"))
    return None if p is None else int(p)


def _choose(
    method: str, data: HubData, p: int | None, allocation: str, run: _Run
) -> tuple[str, Found | None]:
    """``"enumeration"`` or ``"mip"`` for ``method="auto"``; a free-p search if it ran."""
    if method == "auto" and data.caps is not None:
        # The enumeration's bounds ignore capacities: with tight capacities too many
        # hub sets survive them, and the EK (1999) MIP is faster (measured on AP 25LT).
        return "mip", None
    if method in ("auto", "enumeration") and p is None:
        left = run.time_limit_s - (time.perf_counter() - run.start)
        found = enumerate_free_p(data, allocation, left, run.seed, run.max_hub_sets)
        return ("enumeration" if found is not None else "mip"), found
    if method == "auto" and p is not None:
        count = math.comb(len(data.candidates), p)
        return ("enumeration" if count <= run.max_hub_sets else "mip"), None
    return method, None


@dataclass(frozen=True)
class _Run:
    """The solver options of one ``locate_hubs`` call, as the helpers need them."""

    time_limit_s: float  # math.inf for none
    seed: int
    max_hub_sets: int
    backend: str
    scale: float
    memory_limit_mb: float | None = None
    start: float = 0.0  # time.perf_counter() when locate_hubs began
    verbose: bool = False


def _from_search(
    found: Found, allocation: str, scale: float
) -> tuple[np.ndarray, np.ndarray | None, SolveInfo]:
    """Hubs, allocation and solve info of a finished enumeration."""
    cost, hubs, hub_of, stopped, open_bound, elapsed = found
    if hubs is None and not stopped:
        message = "no hub set can serve all flow (check capacities, p and candidates)"
        raise InfeasibleError(message)
    if hubs is None:
        raise SolverError("time limit reached before any feasible hub set was found")
    objective = scale * cost
    bound = objective if not stopped else scale * min(open_bound, cost)
    info = SolveInfo(
        solver="enumeration+HiGHS" if allocation == SINGLE else "enumeration",
        status=FEASIBLE if stopped else OPTIMAL,
        objective=objective,
        best_bound=bound,
        solve_time_s=elapsed,
        time_limit_reached=stopped,
    )
    return hubs, hub_of, info


def _check_load(
    load_s: float, entries: float, remaining: float, limit: float, built_s: float
) -> None:
    """Refuse a MIP whose expected load into the backend outlasts the time left."""
    if load_s == 0.0 or load_s <= remaining:  # no load to wait for, or time for it
        return
    message = (
        f"the MIP ({entries:,.0f} variables, rows and nonzeros) would take about "
        f"{load_s:.0f} s to load into HiGHS, more than the {max(remaining, 0):.1f} s left "
        f"of time_limit_s={limit:g} (building took {built_s:.1f} s): raise time_limit_s, "
        "restrict params.candidates or use method='enumeration'"
    )
    raise SolverError(message)


def _solve_mip(
    data: HubData, p: int | None, allocation: str, run: _Run
) -> tuple[np.ndarray, np.ndarray | None, SolveInfo]:
    """Hubs, allocation and solve info from the EK flow MIP.

    The model's size is checked against the memory budget before it is built, and its
    build against the time limit as it goes; the solver gets the time that is left.
    With a time limit the model is built and solved in a child process that is killed
    ``hard_stop_margin_s`` past the limit (a ``SolverError`` with "no incumbent" then).
    """
    single_hop = allocation == SINGLE and not _models.satisfies_triangle_inequality(
        data.c, data.candidates
    )
    estimate = _models.estimate_size(data, allocation, single_hop)
    check_model_size(
        estimate,
        run.memory_limit_mb,
        f"the {allocation} allocation hub location MIP",
        "restrict params.candidates, use method='enumeration' (no capacities), or give a "
        "larger memory_limit_mb",
    )
    deadline = run.start + run.time_limit_s
    entries = estimate["variables"] + estimate["rows"] + estimate["nonzeros"]
    load_s = _models.LOAD_S_PER_ENTRY * entries if run.backend == "highs" else 0.0
    _check_load(load_s, entries, deadline - time.perf_counter(), run.time_limit_s, 0.0)
    job = _models.MipJob(
        data=data,
        p=p,
        allocation=allocation,
        single_hop=single_hop,
        backend=run.backend,
        seed=run.seed,
        limit_at=time.time() + (deadline - time.perf_counter()),
        load_s=load_s,
        scale=run.scale,
        verbose=run.verbose,
    )
    outcome = _run_job(job, run, entries)
    if outcome.stage == "build_timeout":
        message = (
            f"the time limit ({run.time_limit_s:g} s) ran out while building the MIP "
            f"({outcome.build_time_s:.1f} s, {estimate['nonzeros']:,.0f} nonzeros): raise "
            "time_limit_s, restrict params.candidates or use method='enumeration'"
        )
        raise SolverError(message)
    if outcome.stage == "load_timeout":
        _check_load(load_s, entries, outcome.remaining_s, run.time_limit_s, outcome.build_time_s)
    assert outcome.info is not None
    info = replace(
        outcome.info,
        build_time_s=outcome.build_time_s,
        time_limit_s=run.time_limit_s if math.isfinite(run.time_limit_s) else None,
    )
    if info.status == INFEASIBLE:
        raise InfeasibleError(
            "no hub network satisfies the constraints (check p, capacities, candidates)"
        )
    if not info.has_solution or outcome.hubs is None:
        message = f"no hub network found before the solver stopped ({info}); raise time_limit_s"
        raise SolverError(message)
    return outcome.hubs, outcome.hub_of, info


def _run_job(job: _models.MipJob, run: _Run, entries: float) -> _models.MipOutcome:
    """Solve in a child process killed ``hard_stop_margin_s`` past the limit (if any)."""
    if not HARD_STOP or not use_hard_stop(entries, run.time_limit_s):
        return _models.solve_job(job)
    started = time.time()
    outcome = run_in_child(
        "multimodal.hub_location._models:solve_job",
        (job,),
        job.limit_at + hard_stop_margin_s(run.time_limit_s),
    )
    if outcome.finished:
        result: _models.MipOutcome = outcome.value
        return result
    info = SolveInfo(
        solver=_models.BACKEND_LABELS[run.backend],
        status=NOT_SOLVED,
        solve_time_s=time.time() - started,
        time_limit_reached=True,
        time_limit_s=run.time_limit_s,
        hard_stopped=True,
    )
    return _models.MipOutcome("solved", 0.0, info=info)


def locate_hubs(
    problem: HubInstance,
    *,
    p: int | None = None,
    allocation: str = SINGLE,
    method: str = "auto",
    solver: str | None = None,
    time_limit_s: float | None = DEFAULT_TIME_LIMIT_S,
    seed: int = DEFAULT_SEED,
    params: HubLocationParams | None = None,
    **moved: Any,
) -> HubLocationResult:
    """Locate hubs and allocate nodes to them at minimum total cost, exactly.

    The cost of an OD flow ``w_ij`` routed ``i -> k -> m -> j`` is ``w_ij * (collection
    * c_ik + alpha * c_km + distribution * c_mj)``; add the fixed costs of the open hubs.

    Parameters
    ----------
    problem
        The instance (see :func:`multimodal.instances.hubs.read_cab`, ``read_ap`` and
        :meth:`HubInstance.from_matrices`).
    p
        Number of hubs. Default: free when fixed costs are given, else ``problem.p``.
    allocation
        ``"single"`` (each node uses one hub) or ``"multiple"`` (each OD pair uses its
        cheapest hub pair).
    method
        ``"auto"`` (default: the enumeration without capacities when every hub count to
        examine has at most ``params.max_hub_sets`` hub sets, else the MIP; the MIP when
        a ``solver`` is named), ``"enumeration"`` or ``"mip"``.
    solver
        MIP backend: ``"highs"`` (the default), ``"scip"`` or ``"cp-sat"``. The old
        ``solver="auto"`` and ``"enumeration"`` mean ``method=`` (deprecated).
    time_limit_s
        Wall-clock limit of the solve in seconds (default 60; None: no limit).
    seed
        Random seed of the MIP backends (all run single-threaded: deterministic).
    params
        Problem options: ``alpha``, ``fixed_costs``, ``capacities``, ``candidates``
        and ``max_hub_sets`` (see ``HubLocationParams``).
    **moved
        The fields of ``HubLocationParams`` as keywords, as before (deprecated).

    Returns
    -------
    HubLocationResult
        Check ``result.solve_info.status``: ``"feasible"`` means the time limit stopped
        the search (a ``TimeLimitWarning`` is issued, the gap is reported).

    Raises
    ------
    DataValidationError
        Bad arguments (unknown allocation, method or solver, p out of range, capacities
        with multiple allocation, wrong-length fixed costs or capacities, unknown
        candidate).
    ParameterError
        A bad time limit or seed.
    InfeasibleError
        No hub set satisfies the constraints (e.g. capacities too small).
    SolverError
        The MIP stopped (time limit) before finding any hub network.

    Examples
    --------
    >>> from multimodal.instances.hubs import read_cab
    >>> result = locate_hubs(read_cab(n=10), p=2, params=HubLocationParams(alpha=0.2))
    >>> result.solve_info.status
    'optimal'
    """
    check_text(allocation, "allocation")
    check_text(method, "method", METHODS)
    if solver is not None:
        check_text(solver, "solver")
    method, solver = _method_and_solver(method, solver)
    options = moved_to_params(
        "locate_hubs",
        moved,
        HubLocationParams,
        params,
        also=("p", "allocation", "method", "solver", "time_limit_s"),
    )
    if not isinstance(problem, HubInstance):
        raise DataValidationError(
            Problem("problem must be a HubInstance (see read_cab, read_ap, from_matrices)")
        )
    if allocation not in (SINGLE, MULTIPLE):
        message = f"allocation={allocation!r}; use 'single' or 'multiple'"
        raise DataValidationError(Problem(message, column="allocation"))
    start = time.perf_counter()
    limit = check_time_limit(time_limit_s)
    run = _Run(
        time_limit_s=math.inf if limit is None else limit,
        seed=check_seed(seed),
        max_hub_sets=int(options.max_hub_sets),
        backend=solver or "highs",
        scale=problem.transport_scale,
        memory_limit_mb=options.memory_limit_mb,
        start=start,
        verbose=options.verbose,
    )
    data = _data(
        problem, options.alpha, options.fixed_costs, options.capacities, options.candidates
    )
    p = _hub_count(problem, data, allocation, p)
    used = replace(problem, transfer=data.alpha, fixed_costs=data.fixed, capacities=data.caps)
    chosen, found = _choose(method, data, p, allocation, run)
    if chosen == "enumeration":
        if found is None:
            assert p is not None  # a free p was searched by _choose
            left = run.time_limit_s - (time.perf_counter() - run.start)
            found = enumerate_hub_sets(data, p, allocation, left, run.seed)
        hubs, hub_of, info = _from_search(found, allocation, run.scale)
    else:
        hubs, hub_of, info = _solve_mip(data, p, allocation, run)
    meta = run_meta(
        "locate_hubs",
        inputs={"instance": problem.name, "nodes": problem.n, "source": problem.source},
        options=options_meta(
            p=p,
            allocation=allocation,
            method=chosen,
            solver=run.backend,
            time_limit_s=limit,
            alpha=data.alpha,
            candidates=len(data.candidates),
            max_hub_sets=run.max_hub_sets,
            memory_limit_mb=options.memory_limit_mb,
        ),
        seed=run.seed,
    )
    return _result(used, data, hubs, hub_of, allocation, info, chosen, meta)


def _allocation_frame(
    names: Sequence[str],
    data: HubData,
    hubs: np.ndarray,
    hub_of: np.ndarray | None,
    allocation: str,
) -> tuple[pd.DataFrame, dict[str, float]]:
    """The allocation table and the unscaled cost components."""
    w = data.w
    if allocation == SINGLE:
        assert hub_of is not None
        parts = single_cost(data, np.asarray(hub_of))
        frame = pd.DataFrame(
            {
                "node": list(names),
                "hub": [names[k] for k in hub_of],
                "collected": w.sum(axis=1),
                "distributed": w.sum(axis=0),
            }
        )
        return frame, parts
    parts, first, last = multiple_cost(data, hubs)
    collected = pd.DataFrame(
        {"node": np.repeat(np.arange(data.n), data.n), "hub": first.ravel(), "flow": w.ravel()}
    )
    distributed = pd.DataFrame(
        {"node": np.tile(np.arange(data.n), data.n), "hub": last.ravel(), "flow": w.ravel()}
    )
    table = (
        pd.concat(
            [
                collected.groupby(["node", "hub"])["flow"].sum().rename("collected"),
                distributed.groupby(["node", "hub"])["flow"].sum().rename("distributed"),
            ],
            axis=1,
        )
        .fillna(0.0)
        .reset_index()
    )
    table = table[(table["collected"] > 0) | (table["distributed"] > 0)]
    frame = pd.DataFrame(
        {
            "node": [names[k] for k in table["node"]],
            "hub": [names[k] for k in table["hub"]],
            "collected": table["collected"].to_numpy(),
            "distributed": table["distributed"].to_numpy(),
        }
    )
    return frame, parts


def _result(
    instance: HubInstance,
    data: HubData,
    hubs: np.ndarray,
    hub_of: np.ndarray | None,
    allocation: str,
    info: SolveInfo,
    method: str,
    meta: Mapping[str, Any],
) -> HubLocationResult:
    hubs = np.array(sorted(int(h) for h in hubs))
    names = instance.names
    frame, parts = _allocation_frame(names, data, hubs, hub_of, allocation)
    breakdown = _report(instance, data, parts, hubs)
    objective = breakdown.pop("total")
    if info.status == OPTIMAL and abs(objective - info.objective) > 1e-6 * max(1.0, abs(objective)):
        logger.debug("recomputed objective %s differs from solver's %s", objective, info.objective)
    if info.status == FEASIBLE:
        info.warn_if_stopped("hub location")
    return HubLocationResult(
        instance=instance,
        hubs=tuple(names[k] for k in hubs),
        allocation=frame.reset_index(drop=True),
        allocation_type=allocation,
        objective=objective,
        breakdown=breakdown,
        solve_info=info,
        method=method,
        meta=meta,
    )
