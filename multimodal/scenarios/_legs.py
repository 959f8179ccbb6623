"""Building a service's stop rows: the legs between stops, run times, dwells, fares' rules.

The helpers of the service change kinds (``services.py``): the estimate rules
(``SERVICE_RULES``), the checks of per-leg and per-stop fields, the shortest path of a
mode between two stops, and the stop rows of a service in the file format.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from ..exceptions import ParameterError
from ..modes import split_list
from ._tables import ChangeRefusedError, Tables
from ._values import frozen_mapping, number, text


@dataclass(frozen=True)
class ServiceRule:
    """How ``add_service`` derives the figures that are not given.

    ``distance_km = great-circle x route_factor`` (a new link only);
    ``time_h = distance_km / speed_kmh`` (run time between two stops);
    fare: ``fixed_cny`` at boarding + ``cny_per_km`` per km ridden (per TEU);
    ``source`` names the docs/data.md rules these come from.

    Parameters
    ----------
    route_factor
        Route length over great-circle distance (dimensionless, >= 1).
    speed_kmh
        Average speed including stops (km/h).
    fixed_cny
        Fixed charge per TEU at boarding (CNY).
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
#: great-circle x 1.3), EST-RAILTIME (800 km a day), EST-RAILCOST (RMB 500 at boarding +
#: 2.205 per TEU-km, FS-3-RAIL-INTL). Sea services must give their run times and fares.
SERVICE_RULES: dict[str, ServiceRule] = {
    "rail": ServiceRule(1.3, 800.0 / 24.0, 500.0, 2.205, "EST-RAILDIST;EST-RAILTIME;EST-RAILCOST"),
}


def per_leg(value: object, what: str, legs: int, *, strict: bool) -> tuple[float, ...]:
    """A list of one number per leg (a single number for a one-leg line, or for all)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = (value,)
    if not isinstance(value, tuple | list):
        message = f"{what} must be a list with one number per leg, got {value!r}"
        raise ParameterError(message)
    out = tuple(number(v, f"{what} of a leg", minimum=0.0, strict=strict) for v in value)
    if out and len(out) != legs:
        message = f"{what} has {len(out)} values for {legs} legs; give one per leg"
        raise ParameterError(message)
    return out


def dwells(value: object, stops: int) -> tuple[float, ...]:
    """Dwell hours at the intermediate stops: one each, or one number for all."""
    inner = max(stops - 2, 0)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return (number(value, "dwell_h", minimum=0.0),) * inner
    if not isinstance(value, tuple | list):
        message = f"dwell_h must be a number or one per intermediate stop, got {value!r}"
        raise ParameterError(message)
    out = tuple(number(v, "dwell_h of a stop", minimum=0.0) for v in value)
    if out and len(out) != inner:
        message = f"dwell_h has {len(out)} values for {inner} intermediate stops; give one each"
        raise ParameterError(message)
    return out


def vias(value: object, legs: int) -> tuple[str, ...]:
    """One ``;``-list of link ids per leg (blank: the library finds the links)."""
    if isinstance(value, str):
        value = (value,)
    if not isinstance(value, tuple | list):
        message = f"via_links must be one ';'-list of link ids per leg, got {value!r}"
        raise ParameterError(message)
    out = tuple(
        ";".join(v) if isinstance(v, tuple | list) else text(v, "via_links", empty=True)
        for v in value
    )
    if out and len(out) != legs:
        message = f"via_links has {len(out)} entries for {legs} legs; give one per leg"
        raise ParameterError(message)
    return out


def shortest_links(tables: Tables, mode: str, a: str, b: str) -> tuple[list[str], float] | None:
    """The links of ``mode`` on the shortest path (km) from ``a`` to ``b``, and its km.

    Parameters
    ----------
    tables
        The working tables.
    mode
        The links' mode.
    a, b
        Node ids.

    Returns
    -------
    tuple or None
        ``(link ids, km)``, or None when no path joins them.
    """
    links = tables.links[tables.links["mode"] == mode]
    graph = nx.DiGraph()
    for ident, frm, to, both, km in zip(
        links["id"],
        links["from_node"],
        links["to_node"],
        links["bidirectional"],
        links["distance_km"],
    ):
        for u, v in ((frm, to), (to, frm))[: 2 if both else 1]:
            old = graph.get_edge_data(u, v)
            if old is None or float(km) < old["km"]:
                graph.add_edge(u, v, km=float(km), link=str(ident))
    try:
        hops = nx.dijkstra_path(graph, a, b, weight="km")
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        return None
    pairs = list(itertools.pairwise(hops))
    return [graph[u][v]["link"] for u, v in pairs], sum(graph[u][v]["km"] for u, v in pairs)


def via_km(tables: Tables, via: str) -> float:
    """The length of a ``;``-list of links (each must exist)."""
    return float(
        sum(
            tables.links.loc[tables.link_id(i, "via_links"), "distance_km"] for i in split_list(via)
        )
    )


@dataclass
class Leg:
    """One leg of a service: the links it rides, its km and run time."""

    via: str
    distance_km: float
    time_h: float
    time_derived: bool


def run_time(mode: str, k: int, distance: float, given: tuple[float, ...]) -> tuple[float, bool]:
    if given:
        return given[k], False
    if mode not in SERVICE_RULES:
        message = f"a {mode} service must give time_h (no estimate rule for {mode})"
        raise ChangeRefusedError(message, "time_h")
    return round(distance / SERVICE_RULES[mode].speed_kmh, 2), True


def stop_rows(
    service: str,
    stops: list[str],
    legs: list[Leg],
    dwell: tuple[float, ...],
    extra: tuple[Mapping[str, object], ...] = (),
) -> list[dict[str, object]]:
    """The stop rows of a service: hours since the first departure, links, estimates.

    Parameters
    ----------
    service
        The service id.
    stops
        Node ids in order.
    legs
        One per consecutive pair of stops.
    dwell
        Hours at each intermediate stop (empty: none).
    extra
        Per stop, the ``source``, ``estimated`` and ``note`` cells to set (empty: none).

    Returns
    -------
    list of dict
        ``STOP_COLUMNS`` rows.
    """
    rows: list[dict[str, object]] = [
        {"service_id": service, "seq": 1, "node": stops[0], "arrive_h": None, "depart_h": 0.0}
    ]
    clock = 0.0
    for k, leg in enumerate(legs):
        clock = round(clock + leg.time_h, 6)
        last = k == len(legs) - 1
        stay = 0.0 if last or not dwell else dwell[k]
        rows.append(
            {
                "service_id": service,
                "seq": k + 2,
                "node": stops[k + 1],
                "arrive_h": clock,
                "depart_h": None if last else round(clock + stay, 6),
                "via_links": leg.via,
                "estimated": "arrive_h" if leg.time_derived else "",
            }
        )
        clock = round(clock + stay, 6)
    for row, cells in zip(rows, extra):
        row.update({k: v for k, v in cells.items() if k in STOP_EXTRAS})
    return rows


#: The stop columns ``stop_values`` may set (the rest follow from the fields); ``pickup``
#: and ``dropoff`` ("yes"/"no") keep a technical stop one (a border station where boxes
#: stay on their train) when a service's stops are rewritten.
STOP_EXTRAS = ("source", "estimated", "note", "pickup", "dropoff")


def check_stop_values(value: object, stops: int) -> tuple[Mapping[str, object], ...]:
    """Per stop, a table of ``source``/``estimated``/``note`` (empty: none)."""
    if not isinstance(value, tuple | list):
        message = f"stop_values must be a list of tables, one per stop, got {value!r}"
        raise ParameterError(message)
    out = tuple(frozen_mapping(v, "stop_values") for v in value)
    if out and len(out) != stops:
        message = f"stop_values has {len(out)} tables for {stops} stops; give one per stop"
        raise ParameterError(message)
    for cells in out:
        unknown = [k for k in cells if k not in STOP_EXTRAS]
        if unknown:
            message = f"stop_values: {unknown[0]!r} is not one of {', '.join(STOP_EXTRAS)}"
            raise ParameterError(message)
        for key, cell in cells.items():
            if cell is not None and not isinstance(cell, str):
                message = f"stop_values: {key} must be text, got {cell!r}"
                raise ParameterError(message)
    return out


def row_legs(stops: pd.DataFrame) -> tuple[list[str], list[float], list[float], list[str]]:
    """Nodes, run times, intermediate dwells and via lists of a service's stop rows."""
    nodes = [str(n) for n in stops["node"]]
    arrive = [float(v) for v in stops["arrive_h"]]
    depart = [float(v) for v in stops["depart_h"]]
    times = [round(arrive[i + 1] - depart[i], 6) for i in range(len(nodes) - 1)]
    dwell = [round(depart[i] - arrive[i], 6) for i in range(1, len(nodes) - 1)]
    via = ["" if pd.isna(v) else str(v) for v in stops["via_links"]][1:]
    return nodes, times, dwell, via


def optional_number(value: object) -> float | None:
    """A cell as a float, None when blank."""
    if value is None or isinstance(value, str) or pd.isna(value):
        return None
    return float(value)  # type: ignore[arg-type]


def stop_extras(stops: pd.DataFrame) -> tuple[dict[str, object], ...]:
    """The ``source``/``estimated``/``note`` cells of stop rows."""
    out = []
    for _, row in stops.iterrows():
        cells: dict[str, object] = {}
        for k in STOP_EXTRAS:
            if k not in row.index:
                continue
            value = row[k]
            if isinstance(value, bool | np.bool_):
                cells[k] = "yes" if value else "no"
            else:
                cells[k] = "" if pd.isna(value) else str(value)
        out.append(cells)
    return tuple(out)


__all__ = [
    "SERVICE_RULES",
    "STOP_EXTRAS",
    "Leg",
    "ServiceRule",
    "check_stop_values",
    "dwells",
    "optional_number",
    "per_leg",
    "row_legs",
    "run_time",
    "shortest_links",
    "stop_extras",
    "stop_rows",
    "via_km",
    "vias",
]
