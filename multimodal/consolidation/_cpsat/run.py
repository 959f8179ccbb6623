"""One CP-SAT run: parameters, seed, workers, time limit, and the status in words."""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass

from ortools.sat.python import cp_model

from ...exceptions import SolverError

logger = logging.getLogger("multimodal")

_STATUS = {
    cp_model.OPTIMAL: "optimal",
    cp_model.FEASIBLE: "feasible",
    cp_model.INFEASIBLE: "infeasible",
    cp_model.UNKNOWN: "not_solved",
}


@dataclass
class RawSolve:
    """What one CP-SAT run returned (integer objective units)."""

    status: str
    objective: float
    best_bound: float
    wall_time_s: float
    time_limit_reached: bool
    solver: cp_model.CpSolver


def solver_parameters(solver: cp_model.CpSolver, *, workers: int, tuned: bool = True) -> None:
    """Choose CP-SAT's worker portfolio so that one worker uses the full LP.

    Presolve turns the linking rows ``n <= ub * y`` into half-reified constraints,
    which the default LP worker (``default_lp``, linearization level 1) leaves out
    of its relaxation: its bound then stalls far below the LP value (measured:
    593 vs 684 million fen on the Almaty/Tashkent component of the benchmark).
    With 1 worker we raise the linearization level; with 2-3 workers, the only
    full-search worker(s) CP-SAT would start lack ``max_lp``, so we ask for it;
    with 4 or more, CP-SAT's default portfolio already has it.
    """
    if not tuned:
        return
    if workers == 1:
        solver.parameters.linearization_level = 2
    elif workers == 2:
        solver.parameters.subsolvers.append("max_lp")
    elif workers == 3:
        solver.parameters.subsolvers.extend(["max_lp", "default_lp"])


def _log_line(line: str) -> None:
    """CP-SAT's log callback: one line of its log to the ``multimodal`` logger."""
    logger.info("%s", line)


def run_cp_sat(
    model: cp_model.CpModel,
    *,
    time_limit_s: float | None,
    workers: int,
    seed: int,
    tuned: bool = True,
    first_solution: bool = False,
    verbose: bool = False,
) -> RawSolve:
    """Solve ``model`` with a fixed seed and worker count; map the status to words.

    ``time_limit_s=None`` runs to proven optimality; ``first_solution`` stops at the
    first solution found (with one worker, the same one on every run). ``verbose``
    sends CP-SAT's own log (``log_search_progress``) line by line to the ``multimodal``
    logger at INFO, not to stdout; it changes no result.
    """
    solver = cp_model.CpSolver()
    if time_limit_s is not None:
        solver.parameters.max_time_in_seconds = max(float(time_limit_s), 0.01)
    solver.parameters.num_workers = int(workers)
    solver.parameters.random_seed = int(seed)
    if first_solution:
        solver.parameters.stop_after_first_solution = True
    solver_parameters(solver, workers=int(workers), tuned=tuned)
    if verbose:
        solver.parameters.log_search_progress = True
        solver.parameters.log_to_stdout = False
        solver.log_callback = _log_line
    started = time.perf_counter()
    code = solver.solve(model)
    wall = time.perf_counter() - started
    if code == cp_model.MODEL_INVALID:
        message = f"CP-SAT rejected the model: {model.validate()}"
        raise SolverError(message)
    status = _STATUS.get(code, "not_solved")
    has_solution = status in ("optimal", "feasible")
    objective = solver.objective_value if has_solution else math.nan
    bound = solver.best_objective_bound if status != "infeasible" else math.nan
    if not math.isfinite(bound):
        bound = math.nan
    return RawSolve(
        status=status,
        objective=objective,
        best_bound=bound,
        wall_time_s=wall,
        time_limit_reached=status in ("feasible", "not_solved"),
        solver=solver,
    )
