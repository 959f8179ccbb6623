"""The working copy of a network's tables while a scenario is applied.

``Tables`` holds mutable copies of the node and link tables, indexed by id, and of the
explicit services (indexed by ``service_id``) and their stops (``Network.service_tables``),
with the lookups and edits the change kinds need (``Change.apply_to(tables)``). A change
that cannot be applied raises ``ChangeRefusedError``; ``Scenario.apply`` turns it into a
``DataValidationError`` naming the scenario and the change.
"""

from __future__ import annotations

import contextlib
import logging
import re
import warnings
from collections.abc import Iterable, Mapping

import geopandas as gpd
import numpy as np
import pandas as pd

from .._validate import is_number, suggest
from ..exceptions import DataValidationError, MultimodalError, Problem, UnknownNodeError
from ..modes import split_list
from ..network import Network, normalise_name
from ..schema import LINK_COLUMNS, NODE_COLUMNS
from ..services import SERVICE_COLUMNS, STOP_COLUMNS, read_services
from ._values import LIST_COLUMNS

logger = logging.getLogger("multimodal")

_KINDS = {
    "nodes": {c.name: c.kind for c in NODE_COLUMNS},
    "links": {c.name: c.kind for c in LINK_COLUMNS},
    "services": {c.name: c.kind for c in SERVICE_COLUMNS},
}

#: Contract columns that must be strictly positive (the rest of the numbers: >= 0).
_POSITIVE = {
    "nodes": frozenset(),
    "links": frozenset({"distance_km", "time_h"}),
    "services": frozenset({"departures_per_week"}),
}

#: The services columns that hold the ``;``-lists of a stop row or a service row.
_STOP_COLUMN_NAMES = tuple(c.name for c in STOP_COLUMNS)
_SERVICE_COLUMN_NAMES = tuple(c.name for c in SERVICE_COLUMNS)

#: Columns whose cells name a node: names are resolved to ids like any node reference.
_NODE_REFERENCES = frozenset({"from_node", "to_node", "bonded_zone_of"})

#: Row labels of the validators: "12 (id W_X)" (tables) or "id W_X" (network checks).
_ROW_LABEL = re.compile(r"^(?:\d+ \()?id (?P<id>[^)]*)\)?$")

#: Row labels of the services validation: "3 (id SID)", "12 (id SID#2)", "12 (SID#2)".
_SERVICE_ROW = re.compile(r"^\d+ \((?:id )?(?P<service>[^)#]+)(?:#(?P<seq>[^)]*))?\)$")

#: Blank values of a new stop row.
_STOP_DEFAULTS = {c.name: c.default for c in STOP_COLUMNS}


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
    """Mutable copies of the node, link, service and stop tables, with lookups.

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
        services, stops = network.service_tables()
        #: The explicit services (one row per service, indexed by ``service_id``).
        self.services = services.set_index("service_id", drop=False)
        self.services.index.name = None
        #: Their stops, one row per stop, in the file format (``STOP_COLUMNS``).
        self.stops = stops.reset_index(drop=True)
        self.label = ""
        self.touched: dict[tuple[str, ...], str] = {}

    def frame(self, table: str) -> pd.DataFrame:
        """The working table ``nodes``, ``links`` or ``services`` (indexed by id).

        Parameters
        ----------
        table
            ``"nodes"``, ``"links"`` or ``"services"``.

        Returns
        -------
        pandas.DataFrame
            The table itself (not a copy).
        """
        if table == "nodes":
            return self.nodes
        if table == "links":
            return self.links
        return self.services

    def _replace(self, table: str, frame: pd.DataFrame) -> None:
        if table == "nodes":
            self.nodes = frame
        elif table == "links":
            self.links = frame
        else:
            self.services = frame

    def touch(self, table: str, ident: str, columns: Iterable[str] = ()) -> None:
        """Record that the current change set a row (and these cells of it).

        Parameters
        ----------
        table
            ``"nodes"``, ``"links"``, ``"services"`` or ``"stops"`` (a service's stops,
            by its id).
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
        frame = self.frame(table)
        contract = _KINDS[table]
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
        if table in ("links", "services") and column == "corridor":
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
        positive = _POSITIVE[table]
        if column in _KINDS[table] and (value <= 0 if column in positive else value < 0):
            sign = "positive" if column in positive else "zero or positive"
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
        frame = self.frame(table)
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
        if table == "services":
            self._append_service(row)
            return
        frame = self.frame(table)
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
        self._replace(table, joined)
        self.touch(table, str(values["id"]), row)

    def _append_service(self, row: Mapping[str, object]) -> None:
        """Add a services row (contract defaults where left out, values coerced)."""
        frame = self.services
        values = {c.name: c.default for c in SERVICE_COLUMNS}
        values.update(row)
        values = {k: self.coerce("services", k, v) for k, v in values.items()}
        ident = str(values["service_id"])
        added = pd.DataFrame({k: [values.get(k)] for k in frame.columns}, index=[ident])
        joined = pd.concat([frame, added]) if len(frame) else added
        for column in frame.columns:
            if len(frame) and joined[column].dtype != frame[column].dtype:
                # a blank in a column of numbers read as integers: keep floats
                with contextlib.suppress(TypeError, ValueError):
                    joined[column] = joined[column].astype(frame[column].dtype)
        self.services = joined
        self.touch("services", ident, row)

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
        frame = self.frame(table)
        coerced = {column: self.coerce(table, column, v) for column, v in values.items()}
        for column, value in coerced.items():
            frame.loc[ident, column] = value
        self.touch(table, ident, coerced)

    # -- services --------------------------------------------------------------------
    def service_id(self, ref: object, column: str = "service") -> str:
        """``ref`` if it is the id of an explicit service; refused with the closest ids.

        Parameters
        ----------
        ref
            What the change gives.
        column
            The field it came from, for the messages.

        Returns
        -------
        str
            The service id.

        Raises
        ------
        ChangeRefusedError
            For an unknown service (an implicit one-link service ``link:...`` is named as
            such: change its link instead).
        """
        if isinstance(ref, str) and ref in self.services.index:
            return ref
        shown = ref if isinstance(ref, str) else str(ref)
        if shown.startswith("link:"):
            message = (
                f"{shown!r} is the implicit service of a scheduled link; change the link "
                "(set_link) or add an explicit service (add_service)"
            )
            raise ChangeRefusedError(message, column)
        close = suggest(shown, [str(i) for i in self.services.index], n=3)
        fix = (
            "did you mean " + ", ".join(repr(c) for c in close) + "?"
            if close
            else "see Network.services for the ids"
        )
        raise ChangeRefusedError(f"unknown service {ref!r}; {fix}", column)

    def stops_of(self, service: str) -> pd.DataFrame:
        """The stop rows of one service, in order (a copy).

        Parameters
        ----------
        service
            The service id.

        Returns
        -------
        pandas.DataFrame
            ``STOP_COLUMNS``, ordered by ``seq``.
        """
        rows = self.stops[self.stops["service_id"] == service]
        return rows.sort_values("seq", kind="stable").reset_index(drop=True)

    def set_stops(self, service: str, rows: Iterable[Mapping[str, object]]) -> None:
        """Replace the stops of ``service`` by ``rows`` (``STOP_COLUMNS``, in order).

        Parameters
        ----------
        service
            The service id.
        rows
            The new stop rows; left-out columns are blank.
        """
        new = pd.DataFrame(
            [{c: row.get(c, _STOP_DEFAULTS[c]) for c in _STOP_COLUMN_NAMES} for row in rows]
        )
        kept = self.stops[self.stops["service_id"] != service]
        self.stops = pd.concat([kept, new], ignore_index=True) if len(kept) else new
        self.touch("stops", service)

    def remove_service(self, service: str) -> None:
        """Remove a service and its stops.

        Parameters
        ----------
        service
            The service id (explicit).
        """
        self.services = self.services.drop(index=service)
        self.stops = self.stops[self.stops["service_id"] != service].reset_index(drop=True)

    def riders(self, links: Iterable[str]) -> dict[str, list[str]]:
        """The explicit services that ride each of ``links`` (link id -> service ids).

        The rides are those the network would have now: ``via_links`` where the stops
        give them, the shortest path of the service's mode otherwise. When the services
        do not validate at this point (a later change may still fix them), the rides
        named by ``via_links`` and those of the base network are used.

        Parameters
        ----------
        links
            Link ids.

        Returns
        -------
        dict
            Only the links some service rides.
        """
        wanted = set(links)
        if not len(self.services) or not wanted:
            return {}
        riding: dict[str, list[str]] = {}
        for service, link in self._rides():
            if link in wanted and service not in riding.setdefault(link, []):
                riding[link].append(service)
        return {k: v for k, v in riding.items() if v}

    def _rides(self) -> list[tuple[str, str]]:
        """``(service, link id)`` of every link an explicit service rides now."""
        services = self.services.reset_index(drop=True)
        links = self.links.reset_index(drop=True)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                table = read_services(services, self.stops, links, list(self.nodes.index))
        except DataValidationError:
            return self._named_rides()
        ids = links["id"].astype(str).to_numpy()
        explicit = set(self.services.index)
        return [
            (str(s), str(ids[int(k)]))
            for s, k in zip(table.rides["service_id"], table.rides["link"])
            if s in explicit
        ]

    def _named_rides(self) -> list[tuple[str, str]]:
        """The rides ``via_links`` name, and the base network's rides of the services."""
        rides = [
            (str(s), link)
            for s, text in zip(self.stops["service_id"], self.stops["via_links"])
            for link in split_list(text)
        ]
        base = self.network.service_table.rides
        ids = self.network.link_values("id")
        explicit = set(self.services.index)
        rides += [
            (str(s), str(ids[int(k)]))
            for s, k in zip(base["service_id"], base["link"])
            if s in explicit
        ]
        return rides

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
        if problem.file in ("services", "stops"):
            return self._blame_service(problem, scenario)
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

    def _blame_service(self, problem: Problem, scenario: str) -> Problem:
        """Name the change behind a problem of the services or stops table.

        Rows are ``3 (id SID)`` (services), ``12 (id SID#2)`` or ``12 (SID#2)`` (stops);
        a problem without a row names its service in the message or the column.
        """
        table = str(problem.file)
        match = _SERVICE_ROW.match(str(problem.row)) if problem.row is not None else None
        service = match["service"] if match else None
        if service is None:
            named = [
                s
                for s in self.services.index
                if re.search(rf"\b{re.escape(str(s))}\b", f"{problem.message} {problem.column}")
            ]
            service = str(named[0]) if named else None
        label = None
        if service is not None:
            label = (
                self.touched.get((table, service, str(problem.column)))
                or self.touched.get((table, service))
                or self.touched.get(("services", service))
                or self.touched.get(("stops", service))
            )
        where = label or f"scenario {scenario!r} (the resulting network)"
        if service is None:
            row = problem.row
        elif table == "stops" and match and match["seq"]:
            seq = match["seq"].removesuffix(".0")
            row = f"service {service}, stop {seq}"
        else:
            row = f"service {service}"
        return Problem(problem.message, where, row, problem.column)
