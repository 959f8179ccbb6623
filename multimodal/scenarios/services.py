"""The service change kinds: scheduled lines (block trains, liner loops) and their changes.

A service is a row of the network's services table and its stop rows (docs/services.md);
it rides links. These kinds edit those tables:

``add_service``
    A new line through a list of stops, riding the links of its mode between them (or
    new links, laid where none join two stops); figures not given are derived by
    ``SERVICE_RULES`` and marked as estimates.
``remove_service``
    Take a service away (its stops go with it).
``set_service``
    New values for columns of one service (``departures_per_week``, ``timetable``,
    ``capacity_teu_per_departure``, ``fare_fixed_cny``, ...).
``scale_service``
    Multiply a numeric service column by a factor and/or add to it (``3 more departures
    a week``: ``add = 3``), for services chosen by id and/or corridor and mode.
``set_service_stops``
    New stops (and run times, dwells, links) for one service.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import ClassVar

import pandas as pd
from shapely.geometry import Point

from .._geo import haversine_km
from ..exceptions import ParameterError
from ..modes import Mode, split_list
from ._legs import (
    SERVICE_RULES,
    Leg,
    ServiceRule,
    check_stop_values,
    dwells,
    optional_number,
    per_leg,
    row_legs,
    run_time,
    shortest_links,
    stop_extras,
    stop_rows,
    via_km,
    vias,
)
from ._tables import ChangeRefusedError, Tables
from ._values import flag, frozen_mapping, join, names, number, show, text
from .changes import Change

_SERVICE_MODES = ("rail", "sea", "air")

#: The base year given to a new service whose figures come from the rules (EST).
DEFAULT_SERVICE_YEAR = 2024

#: Numeric service columns ``scale_service`` may scale.
SCALABLE_SERVICE_COLUMNS = (
    "departures_per_week",
    "capacity_teu_per_departure",
    "capacity_t_per_departure",
    "fare_fixed_cny",
    "fare_cny_per_km",
)

_ID = re.compile(r"[A-Za-z0-9_\-]+")


def _service_mode(value: object, kind: str) -> str:
    mode = Mode.parse(text(value, "mode")).value
    if mode not in _SERVICE_MODES:
        message = f"{kind} is for rail, sea and air; {mode} is continuous: use add_link"
        raise ParameterError(message)
    return mode


def _capacity(value: object) -> float | None:
    """A service's TEU per departure: None (or nan, TOML's null) is uncapacitated."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return number(value, "capacity_teu_per_departure", minimum=0.0)


@dataclass(frozen=True)
class AddService(Change):
    """Add a scheduled line through ``stops``: a services row and its stop rows.

    Between two consecutive stops the service rides the links of its mode: those named in
    ``via_links``, else the shortest path by distance. Where no link of the mode joins two
    stops, or where ``distance_km`` is given for a leg (or ``new_links`` is true), a new
    link is laid for that leg, ``{service}_1``, ``{service}_2``, ... (a straight line; a
    track with no departures of its own). ``new_links = false`` refuses to lay any.

    Figures not given are derived for rail by ``SERVICE_RULES["rail"]`` and marked as
    estimates: a new link's length is the great circle x 1.3; the run time between stops
    is the distance ridden / 800 km a day; the fare is RMB 500 at boarding + 2.205 per
    TEU-km ridden (EST-RAILCOST). ``cost_cny`` (CNY per TEU, one per leg, the old way of
    giving a fare) becomes the fare: for a one-leg line the fixed fare, for several legs
    a rate per km (the total over the total km). With ``bidirectional`` the return run
    ``{service}_R`` is added too (stops, links and times reversed, same departures).

    Parameters
    ----------
    service
        The service id (letters, digits, ``_``, ``-``).
    stops
        At least two node ids (or names), in order.
    departures_per_week
        Departures a week from the first stop (> 0); equal to the timetable's if given.
    capacity_teu_per_departure
        TEU a departure carries (>= 0; None: uncapacitated).
    corridor
        A corridor of the base network's links.
    mode
        ``rail`` (default), ``sea`` or ``air`` (sea and air give their run times and
        fares: no estimate rule).
    distance_km
        One value per leg (km): lay a new link of that length for each leg.
    time_h
        Run time of each leg (hours), or empty to derive it (rail only).
    cost_cny
        Fare of each leg (CNY per TEU), or empty (see above).
    bidirectional
        Add the return run ``{service}_R`` too.
    timetable
        Weekly departures from the first stop, ``"Wed 03:55;Sat 03:55"``.
    reefer, dangerous_goods
        What the service accepts (true or false).
    year_opened
        The year the line opened, if known.
    source, estimated
        Source keys, and the services columns that are estimates.
    fare_fixed_cny, fare_cny_per_km
        The fare (CNY per TEU at boarding, per TEU-km); not with ``cost_cny``.
    dwell_h
        Hours at each intermediate stop (one per stop, or one number for all; default 0).
    via_links
        One ``;``-list of link ids per leg (blank: the shortest path).
    new_links
        Lay a new link for every leg (true), never (false), or only where needed (None).
    values
        Other columns of the services row (``name``, ``name_zh``, ``operator``,
        ``capacity_t_per_departure``, ``cargo_classes``, ``year``, ``fare_basis``, ...).
    stop_values
        Per stop, its ``source``, ``estimated`` and ``note`` cells (one table per stop).
    note
        Where the change's figures come from (kept in the services row's ``note``).
    """

    kind: ClassVar[str] = "add_service"
    service: str
    stops: tuple[str, ...]
    departures_per_week: float
    capacity_teu_per_departure: float | None
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
    fare_fixed_cny: float | None = None
    fare_cny_per_km: float | None = None
    dwell_h: tuple[float, ...] = ()
    via_links: tuple[str, ...] = ()
    new_links: bool | None = None
    values: Mapping[str, object] = field(default_factory=lambda: MappingProxyType({}))
    stop_values: tuple[Mapping[str, object], ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        service = text(self.service, "service")
        if not _ID.fullmatch(service):
            message = f"service {service!r} must be letters, digits, '_' or '-'"
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
            self, "capacity_teu_per_departure", _capacity(self.capacity_teu_per_departure)
        )
        object.__setattr__(self, "corridor", text(self.corridor, "corridor"))
        mode = _service_mode(self.mode, "add_service")
        object.__setattr__(self, "mode", mode)
        legs = len(stops) - 1
        for name in ("distance_km", "time_h", "cost_cny"):
            given = per_leg(getattr(self, name), name, legs, strict=name != "cost_cny")
            object.__setattr__(self, name, given)
        object.__setattr__(self, "dwell_h", dwells(self.dwell_h, len(stops)))
        object.__setattr__(self, "via_links", vias(self.via_links, legs))
        for name in ("fare_fixed_cny", "fare_cny_per_km"):
            if getattr(self, name) is not None:
                object.__setattr__(self, name, number(getattr(self, name), name, minimum=0.0))
        fare_given = self.fare_fixed_cny is not None or self.fare_cny_per_km is not None
        if self.cost_cny and fare_given:
            message = "give the fare as cost_cny per leg or as fare_fixed_cny/fare_cny_per_km"
            raise ParameterError(message)
        if mode not in SERVICE_RULES:
            if not self.time_h:
                message = f"a {mode} service must give time_h (no estimate rule for {mode})"
                raise ParameterError(message)
            if not (self.cost_cny or fare_given):
                message = f"a {mode} service must give its fare (no estimate rule for {mode})"
                raise ParameterError(message)
        for name in ("bidirectional", "reefer", "dangerous_goods"):
            flag(getattr(self, name), name)
        if self.new_links is not None:
            flag(self.new_links, "new_links")
        object.__setattr__(self, "timetable", text(self.timetable, "timetable", empty=True))
        if self.year_opened is not None:
            object.__setattr__(self, "year_opened", int(number(self.year_opened, "year_opened")))
        object.__setattr__(self, "source", names(self.source, "source"))
        object.__setattr__(self, "estimated", names(self.estimated, "estimated"))
        values = frozen_mapping(self.values, "values")
        fixed = {"service_id", "mode", "corridor"} & set(values)
        if fixed:
            message = f"values: give {sorted(fixed)[0]} as the field of add_service"
            raise ParameterError(message)
        object.__setattr__(self, "values", values)
        object.__setattr__(self, "stop_values", check_stop_values(self.stop_values, len(stops)))

    @classmethod
    def from_rows(cls, service: Mapping[str, object], stops: pd.DataFrame) -> AddService:
        """The change that adds a service exactly as its rows give it (for ``Scenario.diff``).

        Parameters
        ----------
        service
            The service's row (``SERVICE_COLUMNS``).
        stops
            Its stop rows, in order (``STOP_COLUMNS``).

        Returns
        -------
        AddService
            One way, riding the links the rows name (or the shortest path where blank),
            laying none.
        """
        nodes, times, dwell, via = row_legs(stops)
        extra = ("capacity_t_per_departure", "cargo_classes", "fare_basis", "name", "name_zh")
        values = {k: service[k] for k in (*extra, "operator", "year") if k in service}
        year_opened = optional_number(service["year_opened"])
        return cls(
            str(service["service_id"]),
            tuple(nodes),
            optional_number(service["departures_per_week"]) or 0.0,
            optional_number(service["capacity_teu_per_departure"]),
            str(service["corridor"]),
            mode=str(service["mode"]),
            time_h=tuple(times),
            bidirectional=False,
            timetable=str(service["timetable"] or ""),
            reefer=bool(service["reefer"]),
            dangerous_goods=bool(service["dangerous_goods"]),
            year_opened=None if year_opened is None else int(year_opened),
            source=names(str(service["source"] or ""), "source"),
            estimated=names(str(service["estimated"] or ""), "estimated"),
            fare_fixed_cny=optional_number(service["fare_fixed_cny"]),
            fare_cny_per_km=optional_number(service["fare_cny_per_km"]),
            dwell_h=tuple(dwell),
            via_links=tuple(via) if any(via) else (),
            new_links=False,
            values=values,
            stop_values=stop_extras(stops),
            note=str(service["note"] or ""),
        )

    def service_ids(self) -> list[str]:
        """The ids of the services this change adds: ``service`` (and ``{service}_R``).

        Returns
        -------
        list of str
            One or two ids.
        """
        return [self.service, f"{self.service}_R"] if self.bidirectional else [self.service]

    def link_ids(self) -> list[str]:
        """The ids a new link of each leg gets, in stop order (``{service}_1``, ...).

        Returns
        -------
        list of str
            One per leg (only the legs that lay a link use theirs).
        """
        return [f"{self.service}_{k}" for k in range(1, len(self.stops))]

    def describe(self) -> str:
        """E.g. ``add rail service R_NORTH: XIAN_PORT - YULIN_RAIL, 2/week x 100 TEU``."""
        back = " (and back)" if self.bidirectional else ""
        capacity = self.capacity_teu_per_departure
        each = "uncapacitated" if capacity is None else f"{capacity:g} TEU"
        return (
            f"add {self.mode} service {self.service}: {' - '.join(self.stops)}{back}, "
            f"{self.departures_per_week:g}/week x {each}"
        )

    # -- applying --------------------------------------------------------------------
    def apply_to(self, tables: Tables) -> None:
        """Add the services row(s) and stops; lay links where needed (see the class)."""
        stops = [tables.node_id(s, "stops") for s in self.stops]
        for a, b in itertools.pairwise(stops):
            if a == b:
                raise ChangeRefusedError(f"stop {a!r} follows itself; list each stop once", "stops")
        for ident in self.service_ids():
            if ident in tables.services.index:
                message = f"service {ident!r} exists already; use set_service to change it"
                raise ChangeRefusedError(message, "service")
            tables.refuse_case_twin("services", ident)
        corridor = tables.corridor(self.corridor)
        legs = [self._leg(tables, k, a, b) for k, (a, b) in enumerate(itertools.pairwise(stops))]
        row = self._service_row(legs, corridor)
        if not row["source"]:
            message = "a new service needs source: the docs/data.md keys its figures come from"
            raise ChangeRefusedError(message, "source")
        tables.append("services", row)
        rows = stop_rows(self.service, stops, legs, self.dwell_h, self.stop_values)
        tables.set_stops(self.service, rows)
        if self.bidirectional:
            back = [
                Leg(
                    ";".join(reversed(split_list(leg.via))),
                    leg.distance_km,
                    leg.time_h,
                    leg.time_derived,
                )
                for leg in reversed(legs)
            ]
            ident = f"{self.service}_R"
            name = str(row["name"])
            tables.append("services", {**row, "service_id": ident, "name": f"{name} (return)"})
            dwell = tuple(reversed(self.dwell_h))
            extra = self.stop_values[::-1]
            tables.set_stops(ident, stop_rows(ident, stops[::-1], back, dwell, extra))

    def _leg(self, tables: Tables, k: int, a: str, b: str) -> Leg:
        """The links leg ``k`` rides (laying one if needed), its km and run time."""
        via = self.via_links[k] if self.via_links else ""
        lay = bool(self.new_links) or (self.new_links is None and bool(self.distance_km))
        if via:
            distance = via_km(tables, via)
        elif not lay:
            found = shortest_links(tables, self.mode, a, b)
            if found is None and self.new_links is False:
                message = f"no {self.mode} links join {a} to {b}; add a link or allow new_links"
                raise ChangeRefusedError(message, "stops")
            lay = found is None
            if found is not None:  # blank via_links: read_services finds the same path
                distance = found[1]
        if lay:
            via, distance = self._lay(tables, k, a, b)
        time, derived = run_time(self.mode, k, distance, self.time_h)
        return Leg(via, round(distance, 1), time, derived)

    def _lay(self, tables: Tables, k: int, a: str, b: str) -> tuple[str, float]:
        """Lay the new link of leg ``k`` (a straight line); return its id and km."""
        ident = self.link_ids()[k]
        if ident in tables.links.index:
            message = f"link {ident!r} exists already; name the service anew"
            raise ChangeRefusedError(message, "service")
        derived: list[str] = []
        if self.distance_km:
            distance = self.distance_km[k]
        else:
            if self.mode not in SERVICE_RULES:
                message = f"no {self.mode} links join {a} to {b}; give distance_km to lay one"
                raise ChangeRefusedError(message, "distance_km")
            start, end = tables.nodes.geometry[a], tables.nodes.geometry[b]
            assert isinstance(start, Point)
            assert isinstance(end, Point)
            crow = float(haversine_km(start.x, start.y, end.x, end.y))
            distance = round(crow * SERVICE_RULES[self.mode].route_factor, 1)
            derived.append("distance_km")
        time, time_derived = run_time(self.mode, k, distance, self.time_h)
        rule = SERVICE_RULES.get(self.mode)
        if self.cost_cny:
            cost = self.cost_cny[k]
        elif rule is not None:
            cost = round(rule.fixed_cny + rule.cny_per_km * distance, 2)
            derived.append("cost_cny")
        else:
            cost = round((self.fare_fixed_cny or 0.0) + (self.fare_cny_per_km or 0.0) * distance, 2)
        derived += ["time_h"] if time_derived else []
        source = [*self.source, *([rule.source] if derived and rule else [])]
        tables.append(
            "links",
            {
                "id": ident,
                "from_node": a,
                "to_node": b,
                "mode": self.mode,
                "corridor": tables.corridor(self.corridor),
                "bidirectional": True,
                "distance_km": distance,
                "time_h": time,
                "cost_cny": cost,
                "reefer": self.reefer,
                "dangerous_goods": self.dangerous_goods,
                "year_opened": self.year_opened,
                "source": join(";".join(source)),
                "estimated": join(";".join(["geometry", *derived])),
                "note": f"track of service {self.service}, leg {k + 1} of {len(self.stops) - 1}",
            },
        )
        return ident, distance

    def _fare(self, legs: list[Leg]) -> tuple[float, float, list[str]]:
        """``fare_fixed_cny``, ``fare_cny_per_km`` and the fare columns that are estimates."""
        if self.fare_fixed_cny is not None or self.fare_cny_per_km is not None:
            return self.fare_fixed_cny or 0.0, self.fare_cny_per_km or 0.0, []
        if self.cost_cny and len(self.cost_cny) == 1:
            return self.cost_cny[0], 0.0, []
        if self.cost_cny:  # per-leg prices as one rate per km over the whole line
            km = sum(leg.distance_km for leg in legs)
            return 0.0, round(sum(self.cost_cny) / km, 4), ["fare_cny_per_km"]
        rule = SERVICE_RULES[self.mode]
        return rule.fixed_cny, rule.cny_per_km, ["fare_fixed_cny", "fare_cny_per_km"]

    def _service_row(self, legs: list[Leg], corridor: str) -> dict[str, object]:
        fixed, per_km, estimated = self._fare(legs)
        source = list(self.source)
        if estimated or any(leg.time_derived for leg in legs):
            source.append(SERVICE_RULES[self.mode].source)
        year = self.values.get("year", self.year_opened)
        if year is None:
            year = DEFAULT_SERVICE_YEAR
            estimated.append("year")
        row: dict[str, object] = {
            "service_id": self.service,
            "name": f"{self.service} ({self.stops[0]} - {self.stops[-1]})",
            "mode": self.mode,
            "corridor": corridor,
            "departures_per_week": self.departures_per_week,
            "timetable": self.timetable,
            "capacity_teu_per_departure": self.capacity_teu_per_departure,
            "fare_basis": "teu",
            "fare_fixed_cny": fixed,
            "fare_cny_per_km": per_km,
            "reefer": self.reefer,
            "dangerous_goods": self.dangerous_goods,
            "year_opened": self.year_opened,
            "source": join(";".join(source)),
            "estimated": join(";".join([*self.estimated, *estimated])),
            "note": self.note,
        }
        row.update({k: v for k, v in self.values.items() if k != "year"})
        row["year"] = year
        return row


@dataclass(frozen=True)
class RemoveService(Change):
    """Remove a service and its stops (its return run is a service of its own).

    Parameters
    ----------
    service
        The service's id (explicit services only).
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "remove_service"
    service: str

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "service", text(self.service, "service"))

    def describe(self) -> str:
        """E.g. ``remove service WLSNC_XIAN_QINZHOU``."""
        return f"remove service {self.service}"

    def apply_to(self, tables: Tables) -> None:
        """Remove the service; refused for an unknown id."""
        tables.remove_service(tables.service_id(self.service))


_FIXED_SERVICE_COLUMNS = {
    "service_id": "ids are stable; add a new service instead",
}


def _check_departures(tables: Tables, ident: str, values: dict[str, object]) -> None:
    """A timetable set alone blanks the frequency; a frequency alone needs no timetable.

    A timetable blanked alone keeps the departures it had (their number a week).
    """
    timetable = values.get("timetable")
    if "timetable" in values and "departures_per_week" not in values:
        if isinstance(timetable, str | tuple) and timetable:
            values["departures_per_week"] = None  # the timetable's slots count
    elif "departures_per_week" in values and "timetable" not in values:
        timetable = tables.services.loc[ident, "timetable"]
        if isinstance(timetable, str) and timetable.strip():
            message = (
                f"service {ident!r} runs to a timetable ({timetable}); set timetable too "
                "(blank for a frequency only)"
            )
            raise ChangeRefusedError(message, "departures_per_week")


@dataclass(frozen=True)
class SetService(Change):
    """Set columns of one service (``departures_per_week``, ``timetable``, fares, ...).

    A ``timetable`` set without ``departures_per_week`` counts the departures itself;
    ``departures_per_week`` set on a service with a timetable needs ``timetable`` too.

    Parameters
    ----------
    service
        The service's id.
    values
        Column -> new value (None or NaN: blank); ``service_id`` is fixed.
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "set_service"
    service: str
    values: Mapping[str, object]

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "service", text(self.service, "service"))
        object.__setattr__(self, "values", frozen_mapping(self.values, "values"))

    def describe(self) -> str:
        """E.g. ``set service WLSNC_XIAN_QINZHOU: departures_per_week=10``."""
        shown = ", ".join(f"{k}={show(v)}" for k, v in self.values.items())
        return f"set service {self.service}: {shown}"

    def apply_to(self, tables: Tables) -> None:
        """Set the cells; refused for unknown or fixed columns and bad values."""
        ident = tables.service_id(self.service)
        values = dict(self.values)
        for column in values:
            if column in _FIXED_SERVICE_COLUMNS:
                raise ChangeRefusedError(
                    f"{column} cannot be set; {_FIXED_SERVICE_COLUMNS[column]}", column
                )
        _check_departures(tables, ident, values)
        tables.set("services", ident, values)


@dataclass(frozen=True)
class ScaleService(Change):
    """Scale a numeric service column: ``new = old x factor + add``, on chosen services.

    Services are chosen by ``services`` (ids) and/or ``corridor`` and ``mode``; every
    filter given must hold. A blank value (no capacity = uncapacitated) stays blank.
    ``departures_per_week`` of a service with a timetable cannot be scaled (set its
    timetable with ``set_service``).

    Parameters
    ----------
    column
        One of ``SCALABLE_SERVICE_COLUMNS`` (``departures_per_week``,
        ``capacity_teu_per_departure``, ``capacity_t_per_departure``, ``fare_fixed_cny``,
        ``fare_cny_per_km``).
    factor
        The multiplier (finite, >= 0; default 1).
    add
        Added after multiplying (finite; e.g. 3 departures a week more).
    services
        Service ids.
    corridor
        A corridor of the base network's links.
    mode
        ``rail``, ``sea`` or ``air`` (or a Chinese name).
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "scale_service"
    column: str
    factor: float = 1.0
    add: float = 0.0
    services: tuple[str, ...] = ()
    corridor: str = ""
    mode: str = ""

    def __post_init__(self) -> None:
        super().__post_init__()
        column = text(self.column, "column")
        if column not in SCALABLE_SERVICE_COLUMNS:
            message = f"scale_service scales {', '.join(SCALABLE_SERVICE_COLUMNS)}, not {column!r}"
            raise ParameterError(message)
        object.__setattr__(self, "column", column)
        object.__setattr__(self, "factor", number(self.factor, "factor", minimum=0.0))
        object.__setattr__(self, "add", number(self.add, "add"))
        object.__setattr__(self, "services", names(self.services, "services"))
        object.__setattr__(self, "corridor", text(self.corridor, "corridor", empty=True))
        mode = text(self.mode, "mode", empty=True)
        object.__setattr__(self, "mode", Mode.parse(mode).value if mode else "")
        if not (self.services or self.corridor or self.mode):
            message = "scale_service needs services, a corridor or a mode to choose the services"
            raise ParameterError(message)

    def describe(self) -> str:
        """E.g. ``scale departures_per_week + 3 on services WLSNC_XIAN_QINZHOU``."""
        chosen = [f"services {', '.join(self.services)}"] if self.services else []
        chosen += [f"corridor {self.corridor}"] if self.corridor else []
        chosen += [f"mode {self.mode}"] if self.mode else []
        how = f" x {self.factor:g}" if self.factor != 1 else ""
        how += f" {'+' if self.add >= 0 else '-'} {abs(self.add):g}" if self.add else ""
        return f"scale {self.column}{how or ' x 1'} on {' and '.join(chosen)}"

    def apply_to(self, tables: Tables) -> None:
        """Scale the column on the chosen services; refused if none is chosen."""
        services = tables.services
        chosen = pd.Series(True, index=services.index)
        if self.services:
            ids = [tables.service_id(ident, "services") for ident in self.services]
            chosen &= services.index.isin(ids)
        if self.corridor:
            chosen &= services["corridor"] == tables.corridor(self.corridor)
        if self.mode:
            chosen &= services["mode"] == self.mode
        ids = [str(i) for i in services.index[chosen]]
        if not ids:
            raise ChangeRefusedError("the filters choose no service", "services")
        for ident in ids:
            old = services.loc[ident, self.column]
            if pd.isna(old):
                continue  # blank: uncapacitated, or the timetable counts
            values: dict[str, object] = {self.column: float(old) * self.factor + self.add}
            if self.column == "departures_per_week":
                _check_departures(tables, ident, values)
            tables.set("services", ident, values)


@dataclass(frozen=True)
class SetServiceStops(Change):
    """Give a service new stops: the links between them and the run times are new too.

    As for ``add_service``: the links named in ``via_links`` or the shortest path of the
    service's mode (no link is laid: add one first with ``add_link``); run times given
    per leg or derived by ``SERVICE_RULES`` (rail), dwell at intermediate stops.

    Parameters
    ----------
    service
        The service's id.
    stops
        At least two node ids (or names), in order.
    time_h
        Run time of each leg (hours), or empty to derive it (rail only).
    dwell_h
        Hours at each intermediate stop (one per stop, or one number for all; default 0).
    via_links
        One ``;``-list of link ids per leg (blank: the shortest path).
    note
        Where the change's figures come from (free text, kept in files).
    """

    kind: ClassVar[str] = "set_service_stops"
    service: str
    stops: tuple[str, ...]
    time_h: tuple[float, ...] = ()
    dwell_h: tuple[float, ...] = ()
    via_links: tuple[str, ...] = ()
    stop_values: tuple[Mapping[str, object], ...] = ()

    def __post_init__(self) -> None:
        super().__post_init__()
        object.__setattr__(self, "service", text(self.service, "service"))
        stops = names(self.stops, "stops")
        if len(stops) < 2:
            message = "stops must list at least two nodes"
            raise ParameterError(message)
        object.__setattr__(self, "stops", stops)
        legs = len(stops) - 1
        object.__setattr__(self, "time_h", per_leg(self.time_h, "time_h", legs, strict=True))
        object.__setattr__(self, "dwell_h", dwells(self.dwell_h, len(stops)))
        object.__setattr__(self, "via_links", vias(self.via_links, legs))
        object.__setattr__(self, "stop_values", check_stop_values(self.stop_values, len(stops)))

    @classmethod
    def from_rows(cls, service: str, stops: pd.DataFrame) -> SetServiceStops:
        """The change that gives ``service`` exactly these stop rows (for ``Scenario.diff``).

        Parameters
        ----------
        service
            The service id.
        stops
            Its new stop rows, in order (``STOP_COLUMNS``).

        Returns
        -------
        SetServiceStops
            With the rows' nodes, run times, dwells, links and notes.
        """
        nodes, times, dwell, via = row_legs(stops)
        return cls(
            service,
            tuple(nodes),
            time_h=tuple(times),
            dwell_h=tuple(dwell),
            via_links=tuple(via) if any(via) else (),
            stop_values=stop_extras(stops),
        )

    def describe(self) -> str:
        """E.g. ``set stops of service S: XIAN_PORT - CHONGQING_TJC - QINZHOU``."""
        return f"set stops of service {self.service}: {' - '.join(self.stops)}"

    def apply_to(self, tables: Tables) -> None:
        """Replace the stop rows; refused for an unknown service or unjoined stops."""
        ident = tables.service_id(self.service)
        mode = str(tables.services.loc[ident, "mode"])
        stops = [tables.node_id(s, "stops") for s in self.stops]
        legs = []
        for k, (a, b) in enumerate(itertools.pairwise(stops)):
            if a == b:
                raise ChangeRefusedError(f"stop {a!r} follows itself; list each stop once", "stops")
            via = self.via_links[k] if self.via_links else ""
            if via:
                distance = via_km(tables, via)
            else:
                found = shortest_links(tables, mode, a, b)
                if found is None:
                    message = f"no {mode} links join {a} to {b}; add a link first (add_link)"
                    raise ChangeRefusedError(message, "stops")
                distance = found[1]  # blank via_links: read_services finds the same path
            time, derived = run_time(mode, k, distance, self.time_h)
            legs.append(Leg(via, round(distance, 1), time, derived))
        tables.set_stops(ident, stop_rows(ident, stops, legs, self.dwell_h, self.stop_values))


__all__ = [
    "DEFAULT_SERVICE_YEAR",
    "SCALABLE_SERVICE_COLUMNS",
    "SERVICE_RULES",
    "AddService",
    "RemoveService",
    "ScaleService",
    "ServiceRule",
    "SetService",
    "SetServiceStops",
    "shortest_links",
    "stop_rows",
]
