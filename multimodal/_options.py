"""One vocabulary for solver options, and the deprecation of the names it replaced.

Every solver that takes these options names them the same way and applies the same
defaults policy (``docs/architecture.md``, "Options"):

``method``
    The formulation or algorithm (``"path"``/``"arc"`` for the assignment, ``"enumeration"``
    /``"mip"`` for hub location, ...).
``solver``
    The backend that solves a formulation (``"highs"``, ``"cp-sat"``, ``"pyvrp"``, ...).
``time_limit_s``
    Wall-clock seconds before the solver stops with its best solution and reports the
    gap. Default ``DEFAULT_TIME_LIMIT_S`` (60 s) for every solver that searches; ``None``
    means no limit (run to proven optimality).
``seed``
    Random seed; the same input and seed give the same answer. Default 0.
``workers``
    Threads or processes; default 1, so that runs are reproducible without care.
"""

from __future__ import annotations

import functools
import inspect
import warnings
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

from ._validate import check_number
from .exceptions import ParameterError

#: Default wall-clock limit of every solver that searches (MIP, CP-SAT, local search), s.
DEFAULT_TIME_LIMIT_S = 60.0
#: Default random seed.
DEFAULT_SEED = 0
#: Default number of threads or processes.
DEFAULT_WORKERS = 1

P = ParamSpec("P")
R = TypeVar("R")


def check_time_limit(time_limit_s: object) -> float | None:
    """Return a valid ``time_limit_s`` (positive seconds or None) or raise ``ParameterError``."""
    return check_number(
        time_limit_s, "time_limit_s", unit="s", minimum=0, strict=True, allow_none=True
    )


def check_seed(seed: object) -> int:
    """Return a valid ``seed`` (an int >= 0) or raise ``ParameterError``."""
    if isinstance(seed, bool) or not isinstance(seed, int) or seed < 0:
        message = f"seed must be a whole number >= 0, got {seed!r}"
        raise ParameterError(message)
    return seed


def check_workers(workers: object) -> int:
    """Return a valid ``workers`` (an int >= 1) or raise ``ParameterError``."""
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        message = f"workers must be a whole number >= 1, got {workers!r}"
        raise ParameterError(message)
    return workers


def renamed(**old_to_new: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Accept old keyword names for one release, with a ``DeprecationWarning``.

    >>> @renamed(engine="solver")
    ... def solve(*, solver="a"):
    ...     return solver
    >>> import warnings
    >>> with warnings.catch_warnings(record=True):
    ...     solve(engine="b")
    'b'
    """

    def decorate(function: Callable[P, R]) -> Callable[P, R]:
        accepted = inspect.signature(function).parameters
        for new in old_to_new.values():
            if new not in accepted:  # pragma: no cover - a programming error
                message = f"{function.__qualname__} has no parameter {new!r}"
                raise TypeError(message)

        @functools.wraps(function)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            for old, new in old_to_new.items():
                if old not in kwargs:
                    continue
                if new in kwargs:
                    message = (
                        f"{function.__name__}() got both {old!r} (deprecated) and {new!r}; "
                        f"give only {new!r}"
                    )
                    raise ParameterError(message)
                warnings.warn(
                    f"{function.__name__}({old}=...) is deprecated and will be removed in "
                    f"the next release; use {new}=... instead",
                    DeprecationWarning,
                    stacklevel=2,
                )
                kwargs[new] = kwargs.pop(old)
            return function(*args, **kwargs)

        return wrapper

    return decorate


def options_meta(**options: Any) -> dict[str, Any]:
    """The options of a run as plain values, for a result's ``meta["options"]``."""
    return {key: value for key, value in sorted(options.items())}
