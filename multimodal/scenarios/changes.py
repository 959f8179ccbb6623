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
``add_service``
    A scheduled train (or ship) line through a list of stops: one link per consecutive
    pair of stops, figures given or derived from the data's estimate rules.

A new kind subclasses ``Change``, sets ``kind``, implements ``apply_to`` and
``describe``, and is registered in ``CHANGE_KINDS``.
"""

from __future__ import annotations

import dataclasses
import difflib
import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any, ClassVar

import pandas as pd
from shapely.geometry import Point

from .._geo import haversine_km
from ..exceptions import ParameterError
from ..modes import CargoClass, Mode, split_list
from ..schema import LINK_COLUMNS, NODE_COLUMNS, OPEN_PORT_STATUSES
from ._tables import ChangeRefusedError, Tables
from ._values import (
    flag,
    frozen_mapping,
    hashable,
    join,
    line,
    missing,
    missing_number,
    names,
    number,
    plain,
    point,
    show,
    text,
    to_plain,
)

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

    Parameters
    ----------
    route_factor
        Route length over great-circle distance (dimensionless, >= 1).
    speed_kmh
        Average speed including stops (km/h).
    fixed_cny
        Fixed charge per TEU per leg (CNY).
    cny_per_km
        Charge per TEU-km (CNY).
    source
        The ``;``-separated keys of the docs/data.md rules.
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
_REQUIRED_NODE_COLUMNS = tuple(c.name for c in NODE_COLUMNS if c.required)
_REQUIRED_LINK_COLUMNS = tuple(c.name for c in LINK_COLUMNS if c.required)


@dataclass(frozen=True)
class Change:
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

    def apply_to(self, tables: Tables) -> None:  # pragma: no cover - every kind overrides it
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
        message = f"change kind {type(self).__name__} does not define how it applies"
        raise NotImplementedError(message)

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
            if f.default is dataclasses.MISSING or value != f.default:
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
        """Remove the node (and, with ``cascade``, its links)."""
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
        """Remove the link; refused for an unknown id."""
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

    Parameters
    ----------
    service
        The line's name (letters, digits, ``_``, ``-``): it names the links.
    stops
        At least two node ids (or names), in order.
    departures_per_week
        Trains (or sailings) a week (> 0).
    capacity_teu_per_departure
        TEU a departure carries (>= 0).
    corridor
        A corridor of the base network's links.
    mode
        ``rail`` (default) or ``sea``.
    distance_km, time_h, cost_cny
        One value per leg (km, hours, CNY per TEU), or empty to derive them (rail only).
    bidirectional, reefer, dangerous_goods
        The links' flags (true or false).
    timetable
        The first leg's timetable text.
    year_opened
        The year the line opened, if known.
    source, estimated
        Source keys, and the columns that are estimates.
    note
        Where the change's figures come from (free text, kept in files).
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
        service = text(self.service, "service")
        if not re.fullmatch(r"[A-Za-z0-9_\-]+", service):
            message = f"service {service!r} must be letters, digits, '_' or '-' (it names links)"
            raise ParameterError(message)
        object.__setattr__(self, "service", service)
        stops = names(self.stops, "stops")
        if len(stops) < 2:
            message = "stops must list at least two nodes"
            raise ParameterError(message)
        object.__setattr__(self, "stops", stops)
        object.__setattr__(
            self,
            "departures_per_week",
            number(self.departures_per_week, "departures_per_week", minimum=0.0, strict=True),
        )
        object.__setattr__(
            self,
            "capacity_teu_per_departure",
            number(self.capacity_teu_per_departure, "capacity_teu_per_departure", minimum=0.0),
        )
        object.__setattr__(self, "corridor", text(self.corridor, "corridor"))
        mode = Mode.parse(text(self.mode, "mode")).value
        if mode not in _SERVICE_MODES:
            message = f"add_service is for {' and '.join(_SERVICE_MODES)}; use add_link for {mode}"
            raise ParameterError(message)
        object.__setattr__(self, "mode", mode)
        legs = len(stops) - 1
        for name in ("distance_km", "time_h", "cost_cny"):
            value = getattr(self, name)
            if isinstance(value, int | float) and not isinstance(value, bool):
                value = (value,)
            if not isinstance(value, tuple | list):
                message = f"{name} must be a list with one number per leg, got {value!r}"
                raise ParameterError(message)
            strict = name != "cost_cny"
            value = tuple(number(v, f"{name} of a leg", minimum=0.0, strict=strict) for v in value)
            if value and len(value) != legs:
                message = f"{name} has {len(value)} values for {legs} legs; give one per leg"
                raise ParameterError(message)
            if not value and mode not in SERVICE_RULES:
                message = f"a {mode} service must give {name} (no estimate rule for {mode})"
                raise ParameterError(message)
            object.__setattr__(self, name, value)
        for name in ("bidirectional", "reefer", "dangerous_goods"):
            flag(getattr(self, name), name)
        object.__setattr__(self, "timetable", text(self.timetable, "timetable", empty=True))
        if self.year_opened is not None:
            year = number(self.year_opened, "year_opened")
            object.__setattr__(self, "year_opened", int(year))
        object.__setattr__(self, "source", names(self.source, "source"))
        object.__setattr__(self, "estimated", names(self.estimated, "estimated"))

    def link_ids(self) -> list[str]:
        """The ids of the links this service adds, in stop order.

        Returns
        -------
        list of str
            ``{service}_1``, ``{service}_2``, ...
        """
        return [f"{self.service}_{k}" for k in range(1, len(self.stops))]

    def describe(self) -> str:
        """E.g. ``add rail service R_NORTH: XIAN_PORT - YULIN_RAIL, 2/week x 100 TEU``."""
        return (
            f"add {self.mode} service {self.service}: {' - '.join(self.stops)}, "
            f"{self.departures_per_week:g}/week x {self.capacity_teu_per_departure:g} TEU"
        )

    def _leg_figures(
        self, k: int, start: Point, end: Point
    ) -> tuple[float, float, float, list[str]]:
        """``distance_km``, ``time_h``, ``cost_cny`` of leg ``k`` and the derived ones.

        A figure not given is derived by the mode's rule (``__post_init__`` made sure
        the mode has one when a figure is left out).
        """
        derived: list[str] = []
        if self.distance_km:
            distance = self.distance_km[k]
        else:
            crow = float(haversine_km(start.x, start.y, end.x, end.y))
            distance = round(crow * SERVICE_RULES[self.mode].route_factor, 1)
            derived.append("distance_km")
        if self.time_h:
            time = self.time_h[k]
        else:
            time = round(distance / SERVICE_RULES[self.mode].speed_kmh, 2)
            derived.append("time_h")
        if self.cost_cny:
            cost = self.cost_cny[k]
        else:
            rule = SERVICE_RULES[self.mode]
            cost = round(rule.fixed_cny + rule.cny_per_km * distance, 2)
            derived.append("cost_cny")
        return distance, time, cost, derived

    def apply_to(self, tables: Tables) -> None:
        """Add one link per leg; refused if a link id exists or a stop repeats."""
        stops = [tables.node_id(s, "stops") for s in self.stops]
        for a, b in itertools.pairwise(stops):
            if a == b:
                raise ChangeRefusedError(f"stop {a!r} follows itself; list each stop once", "stops")
        coords = tables.nodes.geometry
        rows = []
        for k, (a, b, ident) in enumerate(zip(stops, stops[1:], self.link_ids())):
            if ident in tables.links.index:
                raise ChangeRefusedError(
                    f"link {ident!r} exists already; name the service anew", "service"
                )
            distance, time, cost, derived = self._leg_figures(k, coords[a], coords[b])
            estimated = ["geometry", *self.estimated, *derived]
            source = list(self.source)
            if derived:
                source.append(SERVICE_RULES[self.mode].source)
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
                    "source": join(";".join(source)),
                    "estimated": join(";".join(estimated)),
                    "note": (
                        f"service {self.service}, leg {k + 1} of {len(stops) - 1}"
                        + (f"; {self.note}" if self.note else "")
                    ),
                }
            )
        for row in rows:
            tables.append("links", row)


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


def _hash_change(self: Change) -> int:
    # Changes hold read-only mappings, which dataclass hashing cannot hash: hash their items
    # so that scenarios can be dict keys and set members (e.g. in comparison tables).
    return hash(
        (type(self).__name__, *(hashable(getattr(self, f.name)) for f in dataclasses.fields(self)))
    )


for _cls in CHANGE_KINDS.values():
    _cls.__hash__ = _hash_change  # type: ignore[method-assign,assignment]


def _field_value(value: object) -> object:
    """A field's value from file data: lists as tuples; NaN kept, for the field to refuse.

    NaN is TOML's stand-in for null, which only a cell (``row``, ``values``) can hold;
    a field given ``nan`` is refused by its own check ("must be a finite number").
    """
    if isinstance(value, Mapping):
        return value
    if isinstance(value, list | tuple):
        return tuple(_field_value(v) for v in value)
    if isinstance(value, float) and math.isnan(value):
        return value
    return plain(value)


def change_from_dict(data: Mapping[str, object]) -> Change:
    """Build a change from a mapping with a ``kind`` key (as read from TOML or YAML).

    Parameters
    ----------
    data
        ``kind`` and the kind's fields; lists may be lists or tuples; ``nan`` (TOML's
        null) is a missing value in ``row``/``values`` tables and refused elsewhere.

    Returns
    -------
    Change
        The change, its fields checked.

    Raises
    ------
    ParameterError
        For an unknown kind, an unknown or missing field, or a bad value (the message
        names the field and the fix).
    """
    if not isinstance(data, Mapping):
        message = f"a change must be a table with a kind, got {data!r}"
        raise ParameterError(message)
    kind = data.get("kind")
    if not isinstance(kind, str) or kind not in CHANGE_KINDS:
        close = difflib.get_close_matches(str(kind), list(CHANGE_KINDS), n=1)
        fix = f"did you mean {close[0]!r}?" if close else "use one of " + ", ".join(CHANGE_KINDS)
        message = f"unknown change kind {kind!r}; {fix}"
        raise ParameterError(message)
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
            raise ParameterError(message)
        kwargs[key] = _field_value(value)
    required = [
        name
        for name, f in fields.items()
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    ]
    missing = [name for name in required if name not in kwargs]
    if missing:
        message = f"{kind} needs {', '.join(missing)}"
        raise ParameterError(message)
    return cls(**kwargs)


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
    "ServiceRule",
    "SetLink",
    "SetNode",
    "change_from_dict",
]
