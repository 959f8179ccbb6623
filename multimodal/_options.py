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

import dataclasses
import functools
import inspect
import warnings
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ParamSpec, TypeVar

from ._validate import check_number, did_you_mean
from .exceptions import ParameterError

#: Default wall-clock limit of every solver that searches (MIP, CP-SAT, local search), s.
DEFAULT_TIME_LIMIT_S = 60.0
#: Default random seed.
DEFAULT_SEED = 0
#: Default number of threads or processes.
DEFAULT_WORKERS = 1

P = ParamSpec("P")
R = TypeVar("R")
T = TypeVar("T")


#: The largest seed and worker count the solvers take (their parameters are 32-bit).
MAX_SEED = 2**31 - 1
#: The longest time limit the solvers take (s, about 30 years; None means no limit).
MAX_TIME_LIMIT_S = 1e9


def check_time_limit(time_limit_s: object) -> float | None:
    """Return a valid ``time_limit_s`` (positive seconds or None) or raise ``ParameterError``."""
    return check_number(
        time_limit_s,
        "time_limit_s",
        unit="s; None for no limit",
        minimum=0,
        strict=True,
        maximum=MAX_TIME_LIMIT_S,
        allow_none=True,
    )


def check_seed(seed: object) -> int:
    """Return a valid ``seed`` (an int >= 0) or raise ``ParameterError``."""
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed <= MAX_SEED:
        message = f"seed must be a whole number >= 0 and <= {MAX_SEED}, got {seed!r}"
        raise ParameterError(message)
    return seed


def check_workers(workers: object, name: str = "workers") -> int:
    """Return a valid ``workers`` (an int >= 1) or raise ``ParameterError`` naming ``name``."""
    if isinstance(workers, bool) or not isinstance(workers, int) or not 1 <= workers <= MAX_SEED:
        message = f"{name} must be a whole number >= 1 and <= {MAX_SEED}, got {workers!r}"
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


def moved_to_params(  # noqa: PLR0913 - the call, the target and how the old keywords map
    function_name: str,
    given: Mapping[str, Any],
    params_type: type[T],
    params: T | None,
    *,
    renamed: Mapping[str, str] | None = None,
    fields: Iterable[str] | None = None,
    also: Iterable[str] = (),
    override: bool = False,
    stacklevel: int = 2,
) -> T:
    """``params``, with the options given the old way (as keywords) moved into it.

    The one deprecation path for keywords that moved into a frozen ``*Params`` dataclass.
    A public function collects them with ``**moved`` and calls this first thing. Each old
    keyword warns with a ``DeprecationWarning`` naming the old and the new spelling.

    Parameters
    ----------
    function_name
        The public function, for messages (``"assign"``).
    given
        The keywords the caller gave that the signature does not name (``**moved``).
    params_type
        The dataclass the options moved into.
    params
        The ``params=`` the caller gave, or None (then ``params_type()`` is the base).
    renamed
        Old keywords whose field has another name: old -> field (``{"engine": "solver"}``).
    fields
        The fields that were keywords under their own name; default every field.
    also
        The function's other keywords, offered in the did-you-mean of an unknown keyword.
    override
        False (default): ``params=`` together with old keywords is refused. True: the old
        keywords override the fields of ``params``.
    stacklevel
        As for ``warnings.warn``, seen from the function that calls this: 2 (default)
        points at its caller; one more for every decorator around it.

    Returns
    -------
    The params: ``params`` (or the defaults) when no old keyword was given.

    Raises
    ------
    ParameterError
        An unknown keyword (with a suggestion), an option given both ways, ``params=``
        and old keywords together (unless ``override``), or a ``params`` of another type.

    Examples
    --------
    >>> @dataclasses.dataclass(frozen=True)
    ... class SolveParams:
    ...     solver: str = "a"
    ...     rounds: int = 1
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     moved_to_params("solve", {"engine": "b"}, SolveParams, None, renamed={"engine": "solver"})
    SolveParams(solver='b', rounds=1)
    >>> print(caught[0].message)
    solve(engine=...) is deprecated and will be removed in the next release; use params=SolveParams(solver=...) instead
    >>> moved_to_params("solve", {"round": 2}, SolveParams, None)
    Traceback (most recent call last):
    multimodal.exceptions.ParameterError: solve() got an unexpected keyword argument 'round'; did you mean 'rounds'?
    """  # noqa: E501 - a warning and an error message as printed
    if params is not None and not isinstance(params, params_type):
        message = f"params must be a {params_type.__name__}, got {type(params).__name__}"
        raise ParameterError(message)
    if not given:
        return params if params is not None else params_type()
    field_names = [f.name for f in dataclasses.fields(params_type)]  # type: ignore[arg-type]
    old_to_new = {name: name for name in (field_names if fields is None else fields)}
    old_to_new.update(renamed or {})
    changes: dict[str, Any] = {}
    spelled: dict[str, str] = {}
    for old, value in given.items():
        new = old_to_new.get(old)
        if new is None:
            message = f"{function_name}() got an unexpected keyword argument {old!r}"
            raise ParameterError(message + did_you_mean(old, [*old_to_new, *also, "params"]))
        if new in changes:
            first = spelled[new]
            deprecated, other = (first, old) if first != new else (old, first)
            message = (
                f"{function_name}() got both {deprecated!r} (deprecated) and {other!r}; "
                f"give only {new!r}"
            )
            raise ParameterError(message)
        changes[new] = value
        spelled[new] = old
    if params is not None and not override:
        names = ", ".join(f"{old}=" for old in given)
        message = (
            f"{function_name}() got params= and {names}: give the options either in params= "
            "or as keywords, not both"
        )
        raise ParameterError(message)
    for new, old in spelled.items():
        warnings.warn(
            f"{function_name}({old}=...) is deprecated and will be removed in the next release; "
            f"use params={params_type.__name__}({new}=...) instead",
            DeprecationWarning,
            stacklevel=stacklevel + 1,
        )
    base = params if params is not None else params_type()
    return dataclasses.replace(base, **changes)  # type: ignore[type-var]


def options_meta(**options: Any) -> dict[str, Any]:
    """The options of a run as plain values, for a result's ``meta["options"]``."""
    return {key: value for key, value in sorted(options.items())}
