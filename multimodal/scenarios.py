"""Scenarios: named, documented sets of changes to a network (the proposals of a plan).

A ``Scenario`` is a value: a name, a title, a description, the section of the plan it
models and a tuple of changes. ``Scenario.apply(base)`` returns a **new** network (the
base is never touched), validated like any other; ``Scenario.inverse(base)`` gives the
changes that undo it. Scenarios are written in Python or read from TOML or YAML files;
the bundled ones (``load_scenarios()``) model the proposals of the Shaanxi port plan.

Change kinds (``kind`` in files; each is a frozen dataclass here):

``add_node`` / ``remove_node``
    A full node row (``lon``/``lat`` or a point geometry); removal refuses while links
    remain at the node unless ``cascade = true``, which removes them too.
``add_link`` / ``remove_link``
    A full link row (geometry optional: a straight line is drawn); removal by id.
``set_node`` / ``set_link``
    New values for some columns of one node or link.
``scale_link``
    Multiply a numeric link column by a factor, for links chosen by id and/or by
    corridor and mode.
``open_port``
    Open a Chinese node as a port for some modes (``formal`` or ``temporary``), with
    designated cargo classes; customs figures default to the data's EST-CUSTOMS rule.
``add_service``
    A scheduled train (or ship) line through a list of stops: one link per consecutive
    pair of stops, figures given or derived from the data's estimate rules.

Every error names the scenario, the change (numbered from 1) and what is wrong.

Examples
--------
>>> import multimodal as mm
>>> from multimodal.scenarios import OpenPort, Scenario
>>> net = mm.load_network()
>>> yulin = Scenario("yulin", changes=[OpenPort("UYN", modes=["air"], status="formal")])
>>> yulin.apply(net).node("UYN")["port_status"]
'formal'
>>> net.node("UYN")["port_status"]
'temporary'
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import json
import logging
import math
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, ClassVar

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from ._geo import haversine_km
from .exceptions import DataValidationError, Problem, UnknownNodeError
from .io import PathLike, data_dir
from .modes import CargoClass, Mode, split_list
from .network import Network, _normalise
from .schema import (
    LINK_COLUMNS,
    NODE_COLUMNS,
    OPEN_PORT_STATUSES,
)

logger = logging.getLogger("multimodal")

#: Columns that hold ``;``-separated lists: a list or tuple given for them is joined.
LIST_COLUMNS = frozenset({"modes", "port_modes", "designated", "source", "estimated", "timetable"})

#: Customs figures given to a newly opened port that has none (docs/data.md, EST-CUSTOMS):
#: RMB 450 per TEU (documentation charge proxy, FS-3-LOCAL) and 2 h.
DEFAULT_CUSTOMS_COST_CNY_PER_TEU = 450.0
DEFAULT_CUSTOMS_H = 2.0


@dataclass(frozen=True)
class ServiceRule:
    """How ``add_service`` derives the figures of a leg that are not given.

    ``distance_km = great-circle x route_factor``; ``time_h = distance_km / speed_kmh``;
    ``cost_cny = fixed_cny + cny_per_km x distance_km`` (per TEU); ``source`` names the
    docs/data.md rules these come from.
    """

    route_factor: float
    speed_kmh: float
    fixed_cny: float
    cny_per_km: float
    source: str


#: Derivation rules by mode (docs/data.md section 3). Rail: EST-RAILDIST (short links:
#: great-circle x 1.3), EST-RAILTIME (800 km a day), EST-RAILCOST (RMB 500 + 2.205 per
#: TEU-km, FS-3-RAIL-INTL). Sea services must give their figures.
SERVICE_RULES: dict[str, ServiceRule] = {
    "rail": ServiceRule(1.3, 800.0 / 24.0, 500.0, 2.205, "EST-RAILDIST;EST-RAILTIME;EST-RAILCOST"),
}

_SERVICE_MODES = ("rail", "sea")
_PORT_STATUSES = tuple(sorted(OPEN_PORT_STATUSES))
_NODE_KIND = {c.name: c.kind for c in NODE_COLUMNS}
_LINK_KIND = {c.name: c.kind for c in LINK_COLUMNS}


# --------------------------------------------------------------------------------------
# small value checks used by the change constructors (ValueError: the scenario adds where)
# --------------------------------------------------------------------------------------
def _text(value: object, what: str, *, empty: bool = False) -> str:
    if not isinstance(value, str):
        message = f"{what} must be text, got {value!r}"
        raise ValueError(message)
    value = value.strip()
    if not value and not empty:
        message = f"{what} must not be empty"
        raise ValueError(message)
    return value


def _names(value: object, what: str) -> tuple[str, ...]:
    """A list of words given as a list/tuple or a ``;``-separated string."""
    if isinstance(value, str):
        return tuple(split_list(value))
    if isinstance(value, list | tuple):
        return tuple(_text(v, f"each item of {what}") for v in value)
    message = f"{what} must be a list of names or a ';'-separated string, got {value!r}"
    raise ValueError(message)


def _number(value: object, what: str, *, minimum: float | None = None, strict: bool = False):
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        message = f"{what} must be a number, got {value!r}"
        raise ValueError(message)
    value = float(value)
    if not math.isfinite(value):
        message = f"{what} must be a finite number, got {value!r}"
        raise ValueError(message)
    if minimum is not None and (value <= minimum if strict else value < minimum):
        bound = f"greater than {minimum:g}" if strict else f"at least {minimum:g}"
        message = f"{what} must be {bound}, got {value:g}"
        raise ValueError(message)
    return value


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))


def _plain(value: object) -> object:
    """Canonical form of a cell value given by a user or read from a file.

    Missing numbers (None, NaN) become None; lists become tuples; numpy scalars become
    Python ones. Canonical values make equal scenarios compare equal (NaN != NaN).
    """
    if _is_missing(value):
        return None
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    if isinstance(value, list | tuple):
        return tuple(_plain(v) for v in value)
    return value


def _frozen_mapping(value: object, what: str) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        message = f"{what} must be a table of column = value, got {value!r}"
        raise ValueError(message)
    for key in value:
        if not isinstance(key, str):
            message = f"{what}: column names must be text, got {key!r}"
            raise ValueError(message)
    return MappingProxyType({key: _plain(v) for key, v in value.items()})


def _point(row: dict[str, object], what: str) -> None:
    """Turn ``lon``/``lat`` (or a coordinate pair) into a point geometry, in place."""
    if "lon" in row or "lat" in row:
        if "geometry" in row:
            message = f"{what}: give either lon/lat or geometry, not both"
            raise ValueError(message)
        lon = _number(row.pop("lon", None), f"{what}: lon")
        lat = _number(row.pop("lat", None), f"{what}: lat")
        row["geometry"] = Point(lon, lat)
    geometry = row.get("geometry")
    if isinstance(geometry, tuple) and len(geometry) == 2:
        row["geometry"] = Point(
            _number(geometry[0], f"{what}: lon"), _number(geometry[1], f"{what}: lat")
        )
    elif geometry is not None and not isinstance(geometry, BaseGeometry):
        message = f"{what}: geometry must be a point, or give lon and lat"
        raise ValueError(message)


def _line(row: dict[str, object], what: str) -> None:
    """Turn a list of ``[lon, lat]`` pairs into a line geometry, in place."""
    geometry = row.get("geometry")
    if isinstance(geometry, tuple):
        try:
            coords = [(float(x), float(y)) for x, y in geometry]
        except (TypeError, ValueError):
            message = f"{what}: geometry must be a list of [lon, lat] pairs"
            raise ValueError(message) from None
        if len(coords) < 2:
            message = f"{what}: a line needs at least two [lon, lat] pairs"
            raise ValueError(message)
        row["geometry"] = LineString(coords)
    elif geometry is not None and not isinstance(geometry, BaseGeometry):
        message = f"{what}: geometry must be a list of [lon, lat] pairs"
        raise ValueError(message)


def _join(*parts: object) -> str:
    """Append to a ``;``-list without duplicates, keeping the order."""
    items: list[str] = []
    for part in parts:
        for item in split_list(part):
            if item not in items:
                items.append(item)
    return ";".join(items)


# --------------------------------------------------------------------------------------
# the working copy of a network's tables while a scenario is applied
# --------------------------------------------------------------------------------------
class _RefusedError(Exception):
    """A change cannot be applied; ``Scenario.apply`` adds the scenario and the change."""

    def __init__(self, message: str, column: str | None = None, row: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.row = row


class _Tables:
    """Mutable copies of the node and link tables, indexed by id, with lookups.

    Each change checks what it can cheaply (ids, columns, kinds and signs of values);
    the whole network is validated once at the end, and ``touched`` tells which change
    to blame for a problem found then: the last one that set that cell, or that row.
    """

    def __init__(self, network: Network) -> None:
        nodes, links = network.to_gdfs()
        self.nodes = nodes.set_index("id", drop=False)
        self.links = links.set_index("id", drop=False)
        self.nodes.index.name = None
        self.links.index.name = None
        self.label = ""
        self.touched: dict[tuple[str, ...], str] = {}

    def touch(self, table: str, ident: str, columns: Iterable[str] = ()) -> None:
        self.touched[(table, ident)] = self.label
        for column in columns:
            self.touched[(table, ident, column)] = self.label

    # -- lookups -----------------------------------------------------------------------
    def node_id(self, ref: object, column: str) -> str:
        """The id of a node given by id or by an unambiguous English/Chinese name."""
        if not isinstance(ref, str) or not ref.strip():
            raise _RefusedError(f"a node id (text) is needed, got {ref!r}", column)
        ref = ref.strip()
        if ref in self.nodes.index:
            return ref
        key = _normalise(ref)
        found = [
            ident
            for ident, en, zh in zip(self.nodes["id"], self.nodes["name"], self.nodes["name_zh"])
            if key in {_normalise(ident), _normalise(en), _normalise(zh)}
        ]
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            message = f"the name {ref!r} fits several nodes ({', '.join(found)}); give the id"
            raise _RefusedError(message, column)
        raise UnknownNodeError(ref, self._suggest(ref), where=f"{self.label}, field {column!r}")

    def _suggest(self, ref: str) -> list[str]:
        labels: dict[str, str] = {}
        for ident, en, zh in zip(self.nodes["id"], self.nodes["name"], self.nodes["name_zh"]):
            for label in (ident, en, str(en).split("(")[0], zh):
                if label:
                    labels.setdefault(_normalise(label), ident)
        close = difflib.get_close_matches(_normalise(ref), list(labels), n=10, cutoff=0.5)
        if not close:  # Chinese names are short: match on shared characters too
            wide = [ch for ch in ref if ord(ch) > 0x3000]
            close = [k for k in labels if wide and any(ch in k for ch in wide)]
        suggestions: list[str] = []
        for key in close:
            if labels[key] not in suggestions:
                suggestions.append(labels[key])
        return suggestions[:5]

    def link_id(self, ref: object, column: str = "link") -> str:
        if not isinstance(ref, str) or ref not in self.links.index:
            close = difflib.get_close_matches(str(ref), list(self.links.index), n=3, cutoff=0.6)
            fix = (
                "did you mean " + ", ".join(repr(c) for c in close) + "?"
                if close
                else "see Network.links for the ids"
            )
            raise _RefusedError(f"unknown link {ref!r}; {fix}", column)
        return ref

    # -- values ------------------------------------------------------------------------
    def column_kind(self, table: str, column: str) -> str:
        """The kind of a column (str, float, int, bool); refuses unknown columns."""
        frame = self.nodes if table == "nodes" else self.links
        contract = _NODE_KIND if table == "nodes" else _LINK_KIND
        if column not in frame.columns or column == "geometry":
            known = [c for c in frame.columns if c != "geometry"]
            close = difflib.get_close_matches(column, known, n=1, cutoff=0.6)
            fix = (
                f"did you mean {close[0]!r}?"
                if close
                else f"see docs/data.md for the {table} columns"
            )
            raise _RefusedError(f"unknown {table[:-1]} column {column!r}; {fix}", column)
        if column in contract:
            return contract[column]
        dtype = frame[column].dtype
        if pd.api.types.is_bool_dtype(dtype):
            return "bool"
        if pd.api.types.is_numeric_dtype(dtype):
            return "float"
        return "str"

    def coerce(self, table: str, column: str, value: object) -> object:
        """A cell value in the form its column stores; refuses values of the wrong kind.

        Every number of the contract is zero or positive (distances and times positive):
        a negative one is refused here, where the change that gave it is known.
        """
        kind = self.column_kind(table, column)
        if isinstance(value, tuple) and column in LIST_COLUMNS:
            if not all(isinstance(v, str) for v in value):
                raise _RefusedError(f"a list of names is needed, got {list(value)!r}", column)
            return ";".join(v.strip() for v in value if v.strip())
        if kind == "str":
            if value is None:
                return ""
            if not isinstance(value, str):
                raise _RefusedError(f"text is needed, got {value!r}", column)
            return value.strip()
        if kind in ("float", "int"):
            if value is None:
                return np.nan
            if isinstance(value, bool) or not isinstance(value, int | float):
                raise _RefusedError(f"a number is needed, got {value!r}", column)
            value = float(value)
            if kind == "int" and value != int(value):
                raise _RefusedError(f"a whole number is needed, got {value:g}", column)
            contract = _NODE_KIND if table == "nodes" else _LINK_KIND
            if column in contract and (value <= 0 if column in _POSITIVE else value < 0):
                sign = "positive" if column in _POSITIVE else "zero or positive"
                raise _RefusedError(f"value {value:g} must be {sign}", column)
            return value
        if not isinstance(value, bool):
            raise _RefusedError(f"true or false is needed, got {value!r}", column)
        return value

    # -- edits -------------------------------------------------------------------------
    def append(self, table: str, row: Mapping[str, object]) -> None:
        """Add a row: values coerced, contract defaults where left out, base dtypes kept."""
        frame = self.nodes if table == "nodes" else self.links
        columns = NODE_COLUMNS if table == "nodes" else LINK_COLUMNS
        values = {c.name: c.default for c in columns if c.name in frame.columns}
        values.update({k: v for k, v in row.items() if k != "geometry"})
        values = {k: self.coerce(table, k, v) for k, v in values.items()}
        for column in frame.columns:
            values.setdefault(column, None)
        values["geometry"] = row.get("geometry")
        added = gpd.GeoDataFrame(
            {k: [v] for k, v in values.items()}, geometry="geometry", crs=frame.crs
        )
        added.index = [values["id"]]
        joined = pd.concat([frame, added[frame.columns]])
        for column in frame.columns:  # keep the base dtypes (str, bool, float)
            if column != "geometry" and joined[column].dtype != frame[column].dtype:
                joined[column] = joined[column].astype(frame[column].dtype)
        joined = gpd.GeoDataFrame(joined, geometry="geometry", crs=frame.crs)
        if table == "nodes":
            self.nodes = joined
        else:
            self.links = joined
        self.touch(table, str(values["id"]), row)

    def set(self, table: str, ident: str, values: Mapping[str, object]) -> None:
        """Set cells of one row (all values are checked before any is set)."""
        frame = self.nodes if table == "nodes" else self.links
        coerced = {column: self.coerce(table, column, v) for column, v in values.items()}
        for column, value in coerced.items():
            frame.loc[ident, column] = value
        self.touch(table, ident, coerced)

    def blame(self, problem: Problem, scenario: str) -> Problem:
        """Name the change behind a problem the final validation found."""
        table = problem.file if problem.file in ("nodes", "links") else None
        match = _ROW_LABEL.match(str(problem.row)) if problem.row is not None else None
        ident = match["id"] if match else None
        label = None
        if table and ident:
            label = self.touched.get((table, ident, str(problem.column))) or self.touched.get(
                (table, ident)
            )
        where = label or f"scenario {scenario!r} (the resulting network)"
        row = f"{table[:-1]} {ident}" if table and ident else problem.row
        return Problem(problem.message, where, row, problem.column)


_REQUIRED_NODE_COLUMNS = tuple(c.name for c in NODE_COLUMNS if c.required)
_REQUIRED_LINK_COLUMNS = tuple(c.name for c in LINK_COLUMNS if c.required)

#: Contract columns that must be strictly positive (the rest of the numbers: >= 0).
_POSITIVE = frozenset({"distance_km", "time_h"})

#: Row labels of the validators: "12 (id W_X)" (tables) or "id W_X" (network checks).
_ROW_LABEL = re.compile(r"^(?:\d+ \()?id (?P<id>[^)]*)\)?$")


# --------------------------------------------------------------------------------------
# change kinds
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Change:
    """Base of the change kinds. ``note`` says where a change's figures come from."""

    kind: ClassVar[str] = ""
    note: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        object.__setattr__(self, "note", _text(self.note, "note", empty=True))

    def _apply(self, tables: _Tables) -> None:  # pragma: no cover - every kind overrides it
        message = f"change kind {type(self).__name__} does not define how it applies"
        raise TypeError(message)

    def describe(self) -> str:
        """One line saying what the change does."""
        return self._describe()

    def _describe(self) -> str:
        return self.kind

    def to_dict(self) -> dict[str, object]:
        """The change as a plain mapping (``kind`` first; defaults left out)."""
        out: dict[str, object] = {"kind": self.kind}
        for f in dataclasses.fields(self):
            if f.name == "note":
                continue
            value = getattr(self, f.name)
            if f.default is dataclasses.MISSING or value != f.default:
                out[f.name] = _to_plain(value)
        if self.note:
            out["note"] = self.note
        return out


def _to_plain(value: object) -> object:
    """A change's field value as plain data for TOML/YAML (geometry as coordinates)."""
    if isinstance(value, Mapping):
        plain: dict[str, object] = {}
        for key, v in value.items():
            if key == "geometry" and isinstance(v, Point):
                plain["lon"], plain["lat"] = v.x, v.y
            elif key == "geometry" and isinstance(v, LineString):
                plain["geometry"] = [[x, y] for x, y in v.coords]
            else:
                plain[key] = _to_plain(v)
        return plain
    if isinstance(value, tuple):
        return [_to_plain(v) for v in value]
    return value


@dataclass(frozen=True)
class AddNode(Change):
    """Add a node: a full row (``id``, ``name``, ``kind``, ``modes``, ``lon``/``lat``, ...).

    Columns left out take the contract defaults (docs/data.md); unknown columns are refused.
    """

    kind: ClassVar[str] = "add_node"
    row: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        row = dict(_frozen_mapping(self.row, "row"))
        _point(row, "row")
        if "geometry" not in row:
            message = "row: a new node needs lon and lat (WGS84 degrees)"
            raise ValueError(message)
        _text(row.get("id"), "row: id")
        object.__setattr__(self, "row", MappingProxyType(row))

    def _describe(self) -> str:
        return f"add node {self.row['id']} ({self.row.get('kind', '?')})"

    def _apply(self, tables: _Tables) -> None:
        ident = str(self.row["id"]).strip()
        if ident in tables.nodes.index:
            raise _RefusedError(f"node {ident!r} exists already; use set_node to change it", "id")
        for column in _REQUIRED_NODE_COLUMNS:
            if _is_missing(self.row.get(column)) or self.row.get(column) == "":
                raise _RefusedError("a new node needs this column", column)
        tables.append("nodes", self.row)


@dataclass(frozen=True)
class RemoveNode(Change):
    """Remove a node. With links still at it, refused unless ``cascade`` (then they go too)."""

    kind: ClassVar[str] = "remove_node"
    node: str
    cascade: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "node", _text(self.node, "node"))
        if not isinstance(self.cascade, bool):
            message = f"cascade must be true or false, got {self.cascade!r}"
            raise ValueError(message)

    def _describe(self) -> str:
        return f"remove node {self.node}" + (" and its links" if self.cascade else "")

    def _apply(self, tables: _Tables) -> None:
        ident = tables.node_id(self.node, "node")
        links = tables.links
        attached = links.index[(links["from_node"] == ident) | (links["to_node"] == ident)]
        if len(attached) and not self.cascade:
            shown = ", ".join(list(attached[:8])) + (", ..." if len(attached) > 8 else "")
            raise _RefusedError(
                f"node {ident!r} still has {len(attached)} links ({shown}); remove them first "
                "or set cascade = true to remove them with the node",
                "node",
            )
        tables.links = links.drop(index=attached)
        tables.nodes = tables.nodes.drop(index=ident)


@dataclass(frozen=True)
class AddLink(Change):
    """Add a link: a full row (``from_node``, ``to_node``, ``mode``, ``distance_km``, ...).

    ``time_h`` and ``cost_cny`` are needed too. Without geometry a straight line is drawn;
    without an id one is made from the ends and the mode (``FROM-TO-mode``).
    """

    kind: ClassVar[str] = "add_link"
    row: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        row = dict(_frozen_mapping(self.row, "row"))
        _line(row, "row")
        object.__setattr__(self, "row", MappingProxyType(row))

    def _describe(self) -> str:
        row = self.row
        ident = row.get("id") or f"{row.get('from_node')}-{row.get('to_node')}"
        return f"add {row.get('mode', '?')} link {ident}"

    def _apply(self, tables: _Tables) -> None:
        row = dict(self.row)
        for column in _REQUIRED_LINK_COLUMNS:
            if _is_missing(row.get(column)) or row.get(column) == "":
                raise _RefusedError("a new link needs this column", column)
        row["from_node"] = tables.node_id(row["from_node"], "from_node")
        row["to_node"] = tables.node_id(row["to_node"], "to_node")
        if _is_missing(row.get("id")) or not str(row.get("id")).strip():
            row["id"] = f"{row['from_node']}-{row['to_node']}-{row['mode']}"
        if row["id"] in tables.links.index:
            raise _RefusedError(
                f"link {row['id']!r} exists already; use set_link to change it", "id"
            )
        tables.append("links", row)


@dataclass(frozen=True)
class RemoveLink(Change):
    """Remove a link by id."""

    kind: ClassVar[str] = "remove_link"
    link: str

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "link", _text(self.link, "link"))

    def _describe(self) -> str:
        return f"remove link {self.link}"

    def _apply(self, tables: _Tables) -> None:
        tables.links = tables.links.drop(index=tables.link_id(self.link))


_FIXED_NODE_COLUMNS = {"id": "ids are stable; add a new node instead", "geometry": ""}
_FIXED_LINK_COLUMNS = {
    "id": "ids are stable; add a new link instead",
    "from_node": "remove the link and add one between the right nodes",
    "to_node": "remove the link and add one between the right nodes",
    "geometry": "",
}


def _refuse_fixed(values: Mapping[str, object], fixed: Mapping[str, str], what: str) -> None:
    for column in values:
        if column in fixed:
            why = fixed[column] or f"remove the {what} and add it again"
            raise _RefusedError(f"{column} cannot be set; {why}", column)


@dataclass(frozen=True)
class SetNode(Change):
    """Set columns of one node (``port_status``, ``designated``, ``dwell_h``, ...)."""

    kind: ClassVar[str] = "set_node"
    node: str
    values: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "node", _text(self.node, "node"))
        object.__setattr__(self, "values", _frozen_mapping(self.values, "values"))

    def _describe(self) -> str:
        shown = ", ".join(f"{k}={_show(v)}" for k, v in self.values.items())
        return f"set node {self.node}: {shown}"

    def _apply(self, tables: _Tables) -> None:
        ident = tables.node_id(self.node, "node")
        _refuse_fixed(self.values, _FIXED_NODE_COLUMNS, "node")
        tables.set("nodes", ident, self.values)


@dataclass(frozen=True)
class SetLink(Change):
    """Set columns of one link (``cost_cny``, ``capacity_teu_per_week``, ...)."""

    kind: ClassVar[str] = "set_link"
    link: str
    values: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "link", _text(self.link, "link"))
        object.__setattr__(self, "values", _frozen_mapping(self.values, "values"))

    def _describe(self) -> str:
        shown = ", ".join(f"{k}={_show(v)}" for k, v in self.values.items())
        return f"set link {self.link}: {shown}"

    def _apply(self, tables: _Tables) -> None:
        ident = tables.link_id(self.link)
        _refuse_fixed(self.values, _FIXED_LINK_COLUMNS, "link")
        tables.set("links", ident, self.values)


@dataclass(frozen=True)
class ScaleLink(Change):
    """Multiply a numeric link column by ``factor`` on chosen links.

    Links are chosen by ``links`` (ids) and/or ``corridor`` and ``mode``; every filter
    given must hold. Missing values (null capacity = not limiting) stay missing.
    """

    kind: ClassVar[str] = "scale_link"
    column: str
    factor: float
    links: tuple[str, ...] = ()
    corridor: str = ""
    mode: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "column", _text(self.column, "column"))
        object.__setattr__(self, "factor", _number(self.factor, "factor", minimum=0.0))
        object.__setattr__(self, "links", _names(self.links, "links"))
        object.__setattr__(self, "corridor", _text(self.corridor, "corridor", empty=True))
        mode = _text(self.mode, "mode", empty=True)
        object.__setattr__(self, "mode", Mode.parse(mode).value if mode else "")
        if not (self.links or self.corridor or self.mode):
            message = "scale_link needs links, a corridor or a mode to choose the links"
            raise ValueError(message)

    def _describe(self) -> str:
        chosen = [f"links {', '.join(self.links)}"] if self.links else []
        chosen += [f"corridor {self.corridor}"] if self.corridor else []
        chosen += [f"mode {self.mode}"] if self.mode else []
        return f"scale {self.column} x {self.factor:g} on {' and '.join(chosen)}"

    def _apply(self, tables: _Tables) -> None:
        if tables.column_kind("links", self.column) != "float":
            raise _RefusedError("only numeric columns can be scaled", "column")
        links = tables.links
        chosen = pd.Series(True, index=links.index)
        if self.links:
            ids = [tables.link_id(ident, "links") for ident in self.links]
            chosen &= links.index.isin(ids)
        if self.corridor:
            if self.corridor not in set(links["corridor"]):
                close = difflib.get_close_matches(self.corridor, sorted(set(links["corridor"])), 1)
                fix = f"did you mean {close[0]!r}?" if close else "see the corridor column"
                raise _RefusedError(f"no link is on corridor {self.corridor!r}; {fix}", "corridor")
            chosen &= links["corridor"] == self.corridor
        if self.mode:
            chosen &= links["mode"] == self.mode
        ids = list(links.index[chosen])
        if not ids:
            raise _RefusedError("the filters choose no link", "links")
        links.loc[ids, self.column] = links.loc[ids, self.column] * self.factor
        for ident in ids:
            tables.touch("links", ident, [self.column])


@dataclass(frozen=True)
class OpenPort(Change):
    """Open a Chinese node as a port (customs clearance) for some modes.

    ``port_modes`` and ``designated`` gain the given modes and cargo classes (nothing is
    taken away); ``port_status`` becomes ``status``. A node without customs figures gets
    ``DEFAULT_CUSTOMS_COST_CNY_PER_TEU`` and ``DEFAULT_CUSTOMS_H`` unless given, marked as
    estimates (EST-CUSTOMS) in its ``estimated`` and ``source`` columns. ``source`` keys
    are added to the node's ``source`` column.
    """

    kind: ClassVar[str] = "open_port"
    node: str
    modes: tuple[str, ...]
    status: str = "formal"
    designated: tuple[str, ...] = ()
    customs_cost_cny_per_teu: float | None = None
    customs_h: float | None = None
    source: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "node", _text(self.node, "node"))
        modes = tuple(Mode.parse(m).value for m in _names(self.modes, "modes"))
        if not modes:
            message = "modes must name at least one mode (rail, road, sea, air)"
            raise ValueError(message)
        object.__setattr__(self, "modes", modes)
        status = _text(self.status, "status")
        if status not in OPEN_PORT_STATUSES:
            message = f"status must be one of {', '.join(_PORT_STATUSES)}, got {status!r}"
            raise ValueError(message)
        object.__setattr__(self, "status", status)
        classes = tuple(CargoClass.parse(c) for c in _names(self.designated, "designated"))
        for c in classes:
            if not c.is_designated:
                message = f"designated: {c.value!r} is not a designated-port cargo class"
                raise ValueError(message)
        object.__setattr__(self, "designated", tuple(c.value for c in classes))
        for name in ("customs_cost_cny_per_teu", "customs_h"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, _number(value, name, minimum=0.0))
        object.__setattr__(self, "source", _names(self.source, "source"))

    def _describe(self) -> str:
        text = f"open {self.node} as a {self.status} port for {'/'.join(self.modes)}"
        return text + (f", designated {', '.join(self.designated)}" if self.designated else "")

    def _apply(self, tables: _Tables) -> None:
        ident = tables.node_id(self.node, "node")
        row = tables.nodes.loc[ident]
        if row["country"] != "CN":
            raise _RefusedError(
                f"node {ident!r} is in {row['country']}; only Chinese nodes can be opened "
                "(the network models Chinese customs only)",
                "node",
            )
        served = split_list(row["modes"])
        missing = [m for m in self.modes if m not in served]
        if missing:
            raise _RefusedError(
                f"node {ident!r} serves {'/'.join(served)}, not {'/'.join(missing)}; add the "
                "mode to its modes first (set_node) or open it for the modes it serves",
                "modes",
            )
        values: dict[str, object] = {
            "port_status": self.status,
            "port_modes": _join(row["port_modes"], ";".join(self.modes)),
            "designated": _join(row["designated"], ";".join(self.designated)),
            "source": _join(row["source"], ";".join(self.source)),
        }
        defaults = {
            "customs_cost_cny_per_teu": (
                self.customs_cost_cny_per_teu,
                DEFAULT_CUSTOMS_COST_CNY_PER_TEU,
            ),
            "customs_h": (self.customs_h, DEFAULT_CUSTOMS_H),
        }
        estimated = []
        for column, (given, default) in defaults.items():
            if given is not None:
                values[column] = given
            elif _is_missing(row[column]):
                values[column] = default
                estimated.append(column)
        if estimated:
            values["estimated"] = _join(row["estimated"], ";".join(estimated))
            values["source"] = _join(values["source"], "EST-CUSTOMS;FS-3-LOCAL")
        tables.set("nodes", ident, values)


@dataclass(frozen=True)
class AddService(Change):
    """Add a scheduled line through ``stops``: one link per consecutive pair of stops.

    Links are named ``{service}_1``, ``{service}_2``, ... in stop order. Following the
    data's convention for through trains (docs/data.md, EST-DEP), ``departures_per_week``
    is set on the first leg only (a shipment waits for the train once) and every leg gets
    a capacity of ``departures_per_week x capacity_teu_per_departure`` TEU a week.

    Per-leg ``distance_km``, ``time_h`` and ``cost_cny`` (CNY per TEU) are given as lists
    (one value per leg; a number for a one-leg service) or derived for rail by
    ``SERVICE_RULES["rail"]``: great-circle x 1.3, 800 km a day, RMB 500 + 2.205 per
    TEU-km per leg (the list tariff, each leg priced on its own). Derived figures and the
    straight-line geometry are listed in the links' ``estimated`` column. Sea services must
    give all three figures.
    """

    kind: ClassVar[str] = "add_service"
    service: str
    stops: tuple[str, ...]
    departures_per_week: float
    capacity_teu_per_departure: float
    corridor: str
    mode: str = "rail"
    distance_km: tuple[float, ...] = ()
    time_h: tuple[float, ...] = ()
    cost_cny: tuple[float, ...] = ()
    bidirectional: bool = True
    timetable: str = ""
    reefer: bool = True
    dangerous_goods: bool = True
    year_opened: int | None = None
    source: tuple[str, ...] = ()
    estimated: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        service = _text(self.service, "service")
        if not re.fullmatch(r"[A-Za-z0-9_\-]+", service):
            message = f"service {service!r} must be letters, digits, '_' or '-' (it names links)"
            raise ValueError(message)
        object.__setattr__(self, "service", service)
        stops = _names(self.stops, "stops")
        if len(stops) < 2:
            message = "stops must list at least two nodes"
            raise ValueError(message)
        object.__setattr__(self, "stops", stops)
        object.__setattr__(
            self,
            "departures_per_week",
            _number(self.departures_per_week, "departures_per_week", minimum=0.0, strict=True),
        )
        object.__setattr__(
            self,
            "capacity_teu_per_departure",
            _number(self.capacity_teu_per_departure, "capacity_teu_per_departure", minimum=0.0),
        )
        object.__setattr__(self, "corridor", _text(self.corridor, "corridor"))
        mode = Mode.parse(_text(self.mode, "mode")).value
        if mode not in _SERVICE_MODES:
            message = f"add_service is for {' and '.join(_SERVICE_MODES)}; use add_link for {mode}"
            raise ValueError(message)
        object.__setattr__(self, "mode", mode)
        legs = len(stops) - 1
        for name in ("distance_km", "time_h", "cost_cny"):
            value = getattr(self, name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = (value,)
            if not isinstance(value, tuple | list):
                message = f"{name} must be a list with one number per leg, got {value!r}"
                raise ValueError(message)
            strict = name != "cost_cny"
            value = tuple(_number(v, f"{name} of a leg", minimum=0.0, strict=strict) for v in value)
            if value and len(value) != legs:
                message = f"{name} has {len(value)} values for {legs} legs; give one per leg"
                raise ValueError(message)
            if not value and mode not in SERVICE_RULES:
                message = f"a {mode} service must give {name} (no estimate rule for {mode})"
                raise ValueError(message)
            object.__setattr__(self, name, value)
        for name in ("bidirectional", "reefer", "dangerous_goods"):
            if not isinstance(getattr(self, name), bool):
                message = f"{name} must be true or false, got {getattr(self, name)!r}"
                raise ValueError(message)
        object.__setattr__(self, "timetable", _text(self.timetable, "timetable", empty=True))
        if self.year_opened is not None:
            year = _number(self.year_opened, "year_opened")
            object.__setattr__(self, "year_opened", int(year))
        object.__setattr__(self, "source", _names(self.source, "source"))
        object.__setattr__(self, "estimated", _names(self.estimated, "estimated"))

    def link_ids(self) -> list[str]:
        """The ids of the links this service adds, in stop order."""
        return [f"{self.service}_{k}" for k in range(1, len(self.stops))]

    def _describe(self) -> str:
        return (
            f"add {self.mode} service {self.service}: {' - '.join(self.stops)}, "
            f"{self.departures_per_week:g}/week x {self.capacity_teu_per_departure:g} TEU"
        )

    def _apply(self, tables: _Tables) -> None:
        stops = [tables.node_id(s, "stops") for s in self.stops]
        for a, b in itertools.pairwise(stops):
            if a == b:
                raise _RefusedError(f"stop {a!r} follows itself; list each stop once", "stops")
        rule = SERVICE_RULES.get(self.mode)
        coords = tables.nodes.geometry
        rows = []
        for k, (a, b, ident) in enumerate(zip(stops, stops[1:], self.link_ids())):
            if ident in tables.links.index:
                raise _RefusedError(
                    f"link {ident!r} exists already; name the service anew", "service"
                )
            estimated = ["geometry", *self.estimated]
            source = list(self.source)
            if self.distance_km:
                distance = self.distance_km[k]
            else:
                crow = float(haversine_km(coords[a].x, coords[a].y, coords[b].x, coords[b].y))
                distance = round(crow * rule.route_factor, 1)
                estimated.append("distance_km")
            if self.time_h:
                time = self.time_h[k]
            else:
                time = round(distance / rule.speed_kmh, 2)
                estimated.append("time_h")
            if self.cost_cny:
                cost = self.cost_cny[k]
            else:
                cost = round(rule.fixed_cny + rule.cny_per_km * distance, 2)
                estimated.append("cost_cny")
            if rule is not None and len(estimated) > 1 + len(self.estimated):
                source.append(rule.source)
            first = k == 0
            rows.append(
                {
                    "id": ident,
                    "from_node": a,
                    "to_node": b,
                    "mode": self.mode,
                    "corridor": self.corridor,
                    "bidirectional": self.bidirectional,
                    "distance_km": distance,
                    "time_h": time,
                    "cost_cny": cost,
                    "capacity_teu_per_week": self.departures_per_week
                    * self.capacity_teu_per_departure,
                    "departures_per_week": self.departures_per_week if first else None,
                    "timetable": self.timetable if first else "",
                    "reefer": self.reefer,
                    "dangerous_goods": self.dangerous_goods,
                    "year_opened": self.year_opened,
                    "source": _join(";".join(source)),
                    "estimated": _join(";".join(estimated)),
                    "note": (
                        f"service {self.service}, leg {k + 1} of {len(stops) - 1}"
                        + (f"; {self.note}" if self.note else "")
                    ),
                }
            )
        for row in rows:
            tables.append("links", row)


def _show(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


CHANGE_KINDS: dict[str, type[Change]] = {
    cls.kind: cls
    for cls in (
        AddNode,
        RemoveNode,
        AddLink,
        RemoveLink,
        SetNode,
        SetLink,
        ScaleLink,
        OpenPort,
        AddService,
    )
}


def _hashable(value: object) -> object:
    if isinstance(value, Mapping):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    if isinstance(value, tuple):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, BaseGeometry):
        return value.wkb
    return value


def _hash_change(self: Change) -> int:
    # Changes hold read-only mappings, which dataclass hashing cannot hash: hash their items
    # so that scenarios can be dict keys and set members (e.g. in comparison tables).
    return hash(
        (type(self).__name__, *(_hashable(getattr(self, f.name)) for f in dataclasses.fields(self)))
    )


for _cls in CHANGE_KINDS.values():
    _cls.__hash__ = _hash_change  # type: ignore[method-assign]


def change_from_dict(data: Mapping[str, object]) -> Change:
    """Build a change from a mapping with a ``kind`` key (as read from TOML or YAML).

    Raises
    ------
    ValueError
        For an unknown kind, an unknown or missing field, or a bad value (the message
        names the field and the fix).
    """
    if not isinstance(data, Mapping):
        message = f"a change must be a table with a kind, got {data!r}"
        raise ValueError(message)
    kind = data.get("kind")
    if kind not in CHANGE_KINDS:
        close = difflib.get_close_matches(str(kind), list(CHANGE_KINDS), n=1)
        fix = f"did you mean {close[0]!r}?" if close else "use one of " + ", ".join(CHANGE_KINDS)
        message = f"unknown change kind {kind!r}; {fix}"
        raise ValueError(message)
    cls = CHANGE_KINDS[kind]
    fields = {f.name: f for f in dataclasses.fields(cls)}
    kwargs: dict[str, Any] = {}
    for key, value in data.items():
        if key == "kind":
            continue
        if key not in fields:
            close = difflib.get_close_matches(str(key), list(fields), n=1)
            fix = f"did you mean {close[0]!r}?" if close else "fields: " + ", ".join(fields)
            message = f"{kind} has no field {key!r}; {fix}"
            raise ValueError(message)
        kwargs[key] = _plain(value) if not isinstance(value, Mapping) else value
    required = [
        name
        for name, f in fields.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    missing = [name for name in required if name not in kwargs]
    if missing:
        message = f"{kind} needs {', '.join(missing)}"
        raise ValueError(message)
    return cls(**kwargs)


# --------------------------------------------------------------------------------------
# differences between two networks
# --------------------------------------------------------------------------------------
def _same(a: object, b: object) -> bool:
    if _is_missing(a) and _is_missing(b):
        return True
    if isinstance(a, BaseGeometry) or isinstance(b, BaseGeometry):
        return (
            isinstance(a, BaseGeometry) and isinstance(b, BaseGeometry) and a.equals_exact(b, 0.0)
        )
    return bool(a == b)


def network_diff(before: Network, after: Network) -> pd.DataFrame:
    """What differs between two networks, one row per added/removed row or changed cell.

    Returns
    -------
    pandas.DataFrame
        Columns ``table`` (``nodes`` or ``links``), ``id``, ``change`` (``added``,
        ``removed``, ``changed``), ``column`` (for changed cells), ``before``, ``after``.
    """
    rows: list[dict[str, object]] = []
    for table, old, new in (
        ("nodes", before.nodes, after.nodes),
        ("links", before.links, after.links),
    ):
        old = old.set_index("id", drop=False)
        new = new.set_index("id", drop=False)
        for ident in old.index.difference(new.index, sort=False):
            rows.append({"table": table, "id": ident, "change": "removed"})
        for ident in new.index.difference(old.index, sort=False):
            rows.append({"table": table, "id": ident, "change": "added"})
        common = [i for i in old.index if i in new.index]
        columns = [c for c in old.columns if c in new.columns and c != "id"]
        old_common, new_common = old.loc[common], new.loc[common]
        for column in columns:
            a_values = old_common[column].to_numpy(dtype=object)
            b_values = new_common[column].to_numpy(dtype=object)
            for ident, a, b in zip(common, a_values, b_values):
                if not _same(a, b):
                    rows.append(
                        {
                            "table": table,
                            "id": ident,
                            "change": "changed",
                            "column": column,
                            "before": _plain(a),
                            "after": _plain(b),
                        }
                    )
    frame = pd.DataFrame(rows, columns=["table", "id", "change", "column", "before", "after"])
    frame["column"] = frame["column"].fillna("")
    return frame


def _row_dict(frame: pd.DataFrame, ident: str) -> dict[str, object]:
    row = frame.loc[ident]
    return {column: _plain(row[column]) for column in frame.columns}


# --------------------------------------------------------------------------------------
# Scenario
# --------------------------------------------------------------------------------------
_SCENARIO_KEYS = ("name", "title", "description", "plan_reference", "changes")


@dataclass(frozen=True)
class Scenario:
    """A named, documented set of changes to a base network.

    Parameters
    ----------
    name
        Short id (``snake_case``), used in tables and file names.
    title
        One line for reports.
    description
        What the scenario models and where its figures come from.
    plan_reference
        The section of the plan it models, e.g. ``"四(一)1, 专栏2"``.
    changes
        The changes, applied in order (``Change`` objects or mappings with a ``kind``).

    Examples
    --------
    >>> from multimodal.scenarios import Scenario, SetLink
    >>> cheaper = SetLink("W_XIAN_PORT_CHONGQING_TJC", {"cost_cny": 900})
    >>> s = Scenario("cheaper_wlsnc", changes=[cheaper])
    >>> s.changes[0].describe()
    'set link W_XIAN_PORT_CHONGQING_TJC: cost_cny=900'
    """

    name: str
    title: str = ""
    description: str = ""
    plan_reference: str = ""
    changes: tuple[Change, ...] = ()

    def __post_init__(self) -> None:
        name = _text(self.name, "Scenario.name")
        if "\n" in name:
            message = f"Scenario.name must be one line, got {name!r}"
            raise ValueError(message)
        object.__setattr__(self, "name", name)
        for attr in ("title", "description", "plan_reference"):
            value = getattr(self, attr)
            object.__setattr__(self, attr, _text(value, f"Scenario.{attr}", empty=True))
        if isinstance(self.changes, Change | Mapping) or not isinstance(self.changes, Iterable):
            message = f"scenario {name!r}: changes must be a list of changes"
            raise ValueError(message)
        changes = list(self.changes)
        for index, change in enumerate(changes):
            if isinstance(change, Change):
                continue
            try:
                changes[index] = change_from_dict(change)
            except ValueError as error:
                label = self._label(index, changes, change)
                raise DataValidationError(Problem(str(error), label)) from None
        object.__setattr__(self, "changes", tuple(changes))

    def _label(self, index: int, changes: Sequence[object] | None = None, change=None) -> str:
        changes = self.changes if changes is None else changes
        change = changes[index] if change is None else change
        kind = change.kind if isinstance(change, Change) else None
        if kind is None and isinstance(change, Mapping):
            kind = change.get("kind")
        return f"scenario {self.name!r}, change {index + 1}/{len(changes)} ({kind})"

    # -- applying --------------------------------------------------------------------
    def apply(self, base: Network) -> Network:
        """Return a new network: ``base`` with the changes applied (``base`` is untouched).

        Raises
        ------
        UnknownNodeError
            A change names a node that does not exist (with the closest ids).
        DataValidationError
            A change is invalid (unknown link or column, a value of the wrong kind, a
            negative capacity, a node still in use, ...) or the result breaks the data
            contract; each problem names the scenario and the change (numbered from 1).
        """
        tables = _Tables(base)
        for index, change in enumerate(self.changes):
            tables.label = self._label(index)
            try:
                change._apply(tables)
            except _RefusedError as refused:
                raise DataValidationError(
                    Problem(refused.message, tables.label, refused.row, refused.column)
                ) from None
        nodes = tables.nodes.reset_index(drop=True)
        links = tables.links.reset_index(drop=True)
        try:
            network = Network(nodes, links, name=f"{base.name}+{self.name}")
        except DataValidationError as error:
            problems = [tables.blame(p, self.name) for p in error.problems]
            raise DataValidationError(problems) from None
        logger.info("scenario %s: %d changes applied to %s", self.name, len(self.changes), base)
        return network

    def inverse(self, base: Network) -> Scenario:
        """The scenario that undoes this one: applied to ``self.apply(base)`` it gives ``base``.

        Node and link tables come back equal up to row order (re-added rows go last).
        """
        after = self.apply(base)
        return Scenario.diff(
            after,
            base,
            name=f"{self.name}_inverse",
            title=f"Undo: {self.title or self.name}",
            description=f"The changes that undo scenario {self.name!r} on {base.name!r}.",
            plan_reference=self.plan_reference,
        )

    @classmethod
    def diff(
        cls,
        before: Network,
        after: Network,
        *,
        name: str = "diff",
        title: str = "",
        description: str = "",
        plan_reference: str = "",
    ) -> Scenario:
        """The scenario whose changes turn ``before`` into ``after``.

        Links that go are removed first, then nodes; new nodes are added before new
        links; changed cells are set last. A row whose geometry changed is removed and
        added again (links only: a node that moved raises ``ValueError``).
        """
        table = network_diff(before, after)
        new_nodes = after.nodes.set_index("id", drop=False)
        new_links = after.links.set_index("id", drop=False)
        moved = table[(table["change"] == "changed") & (table["column"] == "geometry")]
        if (moved["table"] == "nodes").any():
            ids = ", ".join(moved.loc[moved["table"] == "nodes", "id"])
            message = f"nodes moved ({ids}); scenarios cannot move a node (remove and add it)"
            raise ValueError(message)
        relaid = set(moved["id"])
        table = table[~table["id"].isin(relaid) | (table["table"] == "nodes")]

        def ids(kind: str, change: str) -> list[str]:
            chosen = table[(table["table"] == kind) & (table["change"] == change)]
            return list(dict.fromkeys(chosen["id"]))

        changes: list[Change] = []
        changes += [RemoveLink(i) for i in [*ids("links", "removed"), *relaid]]
        changes += [RemoveNode(i) for i in ids("nodes", "removed")]
        changes += [AddNode(_row_dict(new_nodes, i)) for i in ids("nodes", "added")]
        changes += [AddLink(_row_dict(new_links, i)) for i in [*ids("links", "added"), *relaid]]
        for kind, change_cls in (("nodes", SetNode), ("links", SetLink)):
            cells = table[(table["table"] == kind) & (table["change"] == "changed")]
            for ident, group in cells.groupby("id", sort=False):
                changes.append(change_cls(ident, dict(zip(group["column"], group["after"]))))
        return cls(name, title, description, plan_reference, tuple(changes))

    def then(self, *changes: Change | Mapping[str, object]) -> Scenario:
        """A copy with more changes at the end."""
        return dataclasses.replace(self, changes=(*self.changes, *changes))

    @classmethod
    def combine(cls, *scenarios: Scenario, name: str, title: str = "") -> Scenario:
        """One scenario made of several, applied one after the other."""
        changes = tuple(c for s in scenarios for c in s.changes)
        references = "; ".join(s.plan_reference for s in scenarios if s.plan_reference)
        description = "Combination of: " + ", ".join(s.name for s in scenarios) + "."
        return cls(name, title or name, description, references, changes)

    # -- reports ---------------------------------------------------------------------
    def summary(self) -> str:
        """The scenario as readable text: title, plan section, one line per change."""
        lines = [f"{self.name}: {self.title}" if self.title else self.name]
        if self.plan_reference:
            lines.append(f"plan: {self.plan_reference}")
        lines += [f"  {i}. {c.describe()}" for i, c in enumerate(self.changes, 1)]
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    # -- files -----------------------------------------------------------------------
    def to_dict(self) -> dict[str, object]:
        """The scenario as plain data (what the TOML and YAML files hold)."""
        out: dict[str, object] = {"name": self.name}
        for key in ("title", "plan_reference", "description"):
            if getattr(self, key):
                out[key] = getattr(self, key)
        out["changes"] = [c.to_dict() for c in self.changes]
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, object], *, name: str | None = None) -> Scenario:
        """Build a scenario from plain data; ``name`` is used when the data have none.

        Raises
        ------
        DataValidationError
            Naming the scenario and the change for any unknown key or bad change.
        """
        if not isinstance(data, Mapping):
            raise DataValidationError(Problem(f"a scenario must be a table, got {data!r}", name))
        label = f"scenario {data.get('name', name)!r}"
        unknown = [k for k in data if k not in _SCENARIO_KEYS]
        if unknown:
            close = difflib.get_close_matches(str(unknown[0]), _SCENARIO_KEYS, n=1)
            fix = f"did you mean {close[0]!r}?" if close else "keys: " + ", ".join(_SCENARIO_KEYS)
            raise DataValidationError(Problem(f"unknown key {unknown[0]!r}; {fix}", label))
        changes = data.get("changes", [])
        if not isinstance(changes, list):
            raise DataValidationError(
                Problem("changes must be a list of tables ([[changes]] in TOML)", label)
            )
        try:
            return cls(
                name=data.get("name", name) or "",
                title=data.get("title", ""),
                description=data.get("description", ""),
                plan_reference=data.get("plan_reference", ""),
                changes=changes,
            )
        except DataValidationError:
            raise
        except ValueError as error:
            raise DataValidationError(Problem(str(error), label)) from None

    @classmethod
    def from_toml(cls, text: str, *, name: str | None = None) -> Scenario:
        """Read a scenario from TOML text."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as error:
            where = f"scenario {name!r}" if name else "scenario"
            raise DataValidationError(Problem(f"malformed TOML: {error}", where)) from None
        return cls.from_dict(_nan_to_none(data), name=name)

    @classmethod
    def from_yaml(cls, text: str, *, name: str | None = None) -> Scenario:
        """Read a scenario from YAML text (PyYAML, safe loader)."""
        import yaml

        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as error:
            where = f"scenario {name!r}" if name else "scenario"
            raise DataValidationError(Problem(f"malformed YAML: {error}", where)) from None
        return cls.from_dict(_nan_to_none(data), name=name)

    @classmethod
    def from_file(cls, path: PathLike) -> Scenario:
        """Read a scenario from a ``.toml``, ``.yaml`` or ``.yml`` file.

        The file's name (without suffix) is the scenario's name when it gives none.

        Raises
        ------
        DataValidationError
            For an unreadable or malformed file, or a bad change (naming the file, the
            scenario and the change).
        """
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".toml", ".yaml", ".yml"):
            raise DataValidationError(Problem("scenario files are .toml, .yaml or .yml", str(path)))
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise DataValidationError(
                Problem(f"cannot read the file ({error})", str(path))
            ) from None
        reader = cls.from_toml if suffix == ".toml" else cls.from_yaml
        try:
            return reader(text, name=path.stem)
        except DataValidationError as error:
            problems = [
                Problem(
                    p.message, f"{path.name}: {p.file}" if p.file else path.name, p.row, p.column
                )
                for p in error.problems
            ]
            raise DataValidationError(problems) from None

    def to_toml(self) -> str:
        """The scenario as TOML text (``from_toml`` reads it back equal).

        Missing numbers (None) are written ``nan``, TOML having no null.
        """
        data = self.to_dict()
        lines = []
        for key in ("name", "title", "plan_reference", "description"):
            if key in data:
                lines.append(f"{key} = {_toml_value(data[key])}")
        for change in data["changes"]:
            lines += ["", "[[changes]]"]
            tables = []
            for key, value in change.items():
                if isinstance(value, Mapping):
                    tables.append((key, value))
                else:
                    lines.append(f"{key} = {_toml_value(value)}")
            for key, table in tables:
                lines += ["", f"[changes.{key}]"]
                lines += [f"{_toml_key(k)} = {_toml_value(v)}" for k, v in table.items()]
        return "\n".join(lines) + "\n"

    def to_yaml(self) -> str:
        """The scenario as YAML text (``from_yaml`` reads it back equal)."""
        import yaml

        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    def to_file(self, path: PathLike) -> Path:
        """Write the scenario to a ``.toml`` or ``.yaml``/``.yml`` file; returns the path."""
        path = Path(path)
        suffix = path.suffix.lower()
        if suffix not in (".toml", ".yaml", ".yml"):
            message = f"{path}: scenario files are .toml, .yaml or .yml"
            raise ValueError(message)
        text = self.to_toml() if suffix == ".toml" else self.to_yaml()
        path.write_text(text, encoding="utf-8")
        return path


def _nan_to_none(data: object) -> object:
    if isinstance(data, float) and math.isnan(data):
        return None
    if isinstance(data, dict):
        return {k: _nan_to_none(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_nan_to_none(v) for v in data]
    return data


#: Text that a TOML multi-line literal string can hold as it is (no control characters
#: but newlines and tabs, no three single quotes in a row).
_LITERAL_SAFE = re.compile(r"(?:(?!''')[^\x00-\x08\x0b-\x1f\x7f])*")


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_\-]+", key) else json.dumps(key, ensure_ascii=False)


def _toml_value(value: object) -> str:
    if value is None:
        return "nan"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        if "\n" in value and _LITERAL_SAFE.fullmatch(value) and not value.endswith("'"):
            return "'''\n" + value + "'''"  # a multi-line literal string reads better
        return json.dumps(value, ensure_ascii=False).replace("\x7f", "\\u007f")
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_toml_key(k)} = {_toml_value(v)}" for k, v in value.items())
        return "{ " + inner + " }"
    message = f"cannot write {value!r} to TOML"
    raise TypeError(message)


# --------------------------------------------------------------------------------------
# the bundled scenarios
# --------------------------------------------------------------------------------------
def scenarios_dir() -> Path:
    """The folder of the bundled scenario files (``data/scenarios`` in a checkout)."""
    return data_dir() / "scenarios"


def load_scenarios(folder: PathLike | None = None) -> list[Scenario]:
    """Return the bundled scenarios (or those of ``folder``), in file-name order.

    Examples
    --------
    >>> from multimodal.scenarios import load_scenarios
    >>> "yulin_yuyang_formal" in [s.name for s in load_scenarios()]
    True
    """
    folder = scenarios_dir() if folder is None else Path(folder)
    files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".toml", ".yaml", ".yml"))
    scenarios = [Scenario.from_file(p) for p in files]
    seen: dict[str, Path] = {}
    for scenario, path in zip(scenarios, files):
        if scenario.name in seen:
            other = seen[scenario.name].name
            message = f"scenario name {scenario.name!r} is also used in {other}"
            raise DataValidationError(Problem(message, str(path)))
        seen[scenario.name] = path
    return scenarios


def load_scenario(name: str, folder: PathLike | None = None) -> Scenario:
    """Return one bundled scenario by name (``KeyError``-like ``ValueError`` with suggestions)."""
    scenarios = {s.name: s for s in load_scenarios(folder)}
    if name not in scenarios:
        close = difflib.get_close_matches(name, list(scenarios), n=3, cutoff=0.4)
        fix = "did you mean " + ", ".join(repr(c) for c in close) + "?" if close else ""
        message = f"no scenario named {name!r}; {fix or 'known: ' + ', '.join(scenarios)}"
        raise ValueError(message)
    return scenarios[name]


__all__ = [
    "CHANGE_KINDS",
    "DEFAULT_CUSTOMS_COST_CNY_PER_TEU",
    "DEFAULT_CUSTOMS_H",
    "SERVICE_RULES",
    "AddLink",
    "AddNode",
    "AddService",
    "Change",
    "OpenPort",
    "RemoveLink",
    "RemoveNode",
    "ScaleLink",
    "Scenario",
    "ServiceRule",
    "SetLink",
    "SetNode",
    "change_from_dict",
    "load_scenario",
    "load_scenarios",
    "network_diff",
    "scenarios_dir",
]
