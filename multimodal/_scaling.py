"""The one policy that turns floats into the integers integer solvers need.

CP-SAT (block trains) and the vehicle-routing engines (first-mile collection) work on
integers. A ``ScalingPolicy`` names the factors (integer units per CNY, per hour, per
TEU); ``scale`` applies one, rounding in the direction that keeps integer-feasible
solutions feasible in exact arithmetic, and warns (``ScalingWarning``) when rounding
loses precision or refuses (``SolverError``) when it would overflow 64-bit integers.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np

from .exceptions import ParameterError, ScalingWarning, SolverError

#: Largest integer a scaled objective may reach; beyond it int64 sums can overflow.
_OVERFLOW_LIMIT = 2**62
#: Above this, integers stop being exact as doubles; PyVRP and OR-Tools still work, but warn.
_PRECISION_LIMIT = 2**53


@dataclass(frozen=True)
class ScalingPolicy:
    """How floats become the integers the routing engines need.

    Attributes
    ----------
    name
        Name of the policy (recorded in every plan).
    cost_per_cny
        Integer cost units per CNY (default 100: fen). Arc costs are
        ``round(cost_cny_per_km * distance_km * cost_per_cny)``.
    time_per_h
        Integer time units per hour (default 3600: seconds). Travel and service times are
        rounded *up* and window ends *down*, so a tour the engine finds feasible stays
        feasible in exact arithmetic.
    load_per_teu
        Integer load units per TEU (default 100: hundredths of a TEU). Demands are rounded
        up and capacities down, for the same reason.
    rel_tolerance
        Relative precision loss (sum of rounding errors over sum of values) above which a
        ``ScalingWarning`` is issued.
    """

    name: str = "fen-seconds-centiTEU"
    cost_per_cny: float = 100.0
    time_per_h: float = 3600.0
    load_per_teu: float = 100.0
    rel_tolerance: float = 1e-3

    def __post_init__(self) -> None:
        for attribute in ("cost_per_cny", "time_per_h", "load_per_teu", "rel_tolerance"):
            value = getattr(self, attribute)
            if not (value > 0 and math.isfinite(value)):
                message = f"ScalingPolicy.{attribute} must be a positive number, got {value!r}"
                raise ParameterError(message)


#: The default policy: costs in fen, times in seconds, loads in hundredths of a TEU.
DEFAULT_SCALING = ScalingPolicy()


def scale(
    values: np.ndarray, factor: float, what: str, policy: ScalingPolicy, mode: str = "round"
) -> np.ndarray:
    """Scale ``values`` by ``factor`` to int64, warning on precision loss or overflow.

    Parameters
    ----------
    values
        Non-negative floats (``inf`` is not allowed; callers cap it first).
    factor
        Units per float unit.
    what
        What the values are (for the warning text).
    policy
        The scaling policy (for its tolerance and name).
    mode
        ``"round"``, ``"ceil"`` (conservative for durations and demands) or ``"floor"``
        (conservative for window ends and capacities).

    Returns
    -------
    numpy.ndarray
        int64 array of the same shape.

    Raises
    ------
    SolverError
        A scaled value exceeds the int64-safe limit; use a coarser policy.
    """
    scaled = np.asarray(values, dtype=float) * factor
    # The 1e-6 slack keeps values that are whole up to float noise (16.1 h * 3600) whole.
    if mode == "ceil":
        ints = np.ceil(scaled - 1e-6)
    elif mode == "floor":
        ints = np.floor(scaled + 1e-6)
    else:
        ints = np.round(scaled)
    if ints.size and float(np.max(np.abs(ints))) >= _OVERFLOW_LIMIT:
        message = (
            f"{what} scaled by {factor:g} ({policy.name}) overflow 64-bit integers; "
            "use a ScalingPolicy with a smaller factor"
        )
        raise SolverError(message)
    total = float(np.abs(scaled).sum())
    error = float(np.abs(ints - scaled).sum())
    if total > 0 and error / total > policy.rel_tolerance:
        message = (
            f"scaling {what} to integers ({policy.name}, x{factor:g}) loses "
            f"{error / total:.3%} of their total; use a ScalingPolicy with a larger factor"
        )
        warnings.warn(message, ScalingWarning, stacklevel=3)
    return ints.astype(np.int64)
