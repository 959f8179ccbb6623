"""Column contracts of network files and their validation.

The contract is written down in ``docs/data.md``; this module enforces it. Validation is
public (``validate_nodes``, ``validate_links``), early (the loaders call it) and complete:
every problem of a table is collected and reported at once, one line each, naming the file,
the row (feature id), the column and the fix.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable
from dataclasses import dataclass

import geopandas as gpd
import numpy as np
import pandas as pd
from shapely.geometry import LineString

from ._geo import haversine_km
from .exceptions import DataValidationError, Problem
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
    """One column of a contract: name, kind of value, whether required, default."""

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
    """Parse ``"Wed 03:55;Sat 03:55"`` into sorted hours since Monday 00:00.

    Raises
    ------
    ValueError
        If an entry is not ``"<Day> HH:MM"``.
    """
    hours = []
    for entry in split_list(text):
        parts = entry.split()
        day = parts[0][:3].lower() if parts else ""
        if len(parts) != 2 or day not in _WEEKDAYS or ":" not in parts[1]:
            message = f"timetable entry {entry!r} is not like 'Wed 03:55'"
            raise ValueError(message)
        hh, mm = parts[1].split(":", 1)
        if not (hh.isdigit() and mm.isdigit() and int(hh) < 24 and int(mm) < 60):
            message = f"timetable entry {entry!r} has an invalid time; use HH:MM, 00:00-23:59"
            raise ValueError(message)
        hours.append(_WEEKDAYS.index(day) * 24 + int(hh) + int(mm) / 60)
    return sorted(hours)


def _suggest_column(missing: str, present: Iterable[str]) -> str:
    close = difflib.get_close_matches(missing, list(present), n=1, cutoff=0.6)
    return f" (found {close[0]!r}: rename it to {missing!r})" if close else ""


def _row_label(frame: pd.DataFrame, position: int) -> str:
    ident = frame["id"].iloc[position] if "id" in frame.columns else None
    if ident is None or (isinstance(ident, float) and math.isnan(ident)) or ident == "":
        return f"{int(position)}"
    return f"{int(position)} (id {ident})"


def _coerce(
    frame: pd.DataFrame, columns: tuple[Column, ...], file: str | None, problems: list[Problem]
) -> pd.DataFrame:
    """Add missing optional columns with defaults and coerce kinds; record what fails."""
    frame = frame.copy()
    present = [c for c in frame.columns if c != "geometry"]
    for column in columns:
        if column.name not in frame.columns:
            if column.required:
                hint = _suggest_column(column.name, present)
                problems.append(
                    Problem(f"required column is missing{hint}", file, None, column.name)
                )
                continue
            frame[column.name] = column.default
        values = frame[column.name]
        if column.kind in ("float", "int"):
            numeric = pd.to_numeric(values, errors="coerce")
            bad = values.notna() & numeric.isna() & (values.astype(str).str.strip() != "")
            for position in np.flatnonzero(bad.to_numpy()):
                problems.append(
                    Problem(
                        f"value {values.iloc[position]!r} is not a number",
                        file,
                        _row_label(frame, position),
                        column.name,
                    )
                )
            frame[column.name] = numeric.astype(float)
        elif column.kind == "bool":
            frame[column.name] = values.map(lambda v, d=column.default: _to_bool(v, d))
        else:
            frame[column.name] = values.map(
                lambda v, d=column.default: d if _is_missing(v) else str(v).strip()
            )
    return frame


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _to_bool(value: object, default: object) -> bool:
    if _is_missing(value):
        return bool(default)
    if isinstance(value, str):
        return value.strip().lower() in {"1", "true", "yes", "y", "t"}
    return bool(value)


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
    for position in np.flatnonzero(ids.isna().to_numpy() | (ids.astype(str) == "")):
        problems.append(Problem("empty id; give every row a unique id", file, int(position), "id"))
    duplicated = ids[ids.duplicated(keep=False) & ids.notna()]
    for ident in sorted(set(duplicated)):
        rows = [int(r) for r in np.flatnonzero((ids == ident).to_numpy())]
        problems.append(
            Problem(f"duplicate id {ident!r} in rows {rows}; ids must be unique", file, None, "id")
        )


def _check_choice(
    frame: pd.DataFrame,
    column: str,
    allowed: Iterable[str],
    file: str | None,
    problems: list[Problem],
    *,
    many: bool = False,
) -> None:
    allowed = set(allowed)
    for position, value in enumerate(frame[column]):
        items = split_list(value) if many else [value]
        for item in items:
            if item not in allowed:
                close = difflib.get_close_matches(str(item), sorted(allowed), n=1)
                fix = (
                    f"did you mean {close[0]!r}?"
                    if close
                    else "use one of " + ", ".join(sorted(a for a in allowed if a))
                )
                problems.append(
                    Problem(
                        f"unknown value {item!r}; {fix}", file, _row_label(frame, position), column
                    )
                )


def _check_non_negative(
    frame: pd.DataFrame,
    columns: Iterable[str],
    file: str | None,
    problems: list[Problem],
    *,
    strictly: bool = False,
    required: bool = False,
) -> None:
    for column in columns:
        if column not in frame.columns:
            continue
        values = frame[column]
        for position in np.flatnonzero(values.isna().to_numpy()) if required else ():
            problems.append(
                Problem("missing value; give a number", file, _row_label(frame, position), column)
            )
        bad = values < 0 if not strictly else values <= 0
        for position in np.flatnonzero(bad.fillna(False).to_numpy()):
            sign = "positive" if strictly else "zero or positive"
            problems.append(
                Problem(
                    f"value {values.iloc[position]:g} must be {sign}",
                    file,
                    _row_label(frame, position),
                    column,
                )
            )


def validate_nodes(nodes: gpd.GeoDataFrame, file: str | None = None) -> gpd.GeoDataFrame:
    """Check a node table against the contract and return it with defaults filled in.

    Parameters
    ----------
    nodes
        One row per node with point geometry in a geographic CRS (WGS84).
    file
        Name of the file the table came from, used in error messages.

    Returns
    -------
    geopandas.GeoDataFrame
        The table with every contract column present and coerced, in EPSG:4326.

    Raises
    ------
    DataValidationError
        Listing every problem found: missing or misspelled columns, duplicate ids, unknown
        kinds or modes, negative costs or times, invalid geometry, a projected CRS.
    """
    problems: list[Problem] = []
    if not isinstance(nodes, gpd.GeoDataFrame) or "geometry" not in nodes.columns:
        raise DataValidationError(Problem("nodes need a point geometry column", file))
    _check_crs(nodes, file, problems)
    frame = _coerce(nodes, NODE_COLUMNS, file, problems)
    if problems:
        raise DataValidationError(problems)
    _check_ids(frame, file, problems)
    _check_choice(frame, "kind", NODE_KINDS, file, problems)
    _check_choice(frame, "modes", [m.value for m in Mode], file, problems, many=True)
    _check_choice(frame, "port_modes", [m.value for m in Mode], file, problems, many=True)
    _check_choice(frame, "port_status", PORT_STATUSES, file, problems)
    _check_choice(frame, "hub_level", HUB_LEVELS, file, problems)
    _check_choice(frame, "designated", [c.value for c in CargoClass], file, problems, many=True)
    _check_non_negative(
        frame,
        [
            "handling_cost_cny_per_teu",
            "dwell_h",
            "customs_cost_cny_per_teu",
            "customs_h",
            "gauge_change_cost_cny_per_teu",
            "gauge_change_h",
            "throughput_teu_per_week",
        ],
        file,
        problems,
    )
    for position, geom in enumerate(frame.geometry):
        is_point = geom is not None and not geom.is_empty and geom.geom_type == "Point"
        if is_point and -180 <= geom.x <= 180 and -90 <= geom.y <= 90:
            continue
        label = _row_label(frame, position)
        if geom is None or geom.is_empty:
            problems.append(
                Problem("missing geometry; give a point (lon, lat)", file, label, "geometry")
            )
        elif geom.geom_type != "Point":
            problems.append(
                Problem(
                    f"geometry is a {geom.geom_type}; nodes are points", file, label, "geometry"
                )
            )
        elif not (-180 <= geom.x <= 180 and -90 <= geom.y <= 90):
            problems.append(
                Problem(
                    f"point ({geom.x:g}, {geom.y:g}) is not a lon/lat in degrees; "
                    "give WGS84 longitude and latitude",
                    file,
                    label,
                    "geometry",
                )
            )
    for position, (status, port_modes) in enumerate(zip(frame["port_status"], frame["port_modes"])):
        if status in OPEN_PORT_STATUSES and not split_list(port_modes):
            problems.append(
                Problem(
                    f"port_status is {status!r} but port_modes is empty; name the modes the "
                    "port is open for",
                    file,
                    _row_label(frame, position),
                    "port_modes",
                )
            )
    if problems:
        raise DataValidationError(problems)
    frame = gpd.GeoDataFrame(frame, geometry="geometry", crs=nodes.crs or "EPSG:4326")
    return frame.to_crs(4326).reset_index(drop=True)


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
        Listing every problem found: missing columns, unknown node references (with the
        closest ids), duplicate ids, negative or missing costs and times, a distance shorter
        than the great-circle distance of the ends, a speed the mode cannot reach, invalid
        geometry, a projected CRS.
    """
    problems: list[Problem] = []
    if not isinstance(links, gpd.GeoDataFrame):
        links = gpd.GeoDataFrame(links, geometry=[None] * len(links), crs=4326)
    _check_crs(links, file, problems)
    frame = _coerce(links, LINK_COLUMNS, file, problems)
    if problems:
        raise DataValidationError(problems)
    missing_ids = frame["id"].isna() | (frame["id"].astype(str) == "")
    if missing_ids.any():
        made = frame["from_node"] + "-" + frame["to_node"] + "-" + frame["mode"].astype(str)
        frame.loc[missing_ids, "id"] = made[missing_ids]
    _check_ids(frame, file, problems)
    _check_choice(frame, "mode", [m.value for m in Mode], file, problems)
    node_ids = set(nodes["id"])
    for column in ("from_node", "to_node"):
        for position, ref in enumerate(frame[column]):
            if ref not in node_ids:
                close = difflib.get_close_matches(str(ref), sorted(node_ids), n=3)
                fix = (
                    "did you mean " + ", ".join(repr(c) for c in close) + "?"
                    if close
                    else ("add the node to the node files")
                )
                problems.append(
                    Problem(
                        f"unknown node {ref!r}; {fix}", file, _row_label(frame, position), column
                    )
                )
    _check_non_negative(
        frame, ["distance_km", "time_h"], file, problems, strictly=True, required=True
    )
    _check_non_negative(frame, ["cost_cny"], file, problems, required=True)
    _check_non_negative(
        frame,
        ["capacity_teu_per_week", "capacity_t_per_week", "departures_per_week", "co2e_g_per_tkm"],
        file,
        problems,
    )
    is_air = frame["mode"] == Mode.AIR.value
    frame["cost_basis"] = frame["cost_basis"].where(
        frame["cost_basis"].notna() & (frame["cost_basis"] != ""), np.where(is_air, "t", "teu")
    )
    _check_choice(frame, "cost_basis", COST_BASES, file, problems)
    is_rail = (frame["mode"] == Mode.RAIL.value).to_numpy()
    gauge = frame["gauge_mm"].to_numpy(float)
    frame["gauge_mm"] = np.where(is_rail & np.isnan(gauge), 1435.0, gauge)
    for position in np.flatnonzero(is_rail & ~np.isnan(gauge) & ~np.isin(gauge, list(GAUGES_MM))):
        problems.append(
            Problem(
                f"gauge {gauge[position]:g} mm; use 1435 or 1520",
                file,
                _row_label(frame, position),
                "gauge_mm",
            )
        )
    for position, text in enumerate(frame["timetable"]):
        try:
            parse_timetable(text)
        except ValueError as error:
            problems.append(Problem(str(error), file, _row_label(frame, position), "timetable"))
    if problems:
        raise DataValidationError(problems)

    # Geometry: draw a straight line where none is given; check the rest.
    coords = dict(zip(nodes["id"], nodes.geometry))

    geometries = list(frame.geometry)
    ends = zip(frame["from_node"].tolist(), frame["to_node"].tolist())
    for position, (geom, (start, end)) in enumerate(zip(geometries, ends)):
        if geom is None or geom.is_empty:
            a, b = coords[start], coords[end]
            geometries[position] = LineString([(a.x, a.y), (b.x, b.y)])
            continue
        if geom.geom_type == "LineString" and len(geom.coords) >= 2 and geom.is_valid:
            continue
        label = _row_label(frame, position)
        if geom.geom_type != "LineString":
            problems.append(
                Problem(
                    f"geometry is a {geom.geom_type}; links are line strings",
                    file,
                    label,
                    "geometry",
                )
            )
        elif not geom.is_valid or len(geom.coords) < 2:
            problems.append(Problem("invalid line geometry", file, label, "geometry"))
    frame = gpd.GeoDataFrame(frame, geometry=geometries, crs=links.crs or "EPSG:4326").to_crs(4326)

    # Physics: no link shorter than the great circle, no link faster than its mode.
    lon_a = frame["from_node"].map(lambda n: coords[n].x).to_numpy(float)
    lat_a = frame["from_node"].map(lambda n: coords[n].y).to_numpy(float)
    lon_b = frame["to_node"].map(lambda n: coords[n].x).to_numpy(float)
    lat_b = frame["to_node"].map(lambda n: coords[n].y).to_numpy(float)
    crow_km = haversine_km(lon_a, lat_a, lon_b, lat_b)
    for position in np.flatnonzero(
        frame["distance_km"].to_numpy() < GREAT_CIRCLE_TOLERANCE * crow_km
    ):
        problems.append(
            Problem(
                f"distance_km {frame['distance_km'].iloc[position]:,.1f} is shorter than the "
                f"great-circle distance of its ends ({crow_km[position]:,.1f} km); check the "
                "distance or the node coordinates",
                file,
                _row_label(frame, position),
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
                    _row_label(frame, position),
                    "time_h",
                )
            )
    for position, (basis, cap_teu, cap_t) in enumerate(
        zip(frame["cost_basis"], frame["capacity_teu_per_week"], frame["capacity_t_per_week"])
    ):
        if basis == "t" and not math.isnan(cap_teu) and math.isnan(cap_t):
            problems.append(
                Problem(
                    "link is priced per tonne but its capacity is in TEU; give capacity_t_per_week",
                    file,
                    _row_label(frame, position),
                    "capacity_teu_per_week",
                )
            )
    if problems:
        raise DataValidationError(problems)
    defaults = frame["mode"].map(lambda m: DEFAULT_CO2E_G_PER_TKM[Mode(m)]).astype(float)
    frame["co2e_g_per_tkm"] = frame["co2e_g_per_tkm"].fillna(defaults)
    return frame.reset_index(drop=True)
