"""The working copy of a network's tables while a scenario is applied.

``Tables`` holds mutable copies of the node and link tables, indexed by id, with the
lookups and edits the change kinds need (``Change.apply_to(tables)``). A change that
cannot be applied raises ``ChangeRefusedError``; ``Scenario.apply`` turns it into a
``DataValidationError`` naming the scenario and the change.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from .._validate import is_number, suggest
from ..exceptions import MultimodalError, Problem, UnknownNodeError
from ..network import Network, normalise_name
from ..schema import LINK_COLUMNS, NODE_COLUMNS
from ._values import LIST_COLUMNS

logger = logging.getLogger("multimodal")

_NODE_KIND = {c.name: c.kind for c in NODE_COLUMNS}
_LINK_KIND = {c.name: c.kind for c in LINK_COLUMNS}

#: Contract columns that must be strictly positive (the rest of the numbers: >= 0).
_POSITIVE = frozenset({"distance_km", "time_h"})

#: Columns whose cells name a node: names are resolved to ids like any node reference.
_NODE_REFERENCES = frozenset({"from_node", "to_node", "bonded_zone_of"})

#: Row labels of the validators: "12 (id W_X)" (tables) or "id W_X" (network checks).
_ROW_LABEL = re.compile(r"^(?:\d+ \()?id (?P<id>[^)]*)\)?$")


class ChangeRefusedError(MultimodalError):
    """A change cannot be applied; ``Scenario.apply`` adds the scenario and the change.

    Parameters
    ----------
    message
        What is wrong and how to fix it.
    column
        The field or column at fault.
    row
        The row at fault, if one.
    """

    def __init__(self, message: str, column: str | None = None, row: object = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column
        self.row = row


class Tables:
    """Mutable copies of the node and link tables, indexed by id, with lookups.

    Each change checks what it can cheaply (ids, columns, kinds and signs of values);
    the whole network is validated once at the end, and ``touched`` tells which change
    to blame for a problem found then: the last one that set that cell, or that row.

    Parameters
    ----------
    network
        The base network (never changed: the tables are copies).
    """

    def __init__(self, network: Network) -> None:
        self.network = network
        nodes, links = network.to_gdfs()
        #: The corridors a link may be on: those of the base network's links.
        self.corridors = frozenset(str(c) for c in links["corridor"] if isinstance(c, str) and c)
        self.nodes = nodes.set_index("id", drop=False)
        self.links = links.set_index("id", drop=False)
        self.nodes.index.name = None
        self.links.index.name = None
        self.label = ""
        self.touched: dict[tuple[str, ...], str] = {}

    def touch(self, table: str, ident: str, columns: Iterable[str] = ()) -> None:
        """Record that the current change set a row (and these cells of it).

        Parameters
        ----------
        table
            ``"nodes"`` or ``"links"``.
        ident
            The row's id.
        columns
            The cells set.
        """
        self.touched[(table, ident)] = self.label
        for column in columns:
            self.touched[(table, ident, column)] = self.label

    # -- lookups -----------------------------------------------------------------------
    def node_id(self, ref: object, column: str) -> str:
        """The id of a node given by id or by an unambiguous English/Chinese name.

        Parameters
        ----------
        ref
            What the change gives.
        column
            The field it came from, for the messages.

        Returns
        -------
        str
            A node id of the working tables.

        An exact id is taken as it is. An id in another case (``uyn``) is read as the
        id, with a logged warning. A name (English or Chinese, ``西安市``, ``Xi an``) is
        resolved as ``Network.find_node`` resolves it, logged at INFO level; a name
        that fits several nodes equally is refused with their ids.

        Raises
        ------
        ChangeRefusedError
            For a reference that is not text, or a name that fits several nodes.
        UnknownNodeError
            For a node that does not exist, with the closest ids.
        """
        if not isinstance(ref, str) or not ref.strip():
            raise ChangeRefusedError(f"a node id (text) is needed, got {ref!r}", column)
        ref = ref.strip()
        if ref in self.nodes.index:
            return ref
        key = normalise_name(ref)
        found = [
            ident
            for ident, en, zh in zip(self.nodes["id"], self.nodes["name"], self.nodes["name_zh"])
            if key in {normalise_name(ident), normalise_name(en), normalise_name(zh)}
        ]
        by_id = [ident for ident in found if normalise_name(ident) == key]
        if len(by_id) == 1:  # "uyn" for "UYN": an id in another case, most likely a typo
            logger.warning(
                "%s: node %r read as %r (field %r); ids are case-sensitive, write %r",
                self.label,
                ref,
                by_id[0],
                column,
                by_id[0],
            )
            return by_id[0]
        if len(found) > 1:
            message = f"the name {ref!r} fits several nodes ({', '.join(found)}); give the id"
            raise ChangeRefusedError(message, column)
        if not found:  # the wider matching of routes: "西安市", "Xi an", name prefixes
            try:
                found = [self.network.find_node(ref)]
            except UnknownNodeError:
                found = []
            found = [ident for ident in found if ident in self.nodes.index]
        if not found:
            raise UnknownNodeError(ref, self.suggest(ref), where=f"{self.label}, field {column!r}")
        logger.info("%s: node %r read as %r (field %r)", self.label, ref, found[0], column)
        return found[0]

    def suggest(self, ref: str) -> list[str]:
        """Up to five node ids whose id or names are close to ``ref``.

        Parameters
        ----------
        ref
            An unknown node reference.

        Returns
        -------
        list of str
            Node ids, closest first.
        """
        labels: dict[str, str] = {}
        for ident, en, zh in zip(self.nodes["id"], self.nodes["name"], self.nodes["name_zh"]):
            for label in (ident, en, str(en).split("(")[0], zh):
                if label:
                    labels.setdefault(normalise_name(label), ident)
        close = suggest(normalise_name(ref), labels, n=10, cutoff=0.5)
        if not close:  # Chinese names are short: match on shared characters too
            wide = [ch for ch in ref if ord(ch) > 0x3000]
            close = [k for k in labels if wide and any(ch in k for ch in wide)]
        suggestions: list[str] = []
        for key in close:
            if labels[key] not in suggestions:
                suggestions.append(labels[key])
        return suggestions[:5]

    def link_id(self, ref: object, column: str = "link") -> str:
        """``ref`` if it is a link id; refused with the closest ids otherwise.

        Parameters
        ----------
        ref
            What the change gives.
        column
            The field it came from, for the messages.

        Returns
        -------
        str
            The link id.

        Link ids are exact: one in another case is refused, naming the right one.

        Raises
        ------
        ChangeRefusedError
            For an unknown link, with the closest ids.
        """
        if isinstance(ref, str) and ref in self.links.index:
            return ref
        shown = ref if isinstance(ref, str) else str(ref)
        same_case = [i for i in self.links.index if str(i).casefold() == shown.casefold()]
        close = same_case or suggest(shown, self.links.index, n=3)
        fix = (
            "did you mean " + ", ".join(repr(c) for c in close) + "?"
            if close
            else "see Network.links for the ids"
        )
        raise ChangeRefusedError(f"unknown link {ref!r}; {fix}", column)

    def corridor(self, value: object, column: str = "corridor") -> str:
        """``value`` if it is blank or the corridor of a link of the base network.

        Parameters
        ----------
        value
            What the change gives.
        column
            The field it came from, for the messages.

        Returns
        -------
        str
            The corridor, or ``""`` for blank.

        Raises
        ------
        ChangeRefusedError
            For another corridor, with the closest known one (or the list of them).
        """
        if value is None or (isinstance(value, str) and not value.strip()):
            return ""
        if not isinstance(value, str):
            raise ChangeRefusedError(f"a corridor name (text) is needed, got {value!r}", column)
        value = value.strip()
        if value in self.corridors:
            return value
        close = suggest(value, self.corridors, n=1)
        fix = (
            f"did you mean {close[0]!r}?"
            if close
            else "use one of " + ", ".join(sorted(self.corridors))
        )
        raise ChangeRefusedError(f"no link is on corridor {value!r}; {fix}", column)

    # -- values ------------------------------------------------------------------------
    def column_kind(self, table: str, column: str) -> str:
        """The kind of a column (str, float, int, bool); refuses unknown columns.

        Parameters
        ----------
        table
            ``"nodes"`` or ``"links"``.
        column
            The column.

        Returns
        -------
        str
            ``"str"``, ``"float"``, ``"int"`` or ``"bool"``.

        Raises
        ------
        ChangeRefusedError
            For a column the table does not have (with the closest one).
        """
        frame = self.nodes if table == "nodes" else self.links
        contract = _NODE_KIND if table == "nodes" else _LINK_KIND
        if column not in frame.columns or column == "geometry":
            known = [c for c in frame.columns if c != "geometry"]
            close = suggest(column, known, n=1)
            fix = (
                f"did you mean {close[0]!r}?"
                if close
                else f"see docs/data.md for the {table} columns"
            )
            raise ChangeRefusedError(f"unknown {table[:-1]} column {column!r}; {fix}", column)
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
        a negative one is refused here, where the change that gave it is known, and so
        is an infinite one. Corridors must be known; node references are resolved.

        Parameters
        ----------
        table
            ``"nodes"`` or ``"links"``.
        column
            The column.
        value
            The value the change gives.

        Returns
        -------
        object
            The value as the column stores it (text, float or NaN, bool).

        Raises
        ------
        ChangeRefusedError
            For a value of the wrong kind, sign or size, or an unknown corridor.
        UnknownNodeError
            For a node reference that names no node.
        """
        kind = self.column_kind(table, column)
        if table == "links" and column == "corridor":
            return self.corridor(value, column)
        if column in _NODE_REFERENCES and isinstance(value, str) and value.strip():
            return self.node_id(value, column)
        if isinstance(value, tuple) and column in LIST_COLUMNS:
            if not all(isinstance(v, str) for v in value):
                message = f"a list of names is needed, got {list(value)!r}"
                raise ChangeRefusedError(message, column)
            return ";".join(v.strip() for v in value if v.strip())
        if kind == "str":
            if value is None:
                return ""
            if not isinstance(value, str):
                raise ChangeRefusedError(f"text is needed, got {value!r}", column)
            return value.strip()
        if kind in ("float", "int"):
            return self._coerce_number(table, column, kind, value)
        if not isinstance(value, bool):
            raise ChangeRefusedError(f"true or false is needed, got {value!r}", column)
        return value

    def _coerce_number(self, table: str, column: str, kind: str, value: object) -> float:
        if value is None:
            return np.nan
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ChangeRefusedError(f"a number is needed, got {value!r}", column)
        if not is_number(value):  # inf, or an integer beyond the float range
            raise ChangeRefusedError(f"value {value!r} is not a finite number", column)
        value = float(value)
        if kind == "int" and value != int(value):
            raise ChangeRefusedError(f"a whole number is needed, got {value:g}", column)
        contract = _NODE_KIND if table == "nodes" else _LINK_KIND
        if column in contract and (value <= 0 if column in _POSITIVE else value < 0):
            sign = "positive" if column in _POSITIVE else "zero or positive"
            raise ChangeRefusedError(f"value {value:g} must be {sign}", column)
        return value

    def refuse_case_twin(self, table: str, ident: str) -> None:
        """Refuse a new id that differs from an existing one only in case.

        Parameters
        ----------
        table
            ``"nodes"`` or ``"links"``.
        ident
            The new id.

        ``find_node`` and users would take one for the other.

        Raises
        ------
        ChangeRefusedError
            Naming the existing id.
        """
        frame = self.nodes if table == "nodes" else self.links
        twins = [str(i) for i in frame.index if str(i).casefold() == ident.casefold()]
        if twins and ident not in twins:
            message = (
                f"id {ident!r} differs from the existing {twins[0]!r} only in case; "
                f"use {twins[0]!r} to change that {table[:-1]}, or another id for a new one"
            )
            raise ChangeRefusedError(message, "id")

    # -- edits -------------------------------------------------------------------------
    def append(self, table: str, row: Mapping[str, object]) -> None:
        """Add a row: values coerced, contract defaults where left out, base dtypes kept.

        Parameters
        ----------
        table
            ``"nodes"`` or ``"links"``.
        row
            Column -> value, with ``id`` (and ``geometry``).

        Raises
        ------
        ChangeRefusedError
            For a value ``coerce`` refuses.
        """
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
        """Set cells of one row (all values are checked before any is set).

        Parameters
        ----------
        table
            ``"nodes"`` or ``"links"``.
        ident
            The row's id.
        values
            Column -> new value.

        Raises
        ------
        ChangeRefusedError
            For a value ``coerce`` refuses.
        """
        frame = self.nodes if table == "nodes" else self.links
        coerced = {column: self.coerce(table, column, v) for column, v in values.items()}
        for column, value in coerced.items():
            frame.loc[ident, column] = value
        self.touch(table, ident, coerced)

    def blame(self, problem: Problem, scenario: str) -> Problem:
        """Name the change behind a problem the final validation found.

        Parameters
        ----------
        problem
            A problem of the network validation.
        scenario
            The scenario's name, when no change set the cell.

        Returns
        -------
        Problem
            The problem with the change (or the scenario) as its ``file``.
        """
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
