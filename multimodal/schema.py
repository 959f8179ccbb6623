"""Column contracts of network files and their validation.

The contract is written down in ``docs/data.md``; this module enforces it. Validation is
public (``validate_nodes``, ``validate_links``), early (the loaders call it) and complete:
every problem of a table is collected and reported at once, one line each, naming the file,
the row (feature id), the column and the fix.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from . import _checks
from ._checks import CHINA_BOX as CHINA_BOX
from ._checks import COUNTRY_CODES as COUNTRY_CODES
from ._checks import KNOWN_CORRIDORS as KNOWN_CORRIDORS
from ._checks import LINE_END_TOLERANCE_KM as LINE_END_TOLERANCE_KM
from ._checks import PLAUSIBLE_LATITUDES as PLAUSIBLE_LATITUDES
from ._checks import YEAR_RANGE as YEAR_RANGE
from ._geo import haversine_km
from ._validate import (
    bool_column,
    choice_column,
    did_you_mean,
    is_missing,
    missing_columns,
    number_column,
    row_label,
    suggest,
)
from .exceptions import DataValidationError, ParameterError, Problem
from .modes import CargoClass, Mode, split_list

NODE_KINDS = frozenset(
    {"rail_hub", "airport", "sea_port", "border_crossing", "bonded_zone", "city", "rail_terminal"}
)
PORT_STATUSES = frozenset({"formal", "temporary", "planned", "none"})
OPEN_PORT_STATUSES = frozenset({"formal", "temporary"})
HUB_LEVELS = frozenset({"main", "auxiliary", "node", ""})
COST_BASES = frozenset({"teu", "t"})
GAUGES_MM = frozenset({1435, 1520})

#: Fastest plausible average speed (km/h) of each mode, in motion. A link faster than this
#: has a wrong time or distance. Rail: 120 km/h freight maximum; road: trucks, legal
#: maximum 100 km/h; sea: ~24 kn; air: block speed of a jet freighter.
MAX_SPEED_KMH = {Mode.RAIL: 120.0, Mode.ROAD: 100.0, Mode.SEA: 45.0, Mode.AIR: 950.0}

#: Tolerance when comparing a link's distance with the great-circle distance of its ends:
#: node coordinates are estimates to within a few km (see docs/data.md).
GREAT_CIRCLE_TOLERANCE = 0.99


@dataclass(frozen=True)
class Column:
    """One column of a contract: name, kind of value, whether required, default.

    Parameters
    ----------
    name
        The column's name in files and tables.
    kind
        ``"str"``, ``"float"``, ``"int"`` or ``"bool"``.
    required
        Whether every file must have the column (and every row a value).
    default
        The value of an absent column or a blank cell (optional columns only).
    unit
        The unit of a number column (e.g. ``"CNY/TEU"``).
    doc
        What the values mean, for messages and docs.
    """

    name: str
    kind: str  # "str", "float", "int", "bool"
    required: bool = False
    default: object = None
    unit: str = ""
    doc: str = ""


NODE_COLUMNS: tuple[Column, ...] = (
    Column("id", "str", True, doc="stable id, unique"),
    Column("name", "str", True, doc="English name"),
    Column("name_zh", "str", False, "", doc="Chinese name"),
    Column("kind", "str", True, doc="one of " + ", ".join(sorted(NODE_KINDS))),
    Column("country", "str", False, "CN", doc="ISO 3166-1 alpha-2"),
    Column("province", "str", False, ""),
    Column("modes", "str", True, doc="';'-list of rail, road, sea, air"),
    Column("hub_level", "str", False, "", doc="main, auxiliary, node or empty"),
    Column("port_status", "str", False, "none", doc="formal, temporary, planned, none"),
    Column("port_modes", "str", False, "", doc="';'-list of modes the port is open for"),
    Column("designated", "str", False, "", doc="';'-list of designated cargo classes"),
    Column("handling_cost_cny_per_teu", "float", False, 0.0, "CNY/TEU"),
    Column("dwell_h", "float", False, 0.0, "h"),
    Column("customs_cost_cny_per_teu", "float", False, None, "CNY/TEU"),
    Column("customs_h", "float", False, None, "h"),
    Column("gauge_change_cost_cny_per_teu", "float", False, None, "CNY/TEU"),
    Column("gauge_change_h", "float", False, None, "h"),
    Column("reefer", "bool", False, False),
    Column("dangerous_goods", "bool", False, False),
    Column("throughput_teu_per_week", "float", False, None, "TEU/week"),
    Column("bonded_zone_of", "str", False, ""),
    Column("source", "str", False, ""),
    Column("estimated", "str", False, ""),
    Column("note", "str", False, ""),
)

LINK_COLUMNS: tuple[Column, ...] = (
    Column("id", "str", False, None, doc="unique; made from the ends when missing"),
    Column("from_node", "str", True),
    Column("to_node", "str", True),
    Column("mode", "str", True, doc="rail, road, sea or air"),
    Column("corridor", "str", False, ""),
    Column("gauge_mm", "int", False, None, "mm", "rail: 1435 or 1520"),
    Column("bidirectional", "bool", False, True),
    Column("distance_km", "float", True, unit="km"),
    Column("time_h", "float", True, unit="h", doc="in motion, without waiting"),
    Column("cost_basis", "str", False, None, doc="'teu' (default) or 't' (default for air)"),
    Column("cost_cny", "float", True, unit="CNY per TEU or per t"),
    Column("capacity_teu_per_week", "float", False, None, "TEU/week"),
    Column("capacity_t_per_week", "float", False, None, "t/week"),
    Column("departures_per_week", "float", False, None, "1/week"),
    Column("timetable", "str", False, "", doc="';'-list like 'Wed 03:55;Sat 03:55'"),
    Column("co2e_g_per_tkm", "float", False, None, "g CO2e / t-km"),
    Column("reefer", "bool", False, True),
    Column("dangerous_goods", "bool", False, True),
    Column(
        "transit_countries",
        "str",
        False,
        "",
        doc="';'-list of ISO codes of countries the link crosses between its end nodes",
    ),
    Column("year_opened", "int", False, None),
    Column("source", "str", False, ""),
    Column("estimated", "str", False, ""),
    Column("note", "str", False, ""),
)

#: Default well-to-wheel intensities (g CO2e per tonne-km) used when a link has none.
#: Factsheet §5 suggested single values (EST): see ``emissions.py`` and docs/data.md.
DEFAULT_CO2E_G_PER_TKM = {Mode.RAIL: 22.0, Mode.ROAD: 90.0, Mode.SEA: 12.0, Mode.AIR: 800.0}

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_timetable(text: object) -> list[float]:
    """Parse ``"Wed 03:55;Sat 03:55"`` into sorted hours (h) since Monday 00:00.

    Parameters
    ----------
    text
        A ``;``-list of weekly departures, ``"<Day> HH:MM"`` each (English day names or
        their first three letters, any case); blank for none.

    Returns
    -------
    list of float
        Hours since Monday 00:00 (0 to 168), sorted.

    Raises
    ------
    ParameterError
        If an entry is not ``"<Day> HH:MM"`` (a ``ValueError``).

    Examples
    --------
    >>> parse_timetable("Wed 03:55;Mon 12:00")
    [12.0, 51.916666666666664]
    """
    hours = []
    for entry in split_list(text):
        parts = entry.split()
        day = parts[0][:3].lower() if parts else ""
        if len(parts) != 2 or day not in _WEEKDAYS or ":" not in parts[1]:
            message = f"timetable entry {entry!r} is not like 'Wed 03:55'"
            raise ParameterError(message)
        hh, mm = parts[1].split(":", 1)
        if not (hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
            message = f"timetable entry {entry!r} has an invalid time; use HH:MM, 00:00-23:59"
            raise ParameterError(message)
        hours.append(_WEEKDAYS.index(day) * 24 + int(hh) + int(mm) / 60)
    return sorted(hours)


def _positions(mask: object) -> list[int]:
    """The positions where a boolean mask is true, as Python ints."""
    return [int(p) for p in np.flatnonzero(np.asarray(mask))]


def _ids(frame: pd.DataFrame) -> list[object] | None:
    """The row ids used in messages (``row_label``), if the table has an id column."""
    return frame["id"].tolist() if "id" in frame.columns else None


def _required_text(columns: tuple[Column, ...]) -> list[tuple[str, str]]:
    """(name, meaning) of the required text columns whose blanks are refused (not ids)."""
    return [(c.name, c.doc) for c in columns if c.required and c.kind == "str" and c.name != "id"]


def _text(value: object, default: object) -> object:
    """A text cell, stripped; ``default`` when it holds no value at all.

    True blanks (None, NaN, NA) and empty text take the default: words such as ``"NA"``
    are kept, because in a text column they are values (``NA`` is Namibia's country
    code); the checks of each column refuse blank-like words where they mean nothing.
    """
    if not isinstance(value, str) and is_missing(value):
        return default
    text = str(value).strip()
    return default if not text and default is not None else text


def _coerce(
    frame: pd.DataFrame, columns: tuple[Column, ...], file: str | None, problems: list[Problem]
) -> pd.DataFrame:
    """Add missing optional columns with defaults and coerce kinds; record what fails."""
    frame = frame.copy()
    missing_columns(frame, [c.name for c in columns if c.required], file, problems)
    ids = _ids(frame)
    for column in columns:
        if column.name not in frame.columns:
            if column.required:
                continue  # reported above
            default: Any = column.default
            frame[column.name] = default
        if column.kind in ("float", "int"):
            values = number_column(frame, column.name, file, problems, ids=ids, minimum=None)
            frame[column.name] = values.astype(float)
        elif column.kind == "bool":
            flags = bool_column(
                frame, column.name, file, problems, default=bool(column.default), ids=ids
            )
            frame[column.name] = flags
        else:
            frame[column.name] = frame[column.name].map(lambda v, d=column.default: _text(v, d))
    return frame


def _check_crs(gdf: gpd.GeoDataFrame, file: str | None, problems: list[Problem]) -> None:
    if gdf.crs is None:
        return  # taken as WGS84, the GeoJSON default
    if not gdf.crs.is_geographic:
        problems.append(
            Problem(
                f"CRS {gdf.crs.to_string()} is not geographic; reproject to EPSG:4326 "
                "(gdf.to_crs(4326)) before loading",
                file,
            )
        )


def _check_ids(frame: pd.DataFrame, file: str | None, problems: list[Problem]) -> None:
    ids = frame["id"]
    for position in _positions(ids.isna().to_numpy() | (ids.astype(str) == "")):
        problems.append(Problem("empty id; give every row a unique id", file, int(position), "id"))
    duplicated = ids[ids.duplicated(keep=False) & ids.notna()]
    for ident in sorted(set(duplicated)):
        rows = [int(r) for r in np.flatnonzero((ids == ident).to_numpy())]
        problems.append(
            Problem(f"duplicate id {ident!r} in rows {rows}; ids must be unique", file, None, "id")
        )


def _check_list_choice(
    frame: pd.DataFrame,
    column: str,
    allowed: Iterable[str],
    file: str | None,
    problems: list[Problem],
) -> None:
    """Report every item of a ``";"``-list column that is not one of ``allowed``."""
    options = {a for a in allowed if a}
    ids = _ids(frame)
    for position, value in enumerate(frame[column].tolist()):
        for item in split_list(value):
            if item not in options:
                message = f"unknown value {item!r}{did_you_mean(item, options)}"
                problems.append(Problem(message, file, row_label(ids, position), column))


def _check_non_negative(
    frame: pd.DataFrame,
    columns: Iterable[str],
    file: str | None,
    problems: list[Problem],
    *,
    strictly: bool = False,
    required: bool = False,
) -> None:
    ids = _ids(frame)
    for column in columns:
        if column not in frame.columns:
            continue
        values = frame[column]
        for position in _positions(values.isna().to_numpy()) if required else ():
            problems.append(
                Problem("missing value; give a number", file, row_label(ids, position), column)
            )
        bad = values < 0 if not strictly else values <= 0
        for position in _positions(bad.fillna(False).to_numpy()):
            sign = "positive" if strictly else "zero or positive"
            problems.append(
                Problem(
                    f"value {values.iloc[position]:g} must be {sign}",
                    file,
                    row_label(ids, position),
                    column,
                )
            )


#: Node columns that hold costs, times or throughputs: never negative.
_NODE_AMOUNTS = (
    "handling_cost_cny_per_teu",
    "dwell_h",
    "customs_cost_cny_per_teu",
    "customs_h",
    "gauge_change_cost_cny_per_teu",
    "gauge_change_h",
    "throughput_teu_per_week",
)
#: Optional link columns that are never negative.
_LINK_AMOUNTS = (
    "capacity_teu_per_week",
    "capacity_t_per_week",
    "departures_per_week",
    "co2e_g_per_tkm",
)
_MODES = tuple(m.value for m in Mode)


def _check_node_values(frame: pd.DataFrame, file: str | None, problems: list[Problem]) -> None:
    """Ids, the enumerations (kind, modes, port status, hub level, designated) and amounts."""
    _check_ids(frame, file, problems)
    ids = _ids(frame)
    choice_column(frame, "kind", NODE_KINDS, file, problems, ids=ids)  # blanks: _check_blanks
    _check_list_choice(frame, "modes", _MODES, file, problems)
    _check_list_choice(frame, "port_modes", _MODES, file, problems)
    # Blanks took the default already: a blank-like word ("nan") left here is refused.
    choice_column(frame, "port_status", PORT_STATUSES, file, problems, ids=ids, allow_missing=False)
    choice_column(frame, "hub_level", HUB_LEVELS, file, problems, ids=ids, allow_missing=False)
    _check_list_choice(frame, "designated", [c.value for c in CargoClass], file, problems)
    _check_non_negative(frame, _NODE_AMOUNTS, file, problems)


def _check_open_ports(frame: pd.DataFrame, file: str | None, problems: list[Problem]) -> None:
    """An open port names the modes it is open for."""
    ids = _ids(frame)
    for position, (status, port_modes) in enumerate(zip(frame["port_status"], frame["port_modes"])):
        if status in OPEN_PORT_STATUSES and not split_list(port_modes):
            problems.append(
                Problem(
                    f"port_status is {status!r} but port_modes is empty; name the modes the "
                    "port is open for",
                    file,
                    row_label(ids, position),
                    "port_modes",
                )
            )


def validate_nodes(
    nodes: gpd.GeoDataFrame,
    file: str | None = None,
    *,
    node_ids: Iterable[object] | None = None,
) -> gpd.GeoDataFrame:
    """Check a node table against the contract and return it with defaults filled in.

    Every problem is collected and reported at once. Coordinates that pass but look wrong
    (a node at (0, 0), near a pole, or a ``CN`` node outside China) draw a
    ``DataWarning`` instead.

    Parameters
    ----------
    nodes
        One row per node with point geometry in a geographic CRS (WGS84 longitude and
        latitude in degrees).
    file
        Name of the file the table came from, used in error messages.
    node_ids
        The ids of every node of the network, when ``nodes`` is one file of several
        (``bonded_zone_of`` may name a node of another file). Defaults to the ids of
        ``nodes``.

    Returns
    -------
    geopandas.GeoDataFrame
        The table with every contract column present and coerced, in EPSG:4326.

    Raises
    ------
    DataValidationError
        Listing every problem found: missing or misspelled columns, a required value
        blank in a row, duplicate ids, unknown kinds or modes, country codes that are not
        ISO 3166-1 alpha-2, a ``bonded_zone_of`` that is not a node id, yes/no cells that
        are not yes or no, text or infinite values in number columns, negative costs or
        times, invalid geometry or coordinates that are not degrees (metres, lat/lon
        swapped), a projected CRS.

    Warns
    -----
    DataWarning
        For coordinates outside any plausible area (see ``PLAUSIBLE_LATITUDES`` and
        ``CHINA_BOX``).

    Examples
    --------
    >>> import geopandas as gpd
    >>> from shapely.geometry import Point
    >>> table = gpd.GeoDataFrame(
    ...     {"id": ["XIAN"], "name": ["Xi'an"], "kind": ["rail_hub"], "modes": ["rail"],
    ...      "country": ["cn"]},
    ...     geometry=[Point(108.9, 34.3)], crs=4326)
    >>> validate_nodes(table, "nodes.geojson")
    Traceback (most recent call last):
    ...
    multimodal.exceptions.DataValidationError: 1 problem found:
      - nodes.geojson, row 0 (id XIAN), column 'country': unknown country code 'cn'; write codes in upper case: 'CN'
    """  # noqa: E501
    problems: list[Problem] = []
    if not isinstance(nodes, gpd.GeoDataFrame) or "geometry" not in nodes.columns:
        raise DataValidationError(Problem("nodes need a point geometry column", file))
    _check_crs(nodes, file, problems)
    frame = _coerce(nodes, NODE_COLUMNS, file, problems)
    _checks.check_countries(nodes, file, problems)
    if problems:
        raise DataValidationError(problems)
    _checks.check_blanks(frame, _required_text(NODE_COLUMNS), file, problems)
    _check_node_values(frame, file, problems)
    known = set(frame["id"]) if node_ids is None else set(node_ids)
    _checks.check_bonded_refs(frame, known, file, problems)
    _checks.check_node_points(frame, file, problems)
    _check_open_ports(frame, file, problems)
    if problems:
        raise DataValidationError(problems)
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=nodes.crs or "EPSG:4326")
    frame = frame.to_crs(4326).reset_index(drop=True)
    _checks.warn_implausible_points(frame, file)
    return frame


def _fill_link_ids(frame: pd.DataFrame) -> None:
    """Give links without an id one made from their ends and mode."""
    missing_ids = frame["id"].isna() | (frame["id"].astype(str) == "")
    if missing_ids.any():
        made = (
            frame["from_node"].astype(str)
            + "-"
            + frame["to_node"].astype(str)
            + "-"
            + frame["mode"].astype(str)
        )
        frame.loc[missing_ids, "id"] = made[missing_ids]


def _check_node_refs(
    frame: pd.DataFrame, node_ids: set[object], file: str | None, problems: list[Problem]
) -> None:
    """Every link starts and ends at a node of the node table."""
    ids = _ids(frame)
    for column in ("from_node", "to_node"):
        for position, ref in enumerate(frame[column]):
            if ref in node_ids or is_missing(ref):
                continue  # blanks: _check_blanks
            close = suggest(ref, node_ids)
            fix = (
                "did you mean " + ", ".join(repr(c) for c in close) + "?"
                if close
                else "add the node to the node files"
            )
            problems.append(
                Problem(f"unknown node {ref!r}; {fix}", file, row_label(ids, position), column)
            )


def _fill_basis_and_gauge(frame: pd.DataFrame, file: str | None, problems: list[Problem]) -> None:
    """Default ``cost_basis`` by mode and rail gauges to 1435 mm; check both."""
    ids = _ids(frame)
    is_air = frame["mode"] == Mode.AIR.value
    frame["cost_basis"] = frame["cost_basis"].where(
        frame["cost_basis"].notna() & (frame["cost_basis"] != ""), np.where(is_air, "t", "teu")
    )
    choice_column(frame, "cost_basis", COST_BASES, file, problems, ids=ids, allow_missing=False)
    is_rail = (frame["mode"] == Mode.RAIL.value).to_numpy()
    gauge = frame["gauge_mm"].to_numpy(float)
    frame["gauge_mm"] = np.where(is_rail & np.isnan(gauge), 1435.0, gauge)
    for position in _positions(is_rail & ~np.isnan(gauge) & ~np.isin(gauge, list(GAUGES_MM))):
        problems.append(
            Problem(
                f"gauge {gauge[position]:g} mm; use 1435 or 1520",
                file,
                row_label(ids, position),
                "gauge_mm",
            )
        )


def _check_link_values(
    frame: pd.DataFrame, node_ids: set[object], file: str | None, problems: list[Problem]
) -> None:
    """Ids, mode, node references, amounts, cost basis, gauge and timetables."""
    _check_ids(frame, file, problems)
    ids = _ids(frame)
    choice_column(frame, "mode", _MODES, file, problems, ids=ids)  # blanks: _check_blanks
    _check_node_refs(frame, node_ids, file, problems)
    _check_non_negative(
        frame, ["distance_km", "time_h"], file, problems, strictly=True, required=True
    )
    _check_non_negative(frame, ["cost_cny"], file, problems, required=True)
    _check_non_negative(frame, _LINK_AMOUNTS, file, problems)
    _fill_basis_and_gauge(frame, file, problems)
    _checks.check_corridors(frame, file, problems)
    _checks.check_years(frame, file, problems)
    for position, text in enumerate(frame["timetable"]):
        try:
            parse_timetable(text)
        except ValueError as error:
            problems.append(Problem(str(error), file, row_label(ids, position), "timetable"))
    for position, text in enumerate(frame["transit_countries"]):
        for code in split_list(text):
            if code not in COUNTRY_CODES:
                message = (
                    f"unknown country code {code!r}; give ISO 3166-1 alpha-2 codes (e.g. 'RU')"
                )
                problems.append(
                    Problem(message, file, row_label(ids, position), "transit_countries")
                )


def _link_geometries(
    frame: pd.DataFrame, coords: dict[object, Point], file: str | None, problems: list[Problem]
) -> list[BaseGeometry]:
    """The link lines: a straight line where none is given; the rest checked."""
    ids = _ids(frame)
    geometries = list(frame.geometry)
    ends = zip(frame["from_node"].tolist(), frame["to_node"].tolist())
    for position, (geom, (start, end)) in enumerate(zip(geometries, ends)):
        if geom is None or geom.is_empty:
            a, b = coords[start], coords[end]
            geometries[position] = LineString([(a.x, a.y), (b.x, b.y)])
            continue
        if geom.geom_type == "LineString" and len(geom.coords) >= 2 and geom.is_valid:
            continue
        label = row_label(ids, position)
        if geom.geom_type != "LineString":
            message = f"geometry is a {geom.geom_type}; links are line strings"
        else:
            message = "invalid line geometry"
        problems.append(Problem(message, file, label, "geometry"))
    return geometries


def _check_physics(
    frame: pd.DataFrame, coords: dict[object, Point], file: str | None, problems: list[Problem]
) -> None:
    """No link shorter than the great circle of its ends, none faster than its mode."""
    ids = _ids(frame)
    lon_a = frame["from_node"].map(lambda n: coords[n].x).to_numpy(float)
    lat_a = frame["from_node"].map(lambda n: coords[n].y).to_numpy(float)
    lon_b = frame["to_node"].map(lambda n: coords[n].x).to_numpy(float)
    lat_b = frame["to_node"].map(lambda n: coords[n].y).to_numpy(float)
    crow_km = haversine_km(lon_a, lat_a, lon_b, lat_b)
    for position in _positions(frame["distance_km"].to_numpy() < GREAT_CIRCLE_TOLERANCE * crow_km):
        problems.append(
            Problem(
                f"distance_km {frame['distance_km'].iloc[position]:,.1f} is shorter than the "
                f"great-circle distance of its ends ({crow_km[position]:,.1f} km); check the "
                "distance or the node coordinates",
                file,
                row_label(ids, position),
                "distance_km",
            )
        )
    speed = frame["distance_km"] / frame["time_h"]
    for position, (mode, kmh) in enumerate(zip(frame["mode"], speed)):
        limit = MAX_SPEED_KMH[Mode(mode)]
        if kmh > limit:
            problems.append(
                Problem(
                    f"implied speed {kmh:,.0f} km/h is faster than {mode} can go "
                    f"(max {limit:g} km/h); check time_h or distance_km",
                    file,
                    row_label(ids, position),
                    "time_h",
                )
            )


def _check_capacity_basis(frame: pd.DataFrame, file: str | None, problems: list[Problem]) -> None:
    """A link priced per tonne states its capacity in tonnes."""
    ids = _ids(frame)
    for position, (basis, cap_teu, cap_t) in enumerate(
        zip(frame["cost_basis"], frame["capacity_teu_per_week"], frame["capacity_t_per_week"])
    ):
        if basis == "t" and not math.isnan(cap_teu) and math.isnan(cap_t):
            problems.append(
                Problem(
                    "link is priced per tonne but its capacity is in TEU; give capacity_t_per_week",
                    file,
                    row_label(ids, position),
                    "capacity_teu_per_week",
                )
            )


def validate_links(
    links: gpd.GeoDataFrame, nodes: gpd.GeoDataFrame, file: str | None = None
) -> gpd.GeoDataFrame:
    """Check a link table against the contract and the nodes; return it completed.

    Parameters
    ----------
    links
        One row per link with line geometry in a geographic CRS. Geometry may be missing:
        a straight line between the end nodes is drawn then.
    nodes
        The validated node table (see ``validate_nodes``).
    file
        Name of the file the table came from, used in error messages.

    Returns
    -------
    geopandas.GeoDataFrame
        The links with every contract column present, ``cost_basis`` filled in (``"t"`` for
        air, ``"teu"`` otherwise), intensities defaulted by mode, ids made where missing.

    Raises
    ------
    DataValidationError
        Listing every problem found: missing columns, a required value blank in a row,
        unknown node references (with the closest ids), duplicate ids, negative, missing,
        infinite or non-numeric costs and times, yes/no cells that are not yes or no, an
        unknown mode, cost basis or corridor (with the closest known one), a
        ``year_opened`` that is not a whole year 1800-2100, a bad timetable, a distance
        shorter than the great-circle distance of the ends, a speed the mode cannot
        reach, invalid geometry, a line that does not run from ``from_node`` to
        ``to_node`` (reversed, lat/lon swapped, in metres, elsewhere: more than
        ``LINE_END_TOLERANCE_KM`` from its nodes), a projected CRS.

    Examples
    --------
    >>> import multimodal
    >>> net = multimodal.load_network()
    >>> links = net.links.drop(columns="geometry")
    >>> links.loc[0, "corridor"] = "China-Europe"
    >>> validate_links(links, net.nodes, "links.csv")
    Traceback (most recent call last):
    ...
    multimodal.exceptions.DataValidationError: 1 problem found:
      - links.csv, row 0 (id A_XIY_LGG), column 'corridor': unknown corridor 'China-Europe'; did you mean 'china_europe'?
    """  # noqa: E501
    problems: list[Problem] = []
    if not isinstance(links, gpd.GeoDataFrame):
        links = gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326)
    _check_crs(links, file, problems)
    frame = _coerce(links, LINK_COLUMNS, file, problems)
    if problems:
        raise DataValidationError(problems)
    _checks.check_blanks(frame, _required_text(LINK_COLUMNS), file, problems)
    _fill_link_ids(frame)
    _check_link_values(frame, set(nodes["id"]), file, problems)
    if problems:
        raise DataValidationError(problems)
    coords = dict(zip(nodes["id"], nodes.geometry))
    given = [g is not None and not g.is_empty for g in frame.geometry]
    geometries = _link_geometries(frame, coords, file, problems)
    if problems:
        raise DataValidationError(problems)
    frame = gpd.GeoDataFrame(frame, geometry=geometries, crs=links.crs or "EPSG:4326").to_crs(4326)
    _checks.check_line_ends(frame, coords, given, file, problems)
    _check_physics(frame, coords, file, problems)
    _check_capacity_basis(frame, file, problems)
    if problems:
        raise DataValidationError(problems)
    defaults = frame["mode"].map(lambda m: DEFAULT_CO2E_G_PER_TKM[Mode(m)]).astype(float)
    frame["co2e_g_per_tkm"] = frame["co2e_g_per_tkm"].fillna(defaults)
    return frame.reset_index(drop=True)
