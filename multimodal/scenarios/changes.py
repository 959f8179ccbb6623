"""The change kinds: what a scenario can do to a network, one frozen dataclass each.

``kind`` in files; each kind checks its fields when built (``ParameterError``) and
edits the working tables in ``apply_to(tables)`` (``ChangeRefusedError`` when it cannot,
which ``Scenario.apply`` reports with the scenario and the change):

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
``add_service``, ``remove_service``, ``set_service``, ``scale_service``, ``set_service_stops``
    The services (scheduled lines over the links) and their changes: ``services.py``.
    Links that a service rides or stops at cannot be removed here, and their own
    departures cannot be set (the services' count): the refusals name the services.

A new kind subclasses ``Change``, sets ``kind``, implements ``apply_to`` and
``describe``, and is registered in ``kinds.CHANGE_KINDS``.
"""

from __future__ import annotations

import dataclasses
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar

import pandas as pd

from ..exceptions import ParameterError
from ..modes import CargoClass, Mode, split_list
from ..schema import LINK_COLUMNS, NODE_COLUMNS, OPEN_PORT_STATUSES
from ._tables import ChangeRefusedError, Tables
from ._values import (
    flag,
    frozen_mapping,
    join,
    line,
    missing,
    missing_number,
    names,
    number,
    point,
    show,
    text,
    to_plain,
)

#: Customs figures given to a newly opened port that has none (docs/data.md, EST-CUSTOMS):
#: RMB 450 per TEU (documentation charge proxy, FS-3-LOCAL) and 2 h.
DEFAULT_CUSTOMS_COST_CNY_PER_TEU = 450.0
DEFAULT_CUSTOMS_H = 2.0


_PORT_STATUSES = tuple(sorted(OPEN_PORT_STATUSES))
_REQUIRED_NODE_COLUMNS = tuple(c.name for c in NODE_COLUMNS if c.required)
_REQUIRED_LINK_COLUMNS = tuple(c.name for c in LINK_COLUMNS if c.required)


@dataclass(frozen=True)
class Change(ABC):
    """Base of the change kinds.

    Parameters
    ----------
    note
        Where the change's figures come from (free text, kept in files).

    Raises
    ------
    ParameterError
        When a field has a value the change cannot use (each kind checks its own fields
        when built: text, finite numbers, known modes, statuses and cargo classes).
    """

    kind: ClassVar[str] = ""
    note: str = field(default="", kw_only=True)

    def __post_init__(self) -> None:
        object.__setattr__(self, "note", text(self.note, "note", empty=True))

    @abstractmethod
    def apply_to(self, tables: Tables) -> None:
        """Make the change on the working tables of ``Scenario.apply``.

        Parameters
        ----------
        tables
            The working copies of the node and link tables (``Scenario.apply`` makes
            them; a change never touches a ``Network``).

        Raises
        ------
        ChangeRefusedError
            When the change cannot be made (an unknown link, a node still in use, ...);
            ``Scenario.apply`` reports it naming the scenario and the change.
        UnknownNodeError
            For a node that does not exist, with the closest ids.
        """

    def describe(self) -> str:
        """One line saying what the change does.

        Returns
        -------
        str
            E.g. ``open UYN as a formal port for air``.
        """
        return self.kind

    def to_dict(self) -> dict[str, object]:
        """The change as a plain mapping (``kind`` first; defaults left out).

        Returns
        -------
        dict
            What ``change_from_dict`` reads back equal (geometry as coordinates).
        """
        out: dict[str, object] = {"kind": self.kind}
        for f in dataclasses.fields(self):
            if f.name == "note":
                continue
            value = getattr(self, f.name)
            default = f.default
            if f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            if default is dataclasses.MISSING or value != default:
                out[f.name] = to_plain(value)
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class AddNode(Change):
    """Add a node: a full row (``id``, ``name``, ``kind``, ``modes``, ``lon``/``lat``, ...).

    Columns left out take the contract defaults (docs/data.md); unknown columns are refused.

    Parameters
    ----------
    row
        Column -> value: ``id`` and ``lon``/``lat`` (WGS84 degrees) or a point ``geometry``
        at least; the other required columns are checked when applied.
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "add_node"
    row: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        row = dict(frozen_mapping(self.row, "row"))
        point(row, "row")
        if "geometry" not in row:
            message = "row: a new node needs lon and lat (WGS84 degrees)"
            raise ParameterError(message)
        text(row.get("id"), "row: id")
        object.__setattr__(self, "row", MappingProxyType(row))

    def describe(self) -> str:
        """E.g. ``add node YULIN_CBZ (bonded_zone)``."""
        return f"add node {self.row['id']} ({self.row.get('kind', '?')})"

    def apply_to(self, tables: Tables) -> None:
        """Add the row; refused if the id exists or a required column is missing."""
        ident = str(self.row["id"]).strip()
        if ident in tables.nodes.index:
            raise ChangeRefusedError(
                f"node {ident!r} exists already; use set_node to change it", "id"
            )
        tables.refuse_case_twin("nodes", ident)
        for column in _REQUIRED_NODE_COLUMNS:
            if missing(self.row.get(column)):
                raise ChangeRefusedError("a new node needs this column", column)
        tables.append("nodes", self.row)


@dataclass(frozen=True)
class RemoveNode(Change):
    """Remove a node. With links still at it, refused unless ``cascade`` (then they go too).

    Parameters
    ----------
    node
        The node's id (or a name ``find_node`` resolves).
    cascade
        Remove the node's links with it.
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "remove_node"
    node: str
    cascade: bool = False

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "node", text(self.node, "node"))
        flag(self.cascade, "cascade")

    def describe(self) -> str:
        """E.g. ``remove node CITY_HANCHENG and its links``."""
        return f"remove node {self.node}" + (" and its links" if self.cascade else "")

    def apply_to(self, tables: Tables) -> None:
        """Remove the node (and, with ``cascade``, its links); refused at a service's stop."""
        ident = tables.node_id(self.node, "node")
        links = tables.links
        attached = links.index[(links["from_node"] == ident) | (links["to_node"] == ident)]
        if len(attached) and not self.cascade:
            shown = ", ".join(list(attached[:8])) + (", ..." if len(attached) > 8 else "")
            raise ChangeRefusedError(
                f"node {ident!r} still has {len(attached)} links ({shown}); remove them first "
                "or set cascade = true to remove them with the node",
                "node",
            )
        stopping = sorted(set(tables.stops.loc[tables.stops["node"] == ident, "service_id"]))
        if stopping:
            raise ChangeRefusedError(
                f"node {ident!r} is a stop of {_services(stopping)}; remove them "
                "(remove_service) or change their stops (set_service_stops) first",
                "node",
            )
        _refuse_ridden(tables, list(attached), "node")
        tables.links = links.drop(index=attached)
        tables.nodes = tables.nodes.drop(index=ident)


@dataclass(frozen=True)
class AddLink(Change):
    """Add a link: a full row (``from_node``, ``to_node``, ``mode``, ``distance_km``, ...).

    ``time_h`` and ``cost_cny`` are needed too. Without geometry a straight line is drawn;
    without an id one is made from the ends and the mode (``FROM-TO-mode``).

    Parameters
    ----------
    row
        Column -> value (``distance_km`` in km, ``time_h`` in hours, ``cost_cny`` in CNY
        per TEU, ...); ``geometry`` may be a list of ``[lon, lat]`` pairs.
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "add_link"
    row: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        row = dict(frozen_mapping(self.row, "row"))
        line(row, "row")
        object.__setattr__(self, "row", MappingProxyType(row))

    def describe(self) -> str:
        """E.g. ``add road link D_YULIN_CBZ_YULIN_RAIL``."""
        row = self.row
        ident = row.get("id") or f"{row.get('from_node')}-{row.get('to_node')}"
        return f"add {row.get('mode', '?')} link {ident}"

    def apply_to(self, tables: Tables) -> None:
        """Add the row between existing nodes; refused if the id exists."""
        row = dict(self.row)
        for column in _REQUIRED_LINK_COLUMNS:
            if missing(row.get(column)):
                raise ChangeRefusedError("a new link needs this column", column)
        row["from_node"] = tables.node_id(row["from_node"], "from_node")
        row["to_node"] = tables.node_id(row["to_node"], "to_node")
        if missing_number(row.get("id")) or not str(row.get("id")).strip():
            row["id"] = f"{row['from_node']}-{row['to_node']}-{row['mode']}"
        if row["id"] in tables.links.index:
            raise ChangeRefusedError(
                f"link {row['id']!r} exists already; use set_link to change it", "id"
            )
        if isinstance(row["id"], str):
            tables.refuse_case_twin("links", row["id"])
        tables.append("links", row)


@dataclass(frozen=True)
class RemoveLink(Change):
    """Remove a link by id.

    Parameters
    ----------
    link
        The link's id (exact).
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "remove_link"
    link: str

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "link", text(self.link, "link"))

    def describe(self) -> str:
        """E.g. ``remove link D_XIAN_PORT_NINGBO``."""
        return f"remove link {self.link}"

    def apply_to(self, tables: Tables) -> None:
        """Remove the link; refused for an unknown id or a link a service rides."""
        ident = tables.link_id(self.link)
        _refuse_ridden(tables, [ident], "link")
        tables.links = tables.links.drop(index=ident)


def _services(ids: list[str]) -> str:
    """``service A``, ``services A, B`` or ``services A, B, C and 9 more``."""
    shown = ", ".join(ids[:3]) + (f" and {len(ids) - 3} more" if len(ids) > 3 else "")
    return f"service{'s' if len(ids) > 1 else ''} {shown}"


def _refuse_ridden(tables: Tables, links: list[str], column: str) -> None:
    """Refuse removing links an explicit service rides, naming the services."""
    riding = tables.riders(links)
    if riding:
        link, services = next(iter(riding.items()))
        raise ChangeRefusedError(
            f"link {link!r} is ridden by {_services(services)}; remove them (remove_service) "
            "or give them other links (set_service_stops with via_links) first",
            column,
        )


#: Link columns that explicit services override on the links they ride.
_SERVICE_COLUMNS_OF_LINKS = ("departures_per_week", "timetable")


def _refuse_departures(tables: Tables, links: list[str], columns: list[str]) -> None:
    """Refuse setting a link's own departures where services ride it (they are ignored)."""
    columns = [c for c in columns if c in _SERVICE_COLUMNS_OF_LINKS]
    if not columns:
        return
    riding = tables.riders(links)
    if riding:
        link, services = next(iter(riding.items()))
        raise ChangeRefusedError(
            f"link {link!r} is ridden by {_services(services)}, whose departures count, not "
            f"the link's own {columns[0]}; change the services (set_service, scale_service)",
            columns[0],
        )


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
            raise ChangeRefusedError(f"{column} cannot be set; {why}", column)


@dataclass(frozen=True)
class SetNode(Change):
    """Set columns of one node (``port_status``, ``designated``, ``dwell_h``, ...).

    Parameters
    ----------
    node
        The node's id (or a name ``find_node`` resolves).
    values
        Column -> new value (None or NaN: missing); ``id`` and ``geometry`` are fixed.
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "set_node"
    node: str
    values: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "node", text(self.node, "node"))
        object.__setattr__(self, "values", frozen_mapping(self.values, "values"))

    def describe(self) -> str:
        """E.g. ``set node UYN: dwell_h=1``."""
        shown = ", ".join(f"{k}={show(v)}" for k, v in self.values.items())
        return f"set node {self.node}: {shown}"

    def apply_to(self, tables: Tables) -> None:
        """Set the cells; refused for unknown or fixed columns and bad values."""
        ident = tables.node_id(self.node, "node")
        _refuse_fixed(self.values, _FIXED_NODE_COLUMNS, "node")
        tables.set("nodes", ident, self.values)


@dataclass(frozen=True)
class SetLink(Change):
    """Set columns of one link (``cost_cny``, ``capacity_teu_per_week``, ...).

    Parameters
    ----------
    link
        The link's id (exact).
    values
        Column -> new value (None or NaN: missing); ``id``, the end nodes and
        ``geometry`` are fixed.
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "set_link"
    link: str
    values: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "link", text(self.link, "link"))
        object.__setattr__(self, "values", frozen_mapping(self.values, "values"))

    def describe(self) -> str:
        """E.g. ``set link A_UYN_XIY: departures_per_week=14``."""
        shown = ", ".join(f"{k}={show(v)}" for k, v in self.values.items())
        return f"set link {self.link}: {shown}"

    def apply_to(self, tables: Tables) -> None:
        """Set the cells; refused for unknown or fixed columns and bad values."""
        ident = tables.link_id(self.link)
        _refuse_fixed(self.values, _FIXED_LINK_COLUMNS, "link")
        _refuse_departures(tables, [ident], list(self.values))
        tables.set("links", ident, self.values)


@dataclass(frozen=True)
class ScaleLink(Change):
    """Multiply a numeric link column by ``factor`` on chosen links.

    Links are chosen by ``links`` (ids) and/or ``corridor`` and ``mode``; every filter
    given must hold. Missing values (null capacity = not limiting) stay missing.

    Parameters
    ----------
    column
        A numeric link column (``capacity_teu_per_week``, ``cost_cny``, ...).
    factor
        The multiplier (finite, >= 0).
    links
        Link ids.
    corridor
        A corridor of the base network's links.
    mode
        A mode (``rail``, ``road``, ``sea``, ``air``, or a Chinese name).
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "scale_link"
    column: str
    factor: float
    links: tuple[str, ...] = ()
    corridor: str = ""
    mode: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "column", text(self.column, "column"))
        object.__setattr__(self, "factor", number(self.factor, "factor", minimum=0.0))
        object.__setattr__(self, "links", names(self.links, "links"))
        object.__setattr__(self, "corridor", text(self.corridor, "corridor", empty=True))
        mode = text(self.mode, "mode", empty=True)
        object.__setattr__(self, "mode", Mode.parse(mode).value if mode else "")
        if not (self.links or self.corridor or self.mode):
            message = "scale_link needs links, a corridor or a mode to choose the links"
            raise ParameterError(message)

    def describe(self) -> str:
        """E.g. ``scale departures_per_week x 2 on links R_XIAN_PORT_YULIN_RAIL``."""
        chosen = [f"links {', '.join(self.links)}"] if self.links else []
        chosen += [f"corridor {self.corridor}"] if self.corridor else []
        chosen += [f"mode {self.mode}"] if self.mode else []
        return f"scale {self.column} x {self.factor:g} on {' and '.join(chosen)}"

    def apply_to(self, tables: Tables) -> None:
        """Multiply the column on the chosen links; refused if none is chosen."""
        if tables.column_kind("links", self.column) != "float":
            raise ChangeRefusedError("only numeric columns can be scaled", "column")
        links = tables.links
        chosen = pd.Series(True, index=links.index)
        if self.links:
            ids = [tables.link_id(ident, "links") for ident in self.links]
            chosen &= links.index.isin(ids)
        if self.corridor:
            chosen &= links["corridor"] == tables.corridor(self.corridor)
        if self.mode:
            chosen &= links["mode"] == self.mode
        ids = list(links.index[chosen])
        if not ids:
            raise ChangeRefusedError("the filters choose no link", "links")
        _refuse_departures(tables, ids, [self.column])
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

    Parameters
    ----------
    node
        The node's id (or a name ``find_node`` resolves); a Chinese node.
    modes
        The modes cleared there (at least one the node serves).
    status
        ``formal`` or ``temporary``.
    designated
        Designated-port cargo classes (``grain``, ``meat``, ...).
    customs_cost_cny_per_teu
        Customs charge (CNY per TEU, finite, >= 0); default the data's estimate.
    customs_h
        Customs time (hours, finite, >= 0); default the data's estimate.
    source
        Keys of the sources (docs/data.md).
    note
        Where the change's figures come from (free text, kept in files).
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
        object.__setattr__(self, "node", text(self.node, "node"))
        modes = tuple(Mode.parse(m).value for m in names(self.modes, "modes"))
        if not modes:
            message = "modes must name at least one mode (rail, road, sea, air)"
            raise ParameterError(message)
        object.__setattr__(self, "modes", modes)
        status = text(self.status, "status")
        if status not in OPEN_PORT_STATUSES:
            message = f"status must be one of {', '.join(_PORT_STATUSES)}, got {status!r}"
            raise ParameterError(message)
        object.__setattr__(self, "status", status)
        classes = tuple(CargoClass.parse(c) for c in names(self.designated, "designated"))
        for c in classes:
            if not c.is_designated:
                message = f"designated: {c.value!r} is not a designated-port cargo class"
                raise ParameterError(message)
        object.__setattr__(self, "designated", tuple(c.value for c in classes))
        for name in ("customs_cost_cny_per_teu", "customs_h"):
            value = getattr(self, name)
            if value is not None:
                object.__setattr__(self, name, number(value, name, minimum=0.0))
        object.__setattr__(self, "source", names(self.source, "source"))

    def describe(self) -> str:
        """E.g. ``open UYN as a formal port for air``."""
        phrase = f"open {self.node} as a {self.status} port for {'/'.join(self.modes)}"
        return phrase + (f", designated {', '.join(self.designated)}" if self.designated else "")

    def apply_to(self, tables: Tables) -> None:
        """Open the port; refused for a foreign node or a mode it does not serve."""
        ident = tables.node_id(self.node, "node")
        row = tables.nodes.loc[ident]
        if row["country"] != "CN":
            raise ChangeRefusedError(
                f"node {ident!r} is in {row['country']}; only Chinese nodes can be opened "
                "(the network models Chinese customs only)",
                "node",
            )
        served = split_list(row["modes"])
        missing = [m for m in self.modes if m not in served]
        if missing:
            raise ChangeRefusedError(
                f"node {ident!r} serves {'/'.join(served)}, not {'/'.join(missing)}; add the "
                "mode to its modes first (set_node) or open it for the modes it serves",
                "modes",
            )
        values: dict[str, object] = {
            "port_status": self.status,
            "port_modes": join(row["port_modes"], ";".join(self.modes)),
            "designated": join(row["designated"], ";".join(self.designated)),
            "source": join(row["source"], ";".join(self.source)),
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
            elif missing_number(row[column]):
                values[column] = default
                estimated.append(column)
        if estimated:
            values["estimated"] = join(row["estimated"], ";".join(estimated))
            values["source"] = join(values["source"], "EST-CUSTOMS;FS-3-LOCAL")
        tables.set("nodes", ident, values)


__all__ = [
    "DEFAULT_CUSTOMS_COST_CNY_PER_TEU",
    "DEFAULT_CUSTOMS_H",
    "AddLink",
    "AddNode",
    "Change",
    "OpenPort",
    "RemoveLink",
    "RemoveNode",
    "ScaleLink",
    "SetLink",
    "SetNode",
]
