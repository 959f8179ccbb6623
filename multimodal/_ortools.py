"""What every OR-Tools model in ``multimodal`` reports about its solve.

One ``SolveInfo`` per solve: status, objective, best bound, gap and time. Solver status
is never hidden: a solve stopped by its time limit says so (``status == "feasible"``,
``time_limit_reached``), and ``gap`` tells how far from proven optimal it may be.
"""

from __future__ import annotations

import math
import os
import warnings
from dataclasses import dataclass

from .exceptions import ModelTooLargeError, ParameterError, TimeLimitWarning

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
    build_time_s
        Wall-clock seconds spent building the model before the solver's clock started
        (counted against the time limit where the solver checks it; see
        docs/assignment-solvers.md, "Time and memory limits").
    time_limit_s
        The time limit the solve was given, seconds (None: none).
    """

    solver: str
    status: str
    objective: float = math.nan
    best_bound: float = math.nan
    solve_time_s: float = 0.0
    time_limit_reached: bool = False
    build_time_s: float = 0.0
    time_limit_s: float | None = None

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
        """Warn with ``TimeLimitWarning`` when the solve stopped before proving optimality.

        Parameters
        ----------
        what
            The solve, for the message (``"hub location"``).
        """
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
        if self.build_time_s:
            text += f" (+ {self.build_time_s:.2f} s building the model)"
        if self.time_limit_reached:
            text += " (time limit reached)"
        return text


# ------------------------------------------------------------------ memory budget

#: Share of the machine's physical memory a model may take by default.
DEFAULT_MEMORY_SHARE = 0.5
#: Budget used when the machine's memory cannot be read, MB.
FALLBACK_MEMORY_MB = 4096.0


def physical_memory_mb() -> float | None:
    """Return the machine's physical memory in MB, or None when it cannot be read.

    Uses ``psutil`` when it is installed, else ``os.sysconf`` (POSIX).

    Returns
    -------
    float or None
        Physical memory, MB.
    """
    try:
        import psutil

        return float(psutil.virtual_memory().total) / 2**20
    except ImportError:
        pass
    try:
        return float(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")) / 2**20
    except (AttributeError, ValueError, OSError):  # pragma: no cover - not POSIX
        return None


def default_memory_limit_mb() -> float:
    """Return the default memory budget of one model, MB.

    ``DEFAULT_MEMORY_SHARE`` (half) of the physical memory, or ``FALLBACK_MEMORY_MB``
    when that cannot be read.

    Returns
    -------
    float
        The budget, MB.

    Examples
    --------
    >>> default_memory_limit_mb() > 0
    True
    """
    total = physical_memory_mb()
    return FALLBACK_MEMORY_MB if total is None else DEFAULT_MEMORY_SHARE * total


def check_memory_limit(memory_limit_mb: object) -> float | None:
    """Return a valid ``memory_limit_mb`` (a number > 0, or None for the default).

    Parameters
    ----------
    memory_limit_mb
        The value given.

    Returns
    -------
    float or None
        The value as a float, or None.

    Raises
    ------
    ParameterError
        Not a finite number > 0 (and not None).
    """
    if memory_limit_mb is None:
        return None
    if (
        isinstance(memory_limit_mb, bool)
        or not isinstance(memory_limit_mb, int | float)
        or not math.isfinite(memory_limit_mb)
        or memory_limit_mb <= 0
    ):
        message = (
            f"memory_limit_mb must be a number of MB > 0 (or None for half the machine's "
            f"memory), got {memory_limit_mb!r}"
        )
        raise ParameterError(message)
    return float(memory_limit_mb)


def check_model_size(
    estimate: dict[str, float], memory_limit_mb: float | None, what: str, fix: str
) -> None:
    """Refuse a model whose estimated size exceeds the memory budget.

    Parameters
    ----------
    estimate
        ``variables``, ``rows``, ``nonzeros`` and ``bytes`` (the estimated peak).
    memory_limit_mb
        The budget, MB; None for ``default_memory_limit_mb()``.
    what
        The model, for the message (``"integer arc-based model"``).
    fix
        How to make it smaller, for the message.

    Raises
    ------
    ModelTooLargeError
        The estimate exceeds the budget; the error carries the estimate.
    """
    budget_mb = default_memory_limit_mb() if memory_limit_mb is None else memory_limit_mb
    if estimate["bytes"] <= budget_mb * 2**20:
        return
    message = (
        f"{what} would need about {estimate['bytes'] / 2**30:,.1f} GiB "
        f"({estimate['variables']:,.0f} variables, {estimate['rows']:,.0f} rows, "
        f"{estimate['nonzeros']:,.0f} nonzeros), more than the memory budget of "
        f"{budget_mb / 1024:,.1f} GiB (memory_limit_mb): {fix}"
    )
    raise ModelTooLargeError(message, estimate, budget_mb * 2**20)
