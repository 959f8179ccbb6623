"""The two vehicle-routing solvers behind ``multimodal.collection.collect``.

Both solvers take the same integer problem (``IntProblem``) and return the same
``EngineResult``, so the public function does not care which one ran:

``"pyvrp"``
    PyVRP's iterated local search (``pyvrp.solve``), seeded, stopped on a wall-clock
    limit and optionally an iteration limit.
``"ortools"``
    OR-Tools routing (``pywrapcp.RoutingModel``): a first solution by path-cheapest-arc
    (parallel cheapest insertion when time windows or a cut-off apply), then guided local
    search, single-threaded, stopped on a wall-clock limit and optionally a solution limit.

Neither solver proves optimality or gives a bound, so a returned plan is ``"feasible"``
(``best_bound`` NaN). The floats are scaled to integers before they get here, by the
library's one named policy (``multimodal._scaling``).
"""

from __future__ import annotations

import contextlib
import logging
import math
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from .._ortools import FEASIBLE, INFEASIBLE, NOT_SOLVED
from ..exceptions import SolverError
from .params import SOLVERS

logger = logging.getLogger("multimodal")


@dataclass(frozen=True, eq=False)
class IntProblem:
    """An integer capacitated VRP with time windows, node 0 the depot.

    Attributes
    ----------
    arc_cost
        One ``(n + 1, n + 1)`` int64 cost matrix per vehicle type.
    duration
        ``(n + 1, n + 1)`` int64 travel times, or ``None`` when time does not matter.
    service
        ``(n + 1,)`` int64 service durations (``service[0] == 0``).
    tw_early, tw_late
        ``(n + 1,)`` int64 windows on the start of service; index 0 is the depot (leave
        no earlier than ``tw_early[0]``, be back by ``tw_late[0]``).
    demand
        ``(n + 1,)`` int64 loads picked up at each node.
    type_count, type_capacity, type_fixed_cost
        Per vehicle type: number available, capacity, fixed cost if used.
    penalty
        ``(n + 1,)`` int64 cost of leaving each node unserved, or ``None`` when every node
        must be served.
    coords
        ``(n + 1, 2)`` float coordinates (PyVRP wants them; not used for distances).
    """

    arc_cost: tuple[np.ndarray, ...]
    duration: np.ndarray | None
    service: np.ndarray
    tw_early: np.ndarray
    tw_late: np.ndarray
    demand: np.ndarray
    type_count: tuple[int, ...]
    type_capacity: tuple[int, ...]
    type_fixed_cost: tuple[int, ...]
    penalty: np.ndarray | None
    coords: np.ndarray

    @property
    def num_nodes(self) -> int:
        """Nodes including the depot."""
        return len(self.demand)

    @property
    def horizon(self) -> int:
        """The depot's closing time (integer time units)."""
        return int(self.tw_late[0])


@dataclass(frozen=True)
class EngineResult:
    """What an engine found.

    Attributes
    ----------
    routes
        ``(vehicle_type, [node, ...])`` per used vehicle, nodes without the depot.
    status
        ``"feasible"``, ``"not_solved"`` or ``"infeasible"``.
    objective
        The engine's integer objective (costs plus penalties), NaN without a solution.
    solve_time_s
        Wall-clock seconds in the engine.
    time_limit_reached
        Whether the engine stopped on its time limit (not on an iteration limit).
    solver
        Name and version of the backend.
    """

    routes: tuple[tuple[int, tuple[int, ...]], ...]
    status: str
    objective: float
    solve_time_s: float
    time_limit_reached: bool
    solver: str


def solve(
    problem: IntProblem,
    solver: str,
    *,
    time_limit_s: float | None,
    seed: int,
    max_iterations: int | None,
    verbose: bool = False,
) -> EngineResult:
    """Solve ``problem`` with the named solver.

    Parameters
    ----------
    problem
        The integer problem.
    solver
        ``"pyvrp"`` or ``"ortools"``.
    time_limit_s
        Wall-clock limit (s); None for none (then ``max_iterations`` must be given).
    seed
        Random seed (PyVRP); OR-Tools' guided local search is deterministic by itself.
    max_iterations
        Optional iteration limit (PyVRP iterations; OR-Tools solutions), which makes the
        result independent of machine speed.
    verbose
        Show the solver's own log: PyVRP's progress display (to the ``multimodal``
        logger at INFO) or OR-Tools routing's ``log_search`` (its C++ log, on standard
        error). It changes no result.

    Returns
    -------
    EngineResult
        Routes and status.

    Raises
    ------
    SolverError
        Unknown solver, or neither a time nor an iteration limit.
    """
    if time_limit_s is None and max_iterations is None:
        message = "a heuristic solver needs a time limit or an iteration limit"
        raise SolverError(message)
    if solver == "pyvrp":
        return _solve_pyvrp(problem, time_limit_s, seed, max_iterations, verbose=verbose)
    if solver == "ortools":
        return _solve_ortools(problem, time_limit_s, seed, max_iterations, verbose=verbose)
    message = f"unknown solver {solver!r}; use one of {SOLVERS}"
    raise SolverError(message)


# --------------------------------------------------------------------------- PyVRP


@contextlib.contextmanager
def _pyvrp_log_to_multimodal() -> Iterator[None]:
    """Pass PyVRP's progress display (its ``pyvrp`` logger, INFO) on to ``multimodal``.

    PyVRP logs its display at INFO to a handler of its own on standard output (the
    CLI's result); for the run, its records are re-logged on the ``multimodal`` logger
    instead (and not propagated twice), then the ``pyvrp`` logger is left as it was.
    """
    source = logging.getLogger("pyvrp")

    class _Forward(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            logger.info("%s", record.getMessage())

    handlers, level, propagate = source.handlers[:], source.level, source.propagate
    source.handlers = [_Forward()]
    source.setLevel(logging.INFO)
    source.propagate = False
    try:
        yield
    finally:
        source.handlers = handlers
        source.setLevel(level)
        source.propagate = propagate


def _solve_pyvrp(
    problem: IntProblem,
    time_limit_s: float | None,
    seed: int,
    max_iterations: int | None,
    *,
    verbose: bool = False,
) -> EngineResult:
    import pyvrp
    from pyvrp.exceptions import PenaltyBoundWarning
    from pyvrp.stop import MaxIterations, MaxRuntime, MultipleCriteria, StoppingCriterion

    n = problem.num_nodes
    locations = [
        pyvrp.Location(x=float(problem.coords[i, 0]), y=float(problem.coords[i, 1]))
        for i in range(n)
    ]
    clients = []
    penalty = problem.penalty
    for i in range(1, n):
        clients.append(
            pyvrp.Client(
                location=i,
                pickup=[int(problem.demand[i])],
                delivery=[0],
                service_duration=int(problem.service[i]),
                tw_early=int(problem.tw_early[i]),
                tw_late=int(problem.tw_late[i]),
                prize=int(penalty[i]) if penalty is not None else 0,
                required=penalty is None,
            )
        )
    depots = [
        pyvrp.Depot(location=0, tw_early=int(problem.tw_early[0]), tw_late=int(problem.tw_late[0]))
    ]
    vehicle_types = [
        pyvrp.VehicleType(
            num_available=count,
            capacity=[capacity],
            fixed_cost=fixed,
            tw_early=int(problem.tw_early[0]),
            tw_late=int(problem.tw_late[0]),
            unit_distance_cost=1,
            profile=index,
        )
        for index, (count, capacity, fixed) in enumerate(
            zip(problem.type_count, problem.type_capacity, problem.type_fixed_cost, strict=True)
        )
    ]
    duration = problem.duration if problem.duration is not None else np.zeros((n, n), np.int64)
    # The "distance" PyVRP minimises is our arc cost; one routing profile per vehicle type.
    # (PyVRP's stubs type matrices by shape; plain int64 arrays are what it takes.)
    distances: list[Any] = [np.ascontiguousarray(c, dtype=np.int64) for c in problem.arc_cost]
    durations: list[Any] = [np.ascontiguousarray(duration, dtype=np.int64)] * len(distances)
    data = pyvrp.ProblemData(
        locations=locations,
        clients=clients,
        depots=depots,
        vehicle_types=vehicle_types,
        distance_matrices=distances,
        duration_matrices=durations,
    )
    criteria: list[StoppingCriterion] = []
    if time_limit_s is not None:
        criteria.append(MaxRuntime(time_limit_s))
    if max_iterations is not None:
        criteria.append(MaxIterations(max_iterations))
    stop = criteria[0] if len(criteria) == 1 else MultipleCriteria(criteria)
    started = time.perf_counter()
    with warnings.catch_warnings(record=True) as caught:
        # PyVRP warns when its penalties saturate on a problem it cannot make feasible;
        # the status below already says so, so the warning is logged, not re-raised.
        warnings.simplefilter("always", PenaltyBoundWarning)
        shown = _pyvrp_log_to_multimodal() if verbose else contextlib.nullcontext()
        with shown:
            result = pyvrp.solve(data, stop=stop, seed=seed, collect_stats=False, display=verbose)
    elapsed = time.perf_counter() - started
    for warning in caught:
        if issubclass(warning.category, PenaltyBoundWarning):
            logger.info("PyVRP: %s", " ".join(str(warning.message).split()))
        else:  # pragma: no cover - pass on anything we do not expect
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    best = result.best
    solver = f"PyVRP {_version('pyvrp')}"
    stopped_on_time = _stopped_on_time(elapsed, time_limit_s, max_iterations)
    if not best.is_feasible() or (problem.penalty is None and not best.is_complete()):
        logger.info("PyVRP found no feasible solution in %.1f s", elapsed)
        return EngineResult((), NOT_SOLVED, math.nan, elapsed, stopped_on_time, solver)
    routes = []
    for route in best.routes():
        visits = [int(activity.idx) + 1 for activity in route if activity.is_client()]
        # PyVRP numbers clients from 0 after the depots; our nodes are 1-based after the depot.
        if visits:
            routes.append((int(route.vehicle_type()), tuple(visits)))
    return EngineResult(
        tuple(routes), FEASIBLE, float(result.cost()), elapsed, stopped_on_time, solver
    )


# --------------------------------------------------------------------------- OR-Tools


@contextlib.contextmanager
def _cpp_log_on_stderr() -> Iterator[None]:
    """Let OR-Tools' C++ log (``log_search``) through to standard error meanwhile.

    Once any OR-Tools solver has initialised its logging (CP-SAT, MathOpt), C++ log
    lines below ERROR are no longer written to standard error; the threshold is
    lowered for the run and put back to its default (ERROR) after.
    """
    from ortools.init.python import init

    flags = init.CppFlags()
    flags.stderrthreshold = 0
    init.CppBridge.set_flags(flags)
    try:
        yield
    finally:
        flags.stderrthreshold = 2
        init.CppBridge.set_flags(flags)


def _solve_ortools(
    problem: IntProblem,
    time_limit_s: float | None,
    seed: int,
    max_iterations: int | None,
    *,
    verbose: bool = False,
) -> EngineResult:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    del seed  # guided local search has no random component: same input, same trajectory
    n = problem.num_nodes
    vehicle_type = [t for t, count in enumerate(problem.type_count) for _ in range(count)]
    num_vehicles = len(vehicle_type)
    manager = pywrapcp.RoutingIndexManager(n, num_vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)

    cost_callbacks = [routing.RegisterTransitMatrix(c.tolist()) for c in problem.arc_cost]
    for vehicle, t in enumerate(vehicle_type):
        routing.SetArcCostEvaluatorOfVehicle(cost_callbacks[t], vehicle)
        routing.SetFixedCostOfVehicle(int(problem.type_fixed_cost[t]), vehicle)

    demand_callback = routing.RegisterUnaryTransitVector(problem.demand.tolist())
    capacities = [int(problem.type_capacity[t]) for t in vehicle_type]
    routing.AddDimensionWithVehicleCapacity(demand_callback, 0, capacities, True, "load")

    if problem.duration is not None:
        # Transit i -> j = service at i + travel i -> j, so the cumul is the service start.
        transit = problem.duration + problem.service[:, None]
        time_callback = routing.RegisterTransitMatrix(transit.tolist())
        horizon = problem.horizon
        routing.AddDimension(time_callback, horizon, horizon, False, "time")
        time_dimension = routing.GetDimensionOrDie("time")
        for node in range(1, n):
            index = manager.NodeToIndex(node)
            time_dimension.CumulVar(index).SetRange(
                int(problem.tw_early[node]), int(problem.tw_late[node])
            )
        for vehicle in range(num_vehicles):
            for index in (routing.Start(vehicle), routing.End(vehicle)):
                time_dimension.CumulVar(index).SetRange(int(problem.tw_early[0]), horizon)
            routing.AddVariableMinimizedByFinalizer(time_dimension.CumulVar(routing.End(vehicle)))

    if problem.penalty is not None:
        for node in range(1, n):
            routing.AddDisjunction([manager.NodeToIndex(node)], int(problem.penalty[node]))

    params = pywrapcp.DefaultRoutingSearchParameters()
    strategies = routing_enums_pb2.FirstSolutionStrategy
    # Path-cheapest-arc often finds no first solution under tight windows (Solomon R101 in
    # 5 s); parallel cheapest insertion does, so it is used whenever time matters.
    params.first_solution_strategy = (
        strategies.PARALLEL_CHEAPEST_INSERTION
        if problem.duration is not None
        else strategies.PATH_CHEAPEST_ARC
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    if time_limit_s is not None:
        params.time_limit.FromMilliseconds(max(1, int(time_limit_s * 1000)))
    if max_iterations is not None:
        params.solution_limit = int(max_iterations)
    params.log_search = bool(verbose)  # C++ logging, written to standard error

    started = time.perf_counter()
    with _cpp_log_on_stderr() if verbose else contextlib.nullcontext():
        solution = routing.SolveWithParameters(params)
    elapsed = time.perf_counter() - started
    solver = f"OR-Tools routing {_version('ortools')}"
    status_name = routing_enums_pb2.RoutingSearchStatus.Value.Name(routing.status())
    stopped_on_time = time_limit_s is not None and elapsed >= 0.98 * time_limit_s
    if solution is None:
        status = INFEASIBLE if status_name == "ROUTING_INFEASIBLE" else NOT_SOLVED
        logger.info("OR-Tools routing returned no solution (%s)", status_name)
        return EngineResult((), status, math.nan, elapsed, stopped_on_time, solver)
    routes = []
    for vehicle in range(num_vehicles):
        index = solution.Value(routing.NextVar(routing.Start(vehicle)))
        visits = []
        while not routing.IsEnd(index):
            visits.append(manager.IndexToNode(index))
            index = solution.Value(routing.NextVar(index))
        if visits:
            routes.append((vehicle_type[vehicle], tuple(visits)))
    # Guided local search never proves optimality (ROUTING_OPTIMAL would need CP-SAT).
    return EngineResult(
        tuple(routes), FEASIBLE, float(solution.ObjectiveValue()), elapsed, stopped_on_time, solver
    )


def _stopped_on_time(
    elapsed: float, time_limit_s: float | None, max_iterations: int | None
) -> bool:
    """Whether PyVRP stopped on its wall-clock limit rather than its iteration limit."""
    if time_limit_s is None:
        return False
    return max_iterations is None or elapsed >= 0.98 * time_limit_s


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:  # pragma: no cover - both are hard dependencies
        return "?"
