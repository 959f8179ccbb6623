"""Checking and normalising the values a change is given (by a user or read from a file).

Numbers go through ``multimodal._validate`` (``check_number``, ``is_missing``), so
"missing" and "a number" mean what they mean everywhere else; errors are
``ParameterError`` (a ``ValueError``), which ``Scenario`` wraps with the scenario and
the change that gave the value.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import cast

import numpy as np
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from .._validate import check_number, is_missing
from ..exceptions import ParameterError
from ..modes import split_list

#: Columns that hold ``;``-separated lists: a list or tuple given for them is joined.
LIST_COLUMNS = frozenset({"modes", "port_modes", "designated", "source", "estimated", "timetable"})


def text(value: object, what: str, *, empty: bool = False) -> str:
    """``value`` stripped, if it is text (and not empty, unless ``empty``)."""
    if not isinstance(value, str):
        message = f"{what} must be text, got {value!r}"
        raise ParameterError(message)
    value = value.strip()
    if not value and not empty:
        message = f"{what} must not be empty"
        raise ParameterError(message)
    return value


def names(value: object, what: str) -> tuple[str, ...]:
    """A list of words given as a list/tuple or a ``;``-separated string."""
    if isinstance(value, str):
        return tuple(split_list(value))
    if isinstance(value, list | tuple):
        return tuple(text(v, f"each item of {what}") for v in value)
    message = f"{what} must be a list of names or a ';'-separated string, got {value!r}"
    raise ParameterError(message)


def number(
    value: object, what: str, *, minimum: float | None = None, strict: bool = False
) -> float:
    """``value`` as a finite float, at least (or, with ``strict``, above) ``minimum``."""
    # allow_none is off: a float comes back, or ParameterError is raised
    return cast(float, check_number(value, what, minimum=minimum, strict=strict))


def flag(value: object, what: str) -> bool:
    """``value`` if it is a bool; text such as ``"yes"`` is refused, not guessed."""
    if not isinstance(value, bool):
        message = f"{what} must be true or false, got {value!r}"
        raise ParameterError(message)
    return value


def plain(value: object) -> object:
    """Canonical form of a cell value given by a user or read from a file.

    Missing numbers (None, NaN) become None; lists become tuples; numpy scalars become
    Python ones. Canonical values make equal scenarios compare equal (NaN != NaN).
    Text is kept as it is (even blank text: it is a value, not a missing number).
    """
    if not isinstance(value, str) and is_missing(value):
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, list | tuple):
        return tuple(plain(v) for v in value)
    return value


def missing(value: object) -> bool:
    """Whether a value a change gives is absent: None, NaN or empty text."""
    return missing_number(value) or (isinstance(value, str) and value == "")


def frozen_mapping(value: object, what: str) -> Mapping[str, object]:
    """A read-only copy of a ``column = value`` table, values in canonical form.

    Raises
    ------
    ParameterError
        For something else than a table, a column name that is not text, or a cell
        that is not a number, text, true/false, a missing value (None, NaN), a geometry
        or a list of those (a nested table, a set or a date is refused).
    """
    if not isinstance(value, Mapping):
        message = f"{what} must be a table of column = value, got {value!r}"
        raise ParameterError(message)
    for key, cell in value.items():
        if not isinstance(key, str):
            message = f"{what}: column names must be text, got {key!r}"
            raise ParameterError(message)
        if not _is_cell(cell):
            message = (
                f"{what}: column {key!r} holds {type(cell).__name__} {cell!r}; give a number, "
                "text, true/false or a list of them"
            )
            raise ParameterError(message)
    return MappingProxyType({key: plain(v) for key, v in value.items()})


def _is_cell(value: object) -> bool:
    """Whether a value can be a cell: a scalar, a geometry, or a list of cells."""
    if value is None or isinstance(value, str | bool | int | float | np.generic | BaseGeometry):
        return True
    if isinstance(value, list | tuple):
        return all(_is_cell(v) for v in value)
    return False


def point(row: dict[str, object], what: str) -> None:
    """Turn ``lon``/``lat`` (or a coordinate pair) into a point geometry, in place."""
    if "lon" in row or "lat" in row:
        if "geometry" in row:
            message = f"{what}: give either lon/lat or geometry, not both"
            raise ParameterError(message)
        lon = number(row.pop("lon", None), f"{what}: lon")
        lat = number(row.pop("lat", None), f"{what}: lat")
        row["geometry"] = Point(lon, lat)
    geometry = row.get("geometry")
    if isinstance(geometry, tuple) and len(geometry) == 2:
        row["geometry"] = Point(
            number(geometry[0], f"{what}: lon"), number(geometry[1], f"{what}: lat")
        )
    elif geometry is not None and not isinstance(geometry, BaseGeometry):
        message = f"{what}: geometry must be a point, or give lon and lat"
        raise ParameterError(message)


def line(row: dict[str, object], what: str) -> None:
    """Turn a list of ``[lon, lat]`` pairs into a line geometry, in place."""
    geometry = row.get("geometry")
    if isinstance(geometry, tuple):
        if not all(isinstance(pair, tuple) and len(pair) == 2 for pair in geometry):
            message = f"{what}: geometry must be a list of [lon, lat] pairs"
            raise ParameterError(message)
        coords = [
            (number(x, f"{what}: geometry lon"), number(y, f"{what}: geometry lat"))
            for x, y in geometry
        ]
        if len(coords) < 2:
            message = f"{what}: a line needs at least two [lon, lat] pairs"
            raise ParameterError(message)
        row["geometry"] = LineString(coords)
    elif geometry is not None and not isinstance(geometry, BaseGeometry):
        message = f"{what}: geometry must be a list of [lon, lat] pairs"
        raise ParameterError(message)


def join(*parts: object) -> str:
    """Append to a ``;``-list without duplicates, keeping the order."""
    items: list[str] = []
    for part in parts:
        for item in split_list(part):
            if item not in items:
                items.append(item)
    return ";".join(items)


def show(value: object) -> str:
    """A value as a change's description shows it (``null``, ``1.5``, text)."""
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def to_plain(value: object) -> object:
    """A change's field value as plain data for TOML/YAML (geometry as coordinates)."""
    if isinstance(value, Mapping):
        out: dict[str, object] = {}
        for key, v in value.items():
            if key == "geometry" and isinstance(v, Point):
                out["lon"], out["lat"] = v.x, v.y
            elif key == "geometry" and isinstance(v, LineString):
                out["geometry"] = [[x, y] for x, y in v.coords]
            else:
                out[key] = to_plain(v)
        return out
    if isinstance(value, tuple):
        return [to_plain(v) for v in value]
    return value


def hashable(value: object) -> object:
    """A hashable stand-in for a field value (mappings as sorted items, geometry as WKB)."""
    if isinstance(value, Mapping):
        return tuple(sorted((k, hashable(v)) for k, v in value.items()))
    if isinstance(value, tuple):
        return tuple(hashable(v) for v in value)
    if isinstance(value, BaseGeometry):
        return value.wkb
    return value


def same(a: object, b: object) -> bool:
    """Whether two cells hold the same value (missing equals missing; exact geometry)."""
    if missing_number(a) and missing_number(b):
        return True
    if isinstance(a, BaseGeometry) or isinstance(b, BaseGeometry):
        return (
            isinstance(a, BaseGeometry) and isinstance(b, BaseGeometry) and a.equals_exact(b, 0.0)
        )
    return bool(a == b)


def missing_number(value: object) -> bool:
    """None or NaN (text, even blank, is a value)."""
    return not isinstance(value, str) and is_missing(value)
