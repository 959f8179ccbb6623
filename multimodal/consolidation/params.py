"""The options of ``consolidate``, in one frozen value.

``ConsolidateParams`` follows the library's option vocabulary (``docs/architecture.md``,
"Options"): ``method`` (the formulation), ``solver`` (the backend), ``time_limit_s``,
``seed`` and ``workers``, plus the integer ``scaling`` policy. It is validated when
made, so a bad option fails before any work is done.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .._options import (
    DEFAULT_SEED,
    DEFAULT_TIME_LIMIT_S,
    DEFAULT_WORKERS,
    check_seed,
    check_time_limit,
    check_workers,
)
from .._scaling import ScalingPolicy
from .._validate import did_you_mean
from ..exceptions import DataValidationError, ParameterError, Problem
from ._cpsat.data import FEN_MINUTES, SCALINGS

__all__ = ["METHODS", "SOLVERS", "ConsolidateParams"]

#: Formulations: ``"aggregated"`` (decomposition, integer group counts, hint) and
#: ``"naive"`` (one Boolean per shipment and departure: the benchmark baseline).
METHODS = ("aggregated", "naive")
#: Backends.
SOLVERS = ("cp-sat",)


@dataclass(frozen=True)
class ConsolidateParams:
    """How ``consolidate`` solves.

    Parameters
    ----------
    method
        ``"aggregated"`` (default: decomposition into independent components, integer
        counts per group of interchangeable boxes, greedy hint) or ``"naive"`` (one
        Boolean per shipment and departure: the benchmark baseline).
    solver
        The backend; ``"cp-sat"`` (OR-Tools CP-SAT) is the only one.
    time_limit_s
        Wall-clock budget over all sub-problems, seconds (default
        ``DEFAULT_TIME_LIMIT_S`` = 60 s); ``None`` runs to proven optimality.
    seed
        CP-SAT random seed (default 0).
    workers
        CP-SAT threads per solve (default 1). With several workers the optimum is
        re-solved by one worker, so the same input and seed give the same plan.
    scaling
        The integer policy: a ``ScalingPolicy``, or
        ``"fen"`` (default: CNY x 100, times in whole minutes) or ``"cny"`` (whole CNY,
        for very large instances near int64 overflow).
    verbose
        Show CP-SAT's own log (``log_search_progress``): its lines go to the
        ``multimodal`` logger at INFO, never into the plan, and the plan is the same
        with or without it (default False).

    Raises
    ------
    DataValidationError
        Listing every bad option at once (it is a ``ValueError``).

    Examples
    --------
    >>> ConsolidateParams(time_limit_s=5, workers=2).method
    'aggregated'
    >>> ConsolidateParams(scaling="cny").scaling.cost_per_cny
    1.0
    """

    method: str = "aggregated"
    solver: str = "cp-sat"
    time_limit_s: float | None = DEFAULT_TIME_LIMIT_S
    seed: int = DEFAULT_SEED
    workers: int = DEFAULT_WORKERS
    scaling: ScalingPolicy | str = FEN_MINUTES
    verbose: bool = False

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        if not isinstance(self.verbose, bool):
            message = f"verbose must be True or False, got {self.verbose!r}"
            problems.append(Problem(message, column="verbose"))
        checks = (
            ("time_limit_s", check_time_limit),
            ("seed", check_seed),
            ("workers", check_workers),
        )
        for name, check in checks:
            try:
                value = check(getattr(self, name))
            except ParameterError as error:
                problems.append(Problem(str(error), column=name))
            else:
                object.__setattr__(self, name, value)
        if not isinstance(self.method, str) or self.method not in METHODS:
            message = (
                f"method (the formulation) must be one of {METHODS}, got {self.method!r}"
                f"{did_you_mean(self.method, METHODS)}"
            )
            problems.append(Problem(message, column="method"))
        if not isinstance(self.solver, str) or self.solver not in SOLVERS:
            message = f"solver must be one of {SOLVERS}, got {self.solver!r}"
            problems.append(Problem(message, column="solver"))
        if isinstance(self.scaling, str) and self.scaling in SCALINGS:
            object.__setattr__(self, "scaling", SCALINGS[self.scaling])
        elif not isinstance(self.scaling, ScalingPolicy):
            message = (
                f"scaling must be a ScalingPolicy or one of {tuple(SCALINGS)}, got {self.scaling!r}"
            )
            problems.append(Problem(message, column="scaling"))
        if problems:
            raise DataValidationError(problems)

    @property
    def policy(self) -> ScalingPolicy:
        """The integer scaling policy (``scaling`` as a ``ScalingPolicy``)."""
        assert isinstance(self.scaling, ScalingPolicy)  # __post_init__ converted it
        return self.scaling

    def to_dict(self) -> dict[str, Any]:
        """The options as plain values (for a plan's ``meta``)."""
        return {
            "method": self.method,
            "solver": self.solver,
            "time_limit_s": self.time_limit_s,
            "seed": self.seed,
            "workers": self.workers,
            "scaling": self.policy.name,
            "verbose": self.verbose,
        }
