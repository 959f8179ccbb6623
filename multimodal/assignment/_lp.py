"""LP plumbing shared by the arc- and path-based engines: sparse arrays in, OR-Tools out.

Models are written as ``min c.x  s.t.  row_lower <= A x <= row_upper,
lower <= x <= upper`` with ``A`` a scipy CSR matrix, and handed to OR-Tools MathOpt
as a ``ModelProto`` filled straight from the numpy arrays. That skips MathOpt's
per-variable Python objects (hundreds of thousands of variables build in about a
second) and keeps the solver's own duals and bounds.

Why MathOpt and not ``model_builder``: in OR-Tools 9.15 ``model_builder`` with
HiGHS returns the row *activities* where the duals should be (checked on
``min 3x + 2y, 2x + y >= 3, x <= 0.5``: it reports 3.0 and 0.5, the duals are 2 and
-1) and a MIP bound equal to the incumbent. MathOpt's HiGHS interface returns the
true duals and the true MIP dual bound.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import scipy.sparse as sp

from .._ortools import (
    FEASIBLE,
    INFEASIBLE,
    NOT_SOLVED,
    OPTIMAL,
    UNBOUNDED,
    SolveInfo,
    hard_stop_margin_s,
    run_in_child,
    use_hard_stop,
)
from ..exceptions import SolverError

__all__ = ["SOLVERS", "LPOptions", "LPResult", "LinearProgram", "solve_lp"]

logger = logging.getLogger("multimodal")

#: Solver names accepted by the engines, with the MathOpt backend and its label.
SOLVERS: dict[str, tuple[str, str]] = {
    "highs": ("HIGHS", "HiGHS (MathOpt)"),
    "glop": ("GLOP", "GLOP (MathOpt)"),
    "pdlp": ("PDLP", "PDLP (MathOpt)"),
    "gscip": ("GSCIP", "SCIP (MathOpt)"),
}
#: Backends that can solve the integer variant.
MIP_SOLVERS = ("highs", "gscip")
#: Seconds the backend takes to load a model, per variable, row and nonzero, before its
#: own clock starts (MathOpt's copy into HiGHS, and back): measured 0.4 microseconds on
#: an idle machine, 2 to 3 on a loaded one or a model of millions of variables. This
#: much is kept back from the time limit the backend is given.
LOAD_S_PER_ENTRY = 2e-6
#: Least time limit handed to a backend, s (below it the solve is not started).
MIN_SOLVER_TIME_S = 0.05
#: Seconds past its own limit after which a backend is interrupted from outside.
INTERRUPT_GRACE_S = 0.5
#: Whether a MIP with a time limit (of at least ``_ortools.HARD_STOP_MIN_ENTRIES``) is
#: solved in a child process killed ``_ortools.hard_stop_margin_s`` past the limit (the
#: hard stop; see docs/robustness.md).
HARD_STOP = True


@dataclass(frozen=True, eq=False)
class LinearProgram:
    """``min objective.x`` s.t. ``row_lower <= matrix x <= row_upper``, bounds on x.

    Attributes
    ----------
    objective, lower, upper
        ``(nvar,)`` cost and bounds of each variable (``np.inf`` for none).
    matrix
        ``(nrow, nvar)`` CSR constraint matrix.
    row_lower, row_upper
        ``(nrow,)`` row bounds (``-np.inf`` / ``np.inf`` for none).
    integer
        ``(nvar,)`` bool mask of integer variables, or None for a pure LP.
    variable_ids, row_ids
        Strictly increasing ids given to the solver (default ``0..n-1``). Stable
        ids let a basis be carried from one solve to the next while rows and
        columns are added (column generation).
    """

    objective: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    matrix: sp.csr_matrix
    row_lower: np.ndarray
    row_upper: np.ndarray
    integer: np.ndarray | None = None
    variable_ids: np.ndarray | None = None
    row_ids: np.ndarray | None = None

    @property
    def n_variables(self) -> int:
        """Number of variables."""
        return int(self.objective.shape[0])

    @property
    def n_rows(self) -> int:
        """Number of constraint rows."""
        return int(self.row_lower.shape[0])


@dataclass(frozen=True)
class LPOptions:
    """How to solve a ``LinearProgram``.

    Attributes
    ----------
    solver
        ``"highs"`` (default), ``"glop"``, ``"pdlp"`` or ``"gscip"`` (MIP only).
    time_limit_s
        Wall-clock limit, seconds; None for none.
    workers
        Solver threads (1 = deterministic).
    seed
        Solver random seed.
    lp_algorithm
        ``"primal"``, ``"dual"``, ``"barrier"`` or None (the backend's choice).
    relative_gap
        MIP relative gap at which to stop (None: the backend's default).
    crossover
        HiGHS barrier only: False skips the crossover to a vertex, so the duals
        are interior (well centred) and accurate to the barrier's tolerance.
    verbose
        Send the backend's own log (MathOpt ``enable_output``) line by line to the
        ``multimodal`` logger at INFO. It changes no result.
    """

    solver: str = "highs"
    time_limit_s: float | None = None
    workers: int = 1
    seed: int = 0
    lp_algorithm: str | None = None
    relative_gap: float | None = None
    crossover: bool = True
    verbose: bool = False


@dataclass(frozen=True, eq=False)
class LPResult:
    """What came back from the solver.

    Attributes
    ----------
    info
        Status, objective, bound, gap, time.
    x
        ``(nvar,)`` primal values, or None without a solution.
    row_dual
        ``(nrow,)`` duals ``d objective / d row bound`` (MathOpt's sign: for a
        minimisation a binding ``<=`` row has a dual <= 0), or None when the
        backend gave none (MIP, time limit).
    build_time_s
        Seconds spent filling the solver's input (the ``ModelProto``).
    basis
        ``(variable_status, row_status)``, MathOpt ``BasisStatusProto`` values
        aligned with the variables and rows, when asked for and available.
    simplex_iterations
        Simplex iterations the backend reported.
    """

    info: SolveInfo
    x: np.ndarray | None
    row_dual: np.ndarray | None
    build_time_s: float = 0.0
    basis: tuple[np.ndarray, np.ndarray] | None = None
    simplex_iterations: int = 0


def _scatter(vector: Any, ids: np.ndarray | None, size: int) -> np.ndarray:
    """Dense array (aligned with ``ids``, or ``0..size-1``) from a sparse proto."""
    out = np.zeros(size)
    count = len(vector.ids)
    if count:
        got = np.fromiter(vector.ids, dtype=np.int64, count=count)
        position = got if ids is None else np.searchsorted(ids, got)
        out[position] = np.fromiter(vector.values, dtype=np.float64, count=count)
    return out


class _OutOfTimeError(Exception):
    """The time limit ran out while the solver's input was being filled (internal)."""


def _check_clock(deadline: float) -> None:
    if time.perf_counter() > deadline:
        raise _OutOfTimeError


def build_model_proto(lp: LinearProgram, deadline: float = math.inf) -> Any:
    """Fill a MathOpt ``ModelProto`` from the arrays (no Python object per variable).

    Parameters
    ----------
    lp
        The model.
    deadline
        A ``time.perf_counter()`` value checked between the steps (variables, objective,
        rows, matrix); past it the build stops with an internal ``_OutOfTimeError``.

    Returns
    -------
    ortools.math_opt.model_pb2.ModelProto
        The solver's input.
    """
    from ortools.math_opt import model_pb2

    proto = model_pb2.ModelProto()
    nvar, nrow = lp.n_variables, lp.n_rows
    variables = proto.variables
    variable_ids = np.arange(nvar) if lp.variable_ids is None else lp.variable_ids
    variables.ids.extend(np.asarray(variable_ids, dtype=np.int64))
    variables.lower_bounds.extend(lp.lower)
    variables.upper_bounds.extend(lp.upper)
    integer = np.zeros(nvar, dtype=bool) if lp.integer is None else lp.integer
    variables.integers.extend(np.asarray(integer, dtype=bool).tolist())
    _check_clock(deadline)
    nonzero = np.flatnonzero(lp.objective)
    proto.objective.linear_coefficients.ids.extend(np.asarray(variable_ids)[nonzero])
    proto.objective.linear_coefficients.values.extend(lp.objective[nonzero])
    rows = proto.linear_constraints
    row_ids = np.arange(nrow) if lp.row_ids is None else lp.row_ids
    rows.ids.extend(np.asarray(row_ids, dtype=np.int64))
    rows.lower_bounds.extend(lp.row_lower)
    rows.upper_bounds.extend(lp.row_upper)
    _check_clock(deadline)
    matrix = lp.matrix.tocsr()
    matrix.sum_duplicates()  # MathOpt wants sorted (row, column) with no repeats
    matrix.sort_indices()
    entry_rows = np.repeat(np.asarray(row_ids, dtype=np.int64), np.diff(matrix.indptr))
    _check_clock(deadline)
    proto.linear_constraint_matrix.row_ids.extend(entry_rows)
    proto.linear_constraint_matrix.column_ids.extend(
        np.asarray(variable_ids, dtype=np.int64)[matrix.indices]
    )
    proto.linear_constraint_matrix.coefficients.extend(matrix.data)
    return proto


def _check_solver(solver: str, is_mip: bool) -> None:
    if solver not in SOLVERS:
        message = f"unknown solver {solver!r}: use one of {', '.join(SOLVERS)}"
        raise SolverError(message)
    if solver == "gscip" and not is_mip:
        message = "solver 'gscip' is for the integer variant: use 'highs' for the LP"
        raise SolverError(message)
    if is_mip and solver not in MIP_SOLVERS:
        message = f"solver {solver!r} cannot solve the integer variant: use 'highs'"
        raise SolverError(message)


def _solve_parameters(options: LPOptions) -> Any:
    from ortools.math_opt import parameters_pb2

    solver = options.solver
    params = parameters_pb2.SolveParametersProto()
    if options.time_limit_s is not None:
        params.time_limit.FromNanoseconds(int(max(options.time_limit_s, 0.0) * 1e9))
    if solver == "highs":  # MathOpt refuses the generic field for HiGHS
        params.highs.int_options["threads"] = int(options.workers)
    elif solver != "glop":  # GLOP is single-threaded and rejects the parameter
        params.threads = int(options.workers)
    if solver != "pdlp":  # PDLP is deterministic and rejects a seed
        params.random_seed = int(options.seed)
    if options.relative_gap is not None:
        params.relative_gap_tolerance = float(options.relative_gap)
    if options.lp_algorithm is not None:
        algorithms = {
            "primal": parameters_pb2.LP_ALGORITHM_PRIMAL_SIMPLEX,
            "dual": parameters_pb2.LP_ALGORITHM_DUAL_SIMPLEX,
            "barrier": parameters_pb2.LP_ALGORITHM_BARRIER,
        }
        params.lp_algorithm = algorithms[options.lp_algorithm]
    if solver == "highs" and not options.crossover:
        params.highs.string_options["run_crossover"] = "off"
    params.enable_output = bool(options.verbose)
    return params


def _log_lines(lines: Any) -> None:
    """MathOpt's message callback: the backend's log lines to the ``multimodal`` logger."""
    for line in lines:
        logger.info("%s", line)


def _model_parameters(
    lp: LinearProgram, initial_basis: tuple[np.ndarray, np.ndarray] | None
) -> Any:
    from ortools.math_opt import model_parameters_pb2

    model_params = model_parameters_pb2.ModelSolveParametersProto()
    model_params.variable_values_filter.skip_zero_values = True
    model_params.dual_values_filter.skip_zero_values = True
    model_params.reduced_costs_filter.filter_by_ids = True  # none: not used
    if initial_basis is not None:
        basis = model_params.initial_basis
        basis.variable_status.ids.extend(_ids(lp.variable_ids, lp.n_variables))
        basis.variable_status.values.extend(np.asarray(initial_basis[0]).tolist())
        basis.constraint_status.ids.extend(_ids(lp.row_ids, lp.n_rows))
        basis.constraint_status.values.extend(np.asarray(initial_basis[1]).tolist())
    return model_params


def _solver_type(solver: str) -> int:
    from ortools.math_opt import parameters_pb2

    return int(getattr(parameters_pb2, f"SOLVER_TYPE_{SOLVERS[solver][0]}"))


def solve_lp(
    lp: LinearProgram,
    options: LPOptions | None = None,
    *,
    initial_basis: tuple[np.ndarray, np.ndarray] | None = None,
    want_basis: bool = False,
) -> LPResult:
    """Solve a ``LinearProgram`` with an OR-Tools MathOpt backend.

    Parameters
    ----------
    lp
        The model.
    options
        Backend, limits, seed and algorithm (default ``LPOptions()``: HiGHS, no limit).
    initial_basis
        ``(variable_status, row_status)`` to warm-start the simplex from
        (MathOpt ``BasisStatusProto`` values aligned with variables and rows).
        GLOP uses it; MathOpt's HiGHS interface ignores it (OR-Tools 9.15).
    want_basis
        Whether to return the final basis (for the next warm start).

    Returns
    -------
    LPResult
        Status words as in :mod:`multimodal._ortools`; a solve stopped by its limit
        is ``"feasible"`` (a solution, with bound) or ``"not_solved"``.

    Raises
    ------
    SolverError
        Unknown solver name or a backend failure that is not a property of the model.
    """
    options = LPOptions() if options is None else options
    solver = options.solver
    is_mip = lp.integer is not None and bool(np.any(lp.integer))
    _check_solver(solver, is_mip)
    build_start = time.perf_counter()
    limit = options.time_limit_s
    # the caller's deadline, on the clock a child process shares (the hard stop's base)
    deadline_wall = math.inf if limit is None else time.time() + limit
    try:
        proto = build_model_proto(lp, math.inf if limit is None else build_start + limit)
    except _OutOfTimeError:
        return _not_started(solver, time.perf_counter() - build_start)
    build_time_s = time.perf_counter() - build_start
    if options.time_limit_s is not None:
        # the proto's build and the backend's load count against the limit
        load_s = LOAD_S_PER_ENTRY * (lp.n_variables + lp.n_rows + lp.matrix.nnz)
        left = options.time_limit_s - build_time_s - load_s
        if left < MIN_SOLVER_TIME_S:
            return _not_started(solver, build_time_s)
        options = replace(options, time_limit_s=left)
    params = _solve_parameters(options)
    model_params = _model_parameters(lp, initial_basis)
    entries = lp.n_variables + lp.n_rows + lp.matrix.nnz
    if is_mip and HARD_STOP and use_hard_stop(entries, options.time_limit_s):
        pieces = (proto, params, model_params)
        return _solve_in_child(pieces, lp, options, build_time_s, deadline_wall, limit)
    start = time.perf_counter()
    try:
        result = _run_backend(
            proto,
            _solver_type(solver),
            params,
            model_params,
            _log_lines if options.verbose else None,
        )
    except Exception as error:  # pybind's StatusNotOk has no stable type to catch
        message = f"{SOLVERS[solver][1]} failed: {error}"
        raise SolverError(message) from error
    elapsed = time.perf_counter() - start
    return _read_result(result, lp, solver, is_mip, elapsed, build_time_s, want_basis)


def _run_backend(proto: Any, solver_type: int, params: Any, model_params: Any, log: Any) -> Any:
    """``core_solver.solve`` with an interrupter fired ``INTERRUPT_GRACE_S`` past the limit."""
    from ortools.math_opt import callback_pb2, parameters_pb2
    from ortools.math_opt.core.python import solver as core_solver

    interrupter = timer = None
    if params.HasField("time_limit"):
        # the backend's own clock is not checked everywhere (HiGHS's MIP overran a 1 s
        # limit by 17 s after its first incumbent): interrupt it from outside too
        from ortools.util.python import solve_interrupter

        limit_s = params.time_limit.ToNanoseconds() / 1e9
        interrupter = solve_interrupter.SolveInterrupter()
        timer = threading.Timer(limit_s + INTERRUPT_GRACE_S, interrupter.interrupt)
        timer.daemon = True
        timer.start()
    try:
        return core_solver.solve(
            proto,
            solver_type,
            parameters_pb2.SolverInitializerProto(),
            params,
            model_params,
            log,
            callback_pb2.CallbackRegistrationProto(),
            None,
            None if interrupter is None else interrupter.pybind_interrupter,
        )
    finally:
        if timer is not None:
            timer.cancel()


def solve_in_child(
    model: bytes,
    solver_type: int,
    params: bytes,
    model_params: bytes,
    stop_at: float,
    verbose: bool,
    *,
    log: Any,
) -> tuple[bytes, float]:
    """Solve a serialized MathOpt model; the job :func:`solve_lp` runs in a child process.

    Parameters
    ----------
    model, params, model_params
        The serialized ``ModelProto``, ``SolveParametersProto`` and
        ``ModelSolveParametersProto``.
    solver_type
        MathOpt's ``SolverTypeProto`` value.
    stop_at
        ``time.time()`` at which the backend's time limit ends (its limit is set to
        what is left when it starts, so the child's start-up counts against it).
    verbose
        Send the backend's log lines to ``log``.
    log
        Callable taking a list of log lines (sent to the parent).

    Returns
    -------
    tuple
        The serialized ``SolveResultProto`` and the seconds spent in the backend.
    """
    from ortools.math_opt import model_parameters_pb2, model_pb2, parameters_pb2

    proto = model_pb2.ModelProto.FromString(model)
    parameters = parameters_pb2.SolveParametersProto.FromString(params)
    left = max(stop_at - time.time(), MIN_SOLVER_TIME_S)
    parameters.time_limit.FromNanoseconds(int(left * 1e9))
    solve_params = model_parameters_pb2.ModelSolveParametersProto.FromString(model_params)
    start = time.perf_counter()
    result = _run_backend(proto, solver_type, parameters, solve_params, log if verbose else None)
    return result.SerializeToString(), time.perf_counter() - start


def _solve_in_child(
    pieces: tuple[Any, Any, Any],
    lp: LinearProgram,
    options: LPOptions,
    build_time_s: float,
    deadline_wall: float,
    limit: float | None,
) -> LPResult:
    """Solve a MIP in a child process killed ``hard_stop_margin_s`` past the deadline.

    ``pieces`` are the model, solve and model-solve parameter protos; the backend's own
    limit (``options.time_limit_s``) ends before ``deadline_wall`` (the caller's limit,
    ``limit`` seconds from the start of ``solve_lp``) by the expected load time.
    """
    from ortools.math_opt import result_pb2

    assert options.time_limit_s is not None
    proto, params, model_params = pieces
    solver = options.solver
    args = (
        proto.SerializeToString(),
        _solver_type(solver),
        params.SerializeToString(),
        model_params.SerializeToString(),
        time.time() + options.time_limit_s,
        options.verbose,
    )
    try:
        outcome = run_in_child(
            "multimodal.assignment._lp:solve_in_child",
            args,
            deadline_wall + hard_stop_margin_s(limit),
            on_log=_log_lines,
        )
    except SolverError as error:
        message = f"{SOLVERS[solver][1]} failed: {error}"
        raise SolverError(message) from error
    if not outcome.finished:
        info = SolveInfo(
            solver=SOLVERS[solver][1],
            status=NOT_SOLVED,
            solve_time_s=outcome.elapsed_s,
            time_limit_reached=True,
            build_time_s=build_time_s,
            hard_stopped=True,
        )
        logger.debug("MIP %d x %d: %s", lp.n_rows, lp.n_variables, info)
        return LPResult(info=info, x=None, row_dual=None, build_time_s=build_time_s)
    data, elapsed = outcome.value
    result = result_pb2.SolveResultProto.FromString(data)
    return _read_result(result, lp, solver, True, elapsed, build_time_s, want_basis=False)


def _not_started(solver: str, build_time_s: float) -> LPResult:
    """The result of a solve the time limit left no time to start."""
    info = SolveInfo(
        solver=SOLVERS[solver][1],
        status=NOT_SOLVED,
        time_limit_reached=True,
        build_time_s=build_time_s,
    )
    return LPResult(info=info, x=None, row_dual=None, build_time_s=build_time_s)


def _read_result(
    result: Any,
    lp: LinearProgram,
    solver: str,
    is_mip: bool,
    elapsed: float,
    build_time_s: float,
    want_basis: bool,
) -> LPResult:
    """Turn a ``SolveResultProto`` into an ``LPResult`` (status words, arrays)."""
    from ortools.math_opt import result_pb2, solution_pb2

    label = SOLVERS[solver][1]
    reason = result.termination.reason
    reasons = result_pb2
    limit_hit = result.termination.limit in (
        reasons.LIMIT_TIME,
        reasons.LIMIT_ITERATION,
        reasons.LIMIT_NODE,
        reasons.LIMIT_INTERRUPTED,
        reasons.LIMIT_SLOW_PROGRESS,
        reasons.LIMIT_OTHER,
        reasons.LIMIT_UNDETERMINED,
    )
    time_limit_reached = result.termination.limit == reasons.LIMIT_TIME
    has_primal = bool(
        result.solutions
        and result.solutions[0].HasField("primal_solution")
        and result.solutions[0].primal_solution.feasibility_status
        == solution_pb2.SOLUTION_STATUS_FEASIBLE
    )
    if reason == reasons.TERMINATION_REASON_OPTIMAL:
        status = OPTIMAL
    elif reason == reasons.TERMINATION_REASON_INFEASIBLE:
        status = INFEASIBLE
    elif reason in (
        reasons.TERMINATION_REASON_UNBOUNDED,
        reasons.TERMINATION_REASON_INFEASIBLE_OR_UNBOUNDED,
    ):
        status = UNBOUNDED
    elif reason in (
        reasons.TERMINATION_REASON_FEASIBLE,
        reasons.TERMINATION_REASON_NO_SOLUTION_FOUND,
        reasons.TERMINATION_REASON_IMPRECISE,
    ):
        status = FEASIBLE if has_primal else NOT_SOLVED
    else:
        message = f"{label} stopped with an error: {result.termination.detail}"
        raise SolverError(message)
    if status == OPTIMAL and not has_primal:
        status = NOT_SOLVED  # never report an optimum we cannot show
    bounds = result.termination.objective_bounds
    objective = bounds.primal_bound if has_primal else math.nan
    bound = bounds.dual_bound
    if not math.isfinite(bound):
        bound = math.nan
    x = None
    row_dual = None
    basis_out = None
    if has_primal:
        primal = result.solutions[0].primal_solution
        x = _scatter(primal.variable_values, lp.variable_ids, lp.n_variables)
        objective = primal.objective_value
        if status == OPTIMAL and not is_mip:
            for solution in result.solutions:
                if solution.HasField("dual_solution"):
                    row_dual = _scatter(solution.dual_solution.dual_values, lp.row_ids, lp.n_rows)
                    break
        if want_basis and result.solutions[0].HasField("basis"):
            found = result.solutions[0].basis
            basis_out = (
                _scatter(found.variable_status, lp.variable_ids, lp.n_variables),
                _scatter(found.constraint_status, lp.row_ids, lp.n_rows),
            )
            basis_out = (basis_out[0].astype(np.int64), basis_out[1].astype(np.int64))
    info = SolveInfo(
        solver=label,
        status=status,
        objective=float(objective),
        best_bound=float(bound),
        solve_time_s=elapsed,
        time_limit_reached=bool(time_limit_reached or (limit_hit and status != OPTIMAL)),
    )
    logger.debug("LP %d x %d: %s", lp.n_rows, lp.n_variables, info)
    return LPResult(
        info=info,
        x=x,
        row_dual=row_dual,
        build_time_s=build_time_s,
        basis=basis_out,
        simplex_iterations=int(result.solve_stats.simplex_iterations),
    )


def _ids(ids: np.ndarray | None, size: int) -> np.ndarray:
    return np.arange(size, dtype=np.int64) if ids is None else np.asarray(ids, np.int64)
