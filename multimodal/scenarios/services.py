"""``add_service``: a scheduled train (or ship) line through a list of stops.

One link per consecutive pair of stops, with figures given or derived from the data's
estimate rules (``SERVICE_RULES``, docs/data.md section 3).
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import ClassVar

from shapely.geometry import Point

from .._geo import haversine_km
from ..exceptions import ParameterError
from ..modes import Mode
from ._tables import ChangeRefusedError, Tables
from ._values import flag, join, names, number, text
from .changes import Change


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


__all__ = ["SERVICE_RULES", "AddService", "ServiceRule"]
