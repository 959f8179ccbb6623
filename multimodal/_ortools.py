"""What every OR-Tools model in ``multimodal`` reports about its solve.

One ``SolveInfo`` per solve: status, objective, best bound, gap and time. Solver status
is never hidden: a solve stopped by its time limit says so (``status == "feasible"``,
``time_limit_reached``), and ``gap`` tells how far from proven optimal it may be.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

from .exceptions import TimeLimitWarning

#: Statuses, in words that do not depend on the backend.
OPTIMAL = "optimal"
FEASIBLE = "feasible"  # a solution, not proven optimal (time limit, gap limit)
INFEASIBLE = "infeasible"
UNBOUNDED = "unbounded"
NOT_SOLVED = "not_solved"  # stopped before any solution was found


@dataclass(frozen=True)
class SolveInfo:
    """How a solve ended.

    Attributes
    ----------
    solver
        The backend, e.g. ``"HiGHS"``, ``"CP-SAT"``, ``"OR-Tools routing"``.
    status
        One of ``"optimal"``, ``"feasible"``, ``"infeasible"``, ``"unbounded"``,
        ``"not_solved"``.
    objective
        Objective value of the returned solution (NaN if there is none).
    best_bound
        Best proven bound on the optimum (NaN if the backend gives none).
    solve_time_s
        Wall-clock seconds spent in the solver.
    time_limit_reached
        Whether the solver stopped on its time limit.
    """

    solver: str
    status: str
    objective: float = math.nan
    best_bound: float = math.nan
    solve_time_s: float = 0.0
    time_limit_reached: bool = False

    @property
    def gap(self) -> float:
        """Relative optimality gap ``|objective - bound| / max(|objective|, 1e-9)``.

        Zero for a proven optimum, NaN when no bound is known.
        """
        if self.status == OPTIMAL:
            return 0.0
        if math.isnan(self.objective) or math.isnan(self.best_bound):
            return math.nan
        return abs(self.objective - self.best_bound) / max(abs(self.objective), 1e-9)

    @property
    def is_optimal(self) -> bool:
        """Whether the solution is proven optimal."""
        return self.status == OPTIMAL

    @property
    def has_solution(self) -> bool:
        """Whether a (possibly suboptimal) solution is available."""
        return self.status in (OPTIMAL, FEASIBLE)

    def warn_if_stopped(self, what: str = "solve") -> None:
        """Warn with ``TimeLimitWarning`` when the solve stopped before proving optimality."""
        if self.status == FEASIBLE:
            message = (
                f"{what} stopped before proving optimality ({self.solver}, "
                f"{self.solve_time_s:.1f} s): gap {self.gap:.2%}"
            )
            warnings.warn(message, TimeLimitWarning, stacklevel=3)

    def __str__(self) -> str:
        text = f"{self.solver}: {self.status}, objective {self.objective:,.6g}"
        if not math.isnan(self.best_bound):
            text += f", bound {self.best_bound:,.6g}, gap {self.gap:.3%}"
        text += f", {self.solve_time_s:.2f} s"
        if self.time_limit_reached:
            text += " (time limit reached)"
        return text
