"""The result protocol that every public result follows (``docs/architecture.md``).

A result is a frozen dataclass holding tables. It offers:

- ``summary() -> str``, also its ``str()``: a few lines a person reads;
- ``to_frame() -> pandas.DataFrame``: its main table;
- ``to_geodataframe() -> geopandas.GeoDataFrame``, where the result is geographic;
- ``plot(ax=None, **kw) -> Axes``: a static picture (a map or a chart);
- ``explore(m=None, **kw) -> folium.Map``, where the result is geographic;
- ``solve_info``: a ``SolveInfo`` for results of an optimisation, else None;
- ``meta``: where it came from (inputs, options, seed, versions), see ``run_meta``.

``ResultMixin`` gives ``__str__``; ``run_meta`` builds ``meta``. The protocol classes
let a test (and a type checker) walk every result.
"""

from __future__ import annotations

import functools
import hashlib
import platform
from abc import ABC, abstractmethod
from collections.abc import Mapping
from importlib import metadata
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

if TYPE_CHECKING:
    import folium
    import geopandas as gpd
    import pandas as pd
    from matplotlib.axes import Axes

    from ._ortools import SolveInfo

#: Packages whose versions every result records.
_VERSIONED = ("multimodal", "ortools", "networkx", "numpy", "scipy", "pandas", "geopandas")


@runtime_checkable
class Result(Protocol):
    """What every result offers."""

    @property
    def meta(self) -> Mapping[str, Any]: ...

    @property
    def solve_info(self) -> SolveInfo | None: ...

    def summary(self) -> str: ...

    def to_frame(self) -> pd.DataFrame: ...

    def plot(self, ax: Axes | None = None) -> Axes: ...


@runtime_checkable
class GeoResult(Result, Protocol):
    """A result with a place on the map."""

    def to_geodataframe(self) -> gpd.GeoDataFrame: ...

    def explore(self, m: folium.Map | None = None) -> folium.Map: ...


class ResultMixin(ABC):
    """``str(result)`` is ``result.summary()``; a result that defines no summary cannot exist."""

    @abstractmethod
    def summary(self) -> str:
        """A few lines a person reads."""

    def __str__(self) -> str:
        return self.summary()


@functools.cache
def _versions() -> tuple[tuple[str, str], ...]:
    found = [("python", platform.python_version())]
    for package in _VERSIONED:
        try:
            found.append((package, metadata.version(package)))
        except metadata.PackageNotFoundError:  # pragma: no cover - all are dependencies
            found.append((package, "not installed"))
    return tuple(found)


def versions() -> dict[str, str]:
    """Versions of Python and of the packages a result depends on (looked up once)."""
    return dict(_versions())


def content_hash(*parts: object) -> str:
    """A short, stable hash of the given parts' text (e.g. a network's tables)."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(repr(part).encode("utf-8"))
        digest.update(b"\x00")
    return digest.hexdigest()[:16]


def run_meta(
    function: str,
    *,
    inputs: Mapping[str, Any] | None = None,
    options: Mapping[str, Any] | None = None,
    seed: int | None = None,
) -> dict[str, Any]:
    """Where a result came from, as a plain dict (so results pickle across processes).

    Parameters
    ----------
    function
        The public function that made the result (``"assign"``).
    inputs
        What it was given, summarised (a network's name and content hash, table sizes).
    options
        The options it ran with (``method``, ``solver``, ``time_limit_s``, ...).
    seed
        The random seed, when the solver takes one.

    No timestamp is recorded, so two runs of the same input compare equal.
    """
    return {
        "function": function,
        "inputs": dict(inputs or {}),
        "options": dict(options or {}),
        "seed": seed,
        "versions": versions(),
    }
