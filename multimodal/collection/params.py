"""How ``collect`` solves and what it assumes: ``CollectParams`` and the defaults.

``collect`` takes the problem (terminal, pickups, fleet, cut-off, distances) as
arguments and everything else in one frozen ``CollectParams``, validated when it is
made (PyVRP's ``SolveParams`` style). The option names follow the library's vocabulary
(``docs/architecture.md``, "Options"): ``solver``, ``time_limit_s``, ``seed``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from .._options import DEFAULT_SEED, DEFAULT_TIME_LIMIT_S, check_seed, check_time_limit
from .._scaling import DEFAULT_SCALING, ScalingPolicy
from .._validate import check_choice, check_number
from ..exceptions import ParameterError
from ._clock import parse_clock

#: The routing backends (``_engines``).
SOLVERS = ("pyvrp", "ortools")
#: The solver used when none is named (the better one in docs/benchmarks/collection.md).
DEFAULT_SOLVER = "pyvrp"
#: Road distance over straight-line distance (EST: typical 1.2-1.4 for regional roads).
DEFAULT_DETOUR_FACTOR = 1.3
#: Average truck speed on first-mile roads, km/h (EST: low end of the 50-65 km/h in
#: shared/factsheet.md for Chinese trucks, since first-mile legs run on local roads).
DEFAULT_SPEED_KMH = 50.0
#: Loading time at a factory when the pickups table has no ``service_h`` (EST).
DEFAULT_SERVICE_H = 0.5
#: Farthest a point may be from the road node it is snapped to, km.
DEFAULT_SNAP_KM = 10.0
#: The terminal's id in a plan's tables when none is given.
DEFAULT_DEPOT_ID = "terminal"


@dataclass(frozen=True)
class CollectParams:
    """Options of ``collect``: solver, limits and assumptions.

    Attributes
    ----------
    solver
        ``"pyvrp"`` (default) or ``"ortools"``.
    time_limit_s
        Wall-clock limit for the solver, s (default ``DEFAULT_TIME_LIMIT_S``, 60 s). Both
        solvers are heuristics that search until stopped, so ``None`` (no limit) needs
        ``max_iterations``.
    seed
        Random seed (PyVRP); same seed and same iteration limit, same tours.
    max_iterations
        Optional iteration limit (PyVRP iterations, OR-Tools solutions); set it for results
        that do not depend on machine speed.
    start
        Earliest time trucks may leave the terminal: hours since midnight, or ``"HH:MM"``
        (default 00:00). Stored as hours.
    depot_id
        Terminal id in the plan's tables (and in labelled distance matrices).
    allow_unserved
        If ``False`` every pickup must be served; the plan is ``"not_solved"`` when the
        solver cannot find such a plan.
    detour_factor
        Road over straight-line distance where no matrix or road layer gives one
        (default 1.3, EST).
    speed_kmh
        Average speed where no duration matrix or road layer gives times (default
        50 km/h, EST).
    default_service_h
        Loading time at pickups without a ``service_h`` column (default 0.5 h, EST).
    snap_km
        With a network: farthest a point may be from the road node it is snapped to (km).
    scaling
        Integer scaling policy for the solvers (default fen / seconds / 0.01 TEU).
    verbose
        Show the solver's own log: PyVRP's progress display goes to the ``multimodal``
        logger at INFO; OR-Tools routing's ``log_search`` is written by its C++ logging
        to standard error. Never into the plan, and the plan is the same with or
        without it (default False).

    Raises
    ------
    ParameterError
        An unknown solver or an out-of-range value, named with the fix.

    Examples
    --------
    >>> params = CollectParams(solver="ortools", time_limit_s=5, start="06:00")
    >>> params.start
    6.0
    >>> params.replace(seed=3).seed
    3
    """

    solver: str = DEFAULT_SOLVER
    time_limit_s: float | None = DEFAULT_TIME_LIMIT_S
    seed: int = DEFAULT_SEED
    max_iterations: int | None = None
    start: float | str = 0.0
    depot_id: str = DEFAULT_DEPOT_ID
    allow_unserved: bool = True
    detour_factor: float = DEFAULT_DETOUR_FACTOR
    speed_kmh: float = DEFAULT_SPEED_KMH
    default_service_h: float = DEFAULT_SERVICE_H
    snap_km: float = DEFAULT_SNAP_KM
    scaling: ScalingPolicy = DEFAULT_SCALING
    verbose: bool = False

    def __post_init__(self) -> None:
        check_choice(self.solver, "solver", SOLVERS)
        check_time_limit(self.time_limit_s)
        check_seed(self.seed)
        self._check_iterations()
        object.__setattr__(self, "start", parse_clock(self.start, "start"))
        if not isinstance(self.depot_id, str) or not self.depot_id.strip():
            message = f"depot_id must be a non-empty text, got {self.depot_id!r}"
            raise ParameterError(message)
        if not isinstance(self.allow_unserved, bool):
            message = f"allow_unserved must be True or False, got {self.allow_unserved!r}"
            raise ParameterError(message)
        check_number(self.detour_factor, "detour_factor", minimum=1.0)
        check_number(self.speed_kmh, "speed_kmh", unit="km/h", minimum=0, strict=True)
        check_number(self.default_service_h, "default_service_h", unit="h", minimum=0)
        check_number(self.snap_km, "snap_km", unit="km", minimum=0)
        if not isinstance(self.verbose, bool):
            message = f"verbose must be True or False, got {self.verbose!r}"
            raise ParameterError(message)
        if not isinstance(self.scaling, ScalingPolicy):
            message = f"scaling must be a ScalingPolicy, got {type(self.scaling).__name__}"
            raise ParameterError(message)

    def _check_iterations(self) -> None:
        iterations = self.max_iterations
        if iterations is not None and (
            isinstance(iterations, bool) or not isinstance(iterations, int) or iterations < 1
        ):
            message = f"max_iterations must be a whole number >= 1 or None, got {iterations!r}"
            raise ParameterError(message)
        if self.time_limit_s is None and iterations is None:
            message = (
                "time_limit_s=None needs max_iterations: both solvers are heuristics that "
                "search until stopped; give a time limit or an iteration limit"
            )
            raise ParameterError(message)

    @property
    def start_h(self) -> float:
        """The earliest departure, hours since midnight."""
        return float(self.start)

    def replace(self, **changes: Any) -> CollectParams:
        """A copy with some options changed (validated again)."""
        return dataclasses.replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """The options as plain values (the scaling policy by its name), for ``meta``."""
        values = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        values["scaling"] = self.scaling.name
        return values
